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
# Then the settled ingest, side by side: the servers (validated, unvalidated, and the peer if given; -Xmx2g) run at
# once, each takes WARMUP_BUNDLES bundles at 4 clients (right after start-up the JIT compiler takes a third of the CPU;
# bench/platform-results.md), then ROUNDS rounds of BUNDLES new bundles go to each in turn. The ratios are taken over
# the rounds together, so the machine's drift during the run (a quarter either way) falls on every server alike; the
# CPU time each server spent in its rounds is printed beside its rate. Then the warm IGF-1 create on the same settled
# servers: CREATE_ROUNDS rounds of CREATES creates at 1 client, each server in turn, and the median of the rounds'
# validated / unvalidated p50 ratios.
# Settings: BUNDLES (24), CREATES (200), WARMUP_BUNDLES (480; 0 skips the settled ingest), ROUNDS (6), CREATE_ROUNDS
# (3), PORT (18090;
# the side-by-side servers take PORT, PORT+1, PORT+2), JAVA (java on the PATH: JDK 17 here), GC (-XX:+UseSerialGC, as
# every figure so far; GC=-XX:+UseG1GC measures the JVM's own choice on a 2-core machine with 2 GB or more).
set -euo pipefail
cd "$(dirname "$0")/.."
PEER_WAR=${1:-}
JAR=target/somaxis-server.jar
JAVA=${JAVA:-java}
PORT=${PORT:-18090}
BUNDLES=${BUNDLES:-24}
CREATES=${CREATES:-200}
WARMUP_BUNDLES=${WARMUP_BUNDLES:-480}
ROUNDS=${ROUNDS:-6}
CREATE_ROUNDS=${CREATE_ROUNDS:-3}
GC=${GC:-"-XX:+UseSerialGC"}
[ -f "$JAR" ] || { echo "missing $JAR: run ./mvnw -B -DskipTests package" >&2; exit 1; }
CLASSES=$(mktemp -d)
javac -d "$CLASSES" bench/PlatformBench.java bench/IntakeBench.java
PIDS=()
DATAS=()
PID=
trap 'stop; rm -rf "$CLASSES"' EXIT
stop() {
  local pid
  for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; done
  for data in "${DATAS[@]}"; do rm -rf "$data"; done
  PIDS=(); DATAS=(); PID=
}

