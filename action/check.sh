#!/usr/bin/env bash
# The policy-repository check that action.yml runs (and that any CI can run): the rule files
# are in the canonical layout, they check (diagnostics as GitHub annotations, as JSON and as
# SARIF), and their cases pass with at least MIN_COVERAGE per cent of the rules exercised (a
# JUnit report). Every step runs even after one fails; the exit code is 1 if any failed.
#   bash action/check.sh [RULES_DIR=rules] [MIN_COVERAGE=100] [REPORTS_DIR=carules-reports]
# Needs `carules` on PATH (CARULES=path/to/carules to choose another).
set -uo pipefail
rules=${1:-rules}
min=${2:-100}
out=${3:-carules-reports}
bin=${CARULES:-carules}
mkdir -p "$out"
status=0
run() { # run NAME COMMAND...: a step; a failure is remembered, not fatal
    local name=$1
    shift
    echo "== carules: $name"
    "$@" || { echo "carules: $name failed"; status=1; }
}
run "fmt --check" "$bin" fmt --check "$rules"
run "check (annotations)" "$bin" check "$rules" --format github
"$bin" check "$rules" --format json > "$out/check.json" 2> /dev/null || true
"$bin" check "$rules" --format sarif > "$out/check.sarif" 2> /dev/null || true
run "test --min-coverage $min (JUnit: $out/junit.xml)" bash -c '"$0" test "$1" --format junit --coverage --min-coverage "$2" > "$3/junit.xml"' "$bin" "$rules" "$min" "$out"
echo "carules: reports in $out/ (check.json, check.sarif, junit.xml)"
exit $status
