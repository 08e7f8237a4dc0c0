#!/usr/bin/env bash
# Builds the playground's WebAssembly module (the checker, the interpreter, the case runner
# and the embedded rule files: crate carules-playground) into pkg/ with wasm-bindgen
# --target web, and prints its gzip -9 size. The page is www/ (no build step of its own);
# serve wasm/ and open /playground/www/ (wasm/README.md, docs/authoring.md).
#
# Installs, only when missing: the rustup target wasm32-unknown-unknown; wasm-bindgen-cli at
# exactly the version of the wasm-bindgen crate in this crate's Cargo.lock (the portal's
# build.sh installs the same version: both crates pin it).
#
# The module is built into wasm/target (shared with the portal's crate, so the crates both
# use are compiled once). It is not the portal's module and has no size budget of its own
# beyond a regression guard: the portal's module (wasm/build.sh) stays small.
set -euo pipefail

cd "$(dirname "$0")"
TARGET=wasm32-unknown-unknown
CRATE=carules_playground
TARGET_DIR=../target

log() { printf '[wasm/playground/build.sh] %s\n' "$*" >&2; }

if ! rustup target list --installed 2>/dev/null | grep -qx "$TARGET"; then
    log "installing rustup target $TARGET"
    rustup target add "$TARGET"
fi

log "cargo build --target $TARGET --release"
cargo build --target "$TARGET" --release --target-dir "$TARGET_DIR"

# shellcheck source=wasm/wasm-bindgen-cli.sh
source ../wasm-bindgen-cli.sh
ensure_wasm_bindgen_cli Cargo.lock

rm -rf pkg
wasm-bindgen --target web --out-dir pkg "$TARGET_DIR/$TARGET/release/$CRATE.wasm"
# The glue is an ES module: said so, node imports it without reparsing (tests/playground-node.mjs).
printf '{"private": true, "type": "module"}\n' > pkg/package.json

raw=$(wc -c < "pkg/${CRATE}_bg.wasm")
gz=$(gzip -9c "pkg/${CRATE}_bg.wasm" | wc -c)
echo "pkg/${CRATE}_bg.wasm: $raw bytes, gzip -9: $gz bytes"
# 573 KB gzipped when first built (pest parser, checker, interpreter, serde_yaml, schemars for
# the case keys, every shipped rule and case file embedded): the guard catches a doubling,
# not a few KB.
budget=$((800 * 1000))
if [ "$gz" -gt "$budget" ]; then
    echo "pkg/${CRATE}_bg.wasm is over its size guard: $gz > $budget bytes after gzip -9" >&2
    exit 1
fi
