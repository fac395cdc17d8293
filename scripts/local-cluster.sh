#!/usr/bin/env bash
# A durable-mode cluster on this machine: one redis-server (append-only file, fsync every second) and N silos.
#   scripts/local-cluster.sh start [SILOS=3] [REDIS_PORT=6379]   build, then start Redis and the silos in the background
#   scripts/local-cluster.sh add                                  start one more silo
#   scripts/local-cluster.sh kill N                               kill -9 silo N (1-based), as a crash would
#   scripts/local-cluster.sh stop                                 stop every silo and Redis (data is kept)
#   scripts/local-cluster.sh status
# State, logs and Redis's files go to .cluster/ in the repository (ignored by git).
set -euo pipefail
cd "$(dirname "$0")/.."
dir=.cluster
mkdir -p "$dir"
redis_port=$(cat "$dir/redis.port" 2>/dev/null || echo "${2:-6379}")
silo_dll=src/Silo/bin/Release/net10.0/Cdr.Orleans.Silo.dll

start_silo() {
  local n=$1
  local silo_port=$((11110 + n)) gateway_port=$((29999 + n)) dashboard_port=$((8079 + n))
  (
    cd src/Silo  # the silo's working directory, as under dotnet run
    # Faster failure detection than Orleans' defaults, so that a killed silo's partitions move within seconds and a
    # cluster whose silos were all killed starts again without waiting minutes for the old entries to expire.
    nohup dotnet "../../$silo_dll" --redis "localhost:$redis_port" --silo-port $silo_port \
      --gateway-port $gateway_port --dashboard-port $dashboard_port \
      --Orleans:ClusterMembership:ProbeTimeout=00:00:02 --Orleans:ClusterMembership:NumMissedProbesLimit=2 \
      --Orleans:ClusterMembership:IAmAliveTablePublishTimeout=00:00:05 --Orleans:ClusterMembership:NumMissedTableIAmAliveLimit=2 \
      > "../../$dir/silo-$n.log" 2>&1 &
    echo $! > "../../$dir/silo-$n.pid"
  )
  echo "silo $n: pid $(cat "$dir/silo-$n.pid"), silo port $silo_port, gateway $gateway_port, dashboard http://localhost:$dashboard_port/dashboard, log $dir/silo-$n.log"
}

case "${1:-status}" in
  start)
    silos=${2:-3}
    redis_port=${3:-6379}
    command -v redis-server >/dev/null || { echo "error: redis-server is not installed (apt-get install -y redis-server)"; exit 1; }
    dotnet build src/Silo -c Release -v quiet -nologo > /dev/null
    echo "$redis_port" > "$dir/redis.port"
    redis-server --port "$redis_port" --bind 127.0.0.1 --dir "$PWD/$dir" --appendonly yes --appendfsync everysec \
      --daemonize yes --pidfile "$PWD/$dir/redis.pid" --logfile "$PWD/$dir/redis.log"
    echo "redis: localhost:$redis_port (append-only file in $dir)"
    for n in $(seq 1 "$silos"); do start_silo "$n"; done
    echo "then: dotnet run --project src/Generator -c Release -- --redis localhost:$redis_port --subscribers 20000 --rate 5000"
    echo "      dotnet run --project src/Client -c Release -- --redis localhost:$redis_port stats"
    ;;
  add)
    n=1
    while [ -f "$dir/silo-$n.pid" ] && kill -0 "$(cat "$dir/silo-$n.pid")" 2>/dev/null; do n=$((n + 1)); done
    start_silo "$n"
    ;;
  kill)
    kill -9 "$(cat "$dir/silo-$2.pid")" && echo "silo $2 killed (kill -9)"
    ;;
  stop)
    for f in "$dir"/silo-*.pid; do [ -f "$f" ] && kill "$(cat "$f")" 2>/dev/null || true; rm -f "$f"; done
    redis-cli -p "$redis_port" shutdown > /dev/null 2>&1 || true
    echo "stopped (Redis data kept in $dir)"
    ;;
  status)
    for f in "$dir"/silo-*.pid; do
      [ -f "$f" ] || continue
      pid=$(cat "$f"); state=$(kill -0 "$pid" 2>/dev/null && echo running || echo stopped)
      echo "$(basename "$f" .pid): pid $pid, $state"
    done
    redis-cli -p "$redis_port" ping > /dev/null 2>&1 && echo "redis: localhost:$redis_port up" || echo "redis: down"
    ;;
  *)
    echo "usage: $0 start [SILOS] [REDIS_PORT] | add | kill N | stop | status"; exit 2
    ;;
esac
