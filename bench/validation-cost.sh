#!/usr/bin/env bash
# Validation cost split, before and after issue 8, in process under JFR (bench/ValidationCost.java).
#   ./mvnw -o -q -DskipTests compile && bench/validation-cost.sh [BUNDLES]
# Prints ms per resource, heap, and the hottest packages of each recording (needs a JDK with `jfr view`, 21+;
# set JFR to its jfr binary, default the temurin 25 one if present).
set -euo pipefail
cd "$(dirname "$0")/.."
BUNDLES=${1:-6}
JFR=${JFR:-$( [ -x /usr/lib/jvm/temurin-25-jdk-amd64/bin/jfr ] && echo /usr/lib/jvm/temurin-25-jdk-amd64/bin/jfr || echo jfr)}
CP_FILE=target/bench-classpath.txt
[ -f "$CP_FILE" ] || ./mvnw -o -q dependency:build-classpath -Dmdep.outputFile="$CP_FILE" >/dev/null
OUT=$(mktemp -d)
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
for MODE in before after; do
  java -Xmx1g -XX:+UseSerialGC -XX:StartFlightRecording=filename="$OUT/$MODE.jfr",settings=profile \
    -cp "target/classes:$(cat "$CP_FILE")" bench/ValidationCost.java "$MODE" "$BUNDLES" 2>/dev/null | grep -v 'Started recording\|Use jcmd'
  # inclusive cost split: each sample counts for the first category found anywhere on its stack
  "$JFR" print --events jdk.ExecutionSample "$OUT/$MODE.jfr" | awk '
    function flush() { if (stack != "") { c = "other";
        if (stack ~ /VersionConvertor|convertStructureDefinition|WorkerContextValidationSupportAdapter\.(<init>|newWorker)/) c = "worker context: core spec conversion";
        else if (stack ~ /ProfileUtilities\.generateSnapshot|SnapshotGenerating/) c = "snapshot generation";
        else if (stack ~ /InstanceValidator\.<init>|FHIRPathEngine\.<init>/) c = "InstanceValidator construction";
        else if (stack ~ /FHIRPathEngine/) c = "FHIRPath invariants";
        else if (stack ~ /validateCode|Terminology|ValueSet/) c = "terminology (bindings)";
        else if (stack ~ /InstanceValidator/) c = "instance validator (structure, slicing)";
        else if (stack ~ /ca\.uhn\.fhir\.parser|JsonParser/) c = "parse/encode";
        else if (stack ~ /SyntheticBundleGenerator|ValidationCost/) c = "bench itself";
        count[c]++; total++ } stack = "" }
    /jdk.ExecutionSample/ { flush(); next }
    /line:/ { stack = stack "\n" $1 }
    END { flush(); for (k in count) printf "  %5.1f%%  %s\n", 100*count[k]/total, k | "sort -rn" }'
done
rm -rf "$OUT"
