#!/usr/bin/env bash
# Instructions per decision, counted by valgrind's callgrind (stable where wall time drifts).
# For each mode: (instructions of N decisions - instructions of 0 decisions) / N.
#   bash benches/instructions.sh [N]
# Writes the figures to benches/results/instructions.tsv (mode, instructions per decision),
# which tests/docs.rs compares with the table README.md quotes.
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:-2000}
command -v valgrind >/dev/null || { echo "valgrind is not installed (apt-get install valgrind)"; exit 1; }
cargo build --release --quiet --example decide_loop
bin=target/release/examples/decide_loop
count() { # count MODE N -> total instructions (Ir)
    local f
    f=$(mktemp)
    valgrind --tool=callgrind --callgrind-out-file="$f" "$bin" "$1" "$2" >/dev/null 2>&1
    callgrind_annotate "$f" 2>/dev/null | awk '/PROGRAM TOTALS/ {gsub(",", "", $1); print $1; exit}'
    rm -f "$f"
}
mkdir -p benches/results
out=benches/results/instructions.tsv
printf 'mode\tinstructions_per_decision\n' > "$out.tmp"
printf '%-22s %14s\n' mode instructions/decision
for mode in compiled-parsed interpreter-parsed compiled-json interpreter-json; do
    base=$(count "$mode" 0)
    total=$(count "$mode" "$n")
    printf '%-22s %14d\n' "$mode" $(( (total - base) / n ))
    printf '%s\t%d\n' "$mode" $(( (total - base) / n )) >> "$out.tmp"
done
mv "$out.tmp" "$out"
echo "written to $out"
