#!/usr/bin/env bash
# stages.sh: benchmarks of padu-classify, padu-aggregate and padu-join
# (make bench-stages), on streams made by repeating the classified tables
# of `make demo` (out/current/) to Klaten-and-beyond size:
#   classify  the whole Klaten codebook (household indicators) over a
#             2M-row household stream: MB/s;
#   aggregate group by kode_desa with count, count_if and sum over 2M rows,
#             beside DuckDB GROUP BY (1 and 2 threads) and mlr stats1;
#   join      a 200,000-row household table attached to a 2M-row person
#             stream by _hh, beside DuckDB's LEFT JOIN.
# Median of 5 (wall seconds), MB/s of the streamed input, peak RSS.
#   PADU_BIN=bin bash bench/stages.sh [ROWS] [RUNS]
set -eu
export LC_ALL=C
here=$(cd "$(dirname "$0")" && pwd)
top=$here/..
bin=${PADU_BIN:-$top/bin}
rows=${1:-2000000}
runs=${2:-5}
. "$here/lib.sh"
# One thread for padu, as issue 12 asks: no read-ahead thread (padu(7)).
export PADU_JOBS=1
mkdir -p "$here/data"
cur=$top/out/current
[ -s "$cur/rumah-tangga-indikator.csv" ] || (cd "$top" && make -s demo > /dev/null)
rt=$here/data/stages-rt-$rows.csv
tbl=$here/data/stages-rt-table-200000.csv
org=$here/data/stages-orang-$rows.csv
rep() {	# rep SRC N OUT [MOD]: the data rows of SRC repeated to N rows; _hh
	# gets the copy number (modulo MOD), so copies are other households
	python3 - "$1" "$2" "$3.tmp" "${4:-0}" <<'PY'
import csv, sys
src, n, out, mod = sys.argv[1], int(sys.argv[2]), sys.argv[3], int(sys.argv[4])
rd = csv.reader(open(src, newline="", encoding="utf-8"))
head = next(rd)
rows = list(rd)
h = head.index("_hh") if "_hh" in head else -1
with open(out, "w", newline="", encoding="utf-8") as f:
    w = csv.writer(f, lineterminator="\n")
    w.writerow(head)
    for k in range(n):
        r = list(rows[k % len(rows)])
        if h >= 0 and r[h]:
            c = k // len(rows)
            r[h] = "%s~%d" % (r[h], c % mod if mod else c)
        w.writerow(r)
PY
	mv "$3.tmp" "$3"
}
[ -s "$rt" ] || { echo "generating $rt ..." >&2; rep "$cur/rumah-tangga.csv" "$rows" "$rt"; }
[ -s "$tbl" ] || { echo "generating $tbl ..." >&2; rep "$cur/rumah-tangga-indikator.csv" 200000 "$tbl"; }
# Persons point into the table's copies: each copy of the household table
# holds every household once.
copies=$(( (200000 + $(wc -l < "$cur/rumah-tangga-indikator.csv") - 2) / ($(wc -l < "$cur/rumah-tangga-indikator.csv") - 1) - 1 ))
[ -s "$org" ] || { echo "generating $org ..." >&2; rep "$cur/orang.csv" "$rows" "$org" "$copies"; }
ensure_duckdb
cb=$top/pipelines/codebook/klaten.json
results=$here/data/results-stages
: > "$results"

# classify
mb=$(awk -v b="$(stat -c %s "$rt")" 'BEGIN { printf "%.0f", b / 1e6 }')
cat "$rt" > /dev/null
time_runs padu-classify "$bin/padu-classify" -f "$cb" -l household "$rt" >> "$results"
classify_mb=$mb

