#!/usr/bin/env bash
# $evaluate benchmark: Patient/$evaluate at 1 and 8 clients next to the IGF-1 search p50, same run.
# Runs target/somaxis-server.jar on a fresh H2 database. Build first: ./mvnw -B -DskipTests package
#
#   bench/evaluate.sh                 # defaults below
#   SECONDS_PER_PHASE=30 bench/evaluate.sh
set -euo pipefail
cd "$(dirname "$0")/.."

SECONDS_PER_PHASE=${SECONDS_PER_PHASE:-20}
# shellcheck source=bench/server.sh
. bench/server.sh

java bench/EvaluateBench.java "http://localhost:$PORT/fhir" examples/bundles 8 "$SECONDS_PER_PHASE"
rss_now
