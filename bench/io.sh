#!/usr/bin/env bash
# io.sh: the CSV passthrough benchmark (make bench-io).
#
# Re-emits a 2-million-row, ~500 MB CSV with padu-cat, `mlr --csv cat` and
# DuckDB (COPY ... TO, 1 and 2 threads), 5 runs each, and reports the
# median, min and max wall time, MB/s and peak RSS, and padu's ratio to each
# peer.  Results go to standard output and bench/RESULTS-io.md.
#   PADU_BIN=bin bash bench/io.sh [ROWS] [RUNS]
set -eu
export LC_ALL=C
here=$(cd "$(dirname "$0")" && pwd)
bin=${PADU_BIN:-$here/../bin}
rows=${1:-2000000}
runs=${2:-5}
data=$here/data/io-v2-$rows.csv
mkdir -p "$here/data"
if [ ! -s "$data" ]; then
	echo "generating $data ..." >&2
	python3 "$here/gen-io.py" "$rows" > "$data.tmp" && mv "$data.tmp" "$data"
fi
if [ ! -d "$here/node_modules/@duckdb/node-api" ]; then
	echo "installing DuckDB (npm @duckdb/node-api) ..." >&2
	(cd "$here" && npm install --no-audit --no-fund >/dev/null 2>&1) ||
		echo "DuckDB unavailable: npm install failed" >&2
fi
bytes=$(stat -c %s "$data")
mb=$(awk -v b="$bytes" 'BEGIN { printf "%.0f", b / 1e6 }')
cat "$data" > /dev/null	# warm the page cache

# time_runs NAME CMD...: runs, prints "NAME median min max rss_mb"
declare -A med
time_runs() {
	local name=$1 i t rss; shift
	: > "$here/data/times"
	for ((i = 0; i < runs; i++)); do
		/usr/bin/time -f "%e %M" -o "$here/data/t1" "$@" > /dev/null 2> "$here/data/err" ||
			{ echo "$name failed: $(tail -3 "$here/data/err")" >&2; return 0; }
		cat "$here/data/t1" >> "$here/data/times"
	done
	sort -n "$here/data/times" | awk -v name="$name" -v mb="$mb" '
		{ t[NR] = $1; if ($2 > rss) rss = $2 }
		END { m = t[int((NR + 1) / 2)];
		      printf "%s %.2f %.2f %.2f %.0f %.1f\n", name, m, t[1], t[NR], (m > 0 ? mb / m : 0), rss / 1024 }'
}

results=$here/data/results
: > "$results"
time_runs padu-cat "$bin/padu-cat" "$data" >> "$results"
command -v mlr > /dev/null && time_runs "mlr-cat" mlr --csv cat "$data" >> "$results"
if [ -d "$here/node_modules/@duckdb/node-api" ]; then
	for th in 1 2; do
		time_runs "duckdb-${th}t" node "$here/duckdb.mjs" "$th" \
			"COPY (SELECT * FROM read_csv('$data', all_varchar = true, header = true)) TO '/dev/stdout' (FORMAT csv)" >> "$results"
	done
fi

padu=$(awk '$1 == "padu-cat" { print $2 }' "$results")
{
	echo "# CSV passthrough benchmark"
	echo
	echo "$(date -u +%Y-%m-%d), $(nproc) cores, $(awk '/model name/ { $1=$2=$3=""; print; exit }' /proc/cpuinfo | sed 's/^ *//'),"
	echo "$(uname -sr), padu $(cat "$here/../VERSION"), mlr $(mlr --version 2>/dev/null | awk '{print $2}'),"
	echo "DuckDB $(node -e "console.log(require('$here/node_modules/@duckdb/node-api/package.json').version)" 2>/dev/null || echo none)."
	echo
	echo "Data: $rows DTKS-like rows, 18 columns, $mb MB ($(basename "$data"), made by bench/gen-io.py)."
	echo "Task: read the CSV and write it again as CSV to /dev/null (padu-cat; \`mlr --csv cat\`;"
	echo "DuckDB \`COPY (SELECT * FROM read_csv(..., all_varchar)) TO '/dev/stdout'\`)."
	echo "Statistic: median of $runs runs (min, max), wall seconds; MB/s = input MB / median; peak RSS."
	echo
	echo "| tool | median s | min s | max s | MB/s | peak RSS MB | padu time / tool time |"
	echo "|---|---:|---:|---:|---:|---:|---:|"
	awk -v p="$padu" '{ printf "| %s | %s | %s | %s | %s | %s | %.2f |\n", $1, $2, $3, $4, $5, $6, ($2 > 0 ? p / $2 : 0) }' "$results"
} > "$here/RESULTS-io.md"
cat "$here/RESULTS-io.md"
