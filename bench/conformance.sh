#!/usr/bin/env bash
# Conformance benchmark on H2: startup with the package install (fresh database) and without it (warm database),
# the first validated write after startup, the p50 of a validated IGF-1 create at one client, and bundle ingest
# with validation at 4 clients (seeded synthetic patients, then the scenario bundles) through the loader command.
# Build first: ./mvnw -B -DskipTests package
#
#   bench/conformance.sh
#   PATIENTS=40 CREATES=300 bench/conformance.sh
set -euo pipefail
cd "$(dirname "$0")/.."

JAR=target/somaxis-server.jar
PORT=${PORT:-18090}
PATIENTS=${PATIENTS:-40}
CREATES=${CREATES:-300}
# VALIDATE=false runs the same load with validation on write off, as a baseline
VALIDATE=${VALIDATE:-true}
JAVA_OPTS=${JAVA_OPTS:-"-Xms256m -Xmx768m -XX:+UseSerialGC"}

[ -f "$JAR" ] || { echo "missing $JAR: run ./mvnw -B -DskipTests package" >&2; exit 1; }
DATA=$(mktemp -d)
LOG=$DATA/server.log
PID=
trap '[ -n "$PID" ] && kill $PID 2>/dev/null; wait 2>/dev/null; rm -rf "$DATA"' EXIT

start_server() {
  local started=$(date +%s%N)
  # shellcheck disable=SC2086
  SOMAXIS_DATA_DIR=$DATA/db java $JAVA_OPTS -jar "$JAR" --server.port="$PORT" --somaxis.demo.enabled=false --somaxis.conformance.validate-on-write="$VALIDATE" >"$LOG" 2>&1 &
  PID=$!
  until [ "$(curl -s -o /dev/null -w '%{http_code}' "http://localhost:$PORT/actuator/health/readiness")" = 200 ]; do
    kill -0 $PID 2>/dev/null || { echo "server died; see log:" >&2; tail -50 "$LOG" >&2; exit 1; }
    sleep 0.1
  done
  local ready=$(( ($(date +%s%N) - started) / 1000000 ))
  local install warm
  install=$(grep -o 'FHIR package somaxis[^(]*' "$LOG" || true)
  warm=$(grep -o 'Write validator warmed in [0-9]* ms\|Validated write rehearsed[^"]*' "$LOG" | paste -sd ';' || true)
  echo "$1: ready after $ready ms; $install; $warm"
}
# runs a main class of the server jar: launch <class> <args...>
launch() { local main=$1; shift; java -cp "$JAR" -Dloader.main="$main" org.springframework.boot.loader.launch.PropertiesLauncher "$@"; }
stop_server() { kill $PID; wait $PID 2>/dev/null || true; PID=; }

echo "java: $(java -version 2>&1 | head -1); JAVA_OPTS: $JAVA_OPTS; validate-on-write: $VALIDATE; cpus: $(nproc); load: $(cut -d' ' -f1-3 /proc/loadavg)"
start_server "fresh database (package installed)"
stop_server
start_server "warm database (install skipped)"

java bench/ConformanceBench.java "http://localhost:$PORT/fhir" "$CREATES"

launch org.somaxis.conformance.tools.SyntheticBundleGenerator "$PATIENTS" 42 "$DATA/synthetic" >/dev/null
echo "ingest with validation, 4 clients, $PATIENTS synthetic patients:"
launch org.somaxis.conformance.tools.BundleLoader "$DATA/synthetic" "http://localhost:$PORT/fhir" --clients 4 2>/dev/null
echo "ingest with validation, 4 clients, scenario bundles:"
launch org.somaxis.conformance.tools.BundleLoader examples/bundles "http://localhost:$PORT/fhir" --clients 4 2>/dev/null
echo "load after run: $(cut -d' ' -f1-3 /proc/loadavg)"
