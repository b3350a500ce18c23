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
. "$here/lib.sh"
data=$here/data/io-v2-$rows.csv
mkdir -p "$here/data"
if [ ! -s "$data" ]; then
	echo "generating $data ..." >&2
	python3 "$here/gen-io.py" "$rows" > "$data.tmp" && mv "$data.tmp" "$data"
fi
ensure_duckdb
bytes=$(stat -c %s "$data")
mb=$(awk -v b="$bytes" 'BEGIN { printf "%.0f", b / 1e6 }')
cat "$data" > /dev/null	# warm the page cache

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

{
	echo "# CSV passthrough benchmark"
	echo
	machine
	echo
	echo "Data: $rows DTKS-like rows, 18 columns, $mb MB ($(basename "$data"), made by bench/gen-io.py)."
	echo "Task: read the CSV and write it again as CSV to /dev/null (padu-cat; \`mlr --csv cat\`;"
	echo "DuckDB \`COPY (SELECT * FROM read_csv(..., all_varchar)) TO '/dev/stdout'\`)."
	echo "Statistic: median of $runs runs (min, max), wall seconds; MB/s = input MB / median; peak RSS."
	echo
	table padu-cat
} > "$here/RESULTS-io.md"
cat "$here/RESULTS-io.md"
