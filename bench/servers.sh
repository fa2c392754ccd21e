# Sourced by the benchmarks that run several servers side by side (security.sh, versus.sh). Needs WORK (a temporary
# folder), PIDS (an array; the caller's exit trap kills them) and HEAP; JAVA defaults to java.
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
