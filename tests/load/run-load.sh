#!/usr/bin/env bash
# DgBot's load test (issue 8): builds the web host and the load tool in Release, then runs tests/DgBot.LoadTest, which
# starts a fake LINE API and the real host (its own database in a temp folder) on 127.0.0.1 and sends 50,000 POST /api/ask
# at concurrency 64 and 5,000 signed LINE webhooks. Exit code 0 only with no 5xx, no transport error and no lost reply.
#   bash tests/load/run-load.sh                                  # the full run; result in tests/load/last-run.json
#   bash tests/load/run-load.sh --asks 2000 --webhooks 200       # a quick one
#   bash tests/load/run-load.sh --host-env RateLimits__Ask__PermitLimit=1000000   # extra host configuration (repeatable)
#   BUILD=sln bash tests/load/run-load.sh                        # build the whole solution first (BUILD=none: no build)
# Every other argument goes to the tool (dotnet tests/DgBot.LoadTest/bin/Release/net10.0/DgBot.LoadTest.dll --help).
set -euo pipefail
cd "$(dirname "$0")/../.."
OUT="${OUT:-tests/load/last-run.json}"
case "${BUILD:-projects}" in
  sln) dotnet build DgBot.sln -c Release -nologo -v q -clp:ErrorsOnly ;;
  projects)
    dotnet build src/DgBot.Web -c Release -nologo -v q -clp:ErrorsOnly
    dotnet build tests/DgBot.LoadTest -c Release -nologo -v q -clp:ErrorsOnly ;;
  none) ;;
  *) echo "BUILD must be sln, projects or none"; exit 2 ;;
esac
exec dotnet tests/DgBot.LoadTest/bin/Release/net10.0/DgBot.LoadTest.dll --out "$OUT" "$@"
