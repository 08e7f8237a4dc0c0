#!/usr/bin/env bash
# `carules check` on one file declaring N regions (default 10,000): N-1 errors E0212, each
# rendered with its source line. Rendering used to read each file from its first byte for
# every diagnostic (quadratic: about a minute for 10,000); it reads a window around the span.
# Prints the wall time of the whole process for N/4, N/2 and N, so growth can be compared.
#   bash benches/many_regions.sh [N]      (builds target/release/carules first)
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:-10000}
cargo build --release --quiet
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
cp rules/prelude.carules rules/calendar.carules "$dir/"
for k in $((n / 4)) $((n / 2)) "$n"; do
    python3 -c 'import sys
n = int(sys.argv[1])
print("\n".join("region %d \"r%d\" { }" % (910000 + i if i < 9000 else 810000 + i - 9000, i) for i in range(n)))' "$k" > "$dir/990000-many.carules"
    TIMEFORMAT=%R
    took=$( { time target/release/carules check "$dir" > /dev/null 2>&1 || true; } 2>&1 )
    printf '%6d regions in one file: %s s\n' "$k" "$took"
done
