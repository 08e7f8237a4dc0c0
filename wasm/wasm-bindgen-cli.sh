# Sourced by wasm/build.sh and wasm/playground/build.sh (which define `log`):
#   ensure_wasm_bindgen_cli LOCKFILE
# installs wasm-bindgen-cli at exactly the version of the wasm-bindgen crate that LOCKFILE
# resolves (the first `version` line after `name = "wasm-bindgen"`), when the one on the PATH
# is missing or another version; exits 1 when the lock file names no wasm-bindgen.

ensure_wasm_bindgen_cli() {
    local lock=$1 want have=""
    want=$(awk '
        $0 == "name = \"wasm-bindgen\"" { found = 1; next }
        found && /^version = / { gsub(/"/, "", $3); print $3; exit }
    ' "$lock")
    if [ -z "$want" ]; then
        log "cannot read the wasm-bindgen version from $lock"
        exit 1
    fi
    if command -v wasm-bindgen > /dev/null 2>&1; then
        have=$(wasm-bindgen --version | awk '{print $2}')
    fi
    if [ "$have" != "$want" ]; then
        log "installing wasm-bindgen-cli $want (found: ${have:-none})"
        cargo install wasm-bindgen-cli --version "$want" --locked
    fi
}
