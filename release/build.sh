#!/usr/bin/env bash
# Builds a release directory (docs/release.md): for each target a tarball
# carules-VERSION-TARGET.tar.gz holding the static binary, README.md, CHANGELOG.md, the
# licences and the JSON Schemas; SHA256SUMS over the tarballs; a CycloneDX SBOM when
# cargo-cyclonedx is installed; and install.sh, the POSIX installer.
#   bash release/build.sh [--target TRIPLE]… [--profile release|dist|ci-release] [--out DIR]
# Defaults: --target x86_64-unknown-linux-musl, --profile dist, --out target/dist.
# The version is Cargo.toml's. CI (.ci/run) uses --profile ci-release: the same code, built
# in a fraction of the time (no LTO, parallel code generation).
set -euo pipefail
cd "$(dirname "$0")/.."

targets=()
profile=dist
out=target/dist
while [ $# -gt 0 ]; do
    case "$1" in
        --target) targets+=("$2"); shift 2 ;;
        --profile) profile=$2; shift 2 ;;
        --out) out=$2; shift 2 ;;
        *) echo "release/build.sh: unknown argument $1" >&2; exit 2 ;;
    esac
done
[ ${#targets[@]} -gt 0 ] || targets=(x86_64-unknown-linux-musl)

version=$(sed -n 's/^version = "\(.*\)"/\1/p' Cargo.toml | head -n 1)
[ -n "$version" ] || { echo "release/build.sh: no version in Cargo.toml" >&2; exit 1; }
rm -rf "$out"
mkdir -p "$out"

for target in "${targets[@]}"; do
    if ! rustup target list --installed 2> /dev/null | grep -qx "$target"; then
        echo "release/build.sh: the Rust target $target is not installed (rustup target add $target)" >&2
        exit 1
    fi
    echo "release: cargo build --locked --profile $profile --target $target"
    cargo build --locked --quiet --profile "$profile" --target "$target" --bin carules
    bin=target/$target/$profile/carules
    name=carules-$version-$target
    stage=$out/$name
    mkdir -p "$stage/schemas"
    cp "$bin" "$stage/carules"
    cp README.md CHANGELOG.md LICENSE-MIT LICENSE-APACHE "$stage/"
    cp schemas/response.schema.json "$stage/schemas/"
    # The request schema is drawn from the rule set's fact declarations: the binary prints it.
    # A binary of another architecture cannot run here: take the host's build of the same
    # sources instead.
    if "$bin" --version > /dev/null 2>&1; then
        "$bin" schema request > "$stage/schemas/request.schema.json"
    else
        cargo run --locked --quiet -- schema request > "$stage/schemas/request.schema.json"
    fi
    # Reproducible archive: sorted names, fixed owner and time (the last commit's).
    mtime=$(git log -1 --format=%ct 2> /dev/null || echo 0)
    tar -C "$out" --sort=name --owner=0 --group=0 --numeric-owner --mtime="@$mtime" -cf - "$name" | gzip -n -9 > "$out/$name.tar.gz"
    rm -rf "$stage"
done

cp release/install.sh "$out/install.sh"
(cd "$out" && sha256sum -- *.tar.gz install.sh > SHA256SUMS)

# SBOM: cargo-cyclonedx describes the dependency graph the lock file pins (features of the
# default build). It is a release step, not a CI one: installing the tool takes minutes. The
# binary is the package carules-cli (cli/), so its graph is the one shipped (the server
# included); cyclonedx writes one file per workspace package, the library's is dropped.
if cargo cyclonedx --version > /dev/null 2>&1; then
    cargo cyclonedx --format json --spec-version 1.5 --target "${targets[0]}" --override-filename "carules-$version.cdx" > /dev/null
    mv "cli/carules-$version.cdx.json" "$out/"
    rm -f "carules-$version.cdx.json"
    (cd "$out" && sha256sum -- "carules-$version.cdx.json" >> SHA256SUMS)
else
    echo "release: SBOM skipped: cargo-cyclonedx is not installed (cargo install cargo-cyclonedx --locked)"
fi

echo "release: $out"
(cd "$out" && ls -l && cat SHA256SUMS)
