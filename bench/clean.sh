#!/usr/bin/env bash
# clean.sh: the padu-clean benchmark (make bench-clean).
#
# A 2-million-row canonical stream (bench/gen-io.py --canonical: untidy
# names, real Klaten kecamatan and desa names, Indonesian numbers and dates,
# yes/no answers) is cleaned twice, 5 runs each, output to /dev/null:
#   1. the nama column only (trim, collapse spaces, upper case), with
#      padu-clean and bench/clean-nama.json, Miller and DuckDB (1 and 2
#      threads) doing the same;
#   2. every column, with padu-clean and the shipped rules and the Klaten
#      region reference, beside a Miller and a DuckDB approximation of a
#      subset of that work (see the report for what each engine does).
# Then each peer's output is compared with padu's, column by column, on the
# first 100,000 rows.  Median, min, max, MB/s and peak RSS go to standard
# output and bench/RESULTS-clean.md.
#   PADU_BIN=bin bash bench/clean.sh [ROWS] [RUNS]
set -eu
export LC_ALL=C
here=$(cd "$(dirname "$0")" && pwd)
top=$here/..
bin=${PADU_BIN:-$top/bin}
rows=${1:-2000000}
runs=${2:-5}
. "$here/lib.sh"
. "$here/idle.sh"
ref=$top/pipelines/ref/klaten
rules=$top/pipelines/rules/clean.json
data=$here/data/canon-$rows.csv
mkdir -p "$here/data"
if [ ! -s "$data" ]; then
	echo "generating $data ..." >&2
	python3 "$here/gen-io.py" --canonical "$rows" > "$data.tmp" && mv "$data.tmp" "$data"
fi
ensure_duckdb
mb=$(awk -v b="$(stat -c %s "$data")" 'BEGIN { printf "%.0f", b / 1e6 }')
cat "$data" > /dev/null

# ---- task 1: nama only ----
mlr1='$nama = toupper(clean_whitespace($nama))'
duck1() {	# duck1 FILE
	echo "COPY (SELECT * REPLACE (upper(trim(regexp_replace(nama, '\\s+', ' ', 'g'))) AS nama)" \
	    "FROM read_csv('$1', all_varchar = true, header = true)) TO '/dev/stdout' (FORMAT csv)"
}

