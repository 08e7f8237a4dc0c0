#!/usr/bin/env bash
# Packages the VS Code extension as a .vsix (issue 19): installs the client library from the
# committed package-lock.json (`npm ci`), packs with @vscode/vsce (pinned), and checks that
# the archive holds the manifest, the client, its language-client library and the grammar.
#   bash editors/vscode/package.sh            → target/vsix/carules-<version>.vsix
# Without node and npm it prints `skipped: <reason>` and exits 0 (CI's optional step).
set -euo pipefail
cd "$(dirname "$0")"
if ! command -v node > /dev/null || ! command -v npm > /dev/null; then
    echo "vsix: skipped: node and npm are not installed (apt-get install nodejs npm)"
    exit 0
fi
out=../../target/vsix
mkdir -p "$out"
version=$(node -p 'require("./package.json").version')
vsix="$out/carules-$version.vsix"
npm ci --no-audit --no-fund --silent
# The repository address and a licence file are not part of this folder; the licence is the
# package.json `license` field (the repository's own licence files apply).
npx --yes @vscode/vsce@3.9.2 package --allow-missing-repository --skip-license --out "$vsix" > "$out/vsce.log" 2>&1 || {
    cat "$out/vsce.log"
    exit 1
}
# The archive's contents, listed with Python's zipfile.
python3 - "$vsix" <<'PY'
import sys, zipfile
names = set(zipfile.ZipFile(sys.argv[1]).namelist())
need = [
    "extension/package.json",
    "extension/extension.js",
    "extension/syntaxes/carules.tmLanguage.json",
    "extension/language-configuration.json",
    "extension/node_modules/vscode-languageclient/package.json",
]
missing = [n for n in need if n not in names]
if missing:
    print("vsix: missing from the archive: " + ", ".join(missing))
    sys.exit(1)
print(f"vsix: {sys.argv[1].split('/')[-1]}: {len(names)} files, manifest, client, language client and grammar present")
PY
