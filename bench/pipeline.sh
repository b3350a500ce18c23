#!/usr/bin/env bash
# pipeline.sh: the whole Klaten pipeline (pipelines/klaten.sh) on the
# Klaten-scale fixtures (make fixtures-large), median of RUNS runs: wall
# seconds of the run and of every stage, and every stage's peak RSS
# (PADU_STEP_TIMES, measured by /usr/bin/time).  Writes
# bench/RESULTS-pipeline.md.  Issue #10's target: at most 10 s.
#   PADU_BIN=bin bash bench/pipeline.sh [RUNS]
set -eu
export LC_ALL=C
here=$(cd "$(dirname "$0")" && pwd)
top=$here/..
bin=${PADU_BIN:-$top/bin}
runs=${1:-3}
. "$here/lib.sh"
mkdir -p "$here/data"
raw=$top/fixtures/large/raw
[ -s "$raw/dtks_individu.csv" ] || (cd "$top" && make -s fixtures-large)
out=$here/data/pipeline-out
times=$here/data/pipeline-times
: > "$times"
rows=$(cat "$raw"/*.csv | wc -l)
mb=$(du -smL "$raw"/*.csv | awk '{ s += $1 } END { print s }')
cat "$raw"/*.csv > /dev/null
for ((i = 1; i <= runs; i++)); do
	rm -rf "$out"
	st=$here/data/pipeline-steps-$i
	: > "$st"
	t0=$(date +%s.%N)
	PADU_BIN=$bin PADU_STEP_TIMES=$st sh "$top/pipelines/klaten.sh" "$raw" "$out" 2> "$here/data/pipeline-err" ||
		{ echo "pipeline failed: $(tail -5 "$here/data/pipeline-err")" >&2; exit 1; }
	t1=$(date +%s.%N)
	awk -v a="$t0" -v b="$t1" -v i="$i" 'BEGIN { printf "run\t%d\t%.2f\n", i, b - a }' >> "$times"
	awk -F'\t' -v i="$i" '{ printf "step\t%d\t%s\t%s\t%s\n", i, $1, $2, $3 }' "$st" >> "$times"
done
{
	echo "# The whole Klaten pipeline on the Klaten-scale fixtures"
	echo
	machine
	echo
	echo "Data: fixtures/large/raw (\`make fixtures-large\`): $(ls "$raw"/*.csv | wc -l) exports, $rows lines, $mb MB."
	echo "Command: \`pipelines/klaten.sh fixtures/large/raw OUT\` (every stage, report and publish)."
	echo "Statistic: median of $runs runs (min, max), wall seconds; per stage the median"
	echo "wall seconds and the largest peak RSS of the runs (/usr/bin/time, PADU_STEP_TIMES)."
	echo "Stages run side by side (PADU_JOBS=$(nproc)): two stages joined by a pipe"
	echo "(parse and clean of an export; the person table and jumlah_art; the household table and its"
	echo "classification; the join and classify of the persons) run at the same time and"
	echo "end together, so their times overlap; the stage times do not add up to the run's."
	echo
	awk -F'\t' '$1 == "run" { print $3 }' "$times" | sort -n | awk '
		{ t[NR] = $1 } END { m = t[int((NR + 1) / 2)];
		printf "Whole run: median %.2f s (min %.2f, max %.2f); target <= 10 s: %s.\n", m, t[1], t[NR], m <= 10 ? "met" : "not met" }'
	echo
	echo "| stage | median s | peak RSS MB |"
	echo "|---|---:|---:|"
	awk -F'\t' '$1 == "step" {
		k = $3; if (!(k in seen)) { seen[k] = ++n; name[n] = k }
		j = seen[k]; c[j]++; v[j, c[j]] = $4; if ($5 > rss[j]) rss[j] = $5 }
	END {
		for (j = 1; j <= n; j++) {
			# insertion sort of the runs of stage j
			for (a = 2; a <= c[j]; a++) { x = v[j, a]; b = a - 1
				while (b >= 1 && v[j, b] + 0 > x + 0) { v[j, b + 1] = v[j, b]; b-- }
				v[j, b + 1] = x }
			printf "| %s | %.2f | %.1f |\n", name[j], v[j, int((c[j] + 1) / 2)], rss[j] / 1024
		}
	}' "$times"
} > "$here/RESULTS-pipeline.md"
rm -rf "$out"
cat "$here/RESULTS-pipeline.md"
