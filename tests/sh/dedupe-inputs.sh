#!/usr/bin/env bash
# dedupe-inputs.sh: padu-dedupe given several files whose headers differ
# (columns reordered, missing, extra, one input of a single column, one
# that already holds the id column, one empty) writes what `padu-cat FILES
# | padu-dedupe` writes: the same header (their union, in first-seen
# order), rows, links and --clusters file, in the default mode, with
# --keep-all and with -j 1; a ragged row is rejected against its
# own header's width; a column named twice and --first given two headers
# are refused; 20,000 columns are a lookup each.  TAP lines for tests/run.
set -u
bin=${PADU_BIN:?}
cd "${TMPDIR:?}" || exit 1
bad=0
ok() { echo "ok - dedupe-inputs: $1"; }
no() { bad=$((bad + 1)); echo "not ok - dedupe-inputs: $1"; shift; for l in "$@"; do echo "# $l"; done; }

python3 - <<'PY'
import csv, random
rnd = random.Random(3)
names = ["Juwariyah", "Juwariah", "Sri, Rahayu", 'Budi "Kecil"', "Tumini", ""]
def nik():
    return "" if rnd.random() < 0.3 else "33100%011d" % rnd.randrange(3000)
def write(path, cols, n, src):
    with open(path, "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(cols)
        for i in range(n):
            r = {"_src": src, "_row": str(i + 1), "nik": nik(), "nama": rnd.choice(names),
                 "desa": rnd.choice(["Sengon", "Wedi"]), "extra": rnd.choice(["x", "", "y z"]),
                 "_cluster": "old:%d" % i}
            w.writerow([r[c] for c in cols])
write("a.csv", ["_src", "_row", "nik", "nama", "desa"], 4000, "a")
write("b.csv", ["nama", "_row", "_src", "nik", "extra"], 3000, "b")
write("c.csv", ["_src", "_row", "nik"], 2000, "c")
write("d.csv", ["_src", "_row", "desa", "nik", "nama", "_cluster"], 1000, "d")
with open("e.csv", "w") as f:
    f.write("")
with open("one.csv", "w") as f:
    f.write("nik\n3310000000000001\n\n3310000000000001\n")
PY
cat > rules.json <<'EOF2'
{"padu_match": 1,
 "exact": [{"columns": ["nik"]}],
 "blocking": [["nama"]],
 "compare": [{"column": "nama", "levels": [{"exact": true, "m": 0.9, "u": 0.05}], "else": {"m": 0.1, "u": 0.95}},
             {"column": "desa", "levels": [{"exact": true, "m": 0.9, "u": 0.5}], "else": {"m": 0.1, "u": 0.5}}],
 "threshold": 3,
 "distinct": [["nik"]]}
EOF2

same() {	# same WHAT FILES -- ARGS: padu-dedupe FILES vs padu-cat FILES | padu-dedupe
	local what=$1 files=() args=()
	shift
	while [ "$1" != -- ]; do files+=("$1"); shift; done
	shift
	args=("$@")
	rm -f l1.csv l2.csv c1.csv c2.csv
	"$bin/padu-cat" "${files[@]}" 2> cat.err | "$bin/padu-dedupe" "${args[@]}" -l l1.csv -C c1.csv - > o1.csv 2> e1 ||
		{ no "$what: through padu-cat" "$(cat e1 cat.err)"; return; }
	"$bin/padu-dedupe" "${args[@]}" -l l2.csv -C c2.csv "${files[@]}" > o2.csv 2> e2 ||
		{ no "$what: the files given" "$(cat e2)"; return; }
	if cmp -s o1.csv o2.csv && cmp -s l1.csv l2.csv && cmp -s c1.csv c2.csv; then
		ok "$what: the bytes of padu-cat | padu-dedupe ($(($(wc -l < o2.csv) - 1)) rows)"
	else
		no "$what: the bytes of padu-cat | padu-dedupe" "$(diff o1.csv o2.csv | head -5)" "$(diff c1.csv c2.csv | head -3)"
	fi
}
same "default mode, four headers" a.csv b.csv c.csv e.csv -- -f rules.json
same "--keep-all, four headers" a.csv b.csv c.csv e.csv -- -f rules.json -k
same "--keep-all -j 1" a.csv b.csv c.csv -- -f rules.json -k -j 1
same "the id column in a later input" a.csv d.csv b.csv -- -f rules.json -k
same "the id column in the first input" d.csv a.csv -- -f rules.json -k
same "an input of one column" one.csv a.csv -- -f rules.json -k
same "an input without _src, entities (survivorship)" a.csv one.csv -- -f rules.json
same "one input" a.csv -- -f rules.json -k

# The header: the union in first-seen order.
"$bin/padu-dedupe" -f rules.json -k b.csv a.csv > o.csv 2> /dev/null
[ "$(head -1 o.csv)" = "nama,_row,_src,nik,extra,desa,_cluster" ] &&
	ok "the header is the union in first-seen order" || no "the header is the union in first-seen order" "$(head -1 o.csv)"

# A ragged row of a later input: rejected with its own _src and _row and
# the width of its file's header; the others go on, and are counted.
{ cat c.csv; printf 'c,9999,3310,extra\n'; } > r.csv
rc=0
"$bin/padu-dedupe" -f rules.json -r rej.csv -s st.json a.csv r.csv > /dev/null 2> err || rc=$?
python3 - <<'PY' > report
import csv, json
rej = list(csv.DictReader(open("rej.csv", newline="")))
st = json.loads(open("st.json").readline())
ok = (len(rej) == 1 and (rej[0]["_src"], rej[0]["_row"]) == ("c", "9999")
      and rej[0]["_reason"] == "ragged row: 4 fields, the header has 3" and rej[0]["_record"] == "c,9999,3310,extra")
print(("ok " if ok and st["rejected"] == 1 and st["in"] == st["out"] + st["merged"] + 1 else "bad ")
      + "a ragged row of the second input is rejected against its own header, and counted")
PY
[ "$rc" -eq 0 ] || no "a ragged row with --rejects: exit 0" "rc=$rc" "$(cat err)"
while read -r verdict rest; do
	[ "$verdict" = ok ] && ok "$rest" || no "$rest" "$(head -3 rej.csv)"
done < report

# A header that names a column twice: exit 1, naming both (as padu-cat).
printf '_src,_row,nik,nama,nik\na,1,1,x,2\n' > dup.csv
rc=0
"$bin/padu-dedupe" -f rules.json a.csv dup.csv > /dev/null 2> err || rc=$?
[ "$rc" -eq 1 ] && grep -q "dup.csv: header: duplicate column 'nik' (columns 3 and 5)" err &&
	ok "a header with a column twice: exit 1, naming it" ||
	no "a header with a column twice: exit 1, naming it" "rc=$rc" "$(cat err)"

# A wide union: 20,000 columns over two files, in well under the test's
# time (a lookup per column, not a scan of the header).
python3 - <<'PY'
cols = ["c%d" % i for i in range(10000)]
with open("w1.csv", "w") as f:
    f.write(",".join(["_src", "_row", "nik"] + cols) + "\n")
    f.write(",".join(["w", "1", "5"] + ["x"] * 10000) + "\n")
with open("w2.csv", "w") as f:
    f.write(",".join(["_src", "_row", "nik"] + ["d%d" % i for i in range(10000)]) + "\n")
    f.write(",".join(["w", "2", "5"] + ["y"] * 10000) + "\n")
PY
printf '{"padu_match": 1, "exact": [["nik"]]}\n' > rules1.json
if timeout 60 "$bin/padu-dedupe" -f rules1.json -k w1.csv w2.csv > w.csv 2> err &&
    [ "$(head -1 w.csv | tr ',' '\n' | wc -l)" -eq 20004 ] && [ "$(wc -l < w.csv)" -eq 3 ]; then
	ok "20,000 columns over two files: every column, both rows"
else
	no "20,000 columns over two files: every column, both rows" "$(cat err)"
fi

# --first streams: its inputs must share one header.
rc=0
"$bin/padu-dedupe" --first -f rules1.json a.csv b.csv > /dev/null 2> err || rc=$?
[ "$rc" -eq 1 ] && grep -q "b.csv: header differs from the first input's" err &&
	ok "--first: inputs with another header: exit 1, naming the file" ||
	no "--first: inputs with another header: exit 1, naming the file" "rc=$rc" "$(cat err)"
exit $((bad > 0))
