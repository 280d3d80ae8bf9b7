#!/usr/bin/env bash
# DgBot's test command (README): installs what NuGet cannot bring, runs every test project,
# and ends with one line "N passed, N failed" that CI reads.
set -uo pipefail
cd "$(dirname "$0")/.."

# Debian packages the tests need: chromium for the browser tests, fonts-thai-tlwg for Thai in charts.
missing=()
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
dpkg -s fonts-thai-tlwg >/dev/null 2>&1 || missing+=(fonts-thai-tlwg)
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" = "0" ]; then
    echo "installing ${missing[*]} with apt ..."
    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}") >/tmp/dgbot-apt.log 2>&1 \
      || echo "warning: apt-get install ${missing[*]} failed (see /tmp/dgbot-apt.log)"
  else
    echo "warning: ${missing[*]} missing; run as root (or apt-get install ${missing[*]}) so the tests that need them can run"
  fi
fi

results="$(mktemp -d)"
passed=0
failed=0

if ! dotnet build DgBot.sln -c Release -nologo -v q -clp:ErrorsOnly; then
  echo "build failed"
  echo "0 passed, 1 failed"
  exit 1
fi

for project in tests/*.Tests/*.csproj; do
  name="$(basename "$project" .csproj)"
  dotnet test "$project" -c Release --no-build -nologo \
    --logger "trx;LogFileName=$name.trx" --results-directory "$results" \
    --logger "console;verbosity=minimal"
  trx="$results/$name.trx"
  if [ -f "$trx" ]; then
    counters="$(grep -o '<Counters [^>]*>' "$trx" | head -n 1)"
    p="$(sed -n 's/.* passed="\([0-9]*\)".*/\1/p' <<<"$counters")"
    f="$(sed -n 's/.* failed="\([0-9]*\)".*/\1/p' <<<"$counters")"
    passed=$((passed + ${p:-0}))
    failed=$((failed + ${f:-0}))
  else
    echo "$name produced no results"
    failed=$((failed + 1))
  fi
done

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