# ---- task 2: all columns (the peers' subset) ----
sp() { echo "trim(regexp_replace($1, '\\s+', ' ', 'g'))"; }
key() { echo "regexp_replace(upper($1), '[^A-Z0-9]', '', 'g')"; }
num() { echo "regexp_replace(replace(replace(regexp_replace(regexp_replace(trim($1), '^(Rp\\.?|IDR) *', ''), ',(-|00)\$', ''), '.', ''), ',', '.'), '^0+([0-9])', '\\1')"; }
yn() { echo "CASE WHEN upper(trim($1)) IN ('YA', 'Y', 'IYA', '1', 'TRUE', 'BENAR', 'ADA') THEN 'Y' WHEN upper(trim($1)) IN ('TIDAK', 'T', 'N', '0', 'FALSE', 'SALAH', 'BUKAN', 'TIDAK ADA', '-') THEN 'N' ELSE $1 END"; }
duck2() {	# duck2 FILE
	cat <<SQL
COPY (
WITH reg AS (SELECT * FROM read_csv('$ref/regions.csv', all_varchar = true, header = true)),
d AS (SELECT de.kode AS kode_desa, de.induk AS kode_kecamatan, de.kode_bps AS kode_desa_bps,
        $(key de.nama) AS dk, $(key ke.nama) AS kk
      FROM reg de JOIN reg ke ON de.induk = ke.kode WHERE de.tingkat = 'desa'),
t AS (SELECT * REPLACE (
        $(sp provinsi) AS provinsi, $(sp kabupaten_kota) AS kabupaten_kota,
        $(sp kecamatan) AS kecamatan, $(sp desa_kelurahan) AS desa_kelurahan,
        $(sp alamat) AS alamat, $(sp dusun) AS dusun, $(sp nama) AS nama,
        $(sp nama_ibu_kandung) AS nama_ibu_kandung, $(sp tempat_lahir) AS tempat_lahir,
        regexp_replace(trim(tanggal_lahir), '^([0-9]{2})[/.-]([0-9]{2})[/.-]([0-9]{4})( .*)?\$', '\\3-\\2-\\1') AS tanggal_lahir,
        CASE WHEN $(key jenis_kelamin) IN ('L', 'LAKILAKI', 'LAKI', 'LK', 'LELAKI', 'PRIA', 'MALE') THEN 'L'
             WHEN $(key jenis_kelamin) IN ('P', 'PEREMPUAN', 'PR', 'PRP', 'WANITA', 'FEMALE') THEN 'P'
             ELSE jenis_kelamin END AS jenis_kelamin,
        CASE $(key hubungan_keluarga) WHEN 'KEPALAKELUARGA' THEN '1' WHEN 'KK' THEN '1' WHEN 'ISTRI' THEN '2'
             WHEN 'SUAMI' THEN '2' WHEN 'ANAK' THEN '3' WHEN 'MENANTU' THEN '4' WHEN 'CUCU' THEN '5'
             WHEN 'ORANGTUA' THEN '6' WHEN 'MERTUA' THEN '6' WHEN 'PEMBANTU' THEN '7'
             WHEN 'FAMILILAIN' THEN '8' WHEN 'LAINNYA' THEN '8' ELSE hubungan_keluarga END AS hubungan_keluarga,
        $(num desil) AS desil, $(num pendapatan) AS pendapatan, $(num rt) AS rt, $(num rw) AS rw,
        $(yn pkh) AS pkh, $(yn bpnt) AS bpnt)
      FROM read_csv('$1', all_varchar = true, header = true))
SELECT t.*,
  replace(replace(replace(replace(replace(replace(replace(upper(t.nama), 'OE', 'U'), 'DJ', 'J'), 'TJ', 'C'), 'NJ', 'NY'), 'SJ', 'SY'), 'CH', 'KH'), 'J', 'Y') AS nama_kunci,
  d.kode_desa, d.kode_kecamatan, d.kode_desa_bps
FROM t LEFT JOIN d ON d.dk = $(key t.desa_kelurahan) AND d.kk = $(key t.kecamatan)
) TO '/dev/stdout' (FORMAT csv)
SQL
}
# Miller: the same subset; the region table as a map literal keyed by
# "DESA|KECAMATAN" (upper case, letters and digits only).
regmap=$(awk -F, 'NR > 1 { k = toupper($4); gsub(/[^A-Z0-9]/, "", k); nm[$1] = k; t[$1] = $2; ind[$1] = $3; bps[$1] = $6; if ($2 == "desa") d[++n] = $1 }
	END { for (i = 1; i <= n; i++) { c = d[i]; printf "%s\"%s|%s\": \"%s|%s|%s\"", (i > 1 ? ", " : ""), nm[c], nm[ind[c]], c, ind[c], bps[c] } }' "$ref/regions.csv")
mlr2=$(cat <<DSL
begin {
  @reg = {$regmap};
  @yn = {"YA": "Y", "Y": "Y", "IYA": "Y", "1": "Y", "TRUE": "Y", "BENAR": "Y", "ADA": "Y",
         "TIDAK": "N", "T": "N", "N": "N", "0": "N", "FALSE": "N", "SALAH": "N", "BUKAN": "N", "TIDAK ADA": "N", "-": "N"};
  @sex = {"L": "L", "LAKILAKI": "L", "LAKI": "L", "LK": "L", "LELAKI": "L", "PRIA": "L", "MALE": "L",
          "P": "P", "PEREMPUAN": "P", "PR": "P", "PRP": "P", "WANITA": "P", "FEMALE": "P"};
  @hub = {"KEPALAKELUARGA": "1", "KK": "1", "ISTRI": "2", "SUAMI": "2", "ANAK": "3", "MENANTU": "4",
          "CUCU": "5", "ORANGTUA": "6", "MERTUA": "6", "PEMBANTU": "7", "FAMILILAIN": "8", "LAINNYA": "8"};
}
func nkey(str s): str { return gsub(toupper(s), "[^A-Z0-9]", "") }
func idnum(str s): str {
  return sub(gssub(gssub(sub(sub(strip(s), "^(Rp\\.?|IDR) *", ""), ",(-|00)\$", ""), ".", ""), ",", "."), "^0+([0-9])", "\\1")
}
for (c in ["provinsi", "kabupaten_kota", "kecamatan", "desa_kelurahan", "alamat", "dusun", "nama", "nama_ibu_kandung", "tempat_lahir"]) {
  \$[c] = clean_whitespace(\$[c]);
}
\$tanggal_lahir = sub(strip(\$tanggal_lahir), "^([0-9]{2})[/.-]([0-9]{2})[/.-]([0-9]{4})( .*)?\$", "\\3-\\2-\\1");
k = nkey(\$jenis_kelamin); if (haskey(@sex, k)) { \$jenis_kelamin = @sex[k] }
k = nkey(\$hubungan_keluarga); if (haskey(@hub, k)) { \$hubungan_keluarga = @hub[k] }
for (c in ["desil", "pendapatan", "rt", "rw"]) { \$[c] = idnum(\$[c]) }
for (c in ["pkh", "bpnt"]) { k = toupper(strip(\$[c])); if (haskey(@yn, k)) { \$[c] = @yn[k] } }
\$nama_kunci = gssub(gssub(gssub(gssub(gssub(gssub(gssub(toupper(\$nama), "OE", "U"), "DJ", "J"), "TJ", "C"), "NJ", "NY"), "SJ", "SY"), "CH", "KH"), "J", "Y");
k = nkey(\$desa_kelurahan) . "|" . nkey(\$kecamatan);
if (haskey(@reg, k)) {
  v = splitax(@reg[k], "|");
  \$kode_desa = v[1]; \$kode_kecamatan = v[2]; \$kode_desa_bps = v[3];
} else {
  \$kode_desa = ""; \$kode_kecamatan = ""; \$kode_desa_bps = "";
}
DSL
)
echo "$mlr2" > "$here/data/clean-all.mlr"
have_duck() { [ -d "$here/node_modules/@duckdb/node-api" ]; }

# ---- the runs ----
res1=$here/data/results-clean1 res2=$here/data/results-clean2
: > "$res1"
: > "$here/data/runs.log"
: > "$res2"
timed padu-clean "$bin/padu-clean" -f "$here/clean-nama.json" "$data" >> "$res1"
command -v mlr > /dev/null && timed mlr-put mlr --csv put "$mlr1" "$data" >> "$res1"
if have_duck; then
	for th in 1 2; do
		timed "duckdb-${th}t" node "$here/duckdb.mjs" "$th" "$(duck1 "$data")" >> "$res1"
	done
fi
timed padu-clean "$bin/padu-clean" -f "$rules" -g "$ref/regions.csv" \
	-a "$ref/aliases.csv" "$data" >> "$res2"
command -v mlr > /dev/null && timed mlr-put mlr --csv --infer-none put \
	-f "$here/data/clean-all.mlr" "$data" >> "$res2"
if have_duck; then
	for th in 1 2; do
		timed "duckdb-${th}t" node "$here/duckdb.mjs" "$th" "$(duck2 "$data")" >> "$res2"
	done
fi

# ---- agreement with padu on the first 100,000 rows ----
sample=$here/data/canon-sample.csv
head -n 100001 "$data" > "$sample"
nsample=$(( $(wc -l < "$sample") - 1 ))
"$bin/padu-clean" -f "$here/clean-nama.json" "$sample" > "$here/data/s1-padu.csv"
rm -f "$here/data/s2-stats.json"
"$bin/padu-clean" -f "$rules" -g "$ref/regions.csv" -a "$ref/aliases.csv" \
	-s "$here/data/s2-stats.json" "$sample" > "$here/data/s2-padu.csv"
command -v mlr > /dev/null && {
	mlr --csv put "$mlr1" "$sample" > "$here/data/s1-mlr.csv"
	mlr --csv --infer-none put -f "$here/data/clean-all.mlr" "$sample" > "$here/data/s2-mlr.csv"
}
have_duck && {
	node "$here/duckdb.mjs" 1 "$(duck1 "$sample")" > "$here/data/s1-duckdb.csv"
	node "$here/duckdb.mjs" 1 "$(duck2 "$sample")" > "$here/data/s2-duckdb.csv"
}
agree() {	# agree TASK: a Markdown table of the peers' agreement with padu
	python3 - "$here/data" "$1" <<'PY'
import csv, os, sys
d, task = sys.argv[1], sys.argv[2]
def load(p):
    with open(p, newline="", encoding="utf-8") as f:
        return {(r["_src"], r["_row"]): r for r in csv.DictReader(f)}
padu = load(os.path.join(d, "s%s-padu.csv" % task))
pbytes = os.path.getsize(os.path.join(d, "s%s-padu.csv" % task))
cols = list(next(iter(padu.values())))
print("| peer | output bytes / padu's | columns that differ from padu's (share of rows equal) |")
print("|---|---:|---|")
for peer in ("mlr", "duckdb"):
    p = os.path.join(d, "s%s-%s.csv" % (task, peer))
    if not os.path.exists(p):
        continue
    other = load(p)
    diff = []
    for c in cols:
        if c not in next(iter(other.values())):
            diff.append("%s: absent" % c)
            continue
        same = sum(1 for k, r in padu.items() if k in other and other[k][c] == r[c])
        if same != len(padu):
            diff.append("%s %.2f%%" % (c, 100.0 * same / len(padu)))
    print("| %s | %.3f | %s |" % (peer, os.path.getsize(p) / pbytes, "; ".join(diff) or "none"))
PY
}

{
	echo "# padu-clean benchmark"
	echo
	machine
	echo
	echo "Data: $rows canonical person rows (what padu-parse emits, before cleaning), 23 columns,"
	echo "$mb MB ($(basename "$data"), made by \`bench/gen-io.py --canonical\`): names with untidy"
	echo "spacing and mixed case, real Klaten kecamatan and desa names (upper, title or lower case;"
	echo "5% with a letter missing, some with doubled spaces), dates such as \`21/06/1950 0:00:00\`,"
	echo "\`1950-06-21\`, \`21-06-1950\` and \`5 Mar 1985\`, incomes such as \`Rp 1.250.000,-\`,"
	echo "yes/no answers as Ya/TIDAK/Y/0, sex as PEREMPUAN/L/Laki laki, NIK and No KK."
	echo "Before each run the script waits until the machine is idle, and a run during which other"
	echo "processes took more than 10% of the CPU is run again (bench/idle.sh; $(awk '/ again$/ { n++ } END { print n + 0 }' "$here/data/runs.log")"
	echo "runs were repeated; bench/data/runs.log)."
	echo "Statistic: median of $runs runs (min, max), wall seconds, output to /dev/null;"
	echo "MB/s = input MB / median; peak RSS (the largest of the runs; DuckDB's includes Node.js)."
	echo
	echo "## 1. The name column only"
	echo
	echo "Task: trim, collapse runs of spaces and upper-case \`nama\`; every other column passes"
	echo "through.  padu: \`padu-clean -f bench/clean-nama.json\` (trim, collapse_space, upper)."
	echo "Miller: \`mlr --csv put '$mlr1'\`.  DuckDB: \`COPY (SELECT * REPLACE"
	echo "(upper(trim(regexp_replace(nama, '\\s+', ' ', 'g'))) AS nama) FROM read_csv(..., all_varchar))"
	echo "TO '/dev/stdout'\`.  The same work: the outputs are equal field for field; padu's has the"
	echo "\`_flags\` column (empty) that every padu-clean output carries."
	echo
	results=$res1 table padu-clean
	echo
	echo "How the peers' output differs from padu's, on the first $nsample rows:"
	echo
	agree 1
	echo
	echo "## 2. Every column"
	echo
	echo "padu: \`padu-clean -f pipelines/rules/clean.json -g pipelines/ref/klaten/regions.csv"
	echo "-a pipelines/ref/klaten/aliases.csv\`: every rule of the shipped file whose column the"
	echo "stream has — trim and collapse spaces on 9 text columns; the name key \`nama_kunci\`"
	echo "(titles and degrees dropped, accents folded, old spellings OE/DJ/TJ/NJ/SJ/CH and J→Y);"
	echo "dates in any of the forms above to ISO, checked (impossible dates flagged); sex and"
	echo "hubungan_keluarga through the vocabulary's code lists (labels, synonyms, one-typo fuzzy"
	echo "match); 4 Indonesian numbers; 2 yes/no columns; null tokens; NIK and No KK checks (16"
	echo "digits, province, birth date part, serial, dummies) and the NIK's birth date and sex against"
	echo "the row's; the desa and kecamatan names to Kemendagri and BPS codes (case, spaces and"
	echo "punctuation ignored, aliases, within one or two typos when exactly one desa is that close,"
	echo "the kecamatan telling namesakes apart); \`_flags\` for every problem."
	echo
	echo "Miller (\`mlr --csv --infer-none put -f\`, the DSL in bench/clean.sh) and DuckDB (one SQL"
	echo "statement, also in bench/clean.sh) do a subset, written to agree with padu on this data:"
	echo "trim and collapse spaces on the same 9 columns; \`nama_kunci\` as the upper-cased name with"
	echo "OE→U, DJ→J, TJ→C, NJ→NY, SJ→SY, CH→KH, J→Y (no titles, no accents); dates only"
	echo "\`dd/mm/yyyy[ time]\` and \`dd-mm-yyyy\` rearranged by a regular expression (no check; \`5 Mar"
	echo "1985\` is left as it is); sex and hubungan_keluarga by a fixed map of upper-cased, letters-only"
	echo "labels (no fuzzy match); numbers by stripping Rp/IDR, \`,-\`/\`,00\` and thousands dots (no"
	echo "validation); yes/no by a fixed list; the region codes by an exact join on the letters-only"
	echo "upper-cased desa and kecamatan names (no aliases, no typos).  They do no NIK or No KK checks,"
	echo "no null tokens, no flags.  So this is not like for like: the peers do less, and the table"
	echo "below the timings says where their output differs from padu's."
	echo
	results=$res2 table padu-clean
	echo
	echo "How the peers' output differs from padu's, on the first $nsample rows:"
	echo
	agree 2
	echo
	echo "padu-clean's flags on the sample: $(sed 's/.*"flags":\({[^}]*}\).*/\1/' "$here/data/s2-stats.json")."
} > "$here/RESULTS-clean.md"
cat "$here/RESULTS-clean.md"
