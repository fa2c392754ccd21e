#!/usr/bin/env bash
# CDS Hooks benchmark: the patient-view service with full prefetch and with self-fetch, at 1 and 8 clients,
# next to the IGF-1 search p50 in the same run.
# Runs target/somaxis-server.jar on a fresh H2 database. Build first: ./mvnw -B -DskipTests package
#
#   bench/cds.sh                 # defaults below
#   SECONDS_PER_PHASE=30 bench/cds.sh
set -euo pipefail
cd "$(dirname "$0")/.."

SECONDS_PER_PHASE=${SECONDS_PER_PHASE:-20}
# shellcheck source=bench/server.sh
. bench/server.sh

java bench/CdsBench.java "http://localhost:$PORT" examples/bundles 8 "$SECONDS_PER_PHASE"
rss_now
