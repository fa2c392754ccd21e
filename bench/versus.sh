#!/usr/bin/env bash
# Side-by-side benchmark against a baseline commit: issue 9 asks that $evaluate and the CDS services be "no worse than
# the closing-note figures", which were measured on 2026-11-22 at commit cc21f51. Figures taken on different days on
# this shared machine drift by ±25 %, so this script builds the baseline commit from this repository's own history,
# runs it next to the current build on the same data (the baseline's scenario bundles, which both accept), and
# measures both in alternating rounds (VersusBench). The figure is the current/baseline throughput ratio per workload.
#
#   ./mvnw -B -DskipTests package
#   bench/versus.sh                                   # baseline cc21f51, 8 clients, 3 rounds of 15 s per workload
#   BASELINE=<commit> CLIENTS=8 SECONDS_PER_PHASE=15 ROUNDS=3 bench/versus.sh
#   BASELINE_JAR=/path/to/built.jar bench/versus.sh   # reuse a baseline build (its bundles: BASELINE_BUNDLES)
#   BASELINE_JAR=target/somaxis-server.jar SERVER_ARGS=--somaxis.audit.enabled=false bench/versus.sh
#                                                     # one build, two settings: what a feature costs
set -euo pipefail
cd "$(dirname "$0")/.."
JAR=target/somaxis-server.jar
BASELINE=${BASELINE:-cc21f51}
PORT=${PORT:-18110}
CLIENTS=${CLIENTS:-8}
SECONDS_PER_PHASE=${SECONDS_PER_PHASE:-15}
ROUNDS=${ROUNDS:-3}
HEAP=${HEAP:-"-Xms512m -Xmx1g -XX:+UseSerialGC"}
[ -f "$JAR" ] || { echo "missing $JAR: run ./mvnw -B -DskipTests package" >&2; exit 1; }

WORK=$(mktemp -d)
PIDS=()
cleanup() {
  for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done
  wait 2>/dev/null || true
  [ -d "$WORK/baseline-src" ] && git worktree remove --force "$WORK/baseline-src" >/dev/null 2>&1
  rm -rf "$WORK"
}
trap cleanup EXIT
javac -d "$WORK/classes" bench/CdsBench.java bench/VersusBench.java

if [ -z "${BASELINE_JAR:-}" ]; then
  echo "building baseline $BASELINE ..."
  git worktree add --detach "$WORK/baseline-src" "$BASELINE" >/dev/null 2>&1
  (cd "$WORK/baseline-src" && ./mvnw -B -q -DskipTests package >"$WORK/baseline-build.log" 2>&1) \
    || { tail -40 "$WORK/baseline-build.log" >&2; exit 1; }
  BASELINE_JAR=$WORK/baseline-src/target/somaxis-server.jar
  BASELINE_BUILT="$BASELINE (built here)"
  BASELINE_BUNDLES=$WORK/baseline-src/examples/bundles
fi
BASELINE_BUNDLES=${BASELINE_BUNDLES:-examples/bundles}

# shellcheck source=bench/servers.sh
. bench/servers.sh
echo "machine: $(nproc) cores; load average before: $(cut -d' ' -f1-3 /proc/loadavg); $(java -version 2>&1 | head -1)"
echo "current: $(git rev-parse --short HEAD)$(git diff --quiet HEAD -- src pom.xml || echo ' (with local changes)');" \
  "baseline: ${BASELINE_BUILT:-$BASELINE_JAR}"
# shellcheck disable=SC2086 # the settings are words
start_server current "$JAR" "$PORT" ${SERVER_ARGS:-}
# shellcheck disable=SC2086
start_server baseline "$BASELINE_JAR" "$((PORT + 1))" ${BASELINE_ARGS:-}

java -cp "$WORK/classes" VersusBench "http://localhost:$PORT" "http://localhost:$((PORT + 1))" "$BASELINE_BUNDLES" \
  "$CLIENTS" "$SECONDS_PER_PHASE" "$ROUNDS"
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
