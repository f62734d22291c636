#!/usr/bin/env bash
# `make demo`: a throwaway redis-server on a unix socket, a seeded Loom registry, and a tour.
set -euo pipefail
LOOMCTL=${1:-loomctl}
DIR=$(mktemp -d -t loomctl-demo-XXXXXX)
SOCK="$DIR/redis.sock"
redis-server --port 0 --unixsocket "$SOCK" --unixsocketperm 700 --dir "$DIR" --save "" --appendonly no \
  --daemonize yes --pidfile "$DIR/redis.pid" --logfile "$DIR/redis.log" >/dev/null
cleanup() {
  if [ -f "$DIR/redis.pid" ]; then kill "$(cat "$DIR/redis.pid")" 2>/dev/null || true; fi
  sleep 0.2; rm -rf "$DIR"
}
trap cleanup EXIT
for _ in $(seq 50); do [ -S "$SOCK" ] && break; sleep 0.1; done

export LOOMCTL_REDIS_URL="unix://$SOCK"
export XDG_CONFIG_HOME="$DIR/config"
step() { printf '\n\033[1m$ %s\033[0m\n' "$*"; "$@" || echo "(exit $?)"; }

step "$LOOMCTL" --version
step "$LOOMCTL" dev seed --yes --actors 2000 --types 5 --workers 4 --stale-fraction 0.15
step "$LOOMCTL" actors stats
step "$LOOMCTL" actors list --type payment-gateway --status busy --limit 5
step "$LOOMCTL" actors list --type order-processor --sort-by messages --limit 3 -o wide
step "$LOOMCTL" actors get order-processor-0000 -o yaml
step "$LOOMCTL" actors get no-such-actor
step "$LOOMCTL" actors route --type inventory-sync
step "$LOOMCTL" actors route --type inventory-sync --strategy round-robin --apply
step "$LOOMCTL" actors cleanup --dry-run
step "$LOOMCTL" actors cleanup --yes
step "$LOOMCTL" actors stats -o json
for extra in "$(dirname "$0")"/demo.d/*.sh; do [ -f "$extra" ] && source "$extra"; done

cat <<EOT

That was a real redis-server at $LOOMCTL_REDIS_URL (stopped now).
Point loomctl at your own cluster with one of:
  export LOOMCTL_REDIS_URL=redis://user@redis.example:6379/0 LOOMCTL_REDIS_PASSWORD=...
  loomctl config set-context prod --set-redis redis://redis.example:6379 --set-password-file ~/.redis-pass --use
EOT
