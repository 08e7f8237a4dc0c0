#!/bin/sh
# Installs carules from a release directory or URL (docs/release.md): picks the tarball of
# this machine's target, checks it against SHA256SUMS, unpacks it and copies the binary.
#   sh install.sh [--from DIR|URL] [--to BINDIR] [--version VERSION]
# --from: the release directory or its URL (default: the directory this script is in);
# --to: where the binary goes (default: $CARULES_INSTALL_DIR, else $HOME/.local/bin);
# --version: which version (default: the only one in SHA256SUMS).
# Needs: sh, tar, gzip, sha256sum (or shasum -a 256); curl or wget for a URL.
set -eu

from=$(CDPATH= cd -- "$(dirname -- "$0")" && pwd)
to=${CARULES_INSTALL_DIR:-${HOME:-/usr/local}/.local/bin}
version=""
while [ $# -gt 0 ]; do
    case "$1" in
        --from) from=$2; shift 2 ;;
        --to) to=$2; shift 2 ;;
        --version) version=$2; shift 2 ;;
        -h|--help) sed -n '2,8p' "$0"; exit 0 ;;
        *) echo "install.sh: unknown argument $1" >&2; exit 2 ;;
    esac
done

die() { echo "install.sh: $*" >&2; exit 1; }

case "$(uname -s)-$(uname -m)" in
    Linux-x86_64 | Linux-amd64) target=x86_64-unknown-linux-musl ;;
    Linux-aarch64 | Linux-arm64) target=aarch64-unknown-linux-musl ;;
    *) die "no release build for $(uname -s) $(uname -m); build from source: cargo install --path cli --locked" ;;
esac

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM

fetch() { # fetch NAME: copies or downloads NAME of the release into $tmp
    case "$from" in
        http://* | https://*)
            if command -v curl > /dev/null 2>&1; then
                curl -fsSL -o "$tmp/$1" "$from/$1" || die "cannot download $from/$1"
            elif command -v wget > /dev/null 2>&1; then
                wget -q -O "$tmp/$1" "$from/$1" || die "cannot download $from/$1"
            else
                die "neither curl nor wget is installed to download $from/$1"
            fi ;;
        *) [ -f "$from/$1" ] || die "no $1 in $from"; cp "$from/$1" "$tmp/$1" ;;
    esac
}

fetch SHA256SUMS
if [ -z "$version" ]; then
    version=$(sed -n "s/^[0-9a-f]*  carules-\(.*\)-$target\.tar\.gz\$/\1/p" "$tmp/SHA256SUMS" | head -n 1)
    [ -n "$version" ] || die "SHA256SUMS in $from lists no tarball for $target"
fi
tarball=carules-$version-$target.tar.gz
fetch "$tarball"

want=$(awk -v f="$tarball" '$2 == f { print $1 }' "$tmp/SHA256SUMS")
[ -n "$want" ] || die "SHA256SUMS lists no $tarball"
if command -v sha256sum > /dev/null 2>&1; then
    have=$(sha256sum "$tmp/$tarball" | awk '{ print $1 }')
elif command -v shasum > /dev/null 2>&1; then
    have=$(shasum -a 256 "$tmp/$tarball" | awk '{ print $1 }')
else
    die "neither sha256sum nor shasum is installed to verify $tarball"
fi
[ "$have" = "$want" ] || die "checksum mismatch for $tarball: SHA256SUMS says $want, the file is $have"

tar -xzf "$tmp/$tarball" -C "$tmp"
mkdir -p "$to"
cp "$tmp/carules-$version-$target/carules" "$to/carules.new"
chmod 755 "$to/carules.new"
mv "$to/carules.new" "$to/carules"
echo "install.sh: installed $("$to/carules" --version) in $to/carules (sha256 $have verified)"
case ":${PATH:-}:" in
    *":$to:"*) ;;
    *) echo "install.sh: $to is not on PATH; add it: export PATH=\"$to:\$PATH\"" ;;
esac
