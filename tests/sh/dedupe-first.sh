#!/usr/bin/env bash
# dedupe-first.sh: padu-dedupe --first on 150,000 generated rows (keys
# repeated, empty or flagged, quoted fields with commas, quotes, line ends
# and spaces, names not in ASCII) against a reference in Python: the same
# records kept, in input order; the kept rows are those the default mode
# names its entities by; links and stats account for every merged row; the
# same bytes from a build whose 2-bit key tags agree for unequal keys all
# the time, from standard input, and from the rows split over two files;
# --max-memory stops it with exit 1; and the default mode's --keep-all
# writes every row as padu-cat does, then its id.  TAP lines for tests/run.
set -u
bin=${PADU_BIN:?} top=${PADU_TOP:?}
unit=${PADU_UNIT:-$top/build/obj/tests}
cd "${TMPDIR:?}" || exit 1
bad=0
ok() { echo "ok - dedupe-first: $1"; }
no() { bad=$((bad + 1)); echo "not ok - dedupe-first: $1"; shift; for l in "$@"; do echo "# $l"; done; }

python3 - <<'PY'
import csv, random
rnd = random.Random(7)
names = ["Juwariyah", "Sri, Rahayu", 'Budi "Kecil"', " Tumini", "Ngatinem ", "Wagiyem\nRT 3", "Siti Ñur", "Agus"]
with open("input.csv", "w", newline="", encoding="utf-8") as f:
    w = csv.writer(f, lineterminator="\n")
    w.writerow(["_src", "_row", "nik", "nama", "desa", "_flags"])
    for i in range(150000):
        u = rnd.random()
        if u < 0.05:
            nik, flags = "", "nik_missing"
        elif u < 0.08:
            nik, flags = "3.31E+15", "nik_excel"
        else:
            nik, flags = "33100%011d" % rnd.randrange(100000), ""
        w.writerow([rnd.choice(["dtks", "p3ke", "desa"]), i + 1, nik, rnd.choice(names),
                    rnd.choice(["Sengon", "Wedi", ""]), flags])
PY
cat > rules.json <<'EOF2'
{"padu_match": 1, "exact": [{"columns": ["nik"], "unless_flags": ["nik_excel"]}],
 "distinct": [["nik"]]}
EOF2
"$bin/padu-dedupe" --first -f rules.json -s st.json -l links.csv input.csv > out.csv 2> err ||
	no "--first exits 0" "$(cat err)"
python3 - <<'PY' > report
import csv, json
rows = list(csv.reader(open("input.csv", newline="", encoding="utf-8")))
head, rows = rows[0], rows[1:]
seen, keep, merged = {}, [], []
for r in rows:
    if r[2] and "nik_excel" not in r[5].split(";"):
        if r[2] in seen:
            merged.append((seen[r[2]], r))
            continue
        seen[r[2]] = r
    keep.append(r)
out = list(csv.reader(open("out.csv", newline="", encoding="utf-8")))
print(("ok " if out == [head] + keep else "bad ") + "the first row of each key, in input order (%d of %d kept, %d in the output)" % (len(keep), len(rows), len(out) - 1))
links = list(csv.DictReader(open("links.csv", newline="", encoding="utf-8")))
want = [(a[0], a[1], b[0], b[1]) for a, b in merged]
got = [(l["a_src"], l["a_row"], l["b_src"], l["b_row"]) for l in links]
print(("ok " if got == want and all(l["_cluster"] == l["a_src"] + ":" + l["a_row"] and l["decision"] == "merged" and l["rule"] == "exact:nik" for l in links) else "bad ") +
      "a link for each merged row, to its key's first row (%d links, %d expected)" % (len(got), len(want)))
st = json.loads(open("st.json").read().splitlines()[-1])
print(("ok " if st["in"] == len(rows) and st["out"] == len(keep) and st["merged"] == len(merged) and st["in"] == st["out"] + st["merged"] + st["rejected"] else "bad ") +
      "stats in=%d out=%d merged=%d rejected=%d" % (st["in"], st["out"], st["merged"], st["rejected"]))
