#!/usr/bin/env bash
# Tests a release directory made by release/build.sh (docs/release.md):
# 1. the Linux binary is static: `ldd` says so, and it has no program interpreter;
# 2. it runs with no libc or anything else around it: `--version`, a decide and a documents
#    query inside an empty root (only the binary and a request file; `chroot` under
#    `unshare` with no network when root, else an empty directory with an empty environment),
#    and the answer equals the host build's;
# 3. install.sh installs it from the directory, and from a URL (a loopback HTTP server, when
#    python3 is present), verifying the checksum; a tampered tarball is refused.
#   bash release/test.sh [DIR]      (default target/dist)
set -euo pipefail
cd "$(dirname "$0")/.."
dist=$(cd "${1:-target/dist}" && pwd)
target=x86_64-unknown-linux-musl
tarball=$(ls "$dist"/carules-*-"$target".tar.gz)
name=$(basename "$tarball" .tar.gz)
work=$(mktemp -d)
server_pid=""
cleanup() {
    [ -z "$server_pid" ] || kill "$server_pid" 2> /dev/null || true
    rm -rf "$work"
}
trap cleanup EXIT
fail() { echo "release/test.sh: FAILED: $*" >&2; exit 1; }

# --- the tarball's contents ---------------------------------------------------------------
tar -xzf "$tarball" -C "$work"
for f in carules README.md CHANGELOG.md LICENSE-MIT LICENSE-APACHE schemas/request.schema.json schemas/response.schema.json; do
    [ -s "$work/$name/$f" ] || fail "$name.tar.gz has no $f"
