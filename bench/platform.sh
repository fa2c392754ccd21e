#!/usr/bin/env bash
# Platform benchmark: start time, RSS, transaction ingest at 4 clients, IGF-1 search at 8 clients.
# Runs target/somaxis-server.jar on a fresh H2 database. Build first: ./mvnw -B -DskipTests package
#
#   bench/platform.sh                 # defaults below
#   JAVA_OPTS="-Xmx1g" bench/platform.sh
set -euo pipefail
cd "$(dirname "$0")/.."

JAR=target/somaxis-server.jar
PORT=${PORT:-18080}
BUNDLES=${BUNDLES:-40}
SEARCH_SECONDS=${SEARCH_SECONDS:-30}
# Heap sized for a 2-core, small-clinic node; see bench/README.md for the options tried.
JAVA_OPTS=${JAVA_OPTS:-"-Xms256m -Xmx512m -XX:+UseSerialGC -XX:+AutoCreateSharedArchive -XX:SharedArchiveFile=target/somaxis.jsa"}

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

java bench/PlatformBench.java "http://localhost:$PORT/fhir" "$BUNDLES" 4 8 "$SEARCH_SECONDS"
echo "rss after load: $(awk '/VmRSS/ {print int($2/1024)}' /proc/$PID/status) MB"
