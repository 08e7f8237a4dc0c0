#!/usr/bin/env bash
# The fuzz step of CI (README.md here, "In CI"): each target, as built by
#   cd fuzz && cargo +nightly fuzz build --dev -s none
# replays its seeded corpus (fuzz/seed.sh) and then makes a fixed number of seeded mutations,
# so a CI result can be reproduced. A crash, leak or timeout fails; libFuzzer saves the input
# under fuzz/artifacts/<target>/. Prints one line per target and `N passed, M failed` last.
#   bash fuzz/replay.sh
# Environment: CARULES_FUZZ_RUNS (mutations per target; default 5,000 for decide, 500 for
# check, 2,000 for fmt: about 20 s each on 2 shared cores), CARULES_FUZZ_SEED (default 20261205), CARULES_FUZZ_SECONDS (a bound on each
# target's time, default 120), CARULES_FUZZ_BIN (the directory of the built targets).
set -uo pipefail
cd "$(dirname "$0")"
bin=${CARULES_FUZZ_BIN:-target/x86_64-unknown-linux-gnu/debug}
seed=${CARULES_FUZZ_SEED:-20261205}
seconds=${CARULES_FUZZ_SECONDS:-120}
passed=0
failed=0
for target in decide check fmt; do
    case $target in decide) runs=5000 ;; check) runs=500 ;; *) runs=2000 ;; esac
    runs=${CARULES_FUZZ_RUNS:-$runs}
    exe="$bin/$target"
    if [ ! -x "$exe" ]; then
        echo "FAIL $target: $exe is not built (cargo +nightly fuzz build --dev -s none)"
        failed=$((failed + 1))
        continue
    fi
    mkdir -p "corpus/$target" "artifacts/$target"
    log="run-$target.log"
    start=$SECONDS
    status=0
    # The corpus is read (and every input run) before the first mutation; -runs counts both.
    inputs=$(find "corpus/$target" -type f | wc -l)
    timeout $((seconds + 60)) "$exe" "corpus/$target" -dict="dicts/$target.dict" -seed="$seed" -runs=$((inputs + runs)) \
        -max_total_time="$seconds" -rss_limit_mb=4096 -timeout=20 -artifact_prefix="artifacts/$target/" -print_final_stats=1 > "$log" 2>&1 || status=$?
    executed=$(grep -oE '^stat::number_of_executed_units: *[0-9]+' "$log" | grep -oE '[0-9]+$' || echo "?")
    if [ "$status" -eq 0 ]; then
        passed=$((passed + 1))
        echo "ok   $target: $inputs corpus inputs replayed, $executed executions in $((SECONDS - start))s (seed $seed)"
    else
        failed=$((failed + 1))
        tail -40 "$log"
        echo "FAIL $target (exit $status); inputs saved under fuzz/artifacts/$target/ (fuzz/README.md: replay)"
    fi
done
echo "fuzz: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