done
python3 -c 'import json,sys; [json.load(open(p)) for p in sys.argv[1:]]' "$work/$name"/schemas/*.json 2> /dev/null \
    || [ "$(command -v python3)" = "" ] || fail "a schema in the tarball is not JSON"
echo "ok: $name.tar.gz holds the binary, README, CHANGELOG, licences and both schemas"

sbom=$(ls "$dist"/carules-*.cdx.json 2> /dev/null | head -n 1 || true)
if [ -n "$sbom" ]; then
    python3 - "$sbom" <<'PY' || fail "the SBOM is not a CycloneDX document of carules and its crates"
import json, sys
bom = json.load(open(sys.argv[1]))
names = {c["name"] for c in bom["components"]}
assert bom["bomFormat"] == "CycloneDX" and bom["metadata"]["component"]["name"] == "carules", bom.get("metadata")
assert {"serde", "axum", "pest"} <= names, sorted(names)[:20]
print(f"ok: SBOM {sys.argv[1].rsplit('/', 1)[-1]}: CycloneDX {bom['specVersion']}, {len(names)} crates")
PY
else
    echo "skipped: the SBOM: release/build.sh made none (cargo-cyclonedx is not installed)"
fi

# --- 1. static -------------------------------------------------------------------------------
bin=$work/$name/carules
ldd_out=$(ldd "$bin" 2>&1 || true)
case "$ldd_out" in
    *"not a dynamic executable"* | *"statically linked"*) echo "ok: ldd: $ldd_out" ;;
    *) fail "ldd says the binary is dynamic: $ldd_out" ;;
esac
if command -v readelf > /dev/null; then
    ! readelf -lW "$bin" | grep -q 'INTERP' || fail "the binary names a program interpreter"
    ! readelf -dW "$bin" | grep -q 'NEEDED' || fail "the binary needs shared libraries"
    echo "ok: readelf: no program interpreter, no NEEDED library"
fi

# --- 2. runs alone -----------------------------------------------------------------------------
root=$work/root
mkdir -p "$root"
cp "$bin" "$root/carules"
cp examples/qinghai-renewal-during-bidding.yaml "$root/request.yaml"
host=target/debug/carules
[ -x "$host" ] || cargo build --quiet
if [ "$(id -u)" = 0 ] && unshare --mount --net --fork chroot "$root" /carules --version > /dev/null 2>&1; then
    how="an empty root (unshare --net + chroot: no libc, no /proc, no /etc, no network)"
    alone() { unshare --mount --net --fork chroot "$root" /carules "$@"; }
elif [ "$(id -u)" = 0 ] && chroot "$root" /carules --version > /dev/null 2>&1; then
    how="an empty root (chroot: no libc, no /proc, no /etc)"
    alone() { chroot "$root" /carules "$@"; }
else
    how="an empty directory with an empty environment (not root: no chroot)"
    alone() { (cd "$root" && env -i ./carules "$@"); }
fi
version=$(alone --version)
[ "$version" = "$("$host" --version)" ] || fail "--version in $how: '$version', the host build says '$("$host" --version)'"
case "$version" in "carules "*" (rules sha256:"*")") ;; *) fail "--version: '$version'" ;; esac
[ "$(alone decide request.yaml)" = "$("$host" decide examples/qinghai-renewal-during-bidding.yaml)" ] \
    || fail "decide in $how differs from the host build's answer"
query=(documents --region 聊城 --applicant organization --service change)
[ "$(alone "${query[@]}")" = "$("$host" "${query[@]}")" ] || fail "documents in $how differs from the host build's answer"
alone "${query[@]}" | grep -q '所需材料' || fail "documents in $how: no 所需材料"
echo "ok: in $how: $version; decide and documents answer as the host build"

# --- 3. the installer ----------------------------------------------------------------------------
# A bare machine: no cargo or rustc on PATH, HOME a fresh directory.
bare_path=/usr/bin:/bin
home=$work/home
mkdir -p "$home"
out=$(env -i HOME="$home" PATH="$bare_path" sh "$dist/install.sh" --from "$dist")
echo "$out"
[ "$(env -i PATH="$bare_path" "$home/.local/bin/carules" --version)" = "$version" ] || fail "the installed binary's --version"
echo "ok: install.sh --from DIR installed $home/.local/bin/carules (no cargo on PATH)"

if command -v python3 > /dev/null; then
    port_file=$work/port
    python3 - "$dist" "$port_file" <<'PY' &
import functools, http.server, sys
class Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass
handler = functools.partial(Quiet, directory=sys.argv[1])
server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
open(sys.argv[2], "w").write(str(server.server_address[1]))
server.timeout = 60
server.serve_forever()
PY
    server_pid=$!
    for _ in $(seq 50); do [ -s "$port_file" ] && break; sleep 0.1; done
    url=http://127.0.0.1:$(cat "$port_file")
    if command -v curl > /dev/null || command -v wget > /dev/null; then
        env -i HOME="$home" PATH="$bare_path" CARULES_INSTALL_DIR="$work/bin-url" sh "$dist/install.sh" --from "$url"
        [ "$("$work/bin-url/carules" --version)" = "$version" ] || fail "install.sh --from URL"
        echo "ok: install.sh --from URL (loopback HTTP) installed and verified it"
    else
        echo "skipped: install.sh --from URL: neither curl nor wget is installed"
    fi
else
    echo "skipped: install.sh --from URL: python3 is not installed (the test's HTTP server)"
fi

# A tarball that does not match SHA256SUMS is refused, and nothing is installed.
bad=$work/bad
mkdir -p "$bad"
cp "$dist/SHA256SUMS" "$dist/install.sh" "$bad/"
cp "$tarball" "$bad/"
printf 'x' >> "$bad/$(basename "$tarball")"
if env -i HOME="$home" PATH="$bare_path" CARULES_INSTALL_DIR="$work/bin-bad" sh "$bad/install.sh" 2> "$work/bad.err"; then
    fail "install.sh installed a tarball whose checksum does not match"
fi
grep -q "checksum mismatch" "$work/bad.err" || fail "install.sh's refusal does not say why: $(cat "$work/bad.err")"
[ ! -e "$work/bin-bad/carules" ] || fail "install.sh left a binary after a checksum mismatch"
echo "ok: install.sh refuses a tarball that does not match SHA256SUMS"
# --- 4. the GitLab CI template: its commands, as a runner runs them, on a release directory ----
if python3 -c 'import yaml' 2> /dev/null; then
    gitlab() { # gitlab DIR: runs the template's before_script and script in DIR as one bash script
        python3 - action/gitlab-ci.yml > "$1/job.sh" <<'PY'
import sys, yaml
job = yaml.safe_load(open(sys.argv[1]))[".carules-check"]
print("set -eo pipefail")
for k, v in job["variables"].items():
    print(f'export {k}="${{{k}:-{v}}}"')
for line in job["before_script"] + job["script"]:
    print(line)
PY
        (cd "$1" && env -i HOME="$home" PATH="$bare_path" CARULES_RELEASE="$dist" bash job.sh > job.log 2>&1)
    }
    job=$work/gitlab
    mkdir -p "$job"
    cp -r rules "$job/rules"
    gitlab "$job" || { cat "$job/job.log"; fail "the GitLab template's job fails on the shipped rules"; }
    grep -q '<testcase' "$job/carules-reports/junit.xml" || fail "the GitLab job's JUnit report has no test case"
    [ "$(cat "$job/carules-reports/check.json")" = "[]" ] || fail "the GitLab job's check.json"
    grep -q '"version": *"2.1.0"' "$job/carules-reports/check.sarif" || fail "the GitLab job's SARIF report"
    [ -x "$job/.carules/bin/carules" ] || fail "the GitLab job did not install carules into its cache"
    # A broken rule file: the job fails, and its reports say where.
    printf '\nrule broken {\n' >> "$job/rules/630000-qinghai.carules"
    if gitlab "$job"; then fail "the GitLab job passed on a broken rule file"; fi
    grep -q '630000-qinghai.carules' "$job/carules-reports/check.json" || fail "the GitLab job's check.json does not name the broken file"
    echo "ok: the GitLab template installs the release (cached), reports JUnit, JSON and SARIF, and fails on a broken rule file"
else
    echo "skipped: the GitLab template's job: python3 has no yaml module (apt-get install python3-yaml)"
fi
echo "release/test.sh: passed"
