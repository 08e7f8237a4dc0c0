#!/usr/bin/env bash
# The peer benchmark (README.md): equivalence check, criterion medians, callgrind
# instructions per decision, and one markdown table.
#   bash benches/peers/run.sh [N]      (N decisions per callgrind run, default 2000)
set -euo pipefail
cd "$(dirname "$0")"
n=${1:-2000}

echo "== 1. equivalence: every engine on every case of cases.json"
cargo build --release --quiet --bins
target/release/check

echo "== 2. criterion (JSON text in -> normalised JSON text out, the 青海 renewal during bidding)"
cargo bench --quiet --bench peers -- --warm-up-time 1 --measurement-time 3 2>&1 | grep -E '^peers/|time:' || true

echo "== 3. callgrind: (instructions(N) - instructions(0)) / N"
# Committed: README.md (here and at the top of the repository) quotes these figures, and
# tests/docs.rs compares the top README's table with this file.
mkdir -p results
out=results/instructions.tsv
: >"$out"
if command -v valgrind >/dev/null; then
    count() { # count ENGINE N -> total instructions (Ir)
        local f
        f=$(mktemp)
        valgrind --tool=callgrind --callgrind-out-file="$f" target/release/loop "$1" "$2" >/dev/null 2>&1
        callgrind_annotate "$f" 2>/dev/null | awk '/PROGRAM TOTALS/ {gsub(",", "", $1); print $1; exit}'
        rm -f "$f"
    }
    for engine in hand carules carules-full regorus regorus-vm cedar zen hand-read carules-read; do
        base=$(count "$engine" 0)
        total=$(count "$engine" "$n")
        per=$(( (total - base) / n ))
        printf '%s\t%s\n' "$engine" "$per" >>"$out"
        printf '  %-14s %12d\n' "$engine" "$per"
    done
else
    echo "valgrind is not installed (apt-get install valgrind): no instructions column"
fi

echo "== 4. table (also written to results/table.md)"
target/release/report "$out" | tee results/table.md
