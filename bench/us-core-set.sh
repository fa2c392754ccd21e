#!/usr/bin/env bash
# Issue 8's second data shape: a US Core-shaped population of about 31,000 resources (150 patients of 206
# resources, after one batch of Organizations, Locations and Practitioners), posted as one transaction per patient
# at 4 clients, on a fresh server: this build validating and not validating, and optionally a peer's war. Prints
# resources per second and the load average before each run.
#
#   ./mvnw -B -DskipTests package && ./mvnw -B -q test-compile
#   bench/us-core-set.sh                    # this build, validation on and off
#   bench/us-core-set.sh /path/to/peer.war  # and a peer server's war (built outside this repository), default
#                                           # configuration, ready on its first 200 from /fhir/metadata
#
# Settings: PATIENTS (150), ENCOUNTERS (41 per patient: 5 resources each, plus the Patient), CLIENTS (4),
# PORT (18095), HEAP (-Xms256m -Xmx2g; no GC flag, so the JVM's own choice, as the README's run commands), JAVA.
set -euo pipefail
cd "$(dirname "$0")/.."
PEER_WAR=${1:-}
PATIENTS=${PATIENTS:-150}
ENCOUNTERS=${ENCOUNTERS:-41}
CLIENTS=${CLIENTS:-4}
PORT=${PORT:-18095}
HEAP=${HEAP:-"-Xms256m -Xmx2g"}
# shellcheck source=bench/real-world-setup.sh
source bench/real-world-setup.sh
javac -d "$WORK/classes" -cp "$CP" bench/UsCoreSetBench.java
run() { "${JAVA:-java}" -cp "$CP" UsCoreSetBench "http://localhost:$PORT/fhir" "$PATIENTS" "$ENCOUNTERS" "$CLIENTS" 2>/dev/null | grep "^us-core set"; }

echo "java: $("${JAVA:-java}" -version 2>&1 | head -1); heap: $HEAP"
for VALIDATE in true false; do
  start_server "validate-$VALIDATE" "$JAR" "$PORT" --somaxis.conformance.validate-on-write=$VALIDATE
  run
  kill "${PIDS[-1]}"; wait "${PIDS[-1]}" 2>/dev/null || true
done

if [ -n "$PEER_WAR" ]; then
  start_peer "$PEER_WAR" "$PORT"
  run
fi
