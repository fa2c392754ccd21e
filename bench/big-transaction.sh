#!/usr/bin/env bash
# One patient's transaction of 7,001 entries with conditional references into a batch sent just before (issue 8's
# "big real-world bundles"), validated and unvalidated, each on a fresh server: the first transaction after start-up
# (cold) and the next (warm). Prints seconds to the answer and the load average before each.
#
#   ./mvnw -B -DskipTests package && ./mvnw -B -q test-compile
#   bench/big-transaction.sh                    # this build, validation on and off
#   bench/big-transaction.sh /path/to/peer.war  # and a peer server's war (built outside this repository), default
#                                               # configuration, ready on its first 200 from /fhir/metadata
#
# Settings: ENCOUNTERS (1400: 5 entries each, plus the Patient), ROUNDS (2), PORT (18093), HEAP (-Xms256m -Xmx2g
# -XX:+UseSerialGC, as bench/intake.sh), JAVA.
set -euo pipefail
cd "$(dirname "$0")/.."
PEER_WAR=${1:-}
ENCOUNTERS=${ENCOUNTERS:-1400}
ROUNDS=${ROUNDS:-2}
PORT=${PORT:-18093}
HEAP=${HEAP:-"-Xms256m -Xmx2g -XX:+UseSerialGC"}
# shellcheck source=bench/real-world-setup.sh
source bench/real-world-setup.sh
javac -d "$WORK/classes" -cp "$CP" bench/BigTransactionBench.java

echo "java: $("${JAVA:-java}" -version 2>&1 | head -1); heap: $HEAP"
for VALIDATE in true false; do
  start_server "validate-$VALIDATE" "$JAR" "$PORT" --somaxis.conformance.validate-on-write=$VALIDATE
  "${JAVA:-java}" -cp "$CP" BigTransactionBench "http://localhost:$PORT/fhir" "$ENCOUNTERS" "$ROUNDS" 2>/dev/null | grep "^round"
  kill "${PIDS[-1]}"; wait "${PIDS[-1]}" 2>/dev/null || true
done

if [ -n "$PEER_WAR" ]; then
  start_peer "$PEER_WAR" "$PORT"
  "${JAVA:-java}" -cp "$CP" BigTransactionBench "http://localhost:$PORT/fhir" "$ENCOUNTERS" "$ROUNDS" 2>/dev/null | grep "^round"
fi
