#!/usr/bin/env bash
# Seeds the fuzz corpora and dictionaries from the repository (nothing of it is committed):
# corpus/decide from examples/, rules/tests/, tests/language/ and tests/requests/;
# corpus/check from rules/, tests/check/ and tests/language/; dicts/ from the grammar and
# the request shape. See README.md.
set -euo pipefail
cd "$(dirname "$0")/.."
cargo run --quiet --example fuzz_seeds -- fuzz
