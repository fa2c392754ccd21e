# Sourced by the benchmarks that run several servers side by side: security.sh, versus.sh, and (through
# real-world-setup.sh) big-transaction.sh and us-core-set.sh. Needs WORK (a temporary folder), PIDS (an array; the
# caller's exit trap kills them) and HEAP; JAVA defaults to java.
#
# start_server LABEL JAR PORT ARGS...: starts JAR on a fresh H2 database in $WORK/LABEL (demo data off) and waits
# until its readiness is UP; if the server dies first, prints the end of its log and exits.
start_server() {
  local label=$1 jar=$2 port=$3
  shift 3
  mkdir -p "$WORK/$label"
  # shellcheck disable=SC2086
  SOMAXIS_DATA_DIR=$WORK/$label "${JAVA:-java}" $HEAP -jar "$jar" --server.port="$port" --somaxis.demo.enabled=false \
    "$@" >"$WORK/$label/server.log" 2>&1 &
  PIDS+=($!)
  local pid=$!
  until curl -s "http://localhost:$port/actuator/health/readiness" 2>/dev/null | grep -q '"UP"'; do
    kill -0 "$pid" 2>/dev/null || { echo "$label server died; see log:" >&2; tail -40 "$WORK/$label/server.log" >&2; exit 1; }
    sleep 0.2
  done
  echo "$label server ($jar $*) ready on port $port"
}

# start_peer WAR PORT: starts a peer server's war (built outside this repository) in its default configuration and
# waits for its first CapabilityStatement from /fhir/metadata; if it dies first, prints the end of its log and exits.
start_peer() {
  local war=$1 port=$2
  # shellcheck disable=SC2086
  "${JAVA:-java}" $HEAP -jar "$war" --server.port="$port" >"$WORK/peer.log" 2>&1 &
  PIDS+=($!)
  # grep -c reads the whole answer (with -q, curl of the 1.8 MB CapabilityStatement dies of SIGPIPE)
  until curl -s "http://localhost:$port/fhir/metadata" 2>/dev/null | grep -c CapabilityStatement >/dev/null; do
    kill -0 "${PIDS[-1]}" 2>/dev/null || { echo "peer died; see log:" >&2; tail -40 "$WORK/peer.log" >&2; exit 1; }
    sleep 0.2
  done
  echo "peer $(basename "$war") ready on port $port"
}
