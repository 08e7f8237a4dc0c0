#!/usr/bin/env bash
# Screenshot test of the printed pages (issue 9): renders the 一次性告知单 and the 青海
# handbook to PDF through the CLI (headless Chromium), checks page count and size (the notice
# is one A4 page), the key text (pdftotext), and converts every page to PNG (pdftoppm) under
# target/print/ for a person to look at. Needs Chromium with a CJK font
# (wasm/tests/install-browser.sh installs both) and poppler-utils (installed here with
# apt-get when missing and running as root); skips with a message when either is absent.
#   bash tests/print.sh            (after cargo build; CARULES=path/to/carules to choose the binary)
# Prints `N passed, M failed` last; exits 1 on any failure.
set -uo pipefail
cd "$(dirname "$0")/.."
bin=${CARULES:-target/debug/carules}
out=target/print
passed=0
failed=0
check() { # check NAME COMMAND...
    local name=$1
    shift
    if "$@" >/dev/null 2>&1; then
        passed=$((passed + 1))
        echo "ok   $name"
    else
        failed=$((failed + 1))
        echo "FAIL $name"
    fi
}
finish() {
    echo "$passed passed, $failed failed"
    [ "$failed" -eq 0 ]
    exit $?
}

if [ ! -x "$bin" ]; then
    echo "FAIL no $bin: run cargo build first"
    failed=1
    finish
fi
if ! command -v "${CHROMIUM:-chromium}" >/dev/null 2>&1; then
    echo "SKIP print test: no Chromium (bash wasm/tests/install-browser.sh installs it)"
    finish
fi
if ! command -v pdftoppm >/dev/null 2>&1 || ! command -v pdftotext >/dev/null 2>&1; then
    if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
        echo "[print] apt-get install poppler-utils"
        export DEBIAN_FRONTEND=noninteractive
        apt-get install -y -q poppler-utils >/dev/null 2>&1 \
            || { apt-get update -q >/dev/null 2>&1 && apt-get install -y -q poppler-utils >/dev/null 2>&1; } \
            || true
    fi
    if ! command -v pdftoppm >/dev/null 2>&1; then
        echo "SKIP print test: no pdftoppm/pdftotext (Debian: apt-get install poppler-utils)"
        finish
    fi
fi

rm -rf "$out"
mkdir -p "$out"
cat > "$out/notice-request.json" <<'JSON'
{"region": "630000", "as_of": "2026-11-21T10:00:00+08:00", "service": "renewal", "channel": "onsite", "years": 1,
 "applicant": {"kind": "organization", "roles": ["bidder"], "registered": true},
 "certificate": {"issuer": "BJCA", "expires_on": "2026-12-10", "key": "main"},
 "bidding": {"encrypted_bid_uploaded": true, "closed": false}, "submitted_documents": ["authorization_letter"]}
JSON

pages() { pdfinfo "$1" 2>/dev/null | awk '/^Pages:/ {print $2}'; }
is_a4() { pdfinfo "$1" 2>/dev/null | grep -q '^Page size:.*(A4)'; }
body_on_last_page() { # the last page holds more than 依据, the signature lines and the footer
    local n
    n=$(pages "$1")
    pdftotext -f "$n" -l "$n" "$1" - 2>/dev/null | python3 -c '
import sys
lines = [l.strip() for l in sys.stdin.read().splitlines() if l.strip()]
sys.exit(0 if lines and lines[0] != "依据" and not lines[0].startswith("告知人") and not lines[0].startswith("本告知单") else 1)'
}
has() { # the whole text first: grep -q ending early would fail the pipe (pipefail)
    local text
    text=$(pdftotext -layout "$1" - 2>/dev/null | tr -d ' ')
    [[ $text == *"$2"* ]]
}

# --- the notice: one A4 page ---
check "notice: PDF printed" "$bin" notice "$out/notice-request.json" --format pdf --out "$out/notice.pdf"
check "notice: one page" test "$(pages "$out/notice.pdf")" = 1
check "notice: A4" is_a4 "$out/notice.pdf"
for text in 一次性告知单 青海省 不予办理 所需材料 法人授权委托书 尚缺材料 收费 办结时限 规定未明确 依据 四注 签字 2026年11月21日10:00; do
    check "notice: shows $text" has "$out/notice.pdf" "$text"
done
check "notice: PNG" pdftoppm -png -r 100 "$out/notice.pdf" "$out/notice"
check "notice: one PNG" test -f "$out/notice-1.png" -a ! -f "$out/notice-2.png"

