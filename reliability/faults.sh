#!/usr/bin/env bash
# The long fault suite (RELIABILITY.md §8 rows 10-13, 18), from one command. Prints one RELIABILITY line per category.
#   reliability/faults.sh                        # every category; kill -9: 10 kills on each of H2 defaults, H2 shipped, PostgreSQL
#   reliability/faults.sh -Dfaults.kills=3       # fewer kills
#   reliability/faults.sh -Dfaults.modes=POSTGRES
# Runs offline (-o) on the local Maven repository; drop -o on a fresh machine. Output: target/failsafe-reports/.
set -euo pipefail
cd "$(dirname "$0")/.."
mkdir -p target
rm -f target/reliability.txt
status=0
./mvnw -o -B -Pfaults verify -Dtest=NONE -Dsurefire.failIfNoSpecifiedTests=false "$@" | tee target/faults.log || status=$?
# the figures, one RELIABILITY line per category (plus the detail lines of kill -9 and SIGTERM)
cat target/reliability.txt 2>/dev/null || true
exit $status
