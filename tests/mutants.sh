#!/usr/bin/env bash
# The mutation run that measures the test suite (issue 10): cargo-mutants over the engine,
# checker, calendar, request reader and text view, with the test targets and the build
# profile named in .cargo/mutants.toml. The result of record is in tests/mutants/.
#
#   bash tests/mutants.sh                         # every mutant (about 1,470; hours on 2 cores)
#   bash tests/mutants.sh --shard 0/4 -j 2        # one systematic quarter (every 4th mutant)
#   bash tests/mutants.sh --list                  # what would be mutated
#   bash tests/mutants.sh -j 2 -F '^src/calendar.rs:62:37: '   # chosen mutants again
#
# The generated-request differential tests run 1,000 requests instead of 10,000 here
# (CARULES_GENERATED) so that a surviving mutant's full test run stays short.
set -euo pipefail
cd "$(dirname "$0")/.."
if ! command -v cargo-mutants >/dev/null 2>&1; then
    echo "cargo-mutants is not installed: cargo install cargo-mutants --locked" >&2
    exit 2
fi
export CARULES_GENERATED="${CARULES_GENERATED:-1000}"
# Round-robin shards (every 4th mutant of the list) when a shard is asked for; cargo-mutants
# refuses `--sharding` without `--shard`.
sharding=()
for arg in "$@"; do
    case "$arg" in --shard | --shard=*) sharding=(--sharding round-robin) ;; esac
done
exec cargo mutants --gitignore true "${sharding[@]}" --shuffle "$@"
