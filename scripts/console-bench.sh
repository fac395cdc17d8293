#!/usr/bin/env bash
# The web console's figures (docs/benchmarks.md): starts a demo silo at a fixed rate (embedded mode, campaigns in
# memory), lets it warm up, then runs console-bench against it: time to first chart and bytes per page load in
# Debian's chromium, and the silo CPU that TABS open tabs cost. Stops the silo after.
#   scripts/console-bench.sh [RATE (default 5000)] [SUBSCRIBERS (default 50000)] [TABS (default 10; 0: page loads only)] [more console-bench switches]
# CDR_SILO_DLL=path/Cdr.Orleans.Silo.dll measures another build of the silo (a before/after comparison).
set -euo pipefail
rate="${1:-5000}"
subscribers="${2:-50000}"
tabs="${3:-10}"
shift $(( $# < 3 ? $# : 3 ))
cd "$(dirname "$0")/.."
command -v chromium >/dev/null || { echo "console-bench: chromium is not installed (apt-get install -y chromium)" >&2; exit 2; }
dotnet build src/Silo -c Release -v q -nologo >/dev/null
dotnet build tests/Cdr.Orleans.ConsoleBench -c Release -v q -nologo >/dev/null
port="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')"
log="$(mktemp)"
dotnet "${CDR_SILO_DLL:-src/Silo/bin/Release/net10.0/Cdr.Orleans.Silo.dll}" --demo --demo-rate "$rate" --demo-subscribers "$subscribers" \
  --dashboard-port "$port" --silo-port 21311 --gateway-port 40311 --Cdr:Engine:DataDirectory= >"$log" 2>&1 &
silo_pid=$!
trap 'kill "$silo_pid" 2>/dev/null; wait "$silo_pid" 2>/dev/null; rm -f "$log"' EXIT
for _ in $(seq 1 240); do grep -q "subscriber show" "$log" && break; kill -0 "$silo_pid" 2>/dev/null || { cat "$log" >&2; exit 1; }; sleep 0.5; done
subscriber="$(grep -oE 'subscriber show \+[0-9]+' "$log" | head -1 | awk '{print $3}')"
echo "console-bench: demo silo pid $silo_pid on http://localhost:$port/ at $rate CDRs/s, $subscribers subscribers; 30 s to warm up"
sleep 30
tab_args=()
[ "$tabs" -gt 0 ] && tab_args=(--tabs "$tabs" --silo-pid "$silo_pid")
dotnet tests/Cdr.Orleans.ConsoleBench/bin/Release/net10.0/Cdr.Orleans.ConsoleBench.dll --url "http://localhost:$port/" \
  --subscriber "$subscriber" "${tab_args[@]}" "$@"