# aggregate: classified rows first (once), then the group-by.
agg=$here/data/stages-agg-$rows.csv
[ -s "$agg" ] || "$bin/padu-classify" -f "$cb" -l household "$rt" > "$agg"
mb=$(awk -v b="$(stat -c %s "$agg")" 'BEGIN { printf "%.0f", b / 1e6 }')
cat "$agg" > /dev/null
: > "$results.agg"
results_main=$results
results=$results.agg
time_runs padu-aggregate "$bin/padu-aggregate" -b kode_desa -m 'rt=count()' \
	-m 'tanah=count_if(lantai_tanah = 1)' -m 'art=sum(jumlah_art)' "$agg" >> "$results"
if [ -d "$here/node_modules/@duckdb/node-api" ]; then
	for th in 1 2; do
		time_runs "duckdb-${th}t" node "$here/duckdb.mjs" "$th" \
			"COPY (SELECT kode_desa, count(*) AS rt, count(*) FILTER (WHERE lantai_tanah = 1) AS tanah, sum(jumlah_art) AS art FROM read_csv('$agg', header = true) GROUP BY kode_desa ORDER BY kode_desa) TO '/dev/stdout' (FORMAT csv)" >> "$results"
	done
fi
command -v mlr > /dev/null && time_runs mlr-stats1 mlr --icsv --ocsv stats1 -a count,sum \
	-f lantai_tanah,jumlah_art -g kode_desa "$agg" >> "$results"
agg_mb=$mb
results=$results_main

# join
mb=$(awk -v b="$(stat -c %s "$org")" 'BEGIN { printf "%.0f", b / 1e6 }')
cat "$org" "$tbl" > /dev/null
: > "$results.join"
results=$results.join
time_runs padu-join "$bin/padu-join" -f "$tbl" -j _hh -c desil_1,desil_1_4,kelas_desil,lantai_tanah "$org" >> "$results"
if [ -d "$here/node_modules/@duckdb/node-api" ]; then
	for th in 1 2; do
		time_runs "duckdb-${th}t" node "$here/duckdb.mjs" "$th" \
			"COPY (SELECT o.*, t.desil_1, t.desil_1_4, t.kelas_desil, t.lantai_tanah FROM read_csv('$org', header = true, all_varchar = true) o LEFT JOIN read_csv('$tbl', header = true, all_varchar = true) t USING (_hh)) TO '/dev/stdout' (FORMAT csv)" >> "$results"
	done
fi
join_mb=$mb
results=$results_main
{
	echo "# padu-classify, padu-aggregate, padu-join benchmarks"
	echo
	machine
	echo
	echo "Data: the classified tables of \`make demo\` (fixtures/small through pipelines/klaten.sh)"
	echo "repeated to size, _hh made unique per copy. Statistic: median of $runs runs (min, max),"
	echo "wall seconds; MB/s = streamed input MB / median; peak RSS. Output to /dev/null."
	echo "padu runs on one thread (PADU_JOBS=1: the input is not read ahead by a second)."
	echo
	echo "## padu-classify: the Klaten codebook (household level) over $rows household rows ($classify_mb MB)"
	echo
	table padu-classify
	echo
	echo "## padu-aggregate: group by kode_desa, count + count_if + sum, $rows rows ($agg_mb MB)"
	echo
	echo "DuckDB: \`SELECT kode_desa, count(*), count(*) FILTER (WHERE lantai_tanah = 1), sum(jumlah_art) ... GROUP BY kode_desa\`;"
	echo "Miller: \`stats1 -a count,sum -f lantai_tanah,jumlah_art -g kode_desa\` (a sum of the 0/1 column, not a count_if)."
	echo
	results=$results_main.agg table padu-aggregate
	echo
	echo "## padu-join: a 200,000-row household table onto $rows person rows ($join_mb MB streamed)"
	echo
	echo "DuckDB: \`SELECT o.*, t.(4 columns) FROM read_csv(orang) o LEFT JOIN read_csv(table) t USING (_hh)\`."
	echo
	results=$results_main.join table padu-join
} > "$here/RESULTS-stages.md"
cat "$here/RESULTS-stages.md"
