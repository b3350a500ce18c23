#!/usr/bin/env bash
# scaling.sh: how padu's cost grows with rows (make bench-scaling).  The
# canonical person stream of bench/gen-io.py at 0.5M, 1M, 2M and 4M rows;
# each task median of RUNS runs: wall seconds, microseconds per row, peak
# RSS.  Streaming filters should cost the same per row and hold flat
# memory; dedupe's memory grows with its rows, aggregate's with its groups.
# Writes bench/RESULTS-scaling.md and bench/scaling.svg (gnuplot).
#   PADU_BIN=bin bash bench/scaling.sh [RUNS] [SIZES...]
set -eu
export LC_ALL=C
here=$(cd "$(dirname "$0")" && pwd)
top=$here/..
bin=${PADU_BIN:-$top/bin}
runs=${1:-3}
shift || true
sizes=${*:-500000 1000000 2000000 4000000}
. "$here/lib.sh"
# One thread for padu: no read-ahead thread (padu(7)).
export PADU_JOBS=1
mkdir -p "$here/data"
res=$here/data/results-scaling
: > "$res"
for n in $sizes; do
	data=$here/data/canon-$n.csv
	[ -s "$data" ] || { echo "generating $data ..." >&2
		python3 "$here/gen-io.py" --canonical "$n" > "$data.tmp" && mv "$data.tmp" "$data"; }
	mb=$(awk -v b="$(stat -c %s "$data")" 'BEGIN { printf "%.0f", b / 1e6 }')
	cat "$data" > /dev/null
	results=$here/data/t-scaling
	: > "$results"
	time_runs cat "$bin/padu-cat" "$data" >> "$results"
	time_runs clean-nama "$bin/padu-clean" -f "$here/clean-nama.json" "$data" >> "$results"
	time_runs aggregate-desa "$bin/padu-aggregate" -b desa_kelurahan -m 'n=count()' \
		-m 'pkh=count_if(pkh = '"'"'Y'"'"')' "$data" >> "$results"
	time_runs dedupe-nik "$bin/padu-dedupe" -j 1 -f "$here/dedupe-nik.json" "$data" >> "$results"
	time_runs dedupe-first "$bin/padu-dedupe" --first -j 1 -f "$here/dedupe-nik.json" "$data" >> "$results"
	awk -v n="$n" -v mb="$mb" '{ print n, mb, $0 }' "$results" >> "$res"
done
{
	echo "# How padu's cost grows with rows"
	echo
	machine
	echo
	echo "Data: the canonical person stream of \`bench/gen-io.py --canonical N\` (23 columns, ~250"
	echo "bytes a row, 30% of rows repeating an earlier NIK). Tasks: \`padu-cat\` (re-emit),"
	echo "\`padu-clean -f bench/clean-nama.json\` (trim, collapse, upper of nama), \`padu-aggregate"
	echo "-b desa_kelurahan\` (count and count_if; ~450 groups as written), \`padu-dedupe -f"
	echo "bench/dedupe-nik.json\` (dedupe-nik: one entity per NIK, with _n and _srcs; the rows"
	echo "spooled) and the same with \`--first\` (dedupe-first: the first row of each NIK, streamed,"
	echo "memory O(NIKs)); both with \`-j 1\`, one thread as the other filters. Statistic: median of $runs runs, wall"
	echo "seconds; µs/row = median / rows; peak RSS the largest of the runs. Output to /dev/null."
	echo
	echo "| task | rows | MB | median s | min s | max s | µs/row | peak RSS MB |"
	echo "|---|---:|---:|---:|---:|---:|---:|---:|"
	sort -k3,3 -k1,1n "$res" | awk '{ printf "| %s | %d | %d | %.2f | %.2f | %.2f | %.3f | %.1f |\n", $3, $1, $2, $4, $5, $6, $4 / $1 * 1e6, $8 }'
	echo
	echo "![time and memory against rows](scaling.svg)"
} > "$here/RESULTS-scaling.md"
if command -v gnuplot > /dev/null; then
	for t in cat clean-nama aggregate-desa dedupe-nik dedupe-first; do
		awk -v t="$t" '$3 == t { print $1 / 1e6, $4 / $1 * 1e6, $8 }' "$res" > "$here/data/plot-$t"
	done
	gnuplot <<GP
set terminal svg size 900,420 font "sans,11" background rgb "white"
set output "$here/scaling.svg"
set multiplot layout 1,2 title "padu: biaya per baris dan memori / cost per row and memory"
set xlabel "juta baris / million rows"
set ylabel "µs per baris / per row"
set key top left
set yrange [0:*]
plot for [t in "cat clean-nama aggregate-desa dedupe-nik dedupe-first"] "$here/data/plot-".t using 1:2 with linespoints title t
set ylabel "RSS puncak / peak RSS (MB)"
set logscale y
set yrange [1:*]
plot for [t in "cat clean-nama aggregate-desa dedupe-nik dedupe-first"] "$here/data/plot-".t using 1:3 with linespoints title t
unset multiplot
GP
fi
cat "$here/RESULTS-scaling.md"
