# Sourced by scripts/demo.sh ($LOOMCTL, $SOCK and `step` are defined there): the health tour.
redis-cli -s "$SOCK" set circuit:payment-gateway:state OPEN >/dev/null
redis-cli -s "$SOCK" set circuit:payment-gateway:failures 7 >/dev/null
redis-cli -s "$SOCK" set circuit:payment-gateway:lastFailure "$(($(date +%s) * 1000 - 5000))" >/dev/null
redis-cli -s "$SOCK" rpush bull:actor-order-processor:wait job-1 job-2 job-3 >/dev/null
step "$LOOMCTL" health
step "$LOOMCTL" health breakers
step "$LOOMCTL" health queues -o json
step "$LOOMCTL" health breakers reset payment-gateway --yes
step "$LOOMCTL" health redis --ping-samples 50
printf 'actors stats -o json\nset output name\nring lookup order-processor-0001\n' > "$DIR/script.txt"
step sh -c "\"$LOOMCTL\" shell < \"$DIR/script.txt\" | tail -3"
