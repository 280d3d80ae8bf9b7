#!/usr/bin/env bash
# Load test of POST /api/ask over loopback: builds and starts the web host (Release) on 127.0.0.1:$PORT with its own copy
# of the demo database, warms it up, runs wrk with tests/load/ask.lua, then stops the host.
#   bash tests/load/run-ask.sh [duration=20s] [connections=32]
set -euo pipefail
cd "$(dirname "$0")/../.."
DURATION="${1:-20s}"; CONNECTIONS="${2:-32}"; PORT="${PORT:-5177}"
command -v wrk >/dev/null || { echo "wrk is not installed (apt-get install wrk)"; exit 1; }
WORK="$(mktemp -d)"; trap 'kill "$HOST" 2>/dev/null || true; rm -rf "$WORK"' EXIT
dotnet build src/DgBot.Web -c Release -v q -nologo >/dev/null
Data__Path="$WORK/dgbot.db" ASPNETCORE_URLS="http://127.0.0.1:$PORT" ASPNETCORE_ENVIRONMENT=Production Logging__LogLevel__Default=Warning \
  dotnet src/DgBot.Web/bin/Release/net10.0/DgBot.Web.dll >"$WORK/host.log" 2>&1 &
HOST=$!
for _ in $(seq 1 120); do curl -sf "http://127.0.0.1:$PORT/health" >/dev/null && break; sleep 1; done
curl -sf "http://127.0.0.1:$PORT/health" >/dev/null || { echo "host did not start"; cat "$WORK/host.log"; exit 1; }
wrk -t2 -c8 -d5s -s tests/load/ask.lua "http://127.0.0.1:$PORT" >/dev/null   # warm-up: JIT, snapshot, caches
wrk -t2 -c"$CONNECTIONS" -d"$DURATION" --latency -s tests/load/ask.lua "http://127.0.0.1:$PORT"
