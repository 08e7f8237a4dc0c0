#!/usr/bin/env bash
# Installs what tests/e2e.mjs needs from Debian's packages, only when missing: Chromium
# (/usr/bin/chromium) and a CJK font so that screenshots show the zh-CN text (without one,
# every Chinese character renders as a box). Needs root and apt-get.
set -euo pipefail
need=()
command -v chromium >/dev/null 2>&1 || need+=(chromium)
if ! fc-list :lang=zh 2>/dev/null | grep -q .; then need+=(fonts-wqy-microhei); fi
if [ ${#need[@]} -eq 0 ]; then
    echo "[install-browser] chromium and a CJK font are present"
    exit 0
fi
if [ "$(id -u)" != "0" ] || ! command -v apt-get >/dev/null 2>&1; then
    echo "[install-browser] missing: ${need[*]} (install them with apt-get as root)" >&2
    exit 1
fi
echo "[install-browser] apt-get install ${need[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get update -q >/dev/null
apt-get install -y -q "${need[@]}" >/dev/null
