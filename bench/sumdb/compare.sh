#!/usr/bin/env bash
# Two dotnet-mod builds' cost of the checksum database client, interleaved on one server: for a
# change to the client, A (before) against B (after), each with MODSUMDB off and on, every round
# running all four once (bench/interleave.py), so the shared machine's load hits them alike.
#
#   bench/sumdb/compare.sh RUN_DIR CLI_A CLI_B [rounds=9]
#
# RUN_DIR is a directory bench/sumdb/run.sh left (its universe u/, proxy/ and signer.key);
# CLI_A and CLI_B are directories holding a published dotnet-mod (e.g. RUN_DIR/cli, and one
# published from the changed tree with the same MODSDK_PUBLISH arguments). Each command starts
# with an empty MODCACHE and no module.sum (the client's first use: no latest tree, no tiles).
set -euo pipefail
RUN=${1:?run dir}; A=${2:?cli A}; B=${3:?cli B}; ROUNDS=${4:-9}
REPO=$(cd "$(dirname "$0")/../.." && pwd)
NAME=sum.bench.test
MAIN=$RUN/u/mod/main
PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
"$RUN/proxy/modproxy" --urls "http://127.0.0.1:$PORT" --Logging:LogLevel:Default=Warning --Storage:Kind=memory \
  --Upstream="file://$RUN/u/modproxy" --SumDb:Name=$NAME --SumDb:SignerKey="$RUN/signer.key" >"$RUN/compare-proxy.log" 2>&1 &
PROXY_PID=$!
trap 'kill $PROXY_PID 2>/dev/null; wait 2>/dev/null || true' EXIT
for _ in $(seq 1 300); do curl -s -o /dev/null "http://127.0.0.1:$PORT/healthz" && break; sleep 0.1; done
# The verifier key of RUN_DIR's signer key (run.sh keeps it in verifier.key; older runs did not).
KEY=$(cat "$RUN/verifier.key" 2>/dev/null || python3 - "$RUN/signer.key" <<'PY'
import base64, subprocess, sys
_, _, name, khash, b64 = open(sys.argv[1]).read().strip().split("+", 4)
seed = base64.b64decode(b64)[1:]
der = subprocess.run(["openssl", "pkey", "-inform", "DER", "-pubout", "-outform", "DER"],
                     input=bytes.fromhex("302e020100300506032b657004220420") + seed, capture_output=True, check=True).stdout
print(f"{name}+{khash}+" + base64.b64encode(b"\x01" + der[-32:]).decode())
PY
)
export MODPROXY=http://127.0.0.1:$PORT MODPRIVATE= MODNOSUMDB= HOME=$RUN/home
C=$RUN/compare-cache
echo "== warming the proxy" >&2
(cd "$MAIN" && rm -f module.sum && MODCACHE=$C MODSUMDB=$KEY "$B/dotnet-mod" download all)
prep="chmod -R u+w $C 2>/dev/null; rm -rf $C $MAIN/module.sum"
run() { echo "cd $MAIN && MODCACHE=$C MODSUMDB='$2' $1/dotnet-mod download all"; }
python3 "$REPO/bench/interleave.py" "$ROUNDS" \
  "A-off=$(run "$A" off)" "A-on=$(run "$A" "$KEY")" "B-off=$(run "$B" off)" "B-on=$(run "$B" "$KEY")" \
  --prepare "A-off=$prep" --prepare "A-on=$prep" --prepare "B-off=$prep" --prepare "B-on=$prep" \
  --json "$RUN/compare.json"
