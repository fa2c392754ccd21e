#!/usr/bin/env bash
# Platform benchmark: start time, RSS, transaction ingest at 4 clients, IGF-1 search at 8 clients.
# Runs the packaged server on a fresh H2 database. Build first: ./mvnw -B -DskipTests package
#
#   bench/platform.sh              # plain java -jar target/somaxis-server.jar on JDK 17
#   JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64 bench/platform.sh   # JDK 25: extracted jar + AOT cache trained once
#   JAVA_HOME=... MODE=jar bench/platform.sh                         # JDK 25 without the cache
set -euo pipefail
cd "$(dirname "$0")/.."

JAR=target/somaxis-server.jar
JAVA=${JAVA_HOME:+$JAVA_HOME/bin/}java
PORT=${PORT:-18080}
BUNDLES=${BUNDLES:-40}
SEARCH_SECONDS=${SEARCH_SECONDS:-30}
JAVA_MAJOR=$("$JAVA" -XshowSettings:properties -version 2>&1 | awk -F'= ' '/java.specification.version/ {print $2}')
# The AOT cache needs JDK 25+. On JDK 17 both dynamic and static AppCDS dumps of this application crash the
# Debian OpenJDK 17.0.15 VM (SIGSEGV in SystemDictionaryShared), so JDK 17 runs the plain jar.
if [ "$JAVA_MAJOR" -ge 25 ]; then MODE=${MODE:-cds}; else MODE=${MODE:-jar}; fi
HEAP_OPTS=${HEAP_OPTS:-"-Xms256m -Xmx512m -XX:+UseSerialGC"}
# Extra server arguments, e.g. SERVER_ARGS=--somaxis.conformance.validate-on-write=false to measure the platform
# without profile validation (the reference starter validates nothing).
SERVER_ARGS=${SERVER_ARGS:-}

[ -f "$JAR" ] || { echo "missing $JAR: run ./mvnw -B -DskipTests package" >&2; exit 1; }
DATA=$(mktemp -d)
trap 'kill $PID 2>/dev/null || true; wait $PID 2>/dev/null || true; rm -rf "$DATA"' EXIT
PID=

RUN_JAR=$JAR
CACHE_OPTS=""
if [ "$MODE" = cds ]; then
  # Class data sharing needs plain jars on the class path, so run the extracted layout of the Boot jar.
  CDS_DIR=target/cds-$JAVA_MAJOR
  RUN_JAR=$CDS_DIR/somaxis-server.jar
  CACHE=$CDS_DIR/somaxis.aot
  if [ ! -f "$CACHE" ] || [ "$JAR" -nt "$CACHE" ]; then
    rm -rf "$CDS_DIR"
    "$JAVA" -Djarmode=tools -jar "$JAR" extract --destination "$CDS_DIR" >/dev/null
    TRAIN="-XX:AOTCacheOutput=$CACHE"
    echo "training the class cache once ($TRAIN)..."
    # shellcheck disable=SC2086
    SOMAXIS_DATA_DIR=$(mktemp -d) "$JAVA" $HEAP_OPTS $TRAIN -Dspring.context.exit=onRefresh \
      -jar "$RUN_JAR" --server.port=0 --somaxis.demo.enabled=false >/dev/null 2>&1 || true
  fi
  CACHE_OPTS="-XX:AOTCache=$CACHE"
fi

START=$(date +%s%N)
# shellcheck disable=SC2086
SOMAXIS_DATA_DIR=$DATA "$JAVA" $HEAP_OPTS $CACHE_OPTS -jar "$RUN_JAR" --server.port="$PORT" --somaxis.demo.enabled=false $SERVER_ARGS \
  >"$DATA/server.log" 2>&1 &
PID=$!
until [ "$(curl -s -o /dev/null -w '%{http_code}' "http://localhost:$PORT/fhir/metadata")" = 200 ]; do
  kill -0 $PID 2>/dev/null || { echo "server died; see log:" >&2; tail -50 "$DATA/server.log" >&2; exit 1; }
  sleep 0.1
done
READY=$(( ($(date +%s%N) - START) / 1000000 ))
RSS=$(awk '/VmRSS/ {print int($2/1024)}' /proc/$PID/status)
echo "java $JAVA_MAJOR, mode $MODE, options: $HEAP_OPTS $CACHE_OPTS $SERVER_ARGS"
echo "machine: $(nproc) cores, load average before start: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "start: first 200 on /fhir/metadata after ${READY} ms (fresh H2 database)"
echo "rss after start: ${RSS} MB"

"$JAVA" bench/PlatformBench.java "http://localhost:$PORT/fhir" "$BUNDLES" 4 8 "$SEARCH_SECONDS"
echo "rss after load: $(awk '/VmRSS/ {print int($2/1024)}' /proc/$PID/status) MB"
