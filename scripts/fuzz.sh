#!/usr/bin/env bash
# Builds and runs every libFuzzer target under Fuzz/ for a fixed time (docs/fuzzing.md).
#
#   scripts/fuzz.sh                 # all targets, FUZZ_SECONDS each (default 60)
#   FUZZ_SECONDS=600 scripts/fuzz.sh SSEParser
#
# A target is a folder Fuzz/<Name>/ holding:
#   Fuzz<Name>.swift   the entry point (@_cdecl("LLVMFuzzerTestOneInput")) and its invariants
#   sources.txt        the files of Sources/ compiled in with it (one per line, # comments allowed)
#   seeds/             a few committed seed inputs (read only)
# The growing corpus lives in .build/fuzz/<Name>/corpus (kept between runs, not committed); crash
# inputs are written to .build/fuzz/<Name>/artifacts/ and make the script exit 1.
set -euo pipefail
cd "$(dirname "$0")/.."

SECONDS_PER_TARGET="${FUZZ_SECONDS:-60}"
JOBS="${FUZZ_JOBS:-1}"
SWIFTC="${SWIFTC:-swiftc}"
# Let libFuzzer report crashes (and save the input) instead of the Swift runtime backtracer.
export SWIFT_BACKTRACE="${SWIFT_BACKTRACE:-enable=no}"
targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
    for d in Fuzz/*/; do targets+=("$(basename "$d")"); done
fi

if [ "$(uname)" != "Linux" ]; then
    echo "fuzz: libFuzzer ships with the Linux Swift toolchain only (swiftc -sanitize=fuzzer)" >&2
    exit 2
fi

status=0
for name in "${targets[@]}"; do
    dir="Fuzz/$name"
    [ -f "$dir/Fuzz$name.swift" ] || { echo "fuzz: $dir/Fuzz$name.swift not found" >&2; exit 2; }
    out=".build/fuzz/$name"
    mkdir -p "$out/corpus" "$out/artifacts"
    sources=()
    while IFS= read -r line; do
        line="${line%%#*}"; line="$(echo "$line" | xargs)"
        [ -n "$line" ] && sources+=("$line")
    done < "$dir/sources.txt"
    echo "fuzz: building $name (${#sources[@]} source files)"
    # -parse-as-library: the entry point is libFuzzer's main, not top-level code.
    # address: catches out-of-bounds and use-after-free in the unsafe-pointer paths.
    "$SWIFTC" -O -g -parse-as-library -sanitize=fuzzer,address -module-name "Fuzz$name" \
        "$dir/Fuzz$name.swift" "${sources[@]}" -o "$out/fuzzer" 2> "$out/build.log" || { cat "$out/build.log" >&2; exit 1; }
    echo "fuzz: running $name for ${SECONDS_PER_TARGET}s (corpus $out/corpus, seeds $dir/seeds)"
    # -rss_limit_mb: a target whose memory is not bounded fails here rather than swapping the machine.
    parallel=()
    # -jobs writes one fuzz-N.log per worker into the current directory: run from $out.
    [ "$JOBS" -gt 1 ] && parallel=(-jobs="$JOBS" -workers="$JOBS")
    if ! (cd "$out" && ./fuzzer corpus "../../../$dir/seeds" -max_total_time="$SECONDS_PER_TARGET" -rss_limit_mb=1024 \
        -max_len="${FUZZ_MAX_LEN:-8192}" "${parallel[@]}" -artifact_prefix=artifacts/ -print_final_stats=1 \
        > run.log 2>&1); then
        tail -40 "$out/run.log" >&2
        echo "fuzz: $name FAILED (crash input in $out/artifacts/)" >&2
        status=1
        continue
    fi
    files=$(find "$out/corpus" -type f | wc -l)
    bytes=$(du -sk "$out/corpus" | cut -f1)
    runs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$out/run.log" | grep -o '[0-9]*$' | tail -1)
    echo "fuzz: $name ok: ${SECONDS_PER_TARGET}s, ${runs:-?} runs, corpus $files inputs (${bytes} KiB)"
done
exit $status
