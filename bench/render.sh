#!/usr/bin/env bash
# render.sh: the padu-render -f jsonl benchmark (make bench-render).
#
# The 2-million-row canonical stream of bench/clean.sh (bench/gen-io.py
# --canonical) written as JSON Lines, 5 runs each, output to /dev/null:
# padu-render -f jsonl, DuckDB (COPY ... TO (FORMAT json), 1 and 2
# threads, types as it infers them) and Miller (--icsv --ojsonl cat).
# Then the three outputs are read back with Python's json module on the
# first 100,000 records and compared: record count, keys, and which values
# differ in type (each engine types values its own way; the report says
# how).  Median, min, max, MB/s and peak RSS go to standard output and
# bench/RESULTS-render.md.
#   PADU_BIN=bin bash bench/render.sh [ROWS] [RUNS]
set -eu
export LC_ALL=C
here=$(cd "$(dirname "$0")" && pwd)
top=$here/..
bin=${PADU_BIN:-$top/bin}
rows=${1:-2000000}
runs=${2:-5}
. "$here/lib.sh"
data=$here/data/canon-$rows.csv
mkdir -p "$here/data"
if [ ! -s "$data" ]; then
	echo "generating $data ..." >&2
	python3 "$here/gen-io.py" --canonical "$rows" > "$data.tmp" && mv "$data.tmp" "$data"
fi
ensure_duckdb
mb=$(awk -v b="$(stat -c %s "$data")" 'BEGIN { printf "%.0f", b / 1e6 }')
cat "$data" > /dev/null
results=$here/data/results-render
: > "$results"
duck="COPY (SELECT * FROM read_csv('$data', header = true)) TO '/dev/stdout' (FORMAT json)"

time_runs padu-render "$bin/padu-render" -f jsonl "$data" >> "$results"
if [ -d "$here/node_modules/@duckdb/node-api" ]; then
	for th in 1 2; do
		time_runs "duckdb-${th}t" node "$here/duckdb.mjs" "$th" "$duck" >> "$results"
	done
fi
command -v mlr > /dev/null && time_runs mlr-ojsonl mlr --icsv --ojsonl cat "$data" >> "$results"

# Agreement on the first 100,000 records.
head -n 100001 "$data" > "$here/data/render-head.csv"
h=$here/data/render-head.csv
"$bin/padu-render" -f jsonl "$h" > "$here/data/render-padu.jsonl"
[ -d "$here/node_modules/@duckdb/node-api" ] &&
	node "$here/duckdb.mjs" 2 "COPY (SELECT * FROM read_csv('$h', header = true)) TO '$here/data/render-duckdb.jsonl' (FORMAT json)"
command -v mlr > /dev/null && mlr --icsv --ojsonl cat "$h" > "$here/data/render-mlr.jsonl"
agree=$(python3 - "$here/data" <<'PY'
import json, os, sys
d = sys.argv[1]
def load(name):
    p = os.path.join(d, name)
    if not os.path.exists(p):
        return None
    return [json.loads(l) for l in open(p, encoding="utf-8") if l.strip()]
padu = load("render-padu.jsonl")
out = []
for peer, f in (("DuckDB", "render-duckdb.jsonl"), ("Miller", "render-mlr.jsonl")):
    o = load(f)
    if o is None:
        out.append("- %s: not run." % peer)
        continue
    same_keys = all(list(a) == list(b) for a, b in zip(padu, o))
    text = lambda v: "" if v is None else (v if isinstance(v, str) else json.dumps(v))
    vals = sum(1 for a, b in zip(padu, o) for k in a if text(a[k]) != text(b.get(k)))
    types = {}
    for a, b in zip(padu, o):
        for k in a:
            ta, tb = type(a[k]).__name__, type(b.get(k)).__name__
            if ta != tb:
                types[k] = types.get(k, 0) + 1
    out.append("- %s: %d records (padu %d), keys in the same order: %s; values that read "
               "differently as text: %d; values typed differently: %s." % (
                   peer, len(o), len(padu), "yes" if same_keys else "no", vals,
                   ", ".join("%s %d" % kv for kv in sorted(types.items())) or "none"))
print("\n".join(out))
PY
)
{
	echo "# padu-render -f jsonl benchmark: CSV to JSON Lines"
	echo
	machine
	echo
	echo "Data: bench/gen-io.py --canonical, $rows rows ($mb MB), the canonical stream"
	echo "of bench/clean.sh. Statistic: median of $runs runs (min, max), wall seconds;"
	echo "MB/s = input MB / median; peak RSS. Output to /dev/null."
	echo
	echo "- padu: \`padu-render -f jsonl\` (one thread; streams, memory one record)."
	echo "- DuckDB: \`COPY (SELECT * FROM read_csv(FILE, header = true)) TO '/dev/stdout' (FORMAT json)\`."
	echo "- Miller: \`mlr --icsv --ojsonl cat\`."
	echo
	table padu-render
	echo
	echo "## Do they write the same records? (first 100,000)"
	echo
	echo "$agree"
	echo
	echo "Each engine types values its own way: padu value by value (a plain decimal"
	echo "outside the code columns kode*, nik, no_kk, id_*, _* is a number, empty is"
	echo "null), DuckDB by column from a sample (a column of digits, nik included,"
	echo "becomes a number; dates become dates), Miller value by value with its own"
	echo "number syntax (leading zeros, 1e5 and hex are numbers; empty is \"\")."
} > "$here/RESULTS-render.md"
cat "$here/RESULTS-render.md"
