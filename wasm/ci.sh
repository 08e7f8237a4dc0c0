#!/usr/bin/env bash
# Every WebAssembly check, in order: build (and type check), bad input, parity with the native
# engine, the npm package installed from its tarball (node ESM and CommonJS, TypeScript,
# Chromium through an import map), the portal page in headless Chromium; then the playground's
# module (built, run under node) and page (Chromium). Meant to be called from .ci/run after the
# native build (`cargo build` leaves target/debug/carules, which the parity step compares with).
#   bash wasm/ci.sh
# Each step prints `N passed, M failed`; the last line totals them. Without node and npm the
# whole script is skipped with the reason (exit 0); without Chromium (and root to install it
# from Debian) the browser checks are skipped with the reason and the rest runs.
set -euo pipefail
cd "$(dirname "$0")"
if ! command -v node > /dev/null || ! command -v npm > /dev/null; then
    echo "wasm: skipped: node and npm are not installed (apt-get install nodejs npm)"
    exit 0
fi

total_pass=0
total_fail=0
step() { # step NAME CMD... — runs CMD, adds its closing `N passed, M failed` line to the totals
    local name=$1 out rc=0
    shift
    echo "== wasm: $name"
    out=$("$@" 2>&1) || rc=$?
    printf '%s\n' "$out"
    local last
    last=$(printf '%s\n' "$out" | grep -E '^[0-9]+ passed, [0-9]+ failed' | tail -1 || true)
    if [ -n "$last" ]; then
        total_pass=$((total_pass + $(echo "$last" | awk '{print $1}')))
        total_fail=$((total_fail + $(echo "$last" | awk '{print $3}')))
    elif [ $rc -ne 0 ]; then
        total_fail=$((total_fail + 1))
    fi
    if [ $rc -ne 0 ]; then
        echo "wasm: $name failed (exit $rc)"
        echo "wasm: $total_pass passed, $total_fail failed"
        exit $rc
    fi
}

step build ./build.sh
step robustness node tests/robustness.mjs
step parity node tests/parity.mjs tests/output/answers.jsonl --requests tests/output/requests.jsonl
native=../target/debug/carules
if [ -x "$native" ]; then
    step native-diff node tests/native-diff.mjs tests/output/requests.jsonl tests/output/answers.jsonl "$native"
else
    echo "== wasm: native-diff skipped (no $native: run cargo build first)"
fi
# Chromium (and a CJK font) are optional: without them, and without root to install them,
# the browser checks are skipped with the reason, and the rest still runs.
if browser=$(bash tests/install-browser.sh 2>&1); then
    printf '%s\n' "$browser"
else
    printf '%s\n' "$browser"
    export CARULES_NO_BROWSER="Chromium or a CJK font is missing and could not be installed (wasm/tests/install-browser.sh)"
    echo "== wasm: install-browser: skipped: $CARULES_NO_BROWSER"
fi
step package node tests/package.mjs
if [ -n "${CARULES_NO_BROWSER:-}" ]; then
    echo "== wasm: e2e skipped: $CARULES_NO_BROWSER"
else
    step e2e node tests/e2e.mjs
fi
# The playground's module (its own crate: parser, checker, interpreter, case runner) and page.
# CARULES_NO_PLAYGROUND=reason skips them (the module is a second release build with LTO:
# from an empty target 85 s of CPU, 4 min 21 s wall on 2 cores shared at load 11; the node
# and Chromium tests then take about 6 s and 30 s).
if [ -n "${CARULES_NO_PLAYGROUND:-}" ]; then
    echo "== wasm: playground skipped: $CARULES_NO_PLAYGROUND"
else
    step playground-build ./playground/build.sh
    if [ -x "$native" ]; then
        step playground-node node tests/playground-node.mjs "$native"
    else
        step playground-node node tests/playground-node.mjs
    fi
    if [ -n "${CARULES_NO_BROWSER:-}" ]; then
        echo "== wasm: playground page skipped: $CARULES_NO_BROWSER"
    else
        step playground-page node tests/playground.mjs
    fi
fi
echo "wasm: $total_pass passed, $total_fail failed"