PY
while read -r verdict rest; do
	[ "$verdict" = ok ] && ok "$rest" || no "$rest"
done < report
[ "$(wc -l < report)" -eq 3 ] || no "report has 3 lines" "$(cat report)"

"$bin/padu-cat" out.csv | cmp -s - out.csv && ok "the output is a canonical stream" ||
	no "the output is a canonical stream"
# The default mode writes each entity at its first row, with that row's
# _src and _row: the rows --first keeps.
"$bin/padu-dedupe" -f rules.json input.csv > def.csv 2> err || no "default mode exits 0" "$(cat err)"
if python3 -c '
import csv, sys
def ids(p):
    return [(r["_src"], r["_row"]) for r in csv.DictReader(open(p, newline="", encoding="utf-8"))]
a, b = ids("def.csv"), ids("out.csv")
sys.exit(not a or a != b)'; then
	ok "the rows the default mode names its entities by"
else
	no "the rows the default mode names its entities by"
fi
if [ -x "$unit/padu-dedupe-tag2" ]; then
	"$unit/padu-dedupe-tag2" --first -f rules.json -l links2.csv input.csv > out2.csv 2> err
	cmp -s out.csv out2.csv && cmp -s links.csv links2.csv &&
		ok "2-bit key tags: the same rows and links" ||
		no "2-bit key tags: the same rows and links" "$(cat err)"
else
	no "2-bit key tags: $unit/padu-dedupe-tag2 built (make check builds it)"
fi
"$bin/padu-dedupe" --first -f rules.json < input.csv > out3.csv 2> /dev/null
cmp -s out.csv out3.csv && ok "from standard input, the same bytes" || no "from standard input, the same bytes"
python3 -c '
import csv
rows = list(csv.reader(open("input.csv", newline="", encoding="utf-8")))
for name, part in (("part1.csv", rows[1:70001]), ("part2.csv", rows[70001:])):
    with open(name, "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(rows[0])
        w.writerows(part)'
"$bin/padu-dedupe" --first -f rules.json part1.csv part2.csv > out4.csv 2> err
if python3 -c '
import csv, sys
a = list(csv.reader(open("out.csv", newline="", encoding="utf-8")))
b = list(csv.reader(open("out4.csv", newline="", encoding="utf-8")))
sys.exit(a != b)' ; then
	ok "the rows split over two files: the same rows"
else
	no "the rows split over two files: the same rows" "$(head -3 err)"
fi
# The default mode's --keep-all spools each row as CSV and writes it back
# as it is, its _cluster after it: every row as padu-cat writes it, in
# order, then a comma and the id (and the whole is a canonical stream).
"$bin/padu-dedupe" -k -f rules.json input.csv > kept.csv 2> err
"$bin/padu-cat" input.csv > canon.csv
if python3 -c '
import csv, sys
kept = list(csv.reader(open("kept.csv", newline="", encoding="utf-8")))
rows = list(csv.reader(open("canon.csv", newline="", encoding="utf-8")))
ok = len(kept) == len(rows) == 150001 and kept[0] == rows[0] + ["_cluster"]
ok = ok and all(k[:-1] == r and k[-1] for k, r in zip(kept[1:], rows[1:]))
sys.exit(not ok)' && "$bin/padu-cat" kept.csv | cmp -s - kept.csv; then
	ok "--keep-all: every row as padu-cat writes it, in order, then its _cluster"
else
	no "--keep-all: every row as padu-cat writes it, in order, then its _cluster" "$(head -3 err)"
fi
"$bin/padu-dedupe" --first --max-memory 1M -f rules.json input.csv > /dev/null 2> err; rc=$?
[ $rc -eq 1 ] && grep -q "memory cap" err && ok "--max-memory 1M: exit 1, with why" ||
	no "--max-memory 1M: exit 1, with why" "exit $rc" "$(cat err)"
[ $bad -eq 0 ]
