#!/usr/bin/env bash
# Builds the container image (Dockerfile) from a binary release/build.sh made, and
# smoke-tests it: labels, user and health check as declared; started with its default
# command it answers /readyz and a decide on the published port, its HEALTHCHECK (`carules
# probe`) passes, a mounted rule set is served with --rules /rules, and `stop` (SIGTERM)
# ends it with exit 0. Uses podman (rootful, vfs storage, runc; docs/release.md says why);
# installs it with apt-get when root and it is absent; prints `skipped: <reason>` and checks
# the binary as the image would hold it when no builder can run.
#   bash release/image.sh [PROFILE]      (default dist: target/x86_64-unknown-linux-musl/PROFILE/carules)
set -euo pipefail
cd "$(dirname "$0")/.."
profile=${1:-dist}
bin=target/x86_64-unknown-linux-musl/$profile/carules
[ -x "$bin" ] || { echo "release/image.sh: no $bin (bash release/build.sh --profile $profile)"; exit 1; }
version=$(sed -n 's/^version = "\(.*\)"/\1/p' Cargo.toml | head -n 1)
revision=$(git rev-parse HEAD 2> /dev/null || echo unknown)
tag=localhost/carules:$version

# What the image would run, checked without a container engine: the binary alone, as a
# non-root user, in an empty root, serving on a loopback port.
fallback() {
    echo "skipped: building and running the image: $1"
    echo "image fallback: the binary the image holds, started in an empty root as user 65532"
    local root port_file pid
    root=$(mktemp -d)
    cp "$bin" "$root/carules"
    chmod 755 "$root"
    if [ "$(id -u)" = 0 ]; then
        chroot --userspec=65532:65532 "$root" /carules serve --listen 127.0.0.1:0 --decision-log off 2> "$root/err" &
    else
        (cd "$root" && env -i ./carules serve --listen 127.0.0.1:0 --decision-log off 2> "$root/err") &
    fi
    pid=$!
    for _ in $(seq 100); do grep -q 'http://' "$root/err" 2> /dev/null && break; sleep 0.1; done
    local url
    url=$(grep -o 'http://[0-9.:]*' "$root/err" | head -n 1)
    "$bin" probe "$url/readyz"
    kill -TERM "$pid"
    wait "$pid"
    echo "image fallback: served /readyz in an empty root as a non-root user, stopped on SIGTERM with exit 0"
    rm -rf "$root"
}

if ! command -v podman > /dev/null || ! command -v runc > /dev/null || ! command -v curl > /dev/null; then
    if [ "$(id -u)" = 0 ] && command -v apt-get > /dev/null; then
        echo "image: installing podman, runc and curl (apt-get)"
        timeout 600 env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq podman runc curl > /dev/null 2>&1 \
            || { timeout 300 apt-get update -qq > /dev/null 2>&1 || true
                 timeout 600 env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq podman runc curl > /dev/null 2>&1 || true; }
    fi
fi
command -v curl > /dev/null || { fallback "curl is not installed and could not be (apt-get install curl)"; exit 0; }
command -v podman > /dev/null || { fallback "podman is not installed and could not be (apt-get install podman runc)"; exit 0; }
command -v runc > /dev/null || { fallback "runc is not installed (apt-get install runc)"; exit 0; }

# vfs: no overlay mounts inside a VM or container; runc: crun refuses hybrid cgroups; the
# limits: the default raises them past what this root may set (no CAP_SYS_RESOURCE).
# Without systemd podman cannot arm the health-check timer and says so at every start and
# stop; `podman healthcheck run` below runs the check itself. Those lines are dropped.
pm() { podman --storage-driver vfs --runtime runc "$@" 2> >(grep -v 'unable to get systemd connection' >&2); }
limits=(--ulimit nofile=8192:8192 --ulimit nproc=4096:4096)
name=carules-ci-$$
rules_name=carules-ci-rules-$$
cleanup() { pm rm -f -t 0 "$name" "$rules_name" > /dev/null 2>&1 || true; }
trap cleanup EXIT