# start LABEL HEAP READY_PATH ARTEFACT ARGS...: one more server on $PORT, ready; its process is $PID, its data $DATA
start() {
  local label=$1 heap=$2 ready=$3 artefact=$4; shift 4
  DATA=$(mktemp -d)
  echo "== $label ($heap, port $PORT) load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
  local t0; t0=$(date +%s%N)
  # shellcheck disable=SC2086
  SOMAXIS_DATA_DIR=$DATA "$JAVA" $heap $GC -jar "$artefact" --server.port="$PORT" "$@" >"$DATA/server.log" 2>&1 &
  PID=$!
  PIDS+=("$PID")
  DATAS+=("$DATA")
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
cpu_ms() { awk '{print ($14 + $15) * 10}' "/proc/$1/stat"; } # user + system time of a process, in clock ticks of 10 ms

# the settled ingest: the servers of $SIDE (label|pid|base url) warmed, then measured in turns (see the header)
side_by_side() {
  local entry label pid url round line
  declare -A resources seconds cpu
  for entry in "${SIDE[@]}"; do
    IFS='|' read -r label pid url <<<"$entry"
    echo "warm-up of $label: $(bench PlatformBench "$url" "$WARMUP_BUNDLES" 4 1 0 7 | grep ingest)"
    resources[$label]=0; seconds[$label]=0; cpu[$label]=0
  done
  echo "side by side, $ROUNDS rounds of $BUNDLES bundles at 4 clients (load average before: $(cut -d' ' -f1-3 /proc/loadavg))"
  for round in $(seq 1 "$ROUNDS"); do
    for entry in "${SIDE[@]}"; do
      IFS='|' read -r label pid url <<<"$entry"
      local c0; c0=$(cpu_ms "$pid")
      line=$(bench PlatformBench "$url" "$BUNDLES" 4 1 0 $((4242 + round)) 0 | grep ingest)
      local used=$(( $(cpu_ms "$pid") - c0 ))
      echo "round $round, $label: $line; server CPU $used ms"
      resources[$label]=$(( resources[$label] + $(sed -E 's/.* ([0-9]+) resources in.*/\1/' <<<"$line") ))
      seconds[$label]=$(awk -v a="${seconds[$label]}" -v b="$(sed -E 's/.* in ([0-9.]+) s .*/\1/' <<<"$line")" 'BEGIN {print a + b}')
      cpu[$label]=$(( cpu[$label] + used ))
    done
  done
  echo "settled, side by side (load average after: $(cut -d' ' -f1-3 /proc/loadavg)):"
  for entry in "${SIDE[@]}"; do
    IFS='|' read -r label pid url <<<"$entry"
    awk -v l="$label" -v r="${resources[$label]}" -v s="${seconds[$label]}" -v c="${cpu[$label]}" \
      'BEGIN {printf "  %s: %d resources in %.1f s = %.0f resources/s; server CPU %.2f ms per resource\n", l, r, s, r / s, c / r}'
  done
  local v=validated u=unvalidated
  awk -v rv="${resources[$v]}" -v sv="${seconds[$v]}" -v ru="${resources[$u]}" -v su="${seconds[$u]}" \
    -v cv="${cpu[$v]}" -v cu="${cpu[$u]}" \
    'BEGIN {printf "  validated / unvalidated: %.2f (server CPU per resource: %.2f)\n", (rv / sv) / (ru / su), (cu / ru) / (cv / rv)}'
  if [ -n "${resources[peer]:-}" ]; then
    awk -v rv="${resources[$v]}" -v sv="${seconds[$v]}" -v rp="${resources[peer]}" -v sp="${seconds[peer]}" \
      'BEGIN {printf "  validated / peer: %.2f\n", (rv / sv) / (rp / sp)}'
  fi
  # the warm create where it is warm: after the settled ingest, on the same servers, in turns
  declare -A p50s
  echo "warm IGF-1 create, 1 client, settled, side by side: $CREATE_ROUNDS rounds of $CREATES creates in turns"
  for round in $(seq 1 "$CREATE_ROUNDS"); do
    for entry in "${SIDE[@]}"; do
      IFS='|' read -r label pid url <<<"$entry"
      line=$(bench IntakeBench create "$url" "$CREATES")
      echo "round $round, $label: $line"
      p50s[$label]="${p50s[$label]:-} $(sed -E 's/.* p50 ([0-9.]+) ms.*/\1/' <<<"$line")"
    done
  done
  awk -v v="${p50s[$v]}" -v u="${p50s[$u]}" 'BEGIN {
    n = split(v, a, " "); split(u, b, " ")
    for (i = 1; i <= n; i++) { r[i] = a[i] / b[i]; printf "  round %d: validated / unvalidated create p50 %.2f\n", i, r[i] }
    for (i = 2; i <= n; i++) for (j = i; j > 1 && r[j] < r[j - 1]; j--) { t = r[j]; r[j] = r[j - 1]; r[j - 1] = t }
    printf "  warm create, settled: validated / unvalidated p50, median of the rounds: %.2f\n", r[int((n + 1) / 2)] }'
}

for VALIDATE in true false; do
  start "Somaxis, validate-on-write=$VALIDATE" "-Xms256m -Xmx2g" /actuator/health/readiness "$JAR" \
    --somaxis.demo.enabled=false --somaxis.conformance.validate-on-write=$VALIDATE
  bench IntakeBench first "$BASE"
  bench IntakeBench create "$BASE" "$CREATES"
  bench PlatformBench "$BASE" "$BUNDLES" 4 4 5
  echo "rss after ingest: $(rss) MB"
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
  stop
fi

if [ "$WARMUP_BUNDLES" -gt 0 ]; then
  SIDE=()
  for VALIDATE in true false; do
    start "Somaxis, validate-on-write=$VALIDATE, side by side" "-Xms256m -Xmx2g" /actuator/health/readiness "$JAR" \
      --somaxis.demo.enabled=false --somaxis.conformance.validate-on-write=$VALIDATE
    SIDE+=("$([ "$VALIDATE" = true ] && echo validated || echo unvalidated)|$PID|http://localhost:$PORT/fhir")
    PORT=$((PORT + 1))
  done
  if [ -n "$PEER_WAR" ]; then
    start "peer $(basename "$PEER_WAR"), side by side" "-Xms256m -Xmx2g" /fhir/metadata "$PEER_WAR"
    SIDE+=("peer|$PID|http://localhost:$PORT/fhir")
  fi
  side_by_side
  stop
fi
