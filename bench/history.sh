#!/usr/bin/env bash
# Long-history benchmark: patients with about 5,000 resources each (years of encounters, vitals and other labs besides
# the guidance's own data); Patient/$evaluate p50 next to an IGF-1 search p50 on the same patients, same run
# (target: ratio <= 2). Runs target/somaxis-server.jar on a fresh H2 database. Build first: ./mvnw -B -DskipTests package
#
#   bench/history.sh                      # 2 patients, 20 s of measurement
#   PATIENTS=1 SECONDS_PER_PHASE=10 bench/history.sh
#
# Only reads are measured, so validation on write is off by default to keep the load phase short (SERVER_ARGS='' to
# keep it on).
set -euo pipefail
cd "$(dirname "$0")/.."

PATIENTS=${PATIENTS:-2}
SECONDS_PER_PHASE=${SECONDS_PER_PHASE:-20}
SERVER_ARGS=${SERVER_ARGS---somaxis.conformance.validate-on-write=false}
# shellcheck source=bench/server.sh
. bench/server.sh

echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
java bench/HistoryBench.java "http://localhost:$PORT/fhir" "$PATIENTS" "$SECONDS_PER_PHASE"
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
rss_now
