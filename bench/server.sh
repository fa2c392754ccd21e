# Sourced by the benchmark scripts: starts target/somaxis-server.jar on a fresh H2 database in a temporary folder,
# waits for the first 200 on /fhir/metadata, prints start time and RSS, and stops the server on exit.
# Reads PORT (18080), JAVA_OPTS (-Xms512m -Xmx1g -XX:+UseSerialGC: validation on write needs the 1 GB) and
# SERVER_ARGS; sets PID and PORT.

JAR=target/somaxis-server.jar
PORT=${PORT:-18080}
JAVA_OPTS=${JAVA_OPTS:-"-Xms512m -Xmx1g -XX:+UseSerialGC"}
SERVER_ARGS=${SERVER_ARGS:-}

[ -f "$JAR" ] || { echo "missing $JAR: run ./mvnw -B -DskipTests package" >&2; exit 1; }
DATA=$(mktemp -d)
PID=
trap 'kill $PID 2>/dev/null || true; wait $PID 2>/dev/null || true; rm -rf "$DATA"' EXIT

START=$(date +%s%N)
# shellcheck disable=SC2086
SOMAXIS_DATA_DIR=$DATA java $JAVA_OPTS -jar "$JAR" --server.port="$PORT" --somaxis.demo.enabled=false $SERVER_ARGS \
  >"$DATA/server.log" 2>&1 &
PID=$!
until [ "$(curl -s -o /dev/null -w '%{http_code}' "http://localhost:$PORT/fhir/metadata")" = 200 ]; do
  kill -0 $PID 2>/dev/null || { echo "server died; see log:" >&2; tail -50 "$DATA/server.log" >&2; exit 1; }
  sleep 0.1
done
echo "java: $(java -version 2>&1 | head -1); JAVA_OPTS: $JAVA_OPTS $SERVER_ARGS"
echo "start: first 200 on /fhir/metadata after $(( ($(date +%s%N) - START) / 1000000 )) ms (fresh H2 database)"
echo "rss after start: $(awk '/VmRSS/ {print int($2/1024)}' /proc/$PID/status) MB"

rss_now() {
  echo "rss after load: $(awk '/VmRSS/ {print int($2/1024)}' /proc/$PID/status) MB"
}
