#!/usr/bin/env bash
# dedupe-clusters.sh: padu-dedupe --clusters FILE on 20,000 generated rows
# (repeated NIKs, and names, desa and birth dates that link rows without a
# usable NIK): one line per input row, in input order, whose id is the
# _cluster that --keep-all gives that row; the entity rows are the same
# bytes with and without it; -j 1 and -j 2 write the same file;
# --clusters-cols picks the columns; the file is mode 0600 even when it
# existed; usage errors (a column the stream lacks, --clusters-cols alone,
# with --first) exit 2 and a full disk exits 1, each saying why.  TAP lines
# for tests/run.
set -u
bin=${PADU_BIN:?}
cd "${TMPDIR:?}" || exit 1
bad=0
ok() { echo "ok - dedupe-clusters: $1"; }
no() { bad=$((bad + 1)); echo "not ok - dedupe-clusters: $1"; shift; for l in "$@"; do echo "# $l"; done; }

python3 - <<'PY'
import csv, random
rnd = random.Random(11)
names = ["Juwariyah", "Juwariyah", "Juwariah", "Sri, Rahayu", 'Budi "Kecil"', "Tumini", "Ngatinem"]
with open("input.csv", "w", newline="", encoding="utf-8") as f:
    w = csv.writer(f, lineterminator="\n")
    w.writerow(["_src", "_row", "nik", "nama", "desa", "lahir", "_flags"])
    for i in range(20000):
        u = rnd.random()
        nik, flags = ("", "nik_missing") if u < 0.3 else ("33100%011d" % rnd.randrange(6000), "")
        w.writerow([rnd.choice(["dtks", "p3ke"]), i + 1, nik, rnd.choice(names),
                    rnd.choice(["Sengon", "Wedi", "Bayat"]),
                    "19%02d-0%d-1%d" % (rnd.randrange(40, 60), rnd.randrange(1, 10), rnd.randrange(10)),
                    flags])
PY
cat > rules.json <<'EOF2'
{"padu_match": 1,
 "exact": [{"columns": ["nik"], "unless_flags": ["nik_missing"]}],
 "blocking": [["desa", "nama"]],
 "compare": [
   {"column": "nama", "levels": [{"exact": true, "m": 0.9, "u": 0.1}, {"jaro_winkler": 0.9, "m": 0.05, "u": 0.1}], "else": {"m": 0.05, "u": 0.8}},
   {"column": "lahir", "levels": [{"exact": true, "m": 0.9, "u": 0.001}], "else": {"m": 0.1, "u": 0.999}}],
 "threshold": 8,
 "distinct": [{"columns": ["nik"], "unless_flags": ["nik_missing"]}]}
EOF2

"$bin/padu-dedupe" -j 2 -f rules.json -C c2.csv -s s.json input.csv > e2.csv 2> err ||
	no "runs with --clusters" "$(cat err)"
"$bin/padu-dedupe" -j 1 -f rules.json -C c1.csv input.csv > e1.csv 2> err || no "runs with -j 1" "$(cat err)"
"$bin/padu-dedupe" -j 2 -f rules.json input.csv > e0.csv 2> err || no "runs without --clusters" "$(cat err)"
"$bin/padu-dedupe" -j 2 -f rules.json --keep-all input.csv > k.csv 2> err || no "runs with --keep-all" "$(cat err)"
cmp -s e0.csv e2.csv && ok "the entity rows are the same bytes with --clusters" ||
	no "the entity rows are the same bytes with --clusters"
cmp -s c1.csv c2.csv && ok "-j 1 and -j 2 write the same --clusters file" ||
	no "-j 1 and -j 2 write the same --clusters file"

python3 - <<'PY' > report
import csv, json
inp = list(csv.DictReader(open("input.csv", newline="", encoding="utf-8")))
cl = list(csv.reader(open("c2.csv", newline="", encoding="utf-8")))
keep = list(csv.DictReader(open("k.csv", newline="", encoding="utf-8")))
ent = list(csv.DictReader(open("e2.csv", newline="", encoding="utf-8")))
st = json.loads(open("s.json").readline())
ok = cl[0] == ["_src", "_row", "_cluster"]
print(("ok " if ok else "bad ") + "header _src,_row,_cluster")
rows = cl[1:]
same = len(rows) == len(inp) and all(r[0] == i["_src"] and r[1] == i["_row"] for r, i in zip(rows, inp))
print(("ok " if same else "bad ") + "one line per input row, in input order (%d of %d)" % (len(rows), len(inp)))
same = all(r[2] == k["_cluster"] for r, k in zip(rows, keep))
print(("ok " if same else "bad ") + "each row's id is its --keep-all _cluster")
ids = {r[2] for r in rows}
print(("ok " if ids == {e["_cluster"] for e in ent} and len(ids) == st["out"] else "bad ")
      + "its ids are the %d entities written" % len(ids))
merged = len(rows) - len(ids)
print(("ok " if merged == st["merged"] and merged > 1000 else "bad ")
      + "rows in shared entities account for the %d merged" % merged)
PY
while read -r verdict rest; do
	[ "$verdict" = ok ] && ok "$rest" || no "$rest"
done < report
[ "$(wc -l < report)" -eq 5 ] || no "report has 5 lines" "$(cat report)"

# --clusters-cols, -i, and a file that existed with another mode.
printf 'x\n' > c3.csv
chmod 644 c3.csv
"$bin/padu-dedupe" -f rules.json -i _id -C c3.csv --clusters-cols nik,_row input.csv > /dev/null 2> err ||
	no "runs with --clusters-cols" "$(cat err)"
[ "$(head -1 c3.csv)" = "nik,_row,_id" ] && ok "--clusters-cols and -i name the columns" ||
	no "--clusters-cols and -i name the columns" "$(head -1 c3.csv)"
want=$(python3 -c 'import csv; r=list(csv.DictReader(open("input.csv"))); print(";".join(x["nik"]+","+x["_row"] for x in r[:50]))')
got=$(sed -n '2,51p' c3.csv | cut -d, -f1,2 | paste -sd';')
[ "$want" = "$got" ] && ok "--clusters-cols values as in the input" || no "--clusters-cols values as in the input"
[ "$(stat -c %a c3.csv)" = 600 ] && ok "the file is mode 0600 even when it existed" ||
	no "the file is mode 0600 even when it existed" "$(stat -c %a c3.csv)"

# Usage errors: exit 2, each saying why.
usage() {	# usage WHAT PATTERN ARGS...
	local what=$1 pat=$2 rc=0
	shift 2
	"$bin/padu-dedupe" "$@" input.csv > /dev/null 2> err || rc=$?
	[ "$rc" -eq 2 ] && grep -q -- "$pat" err && ok "$what: exit 2" ||
		no "$what: exit 2" "rc=$rc" "$(cat err)"
}
usage "a --clusters-cols column the stream lacks" "names column 'kk'" -f rules.json -C x.csv --clusters-cols _src,kk
usage "--clusters-cols without --clusters" "say --clusters" -f rules.json --clusters-cols _src
usage "--clusters with --first" "no --clusters" --first -f rules.json -C x.csv

# A full disk: exit 1, naming the file.
if [ -w /dev/full ]; then
	rc=0
	"$bin/padu-dedupe" -f rules.json -C /dev/full input.csv > /dev/null 2> err || rc=$?
	[ "$rc" -eq 1 ] && grep -q '/dev/full: write error' err && ok "--clusters on a full disk: exit 1" ||
		no "--clusters on a full disk: exit 1" "rc=$rc" "$(cat err)"
fi
exit $((bad > 0))
