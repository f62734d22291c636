# Sourced by scripts/demo.sh ($LOOMCTL, $SOCK, $DIR and `step` are defined there): a live
# 3-node dev cluster in its own Redis database (db 1), so the seeded registry above stays apart.
(
  export LOOMCTL_REDIS_URL="unix://$SOCK?db=1" XDG_STATE_HOME="$DIR/state"
  PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
  trap '"$LOOMCTL" dev cluster down --grace 5 >/dev/null 2>&1 || true' EXIT
  step "$LOOMCTL" dev cluster up --nodes 3 --actors 3000 --types 5 --rate 20 --interval 1 --ttl 3 --node-ttl 3 \
    --base-port "$PORT" --load order-processor=60
  sleep 4
  step "$LOOMCTL" dev cluster status
  step "$LOOMCTL" ring show
  step "$LOOMCTL" ring misplaced
  step "$LOOMCTL" actors list --type order-processor --limit 5 -o wide
  step "$LOOMCTL" health queues
  step curl -s "http://127.0.0.1:$PORT/health"
  echo
  step "$LOOMCTL" dev cluster kill node-2 --signal KILL
  printf '\n(waiting for node-2'"'"'s heartbeat (TTL 3 s) to expire)\n'
  sleep 5
  step "$LOOMCTL" health nodes
  sleep 4
  step "$LOOMCTL" ring misplaced
  step "$LOOMCTL" dev cluster down
  trap - EXIT
)
