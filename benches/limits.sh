#!/usr/bin/env bash
# Times `carules decide` on requests at the limits of docs/api.md ("Limits"): generated into
# a scratch directory (too large to commit), each answered by the release binary (or the one
# given as $CARULES). Prints seconds, peak memory and the error message, one line each.
# Usage: bash benches/limits.sh   (builds target/release/carules first; CARULES=path/to/binary
# times another build; each run is stopped after LIMIT_TIMEOUT seconds, 600 by default)
set -euo pipefail
cd "$(dirname "$0")/.."
bin=${CARULES:-target/release/carules}
[ -n "${CARULES:-}" ] || cargo build --release --quiet
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
python3 - "$dir" <<'PY'
import sys, os
d = sys.argv[1]
a = '"region": "630000", "as_of": "2026-11-21T10:00:00+08:00"'
n = 100_000
def w(name, text): open(os.path.join(d, name), 'w').write(text)
w('nested-1e5.json', '{' + a + ', "together": ' + '[' * n + ']' * n + '}')
w('nested-1e5.yaml', 'region: "630000"\ntogether: ' + '[' * n + ']' * n + '\n')
w('wide-128-levels.yaml', 'region: "630000"\ntogether: ' + '[' * 128 + '1,' * 400_000 + '1' + ']' * 128 + '\n')
w('nested-block-1e5.yaml', 'region: "630000"\ntogether:\n' + '- ' * n + 'x\n')
lines = ['a0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
lines += [f'a{i}: &a{i} [' + ','.join([f'*a{i-1}'] * 10) + ']' for i in range(1, 10)]
w('alias-bomb.yaml', 'region: "630000"\n' + '\n'.join(lines) + '\ntogether: *a9\n')
w('region-100MB.json', '{"region": "' + '6' * (100 << 20) + '", "as_of": "2026-11-21T10:00:00+08:00"}')
w('region-1000KB.json', '{"region": "' + '6' * 1_000_000 + '", "as_of": "2026-11-21T10:00:00+08:00"}')
w('together-1e6.json', '{' + a + ', "together": [' + ','.join(['{}'] * 1_000_000) + ']}')
w('together-2e5.json', '{' + a + ', "together": [' + ','.join(['{}'] * 200_000) + ']}')
w('bom-multi-key.yaml', '\ufeffregion: "630000"\nas_of: "2026-11-21T10:00:00+08:00"\nservice: renewl\n')
PY
for f in "$dir"/*; do
  /usr/bin/time -f "%e s %M KB" -o "$dir/.time" timeout "${LIMIT_TIMEOUT:-600}" "$bin" decide "$f" > "$dir/.out" || true
  msg=$(grep -o '"message": "[^"]\{0,100\}' "$dir/.out" | head -1 | cut -c13-)
  printf '%-24s %-16s %s\n' "$(basename "$f")" "$(tail -1 "$dir/.time")" "${msg:-answered}"
done
