#!/usr/bin/env bash
# A back office's typed client: openapi-python-client generates a Python client from the
# served /openapi.json (not /v1/batch: NDJSON, which the generator skips); the client decides the README's 青海 request and gets a typed answer
# (ServiceAnswer, with the server-added fields), lists regions as typed items, and reads
# /readyz as Readiness. The generator must not drop a schema or a response.
# Optional in CI: prints `skipped: <reason>` when python3's venv or pip's registry is absent.
#   bash tests/openapi_client.sh [CARULES_BINARY]      (default target/debug/carules)
#   bash tests/openapi_client.sh --install-only        (the virtual environment only)
set -euo pipefail
cd "$(dirname "$0")/.."
venv=target/ci-venv/openapi-python-client
install() { # the generator in $venv, or the reason it cannot be had (on standard output)
    [ ! -x "$venv/bin/openapi-python-client" ] || return 0
    if ! python3 -m venv "$venv" > /dev/null 2>&1; then
        rm -rf "$venv"
        echo "python3 with venv is not installed (apt-get install python3-venv)"
        return 1
    fi
    if ! timeout 300 "$venv/bin/pip" install --quiet --disable-pip-version-check openapi-python-client > /dev/null 2>&1; then
        rm -rf "$venv"
        echo "pip could not install openapi-python-client (no registry?)"
        return 1
    fi
}
if [ "${1:-}" = --install-only ]; then
    install || true
    exit 0
fi
if ! reason=$(install); then
    echo "skipped: $reason"
    exit 0
fi
carules=${1:-target/debug/carules}
[ -x "$carules" ] || cargo build --quiet

work=target/openapi-client
rm -rf "$work"
mkdir -p "$work"
"$carules" serve --listen 127.0.0.1:0 --decision-log off 2> "$work/serve.err" &
pid=$!
trap 'kill "$pid" 2> /dev/null || true' EXIT
for _ in $(seq 100); do grep -qs 'http://' "$work/serve.err" && break; sleep 0.1; done
url=$(grep -o 'http://[0-9.:]*' "$work/serve.err" | head -n 1)
"$carules" probe "$url/readyz"
python3 -c 'import sys, urllib.request; sys.stdout.buffer.write(urllib.request.urlopen(sys.argv[1]).read())' "$url/openapi.json" > "$work/openapi.json"

(cd "$work" && ../../"$venv"/bin/openapi-python-client generate --path openapi.json --meta none --output-path client > generate.log 2>&1) \
    || { cat "$work/generate.log"; exit 1; }
# A schema or response the generator could not read is dropped with a warning: none may be,
# but /metrics (Prometheus text: no client generator types application/openmetrics-text).
if grep -E -i 'removal of|will be omitted|Unable to process|Cannot parse' "$work/generate.log" | grep -v 'Unsupported content_type application/openmetrics-text'; then
    echo "tests/openapi_client.sh: the generator dropped part of /openapi.json (above)"
    exit 1
fi

PYTHONPATH=$work "$venv/bin/python" - "$url" <<'PY'
import sys
from client import Client
from client.api.default import post_v1_decide, get_v1_regions, get_readyz
from client.models import CarulesRequest, ServiceAnswer, RegionInfo, Readiness

c = Client(base_url=sys.argv[1])
request = CarulesRequest.from_dict({
    "region": "630000", "as_of": "2026-11-21T10:00:00+08:00", "service": "renewal", "channel": "onsite",
    "applicant": {"kind": "organization", "roles": ["bidder"], "registered": True},
    "certificate": {"issuer": "BJCA", "expires_on": "2026-12-10", "key": "main"},
    "bidding": {"encrypted_bid_uploaded": True, "closed": False},
})
answer = post_v1_decide.sync(client=c, body=request, x_request_id="client-1")
assert isinstance(answer, ServiceAnswer), type(answer)
assert answer.allowed is False, answer.allowed
assert answer.rules_revision.startswith("sha256:"), answer.rules_revision
assert answer.request_id == "client-1", answer.request_id
assert any(f.code == "bidding.in_progress" for f in answer.findings), [f.code for f in answer.findings]
regions = get_v1_regions.sync(client=c)
assert all(isinstance(r, RegionInfo) for r in regions) and any(r.code == "630000" for r in regions)
ready = get_readyz.sync(client=c)
assert isinstance(ready, Readiness) and ready.ready is True, ready
print(f"openapi-python-client: typed /v1/decide answer {type(answer).__name__} (allowed={answer.allowed}, "
      f"{len(answer.findings)} findings), {len(regions)} RegionInfo, Readiness ready={ready.ready}")
PY
echo "tests/openapi_client.sh: passed"
