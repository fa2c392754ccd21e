#!/usr/bin/env bash
# The whole reliability suite (RELIABILITY.md §8 rows 1-13 and 18) from one command, with its figures
# (docs/reliability.md). Needs the machine to itself: about 2 hours on 2 cores.
#   reliability/full.sh                      # all three parts below
#   reliability/full.sh tenx fuzz faults     # any of them, in this order
#   FUZZ_DURATION=10m reliability/full.sh fuzz
# Parts:
#   tenx    rows 1-9 at 10x the CI size, and the fuzz targets' regression inputs: ./mvnw verify -Preliability
#   fuzz    coverage-guided fuzzing of every Jazzer target for FUZZ_DURATION each (default 5m); one FUZZ line per target
#   faults  rows 10-13 and 18: reliability/faults.sh (kill -9 10x per mode, outage, pool exhaustion, SIGTERM 10x, SSRF)
# Runs offline (-o) on the local Maven repository; drop -o on a fresh machine. Every part prints its RELIABILITY (or
# FUZZ) lines, collected in target/reliability-full.txt.
set -uo pipefail
cd "$(dirname "$0")/.."
parts=("$@")
[ ${#parts[@]} -eq 0 ] && parts=(tenx fuzz faults)
duration="${FUZZ_DURATION:-5m}"
summary=target/reliability-full.txt
mkdir -p target
echo "# reliability/full.sh ${parts[*]} at $(git rev-parse --short HEAD 2>/dev/null || echo unknown), $(date -u +%FT%TZ)" > "$summary"
status=0

fuzz_targets() {
	grep -l '@FuzzTest' src/test/java/org/somaxis/fuzz/*.java | while read -r file; do
		class=$(basename "$file" .java)
		grep -A2 '@FuzzTest' "$file" | grep -o 'void [a-zA-Z0-9_]*' | sed "s/void /$class#/"
	done
}

for part in "${parts[@]}"; do
	case "$part" in
	tenx)
		rm -f target/reliability-report.txt
		./mvnw -o -B verify -Preliability | tee target/reliability-tenx.log || status=1
		cat target/reliability-report.txt >> "$summary" 2>/dev/null
		;;
	fuzz)
		for target in $(fuzz_targets); do
			class="${target%%#*}"
			# one target per JVM (Jazzer fuzzes a single test per run); the Jazzer setting max_duration overrides
			# the annotation's CI-sized duration
			rm -f "target/surefire-reports/org.somaxis.fuzz.$class-output.txt"
			JAZZER_FUZZ=1 ./mvnw -o -B test -Djazzer.hooks=true -Djazzer.max_duration="$duration" -Dtest="$target" \
				-Dsurefire.failIfNoSpecifiedTests=false > "target/fuzz-$class-${target#*#}.log" 2>&1
			result=$?
			log="target/fuzz-$class-${target#*#}.log"
			# libFuzzer's status lines land in the Maven log or in surefire's output file, depending on the stream
			output=$(cat "target/surefire-reports/org.somaxis.fuzz.$class-output.txt" "$log" 2>/dev/null)
			done_line=$(grep -a -E '^#[0-9]+.*DONE' <<< "$output" | tail -1)
			last_line=$(grep -a -E '^#[0-9]+' <<< "$output" | tail -1)
			stats="${done_line:-$last_line}"
			runs=$(sed -E 's/^#([0-9]+).*/\1/' <<< "$stats")
			cov=$(grep -o 'cov: [0-9]*' <<< "$stats" | cut -d' ' -f2)
			ft=$(grep -o 'ft: [0-9]*' <<< "$stats" | cut -d' ' -f2)
			corp=$(grep -o 'corp: [0-9]*' <<< "$stats" | cut -d' ' -f2)
			execs=$(grep -o 'exec/s: [0-9]*' <<< "$stats" | cut -d' ' -f2)
			crashes=$(grep -a -c '== Java Exception' <<< "$output")
			line="FUZZ target=$target duration=$duration runs=${runs:-0} exec_per_s=${execs:-0} edges=${cov:-0} features=${ft:-0} corpus=${corp:-0} findings=${crashes:-0} result=$([ $result -eq 0 ] && echo pass || echo FAIL)"
			echo "$line" | tee -a "$summary"
			[ $result -eq 0 ] || status=1
		done
		;;
	faults)
		reliability/faults.sh | tee target/reliability-faults.log || status=1
		cat target/reliability.txt >> "$summary" 2>/dev/null
		;;
	*)
		echo "unknown part: $part (tenx, fuzz, faults)" >&2
		exit 2
		;;
	esac
done
echo "---"
cat "$summary"
exit $status
