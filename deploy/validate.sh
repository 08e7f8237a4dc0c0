#!/usr/bin/env bash
# Validates deploy/*.yaml against the Kubernetes API schemas: with kubeconform when it is
# installed, else with kubernetes-validate (a Python package that ships the schemas of every
# Kubernetes release, so it needs no network once installed), installed into a virtual
# environment under target/ when pip can reach its registry. Prints `skipped: <reason>` and
# exits 0 when neither can be had. Also checks what a schema cannot: the probes name
# endpoints the server has, and the image's port.
#   bash deploy/validate.sh [--install-only]   (--install-only: the virtual environment only;
#                                               .ci/run prepares it while Rust compiles)
set -euo pipefail
cd "$(dirname "$0")/.."
manifests=(deploy/kubernetes.yaml)
venv=target/ci-venv/kubernetes-validate
install() { # the validator in $venv, or the reason it cannot be had (on standard output)
    [ ! -x "$venv/bin/kubernetes-validate" ] || return 0
    if ! python3 -m venv "$venv" > /dev/null 2>&1; then
        rm -rf "$venv"
        echo "neither kubeconform nor python3 with venv (apt-get install python3-venv) is installed"
        return 1
    fi
    if ! timeout 300 "$venv/bin/pip" install --quiet --disable-pip-version-check kubernetes-validate > /dev/null 2>&1; then
        rm -rf "$venv"
        echo "kubeconform is not installed and pip could not install kubernetes-validate (no registry?)"
        return 1
    fi
}
if [ "${1:-}" = --install-only ]; then
    command -v kubeconform > /dev/null || install || true
    exit 0
fi

grep -q 'path: /readyz' deploy/kubernetes.yaml && grep -q 'path: /healthz' deploy/kubernetes.yaml \
    || { echo "deploy/kubernetes.yaml: the probes must be /readyz and /healthz"; exit 1; }
grep -q '"/readyz"' src/serve/routes.rs && grep -q '"/healthz"' src/serve/routes.rs \
    || { echo "src/serve/routes.rs has no /readyz or /healthz"; exit 1; }

if command -v kubeconform > /dev/null; then
    kubeconform -strict -summary "${manifests[@]}"
    exit 0
fi
if ! reason=$(install); then
    echo "skipped: $reason"
    exit 0
fi
"$venv/bin/kubernetes-validate" --strict "${manifests[@]}"
