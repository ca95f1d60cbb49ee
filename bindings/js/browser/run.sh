#!/bin/sh
# bindings/js: the browser smoke test (make js-browser). Serves DIR (the
# built olm.js, olm.wasm, cliquet.mjs, cliquet.wasm and this directory's
# page) over HTTP on a free local port with python3's http.server, loads
# the page in headless chromium and reads the verdict that smoke.mjs
# writes into the DOM. Usage: run.sh DIR [CHROMIUM]
# SPDX-License-Identifier: Apache-2.0
set -eu
dir=$1
chromium=${2:-chromium}

portfile=$dir/.port
rm -f "$portfile"
# A free port: bound to port 0, the server writes the one it got.
python3 - "$dir" "$portfile" <<'PY' &
import functools, http.server, os, sys
class Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass
handler = functools.partial(Quiet, directory=sys.argv[1])
server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
with open(sys.argv[2] + ".tmp", "w") as f:
    f.write(str(server.server_address[1]))
os.rename(sys.argv[2] + ".tmp", sys.argv[2])
server.serve_forever()
PY
server=$!
trap 'kill "$server" 2>/dev/null || true' EXIT INT TERM
i=0
while [ ! -f "$portfile" ]; do
    i=$((i + 1))
    [ "$i" -lt 100 ] || { echo "js-browser: the server did not start"; exit 1; }
    sleep 0.1
done
url="http://127.0.0.1:$(cat "$portfile")/index.html"

# --virtual-time-budget lets the page's promises (fetching and compiling
# the wasm, the test) settle before --dump-dom prints the DOM.
dom=$("$chromium" --headless --no-sandbox --disable-gpu --disable-dev-shm-usage \
      --no-first-run --user-data-dir="$dir/.profile" --virtual-time-budget=30000 \
      --dump-dom "$url" 2>"$dir/chromium.log") || {
    echo "js-browser: chromium failed:"; tail -20 "$dir/chromium.log"; exit 1; }
result=$(printf '%s\n' "$dom" | sed -n 's:.*<pre id="result">\(.*\)</pre>.*:\1:p')
echo "js-browser: $("$chromium" --version 2>/dev/null | head -1): $result"
case $result in
    PASS*) exit 0 ;;
    *) exit 1 ;;
esac
