#!/usr/bin/env bash
# Jar trim benchmark: size, start time (first 200 on /fhir/metadata, fresh H2 database) and RSS after start of two
# jars, alternated ROUNDS times in one run so that both see the same machine load.
#   bench/jar-trim.sh BEFORE.jar AFTER.jar [ROUNDS]
set -euo pipefail
BEFORE=$1; AFTER=$2; ROUNDS=${3:-2}
JAVA_OPTS=${JAVA_OPTS:-"-Xms512m -Xmx1g -XX:+UseSerialGC"}
PORT=${PORT:-18090}
echo "machine: $(nproc) cores; load average at start: $(cut -d' ' -f1-3 /proc/loadavg); java: $(java -version 2>&1 | head -1)"
for jar in "$BEFORE" "$AFTER"; do
  echo "$(basename "$jar"): $(( $(stat -c %s "$jar") / 1048576 )) MB, $(unzip -l "$jar" | grep -c 'BOOT-INF/lib/.*\.jar') libraries"
done
one() {
  local jar=$1 data pid start ms rss
  data=$(mktemp -d)
  start=$(date +%s%N)
  # shellcheck disable=SC2086
  SOMAXIS_DATA_DIR=$data java $JAVA_OPTS -jar "$jar" --server.port=$PORT --somaxis.demo.enabled=false >"$data/log" 2>&1 &
  pid=$!
  until [ "$(curl -s -o /dev/null -w '%{http_code}' "http://localhost:$PORT/fhir/metadata")" = 200 ]; do
    kill -0 $pid 2>/dev/null || { echo "server died: $data/log" >&2; return 1; }
    sleep 0.2
  done
  ms=$(( ($(date +%s%N) - start) / 1000000 ))
  rss=$(awk '/VmRSS/ {print int($2/1024)}' /proc/$pid/status)
  kill $pid; wait $pid 2>/dev/null || true
  rm -rf "$data"
  echo "$(basename "$jar") start_ms=$ms rss_mb=$rss load=$(cut -d' ' -f1 /proc/loadavg)"
}
for round in $(seq 1 "$ROUNDS"); do
  one "$BEFORE"
  one "$AFTER"
done
echo "load average at end: $(cut -d' ' -f1-3 /proc/loadavg)"
