#!/usr/bin/env bash
# `make bench`: release benchmarks on a throwaway redis-server (unix socket). Figures go to
# stdout and to .build/bench-results.txt; docs/benchmarks.md explains each one.
set -euo pipefail
cd "$(dirname "$0")/.."
L=$(pwd)/.build/release/loomctl
B=$(pwd)/.build/release/LoomBench
N=${BENCH_ACTORS:-1000000}
DIR=$(mktemp -d -t loomctl-bench-XXXXXX)
SOCK="$DIR/redis.sock"
OUT=.build/bench-results.txt
: > "$OUT"
redis-server --port 0 --unixsocket "$SOCK" --unixsocketperm 700 --dir "$DIR" --save "" --appendonly no \
  --daemonize yes --pidfile "$DIR/redis.pid" --logfile "$DIR/redis.log" >/dev/null
trap 'kill "$(cat "$DIR/redis.pid")" 2>/dev/null || true; sleep 0.3; rm -rf "$DIR"' EXIT
for _ in $(seq 50); do [ -S "$SOCK" ] && break; sleep 0.1; done
export LOOMCTL_REDIS_URL="unix://$SOCK" XDG_CONFIG_HOME="$DIR/config"
report() { echo "$*" | tee -a "$OUT"; }
secs() { /usr/bin/time -f "%e %M" -o "$DIR/t" "$@" >/dev/null 2>"$DIR/err" || { cat "$DIR/err" >&2; return 1; }; cat "$DIR/t"; }

report "== loomctl benchmarks ($(date -u +%FT%TZ), $(nproc) cores, redis $(redis-server --version | sed 's/.*v=\([^ ]*\).*/\1/'))"

# 1. Seeding N actors (target < 60 s). One type so ids match redis-benchmark's __rand_int__ (12 digits).
read -r t rss < <(secs "$L" dev seed --yes --actors "$N" --types 1 --workers 8 --stale-fraction 0.1 --no-broken --id-width 12 --seed 7)
report "seed $N actors: ${t}s (target < 60s), peak RSS $((rss / 1024)) MB"

# 2. What the server itself needs for the same per-actor work: HGETALL + PTTL on N random actors, pipelined.
rb() { redis-benchmark -s "$SOCK" -P 64 -c 4 -n "$N" -r "$N" --csv "$@" 2>/dev/null | tail -1 | cut -d, -f2 | tr -d '"'; }
hg=$(rb HGETALL "loom:actor:order-processor-__rand_int__")
pt=$(rb PTTL "loom:actor:heartbeat:order-processor-__rand_int__")
server=$(python3 -c "print(round($N/$hg + $N/$pt, 2))")
report "redis-benchmark -P 64: HGETALL ${hg}/s, PTTL ${pt}/s => ${server}s of server work for $N actors"

# 3. actors list -o jsonl over N actors (target: <= 2x the server's time, peak RSS < 200 MB).
read -r t rss < <(secs "$L" actors list -o jsonl)
ratio=$(python3 -c "print(round($t/$server, 2))")
report "actors list -o jsonl ($N actors): ${t}s, ${ratio}x redis-benchmark (target <= 2x), peak RSS $((rss / 1024)) MB (target < 200 MB)"
read -r t rss < <(secs "$L" actors list)
report "actors list (table, $N actors): ${t}s, peak RSS $((rss / 1024)) MB"

# 4. Start-up: --version and a single get, beyond the Redis round trip.
if command -v hyperfine >/dev/null; then
  hyperfine -N --warmup 5 --runs 50 --export-json "$DIR/h.json" "$L --version" "$L actors get order-processor-000000000001" \
    "redis-cli -s $SOCK HGETALL loom:actor:order-processor-000000000001" >/dev/null
  python3 - "$DIR/h.json" <<'PY' | tee -a "$OUT"
import json, sys
r = json.load(open(sys.argv[1]))["results"]
for x in r:
    print(f"startup: {x['command'].split('/')[-1][:70]}: mean {x['mean']*1000:.1f} ms, median {x['median']*1000:.1f} ms")
PY
fi

# 5. Library benchmarks (ring lookups, ...), each prints its own PASS/FAIL lines.
for suite in ${BENCH_SUITES:-ring ring-show llm shell health dev-node}; do
  extra=()
  [ "$suite" = health ] && extra=(--actors "$N")  # issue 17: health default vs --exact, agent ticks at 100 nodes
  "$B" "$suite" "${extra[@]}" 2>&1 | tee -a "$OUT" || true
done
echo "results in $OUT"
