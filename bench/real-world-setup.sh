# Sourced by the benchmarks that build their bundles with the test suite's RealWorldBundles (big-transaction.sh,
# us-core-set.sh), after `cd` to the project. Checks that the jar and the test classes are built, makes WORK (a
# temporary folder) and PIDS (with an exit trap that stops every server started and removes WORK), sources
# servers.sh, and sets JAR and CP (the bench classes in $WORK/classes, the test classes, the dependencies).
JAR=target/somaxis-server.jar
CP_FILE=target/bench-classpath.txt
[ -f "$JAR" ] || { echo "missing $JAR: run ./mvnw -B -DskipTests package" >&2; exit 1; }
[ -f target/test-classes/org/somaxis/conformance/RealWorldBundles.class ] || { echo "run ./mvnw -B -q test-compile" >&2; exit 1; }
[ -f "$CP_FILE" ] || ./mvnw -q dependency:build-classpath -Dmdep.outputFile="$CP_FILE" >/dev/null
WORK=$(mktemp -d)
PIDS=()
trap 'for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null; rm -rf "$WORK"' EXIT
# shellcheck source=bench/servers.sh
source bench/servers.sh
CP="$WORK/classes:target/test-classes:$(cat "$CP_FILE")"