# --- notices that leave much open (还需确认 first, fee options): at most two pages, and the
# last page has body text, never only the footer ---
for req in '340000 renewal' '630000 renewal' '371500 new' '371500 renewal' '540000 new'; do
    set -- $req
    echo "{\"region\": \"$1\", \"as_of\": \"2026-11-21T10:00:00+08:00\", \"service\": \"$2\", \"applicant\": {\"kind\": \"organization\"}}" > "$out/open-$1-$2.json"
    check "open notice $1 $2: PDF printed" "$bin" notice "$out/open-$1-$2.json" --format pdf --out "$out/open-$1-$2.pdf"
    check "open notice $1 $2: at most 2 pages" test "$(pages "$out/open-$1-$2.pdf")" -le 2
    check "open notice $1 $2: questions first" has "$out/open-$1-$2.pdf" "一、还需确认"
    check "open notice $1 $2: body text on the last page" body_on_last_page "$out/open-$1-$2.pdf"
done

# --- the 青海 handbook: several A4 pages ---
check "handbook: PDF printed" "$bin" handbook --region 630000 --as-of 2026-11-21 --format pdf --out "$out/handbook.pdf"
check "handbook: more than one page" test "$(pages "$out/handbook.pdf")" -gt 1
check "handbook: A4" is_a4 "$out/handbook.pdf"
for text in 青海省CA数字证书办事指南 新办 续期 信息变更 单位 个人 所需材料 收费 办理条件与限制 招投标期间 依据文件及所引条款; do
    check "handbook: shows $text" has "$out/handbook.pdf" "$text"
done
check "handbook: PNGs" pdftoppm -png -r 60 "$out/handbook.pdf" "$out/handbook"

# --- every shipped region: its handbook, and a notice for a seeded service request of it ---
regions=$("$bin" regions | python3 -c 'import json, sys; print(" ".join(r["code"] + ":" + r["name"] for r in json.load(sys.stdin)))')
"$bin" sample --seed 20261205 --count 3000 | python3 -c '
import json, sys
seen = {}
for line in sys.stdin:
    r = json.loads(line)
    # A 一次性告知单 is for one service: the request names it (without one, the notice lists
    # the branches of every service and may run past two pages, which is not what this checks).
    if r.get("question", "service") == "service" and "service" in r and r.get("region") not in seen:
        seen[r["region"]] = line
for code, line in seen.items():
    open(sys.argv[1] + "/notice-" + code + ".json", "w").write(line)
' "$out"
for entry in $regions; do
    code=${entry%%:*}
    name=${entry#*:}
    check "handbook $code: PDF printed" "$bin" handbook --region "$code" --as-of 2026-11-21 --format pdf --out "$out/handbook-$code.pdf"
    check "handbook $code: A4, names $name" bash -c "pdfinfo '$out/handbook-$code.pdf' | grep -q '(A4)' && pdftotext '$out/handbook-$code.pdf' - | tr -d ' ' | grep -q '${name}CA数字证书办事指南'"
    if [ -f "$out/notice-$code.json" ]; then
        check "notice $code: PDF printed" "$bin" notice "$out/notice-$code.json" --format pdf --out "$out/notice-$code.pdf"
        check "notice $code: body text on the last page" body_on_last_page "$out/notice-$code.pdf"
        check "notice $code: A4, at most 2 pages, names $name" bash -c "pdfinfo '$out/notice-$code.pdf' | grep -q '(A4)' && [ \$(pdfinfo '$out/notice-$code.pdf' | awk '/^Pages:/ {print \$2}') -le 2 ] && pdftotext '$out/notice-$code.pdf' - | tr -d ' ' | grep -q '一次性告知单' && pdftotext '$out/notice-$code.pdf' - | tr -d ' ' | grep -q '$name'"
    fi
done

# --- no Chromium: a clear error, exit 1 ---
nochrome() {
    local msg rc=0
    msg=$(env -u CHROMIUM PATH=/nonexistent "$PWD/$bin" notice "$out/notice-request.json" --format pdf --out "$out/x.pdf" 2>&1) || rc=$?
    [ "$rc" = 1 ] && printf '%s' "$msg" | grep -q "apt-get install chromium"
}
check "without Chromium: exit 1 naming what to install" nochrome

echo "[print] pages as PNG in $out/"
finish
