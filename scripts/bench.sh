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
# A free TCP port too: the registry reads are measured over TCP loopback and over the unix socket.
PORT=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
redis-server --port "$PORT" --bind 127.0.0.1 --unixsocket "$SOCK" --unixsocketperm 700 --dir "$DIR" --save "" --appendonly no \
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

# 3b. Registry reads against `redis-cli --pipe` doing the same reads (1 HGETALL + 1 PTTL per actor, RESP,
# every reply read), over TCP loopback and over the unix socket (issue 17: list/name/ring show within
# 1.3x of it, peak RSS < 64 MB; stats no slower than a listing).
for i in $(seq 8); do "$L" ring add "worker-$i" --address "http://worker-$i:8080" --static --yes >/dev/null 2>&1 || true; done
"$L" actors list -o name > "$DIR/ids"
# One RESP file per 100k actors: redis-cli --pipe is super-linear on one 133 MB file (517 s for 1M
# here, 3.9 s per 100k), so the reference is the same reads as consecutive 100k runs (docs/benchmarks.md).
split -l 100000 -d -a 3 "$DIR/ids" "$DIR/idchunk."
for f in "$DIR"/idchunk.*; do
python3 - "$f" "$f.resp" <<'PY'
import sys
out = open(sys.argv[2], "wb")
def cmd(*a):
    out.write(b"*%d\r\n" % len(a) + b"".join(b"$%d\r\n%s\r\n" % (len(x), x) for x in a))
for line in open(sys.argv[1], "rb"):
    i = line.rstrip(b"\n")
    cmd(b"HGETALL", b"loom:actor:" + i)
    cmd(b"PTTL", b"loom:actor:heartbeat:" + i)
PY
done
for transport in tcp unix; do
  if [ "$transport" = tcp ]; then url="redis://127.0.0.1:$PORT"; cli=(redis-cli -h 127.0.0.1 -p "$PORT"); else url="unix://$SOCK"; cli=(redis-cli -s "$SOCK"); fi
  best_pipe=""
  for _ in 1 2 3; do
    read -r t rss < <(secs bash -c "for f in $DIR/idchunk.*.resp; do ${cli[*]} --pipe < \$f > /dev/null; done")
    best_pipe=$(python3 -c "print(min(x for x in [$t, ${best_pipe:-1e9}]))")
  done
  report "[$transport] redis-cli --pipe, 1 HGETALL + 1 PTTL per actor ($(wc -l < "$DIR/ids") actors): ${best_pipe}s (best of 3)"
  for cmd in "actors list -o jsonl" "actors list -o name" "ring show -o json" "actors stats -o json" "actors stats --exact -o json"; do
    best=""; peak=0
    for _ in 1 2 3; do
      # shellcheck disable=SC2086
      read -r t rss < <(LOOMCTL_REDIS_URL="$url" secs "$L" $cmd)
      best=$(python3 -c "print(min(x for x in [$t, ${best:-1e9}]))"); peak=$(( rss > peak ? rss : peak ))
    done
    report "[$transport] loomctl $cmd: ${best}s (best of 3), $(python3 -c "print(round($best/$best_pipe, 2))")x redis-cli --pipe (target <= 1.3x; stats: <= listing), peak RSS $((peak / 1024)) MB (target < 64 MB)"
  done
done

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
for suite in ${BENCH_SUITES:-ring ring-show llm shell health registry-memory dev-node dev-placement}; do
  extra=()
  [ "$suite" = health ] && extra=(--actors "$N")  # issue 17: health default vs --exact, agent ticks at 100 nodes
  "$B" "$suite" "${extra[@]}" 2>&1 | tee -a "$OUT" || true
done
echo "results in $OUT"