# --format docker: the OCI image format has no HEALTHCHECK (podman drops it with a warning).
# --no-cache: buildah reuses a cached LABEL layer whose build argument (REVISION) changed.
echo "image: podman build --format docker (the prebuilt stage: $bin)"
if ! pm build --quiet --no-cache --format docker --build-arg BINARY_FROM=prebuilt --build-arg "PREBUILT=$bin" \
    --build-arg "VERSION=$version" --build-arg "REVISION=$revision" -t "$tag" . > /dev/null; then
    fallback "podman build failed here"
    exit 0
fi
pm image inspect "$tag" --format '{{.Size}}' | awk '{ printf "image: %s, %.1f MB\n", "'"$tag"'", $1 / 1e6 }'

inspect() { pm image inspect "$tag" --format "$1"; }
[ "$(inspect '{{index .Labels "org.opencontainers.image.version"}}')" = "$version" ] || { echo "image: label version"; exit 1; }
[ "$(inspect '{{index .Labels "org.opencontainers.image.revision"}}')" = "$revision" ] || { echo "image: label revision"; exit 1; }
[ "$(inspect '{{.Config.User}}')" = "65532:65532" ] || { echo "image: user is $(inspect '{{.Config.User}}')"; exit 1; }
inspect '{{.HealthCheck.Test}}' | grep -q 'carules probe http://127.0.0.1:8080/healthz' || { echo "image: health check is $(inspect '{{.HealthCheck.Test}}')"; exit 1; }
echo "image: labels version $version and revision $revision, user 65532:65532, HEALTHCHECK carules probe"

port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])' 2> /dev/null || echo 18080)
if ! pm run -d --name "$name" "${limits[@]}" -p "127.0.0.1:$port:8080" "$tag" > /dev/null; then
    fallback "podman cannot run a container here"
    exit 0
fi
url=http://127.0.0.1:$port
for _ in $(seq 100); do "$bin" probe --timeout-ms 500 "$url/readyz" 2> /dev/null && break; sleep 0.2; done
"$bin" probe "$url/readyz"
ready=$(curl -fsS "$url/readyz")
echo "$ready" | grep -q '"ready":true' || { echo "image: /readyz: $ready"; exit 1; }
answer=$(curl -fsS "$url/v1/decide" -H 'Content-Type: application/json' \
    -d '{"region":"630000","as_of":"2026-11-21T10:00:00+08:00","service":"renewal","bidding":{"encrypted_bid_uploaded":true,"closed":false}}')
echo "$answer" | grep -q '"allowed":false' || { echo "image: decide: $answer"; exit 1; }
echo "$answer" | grep -q '"rules_revision":"sha256:' || { echo "image: decide has no rules_revision: $answer"; exit 1; }
pm healthcheck run "$name" || { echo "image: the HEALTHCHECK failed"; exit 1; }
echo "image: default command on 0.0.0.0:8080: /readyz ready, a decide answered (allowed false), HEALTHCHECK passed"
start=$SECONDS
pm stop -t 20 "$name" > /dev/null
code=$(pm inspect "$name" --format '{{.State.ExitCode}}')
[ "$code" = 0 ] || { echo "image: exit $code after stop"; pm logs "$name" | tail -n 20; exit 1; }
echo "image: stop (SIGTERM): exit 0 in $((SECONDS - start))s"

# A mounted rule set: --rules /rules, read-only, served through the interpreter.
pm run -d --name "$rules_name" "${limits[@]}" -p "127.0.0.1:$port:8080" -v "$PWD/rules:/rules:ro,Z" "$tag" \
    serve --listen 0.0.0.0:8080 --rules /rules --decision-log off > /dev/null
for _ in $(seq 100); do "$bin" probe --timeout-ms 500 "$url/readyz" 2> /dev/null && break; sleep 0.2; done
ready=$(curl -fsS "$url/readyz")
echo "$ready" | grep -q '"rules_dir":"/rules"' || { echo "image: --rules /rules: $ready"; exit 1; }
echo "image: --rules /rules (mounted, read-only): ready, served by the interpreter"
echo "release/image.sh: passed"
