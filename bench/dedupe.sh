#!/usr/bin/env bash
# dedupe.sh: the exact-key padu-dedupe benchmark (make bench-dedupe).
#
# Keeps one row per NIK of a 2-million-row canonical stream in which 30% of
# the rows repeat the NIK of an earlier row (bench/gen-io.py --canonical),
# with padu-dedupe and bench/dedupe-nik.json (only "exact": [["nik"]]),
# DuckDB (QUALIFY row_number() OVER (PARTITION BY nik ...) = 1, 1 and 2
# threads) and `mlr head -n 1 -g nik`, 5 runs each, output to /dev/null;
# median, min, max, MB/s and peak RSS, and whether padu meets issue 6's
# target (at most a quarter of DuckDB's time, in at most 300 MB).  Then the
# rows each tool keeps are compared on the first 100,000 rows.  Results go
# to standard output and bench/RESULTS-dedupe.md, above the section that
# bench/dedupe-large.sh writes (kept as it is).
#   PADU_BIN=bin bash bench/dedupe.sh [ROWS] [RUNS]
set -eu
export LC_ALL=C
here=$(cd "$(dirname "$0")" && pwd)
bin=${PADU_BIN:-$here/../bin}
rows=${1:-2000000}
runs=${2:-5}
. "$here/lib.sh"
. "$here/idle.sh"
data=$here/data/canon-$rows.csv
mkdir -p "$here/data"
if [ ! -s "$data" ]; then
	echo "generating $data ..." >&2
	python3 "$here/gen-io.py" --canonical "$rows" > "$data.tmp" && mv "$data.tmp" "$data"
fi
ensure_duckdb
mb=$(awk -v b="$(stat -c %s "$data")" 'BEGIN { printf "%.0f", b / 1e6 }')
cat "$data" > /dev/null
rules=$here/dedupe-nik.json
duck() {	# duck FILE
	echo "COPY (SELECT * FROM read_csv('$1', all_varchar = true, header = true)" \
	    "QUALIFY row_number() OVER (PARTITION BY nik ORDER BY _src, CAST(_row AS BIGINT)) = 1)" \
	    "TO '/dev/stdout' (FORMAT csv)"
}
have_duck() { [ -d "$here/node_modules/@duckdb/node-api" ]; }

results=$here/data/results-dedupe
: > "$results"
: > "$here/data/runs.log"
timed padu-dedupe-first "$bin/padu-dedupe" --first -j 1 -f "$rules" "$data" >> "$results"
timed padu-dedupe-first-2t "$bin/padu-dedupe" --first -j 2 -f "$rules" "$data" >> "$results"
timed padu-dedupe "$bin/padu-dedupe" -f "$rules" "$data" >> "$results"
if have_duck; then
	for th in 1 2; do
		timed "duckdb-${th}t" node "$here/duckdb.mjs" "$th" "$(duck "$data")" >> "$results"
	done
fi
command -v mlr > /dev/null && timed mlr-head mlr --csv head -n 1 -g nik "$data" >> "$results"
rm -f "$here/data/dedupe-stats.json"
"$bin/padu-dedupe" -f "$rules" -s "$here/data/dedupe-stats.json" "$data" > /dev/null

# The rows each tool keeps, on the first 100,000 rows.
sample=$here/data/canon-sample.csv
head -n 100001 "$data" > "$sample"
nsample=$(( $(wc -l < "$sample") - 1 ))
"$bin/padu-dedupe" --first -f "$rules" "$sample" > "$here/data/d-padu.csv"
"$bin/padu-dedupe" -f "$rules" "$sample" > "$here/data/d-padu-entities.csv"
have_duck && node "$here/duckdb.mjs" 1 "$(duck "$sample")" > "$here/data/d-duckdb.csv"
command -v mlr > /dev/null && mlr --csv head -n 1 -g nik "$sample" > "$here/data/d-mlr.csv"
kept=$(python3 - "$here/data" <<'PY'
import csv, os, sys
d = sys.argv[1]
def kept(p):
    with open(p, newline="", encoding="utf-8") as f:
        return {(r["_src"], r["_row"]) for r in csv.DictReader(f)}
padu = kept(os.path.join(d, "d-padu.csv"))
ent = kept(os.path.join(d, "d-padu-entities.csv"))
out = ["padu --first keeps %d rows" % len(padu),
       "padu's default mode names its %d entities by %s" % (len(ent), "the same rows" if ent == padu else
                                                          "%d other rows" % len(ent ^ padu))]
for peer in ("duckdb", "mlr"):
    p = os.path.join(d, "d-%s.csv" % peer)
    if os.path.exists(p):
        k = kept(p)
        out.append("%s %d, %s" % (peer, len(k), "the same rows" if k == padu else
                                  "%d rows differ" % len(k ^ padu)))
print("; ".join(out))
PY
)

