#!/usr/bin/env bash
# Security benchmark (issue 10): the IGF-1 search of bench/platform.sh and Patient/$evaluate, on an `open` server
# and on a `smart` server with a patient/ token, in one run. Both servers run side by side on fresh H2 databases
# (same build, same data) and are measured in alternating rounds (SecurityBench), so drift of the machine hits both
# alike; the figure is the smart/open throughput ratio (target >= 0.85).
# The tokens are RS256 JWTs signed by a key generated for the run; its JWK Set is served on loopback.
#
#   ./mvnw -B -DskipTests package
#   bench/security.sh
#   BUNDLES=12 CLIENTS=4 SECONDS_PER_PHASE=10 ROUNDS=3 bench/security.sh
set -euo pipefail
cd "$(dirname "$0")/.."
JAR=target/somaxis-server.jar
JAVA=${JAVA:-java}
PORT=${PORT:-18100}
BUNDLES=${BUNDLES:-12}
CLIENTS=${CLIENTS:-4}
SECONDS_PER_PHASE=${SECONDS_PER_PHASE:-10}
ROUNDS=${ROUNDS:-3}
HEAP=${HEAP:-"-Xms256m -Xmx1g -XX:+UseSerialGC"}
[ -f "$JAR" ] || { echo "missing $JAR: run ./mvnw -B -DskipTests package" >&2; exit 1; }

WORK=$(mktemp -d)
PIDS=()
trap 'for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; rm -rf "$WORK"' EXIT
javac -d "$WORK/classes" bench/PlatformBench.java bench/SecurityBench.java

JWKS_PORT=$((PORT + 2))
"$JAVA" -cp "$WORK/classes" SecurityBench jwks "$WORK/key" "$JWKS_PORT" &
PIDS+=($!)
until [ -f "$WORK/key" ]; do sleep 0.1; done

ISSUER="https://auth.bench.somaxis.test"
AUDIENCE="http://localhost:$((PORT + 1))/fhir"
# shellcheck source=bench/servers.sh
. bench/servers.sh
echo "machine: $(nproc) cores; load average before: $(cut -d' ' -f1-3 /proc/loadavg); java $("$JAVA" -version 2>&1 | head -1)"
start_server open "$JAR" "$PORT" --somaxis.security.mode=open
start_server smart "$JAR" "$((PORT + 1))" --somaxis.security.mode=smart \
  --spring.security.oauth2.resourceserver.jwt.issuer-uri="$ISSUER" \
  --spring.security.oauth2.resourceserver.jwt.jwk-set-uri="http://127.0.0.1:$JWKS_PORT/jwks.json" \
  --spring.security.oauth2.resourceserver.jwt.audiences="$AUDIENCE" \
  --somaxis.security.authorization-endpoint=https://auth.bench.somaxis.test/authorize \
  --somaxis.security.token-endpoint=https://auth.bench.somaxis.test/token

"$JAVA" -cp "$WORK/classes" SecurityBench run "http://localhost:$PORT/fhir" "http://localhost:$((PORT + 1))/fhir" \
  "$WORK/key" "$ISSUER" "$AUDIENCE" "$BUNDLES" "$CLIENTS" "$SECONDS_PER_PHASE" "$ROUNDS"
