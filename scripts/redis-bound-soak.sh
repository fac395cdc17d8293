#!/usr/bin/env bash
# Redis stays bounded while checkpoints fail (docs/durable-mode.md): a durable demo silo publishes at RATE CDRs/s;
# after WARMUP, Redis's ACL stops the silo writing subscriber states, so no checkpoint completes and no entry is
# acknowledged, for MINUTES. Prints Redis's used memory, the partition streams' length and the dead-letter stream
# every 30 s (flat once each partition holds MaxBacklog entries and the demo is pushed back), then gives the writes
# back and shows the backlog drain.
#   scripts/redis-bound-soak.sh [MINUTES (10)] [RATE (2000)] [SUBSCRIBERS (20000)] [MAX_BACKLOG (500)]
set -euo pipefail
minutes="${1:-10}"
rate="${2:-2000}"
subscribers="${3:-20000}"
backlog="${4:-500}"
warmup=60
cd "$(dirname "$0")/.."
command -v redis-server >/dev/null || { echo "redis-bound-soak: redis-server is not installed (apt-get install -y redis-server)" >&2; exit 2; }
dotnet build src/Silo -c Release -v q -nologo >/dev/null
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
redis_port="$(free_port)"
http_port="$(free_port)"
dir="$(mktemp -d)"
redis-server --port "$redis_port" --bind 127.0.0.1 --save '' --appendonly no --dir "$dir" --daemonize yes --logfile "$dir/redis.log"
cli() { redis-cli -p "$redis_port" "$@"; }
for _ in $(seq 1 50); do cli ping >/dev/null 2>&1 && break; sleep 0.1; done
dotnet src/Silo/bin/Release/net10.0/Cdr.Orleans.Silo.dll --redis "127.0.0.1:$redis_port" --demo --demo-rate "$rate" --demo-subscribers "$subscribers" \
  --dashboard-port "$http_port" --silo-port 21411 --gateway-port 40411 --Cdr:RedisStreams:MaxBacklog="$backlog" >"$dir/silo.log" 2>&1 &
silo=$!
trap 'kill "$silo" 2>/dev/null; wait "$silo" 2>/dev/null; cli shutdown nosave >/dev/null 2>&1 || true; rm -rf "$dir"' EXIT
for _ in $(seq 1 240); do grep -q "demo:" "$dir/silo.log" && break; kill -0 "$silo" 2>/dev/null || { cat "$dir/silo.log" >&2; exit 1; }; sleep 0.5; done
backlog_total() { local n=0; for key in $(cli --scan --pattern 'cdr:partition:*' | grep -v ':reader$'); do n=$((n + $(cli xlen "$key"))); done; echo "$n"; }
sample() {
  printf '%-8s %14s %16s %14s %12s %10s\n' "$1" "$(cli info memory | awk -F: '/^used_memory:/ {print $2}' | tr -d '\r')" "$(backlog_total)" \
    "$(cli xlen cdr:dead-letters)" "$(cli dbsize)" "$(awk '/VmRSS/ {print $2}' /proc/$silo/status)"
}
echo "redis-bound-soak: durable demo silo at $rate CDRs/s, $subscribers subscribers, MaxBacklog $backlog; warming up ${warmup} s"
sleep "$warmup"
printf '%-8s %14s %16s %14s %12s %10s\n' "minute" "redis bytes" "stream entries" "dead letters" "redis keys" "silo KB"
sample "0 (ok)"
# Subscriber states become read-only for the silo: every checkpoint fails from now on.
cli acl setuser default resetkeys '~cdr:*' '~cdr-orleans/members/*' '~cdr-orleans/layout' '~cdr-orleans/state/[^{]*' '%R~cdr-orleans/state/{*' >/dev/null
for m in $(seq 1 "$minutes"); do
  sleep 30; sample "$((m - 1)).5"
  sleep 30; sample "$m"
done
cli acl setuser default allkeys >/dev/null
echo "subscriber state writes allowed again; the backlog drains:"
for _ in 1 2 3 4; do sleep 15; sample "after"; done
grep -c "Checkpoint\|checkpoint" "$dir/silo.log" | xargs echo "silo log lines about checkpoints:"