verdict() {
	awk -v cap=300 '
		{ t[$1] = $2; rss[$1] = $6 }
		END {
			p = t["padu-dedupe-first"]
			for (n in t) if (n ~ /^duckdb/) {
				r = p / t[n]
				printf "- against %s: padu-dedupe --first on one thread takes %.2f of its time (target <= 0.25): %s; the default mode %.2f.\n", n, r, r <= 0.25 ? "met" : "not met", t["padu-dedupe"] / t[n]
			}
			if ("padu-dedupe-first-2t" in t && "duckdb-2t" in t) {
				r = t["padu-dedupe-first-2t"] / t["duckdb-2t"]
				printf "- against duckdb-2t, both on two threads: padu-dedupe --first -j 2 (the file read ahead by the second) takes %.2f of its time (target <= 0.25): %s.\n", r, r <= 0.25 ? "met" : "not met"
			}
			printf "- memory: padu-dedupe --first peak RSS %.0f MB (target <= %d MB): %s; the default mode %.0f MB.\n", rss["padu-dedupe-first"], cap, rss["padu-dedupe-first"] <= cap ? "met" : "not met", rss["padu-dedupe"]
		}' "$results" | sort
}

top=$(
	echo "# padu-dedupe benchmark"
	echo
	machine
	echo
	echo "## Exact key: one row per NIK"
	echo
	echo "Data: $rows canonical person rows, 23 columns, $mb MB ($(basename "$data"), made by"
	echo "\`bench/gen-io.py --canonical\`, the stream bench-clean cleans); 30% of the rows repeat the"
	echo "NIK of an earlier person, so $(tail -1 "$here/data/dedupe-stats.json" | sed 's/.*"out":\([0-9]*\).*/\1/') NIKs remain."
	echo "Task: keep one row per NIK, the first by (_src, _row), and write CSV to /dev/null."
	echo "padu-dedupe-first: \`padu-dedupe --first -j 1 -f bench/dedupe-nik.json\` (only"
	echo "\`\"exact\": [[\"nik\"]]\`): the first row of each NIK as it came, decided as it is read,"
	echo "memory O(NIKs): the task itself, as DuckDB and Miller do it, on one thread.  padu-dedupe-first-2t:"
	echo "the same with \`-j 2\` (the default on this machine), where a second thread reads the file ahead"
	echo "of the parser (csvio_read_ahead), so that the kernel's copy of the cached file and the parsing"
	echo "overlap: two threads, as DuckDB's default here.  padu-dedupe, for comparison:"
	echo "the default mode, which needs the whole input (survivorship, which here is the first row's"
	echo "values and the first non-empty value of the others; it adds \`_cluster\`, \`_n\` and \`_srcs\`"
	echo "and writes each entity at the place of its first row).  DuckDB: \`COPY (SELECT * FROM"
	echo "read_csv(..., all_varchar) QUALIFY row_number() OVER (PARTITION BY nik ORDER BY _src,"
	echo "CAST(_row AS BIGINT)) = 1) TO '/dev/stdout'\` (rows in no particular order, no extra"
	echo "columns).  Miller: \`mlr --csv head -n 1 -g nik\`."
	echo "Before each run the script waits until the machine is idle, and a run during which other"
	echo "processes took more than 10% of the CPU is run again (bench/idle.sh; $(awk '/ again$/ { n++ } END { print n + 0 }' "$here/data/runs.log")"
	echo "runs were repeated; bench/data/runs.log)."
	echo "Statistic: median of $runs runs (min, max), wall seconds; MB/s = input MB / median; peak RSS"
	echo "(the largest of the runs; DuckDB's includes Node.js).  padu-dedupe's default mode also"
	echo "spools the rows to TMPDIR (about the input's size, unlinked at once), which is not in its RSS."
	echo
	table padu-dedupe-first
	echo
	echo "Rows kept, on the first $nsample rows: $kept."
	echo
	echo "Issue 6's target, at most a quarter of DuckDB's time in at most 300 MB:"
	echo
	verdict
	echo
	cat <<'NOTE'
The kernel's copy of the cached file into the reader's buffer costs very different times on
this machine from hour to hour (perf record of the one-thread run: 11% of the time at 11:50,
51% at 16:27, 2026-11-29; a cat of the file to /dev/null: 0.8 s the first time in a while,
then 0.23-0.30 s), which is why the second thread helps most when the host is slow.
Where padu-dedupe --first's time goes (perf record, 2026-11-29, this data): reading the CSV
(the scanner 28%, the kernel copying the file 13%), encoding the rows again (21%: only the
fields that were quoted are encoded one by one, runs of the others are copied at once),
the key table 10% (eight-byte slots, at most 3/4 full, in 2 MB pages where the kernel gives
them; each row's slot is prefetched when it is read and probed 64 rows later, so the cache
misses overlap).  Its first version, with 16-byte slots at most half full, took 1.15 s, a
fifth of it the kernel zeroing the table's pages.
The default mode spools the rows to TMPDIR, links them, and reads them back to write each
entity with survivorship: about three times the time (its phases, measured 2026-11-28:
reading and spooling 0.8 s, the key table 0.45 s, entity ids 0.13 s, writing 1.65 s).
NOTE
)
old=$here/RESULTS-dedupe.md
{
	echo "$top"
	if [ -f "$old" ] && grep -q '^## Fuzzy linkage at Klaten scale' "$old"; then
		echo
		sed -n '/^## Fuzzy linkage at Klaten scale/,$p' "$old"
	fi
} > "$old.tmp"
mv "$old.tmp" "$old"
cat "$old"
