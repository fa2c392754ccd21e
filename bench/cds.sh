#!/usr/bin/env bash
# CDS Hooks benchmark: the patient-view service with full prefetch and with self-fetch, at 1 and 8 clients,
# next to the IGF-1 search p50 in the same run.
# Runs target/somaxis-server.jar on a fresh H2 database. Build first: ./mvnw -B -DskipTests package
#
#   bench/cds.sh                 # defaults below
#   SECONDS_PER_PHASE=30 bench/cds.sh
set -euo pipefail
cd "$(dirname "$0")/.."

JAR=target/somaxis-server.jar
PORT=${PORT:-18080}

SECONDS_PER_PHASE=${SECONDS_PER_PHASE:-20}
# Heap sized for a 2-core, small-clinic node, as in bench/platform.sh (without its JDK 19+ CDS flags).
JAVA_OPTS=${JAVA_OPTS:-"-Xms256m -Xmx512m -XX:+UseSerialGC"}

[ -f "$JAR" ] || { echo "missing $JAR: run ./mvnw -B -DskipTests package" >&2; exit 1; }
DATA=$(mktemp -d)
LOG=$DATA/server.log
trap 'kill $PID 2>/dev/null || true; wait $PID 2>/dev/null || true; rm -rf "$DATA"' EXIT

START=$(date +%s%N)
# shellcheck disable=SC2086
SOMAXIS_DATA_DIR=$DATA java $JAVA_OPTS -jar "$JAR" --server.port="$PORT" --somaxis.demo.enabled=false >"$LOG" 2>&1 &
PID=$!
until [ "$(curl -s -o /dev/null -w '%{http_code}' "http://localhost:$PORT/fhir/metadata")" = 200 ]; do
  kill -0 $PID 2>/dev/null || { echo "server died; see log:" >&2; tail -50 "$LOG" >&2; exit 1; }
  sleep 0.1
done
READY=$(( ($(date +%s%N) - START) / 1000000 ))
RSS=$(awk '/VmRSS/ {print int($2/1024)}' /proc/$PID/status)
echo "java: $(java -version 2>&1 | head -1); JAVA_OPTS: $JAVA_OPTS"
echo "start: first 200 on /fhir/metadata after ${READY} ms (fresh H2 database)"
echo "rss after start: ${RSS} MB"

java bench/CdsBench.java "http://localhost:$PORT" examples/bundles 8 "$SECONDS_PER_PHASE"
echo "rss after load: $(awk '/VmRSS/ {print int($2/1024)}' /proc/$PID/status) MB"
