#!/usr/bin/env bash
# Intake benchmark (issue 8): one build of Somaxis, validated and unvalidated, on the same generated data, and
# optionally the peer the users would otherwise pick (the HAPI JPA starter's war, built by you OUTSIDE this
# repository; its path is the only argument).
#
#   ./mvnw -B -DskipTests package
#   bench/intake.sh                      # Somaxis only
#   bench/intake.sh /work/peer/ROOT.war  # and the peer, default configuration (H2 in memory, no validation)
#
# Reports per run: JVM start to readiness UP (Somaxis: /actuator/health/readiness; peer: first 200 on
# /fhir/metadata), first validated write after readiness, warm IGF-1 create p50 at 1 client, transaction ingest
# at 4 clients of generated one-patient bundles (PlatformBench), RSS after the ingest, and the load average.
# Then, at -Xmx2g, WARMUP_BUNDLES more bundles at 4 clients and the same ingest again: the rate once the JIT compiler
# has settled (right after start-up it takes a third of the CPU of a validated ingest; bench/platform-results.md).
# Settings: BUNDLES (24), CREATES (200), WARMUP_BUNDLES (240; 0 skips the settled ingest), PORT (18090), JAVA (java on
# the PATH: JDK 17 here), GC (-XX:+UseSerialGC, as every figure so far; GC=-XX:+UseG1GC measures the JVM's own choice
# on a 2-core machine with 2 GB or more).
set -euo pipefail
cd "$(dirname "$0")/.."
PEER_WAR=${1:-}
JAR=target/somaxis-server.jar
JAVA=${JAVA:-java}
PORT=${PORT:-18090}
BUNDLES=${BUNDLES:-24}
CREATES=${CREATES:-200}
WARMUP_BUNDLES=${WARMUP_BUNDLES:-240}
GC=${GC:-"-XX:+UseSerialGC"}
[ -f "$JAR" ] || { echo "missing $JAR: run ./mvnw -B -DskipTests package" >&2; exit 1; }
CLASSES=$(mktemp -d)
javac -d "$CLASSES" bench/PlatformBench.java bench/IntakeBench.java
PID=
DATA=
trap 'stop; rm -rf "$CLASSES"' EXIT
stop() { if [ -n "$PID" ]; then kill "$PID" 2>/dev/null || true; wait "$PID" 2>/dev/null || true; PID=; fi; [ -z "$DATA" ] || rm -rf "$DATA"; DATA=; }

# start LABEL HEAP READY_PATH ARTEFACT ARGS...
start() {
  local label=$1 heap=$2 ready=$3 artefact=$4; shift 4
  DATA=$(mktemp -d)
  echo "== $label ($heap) load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
  local t0; t0=$(date +%s%N)
  # shellcheck disable=SC2086
  SOMAXIS_DATA_DIR=$DATA "$JAVA" $heap $GC -jar "$artefact" --server.port="$PORT" "$@" >"$DATA/server.log" 2>&1 &
  PID=$!
  # grep -c reads the whole answer: with -q, curl of the peer's 1.8 MB CapabilityStatement dies of SIGPIPE, and under
  # pipefail the server never looks ready
  until curl -s "http://localhost:$PORT$ready" 2>/dev/null | grep -c '"UP"\|CapabilityStatement' >/dev/null; do
    kill -0 "$PID" 2>/dev/null || { echo "server died; see log:" >&2; tail -40 "$DATA/server.log" >&2; exit 1; }
    sleep 0.1
  done
  echo "start to ready: $(( ($(date +%s%N) - t0) / 1000000 )) ms; rss $(rss) MB; java $("$JAVA" -version 2>&1 | head -1)"
}
rss() { awk '/VmRSS/ {print int($2/1024)}' "/proc/$PID/status"; }
bench() { "$JAVA" -cp "$CLASSES" "$@"; }
BASE="http://localhost:$PORT/fhir"
# the same ingest once WARMUP_BUNDLES more (other patients) have gone in at 4 clients
settled() {
  [ "$WARMUP_BUNDLES" -gt 0 ] || return 0
  echo "warm-up: $(bench PlatformBench "$BASE" "$WARMUP_BUNDLES" 4 1 1 7 | grep ingest)"
  echo "settled (load average before: $(cut -d' ' -f1-3 /proc/loadavg))"
  bench PlatformBench "$BASE" "$BUNDLES" 4 4 5 4242
}

for VALIDATE in true false; do
  start "Somaxis, validate-on-write=$VALIDATE" "-Xms256m -Xmx2g" /actuator/health/readiness "$JAR" \
    --somaxis.demo.enabled=false --somaxis.conformance.validate-on-write=$VALIDATE
  bench IntakeBench first "$BASE"
  bench IntakeBench create "$BASE" "$CREATES"
  bench PlatformBench "$BASE" "$BUNDLES" 4 4 5
  echo "rss after ingest: $(rss) MB"
  settled
  stop
done

start "Somaxis, validate-on-write=true" "-Xms256m -Xmx512m" /actuator/health/readiness "$JAR" --somaxis.demo.enabled=false
bench PlatformBench "$BASE" "$BUNDLES" 4 4 5
echo "rss after ingest: $(rss) MB"
stop

if [ -n "$PEER_WAR" ]; then
  start "peer $(basename "$PEER_WAR"), default configuration" "-Xms256m -Xmx2g" /fhir/metadata "$PEER_WAR"
  bench IntakeBench create "$BASE" "$CREATES"
  bench PlatformBench "$BASE" "$BUNDLES" 4 4 5
  echo "rss after ingest: $(rss) MB"
  settled
  stop
fi
