#!/usr/bin/env bash
# parse.sh: the padu-parse benchmark (make bench-parse).
#
# Parses a 2-million-row Windows-1252 ';' export (bench/gen-io.py's rows,
# re-encoded, with names carrying é) with padu-parse, beside DuckDB's
# read_csv on the same file (1 and 2 threads), 5 runs each; median, min,
# max, MB/s and peak RSS.  Results: standard output and bench/RESULTS-parse.md.
#   PADU_BIN=bin bash bench/parse.sh [ROWS] [RUNS]
set -eu
export LC_ALL=C
here=$(cd "$(dirname "$0")" && pwd)
bin=${PADU_BIN:-$here/../bin}
rows=${1:-2000000}
runs=${2:-5}
. "$here/lib.sh"
data=$here/data/parse-cp1252-$rows.csv
mkdir -p "$here/data"
if [ ! -s "$data" ]; then
	echo "generating $data ..." >&2
	python3 "$here/gen-io.py" "$rows" | python3 -c '
import sys
for line in sys.stdin:
    sys.stdout.buffer.write(line.replace(",", ";").replace("Joko", "Jos\u00e9").encode("cp1252"))' > "$data.tmp"
	mv "$data.tmp" "$data"
fi
ensure_duckdb
mb=$(awk -v b="$(stat -c %s "$data")" 'BEGIN { printf "%.0f", b / 1e6 }')
cat "$data" > /dev/null
results=$here/data/results-parse
: > "$results"
time_runs padu-parse "$bin/padu-parse" -e windows-1252 -d ';' "$data" >> "$results"
if [ -d "$here/node_modules/@duckdb/node-api" ]; then
	for th in 1 2; do
		time_runs "duckdb-${th}t" node "$here/duckdb.mjs" "$th" \
			"COPY (SELECT * FROM read_csv('$data', delim = ';', encoding = 'latin-1', all_varchar = true, header = true)) TO '/dev/stdout' (FORMAT csv)" >> "$results"
	done
fi
{
	echo "# padu-parse benchmark"
	echo
	machine
	echo
	echo "Data: $rows DTKS-like rows, 18 columns, ';', Windows-1252, $mb MB ($(basename "$data"))."
	echo "Task: read it and write UTF-8 canonical CSV to /dev/null (padu-parse -e windows-1252 -d ';';"
	echo "DuckDB \`COPY (SELECT * FROM read_csv(..., encoding = 'latin-1', all_varchar)) TO '/dev/stdout'\`)."
	echo "Statistic: median of $runs runs (min, max), wall seconds; MB/s = input MB / median; peak RSS."
	echo
	table padu-parse
} > "$here/RESULTS-parse.md"
cat "$here/RESULTS-parse.md"
