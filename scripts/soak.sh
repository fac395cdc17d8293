#!/usr/bin/env bash
# The soak: durable mode at half the maximum rate for a while, sampling silo RSS, GC heap and Redis memory every
# minute (docs/benchmarks.md). Starts its own redis-server on a free port and removes it after.
#   scripts/soak.sh [DURATION (default 30m)] [SUBSCRIBERS (default 100000)]
set -euo pipefail
duration="${1:-30m}"
subscribers="${2:-100000}"
cd "$(dirname "$0")/.."
command -v redis-server >/dev/null || { echo "soak: redis-server is not installed (apt-get install -y redis-server)" >&2; exit 2; }
dir="$(mktemp -d)"
port="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')"
redis-server --port "$port" --bind 127.0.0.1 --save "" --appendonly yes --appendfsync everysec --dir "$dir" >"$dir/redis.log" 2>&1 &
redis_pid=$!
trap 'kill "$redis_pid" 2>/dev/null; wait "$redis_pid" 2>/dev/null; rm -rf "$dir"' EXIT
sleep 1
dotnet build src/Silo -c Release -v q -nologo >/dev/null
silo=(dotnet src/Bench/bin/Release/net10.0/Cdr.Orleans.Bench.dll --redis "127.0.0.1:$port" --subscribers "$subscribers")
echo "soak: measuring the maximum rate (30 s, durable mode, $subscribers subscribers)..."
max="$("${silo[@]}" --duration 30s | awk '/CDRs applied\/s \(sustained\)/ { gsub(",", "", $NF); print $NF }')"
half=$(( max / 2 ))
echo "soak: maximum $max CDRs/s; soaking at $half CDRs/s for $duration"
redis-cli -p "$port" flushall >/dev/null
"${silo[@]}" --rate "$half" --soak "$duration"
