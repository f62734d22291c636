# Ring tour (sourced by scripts/demo.sh: $LOOMCTL, step, and a seeded registry on worker-1..4).
step "$LOOMCTL" ring show
step "$LOOMCTL" ring lookup order-processor-0000 payment-gateway-0001
step "$LOOMCTL" ring add worker-1 --address http://worker-1:8080 --static --yes
step "$LOOMCTL" ring add worker-2 --address http://worker-2:8080 --static --yes
step "$LOOMCTL" ring add worker-3 --address http://worker-3:8080 --capacity 2 --static --yes
step "$LOOMCTL" agent --node-id worker-4 --address http://worker-4:8080 --once --ttl 120
step "$LOOMCTL" ring show -o wide
step "$LOOMCTL" ring simulate --add worker-5 --compare
step "$LOOMCTL" ring cordon worker-2 --dry-run
step "$LOOMCTL" ring cordon worker-2 --yes
step "$LOOMCTL" ring misplaced --limit 5
step "$LOOMCTL" ring uncordon worker-2 --epoch 1 --yes
step "$LOOMCTL" ring show --nodes a,b:2,c --keys 100000
