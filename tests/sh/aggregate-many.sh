#!/usr/bin/env bash
# aggregate-many.sh: padu-aggregate with more groups than the caches hold
# (a group per NIK, as the data-quality counts make): 150,000 rows in
# about 55,000 groups of two key columns, with
# count, count_distinct, count_if over two columns outside the key, sum,
# min, max, median and share, equal a reference in Python; the rows in
# another order give the same table; and the same rows split in two, each
# half's --partial merged, give it too.  TAP lines for tests/run.
set -u
bin=${PADU_BIN:?}
cd "${TMPDIR:?}" || exit 1
bad=0
ok() { echo "ok - aggregate-many: $1"; }
no() { bad=$((bad + 1)); echo "not ok - aggregate-many: $1"; shift; for l in "$@"; do echo "# $l"; done; }

python3 - <<'PY'
import csv, random
rnd = random.Random(9)
rows = []
for i in range(150000):
    g = rnd.randrange(60000)
    rows.append(["s%d" % (g % 3), "n%07d" % (g * 7919 % 10000019),
                 rnd.choice(["", "ANI", "BUDI", "Citra, S", 'Dewi "D"']),
                 rnd.choice(["", "x", "nik_excel", "a;nik_date"]),
                 str(rnd.randrange(-50, 500)) if rnd.random() > 0.1 else "",
                 "%d" % i])
for name, rs in (("in.csv", rows), ("shuffled.csv", sorted(rows, key=lambda r: (r[5][::-1])))):
    with open(name, "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["src", "nik", "nama", "flags", "v", "i"])
        w.writerows(rs)
with open("a.csv", "w", newline="", encoding="utf-8") as f:
    w = csv.writer(f, lineterminator="\n")
    w.writerow(["src", "nik", "nama", "flags", "v", "i"])
    w.writerows(rows[:70000])
with open("b.csv", "w", newline="", encoding="utf-8") as f:
    w = csv.writer(f, lineterminator="\n")
    w.writerow(["src", "nik", "nama", "flags", "v", "i"])
    w.writerows(rows[70000:])
PY
M=(-b src,nik -m 'n=count()' -m 'nama=count_distinct(nama)' \
	-m "bad=count_if(regexp(coalesce(flags, ''), '(^|;)nik_') OR v > 400)" \
	-m 's=sum(v)' -m 'lo=min(v)' -m 'hi=max(v)' -m 'md=median(v)' -m "ani=share(nama, 'ANI')")
"$bin/padu-aggregate" "${M[@]}" in.csv > out.csv 2> err || no "runs" "$(cat err)"
python3 - <<'PY' > report
import csv, collections, re
from decimal import Decimal
g = collections.OrderedDict()
for r in list(csv.reader(open("in.csv", newline="", encoding="utf-8")))[1:]:
    k = (r[0], r[1])
    s = g.setdefault(k, {"n": 0, "nama": set(), "bad": 0, "v": [], "ani": [0, 0]})
    s["n"] += 1
    if r[2]:
        s["nama"].add(r[2])
        s["ani"][1] += 1
        s["ani"][0] += r[2] == "ANI"
    if re.search("(^|;)nik_", r[3]) or (r[4] != "" and int(r[4]) > 400):
        s["bad"] += 1
    if r[4] != "":
        s["v"].append(int(r[4]))
got = {}
for r in csv.DictReader(open("out.csv", newline="", encoding="utf-8")):
    got[(r["src"], r["nik"])] = r
bad = 0
for k, s in g.items():
    o = got.get(k)
    v = sorted(s["v"])
    want = {"n": str(s["n"]), "nama": str(len(s["nama"])), "bad": str(s["bad"]),
            "s": str(sum(v)), "lo": str(v[0]) if v else "",
            "hi": str(v[-1]) if v else ""}
    if o is None or any(o[c] != want[c] for c in want):
        bad += 1
        if bad < 3:
            print("group", k, "got", o and {c: o[c] for c in want}, "want", want)
    elif v:
        m = Decimal(v[len(v) // 2]) if len(v) % 2 else (Decimal(v[len(v) // 2 - 1]) + Decimal(v[len(v) // 2])) / 2
        if Decimal(o["md"]) != m:
            bad += 1
print("groups", len(g), "rows out", len(got), "differ", bad)
PY
grep -q "^groups \([0-9]*\) rows out \1 differ 0$" report && [ "$(sed -n '$=' out.csv)" -gt 50000 ] &&
	ok "$(cut -d" " -f2 report) groups: count, count_distinct, count_if, sum, min, max, median equal the reference" ||
	no "many groups equal the reference" "$(cat report)"
"$bin/padu-aggregate" "${M[@]}" shuffled.csv > out2.csv 2> err &&
	cmp -s out.csv out2.csv && ok "the rows in another order give the same bytes" ||
	no "the rows in another order give the same bytes" "$(cat err)" "$(diff out.csv out2.csv | head -3)"
"$bin/padu-aggregate" -p "${M[@]}" a.csv > pa.csv 2> err &&
	"$bin/padu-aggregate" -p "${M[@]}" b.csv > pb.csv 2>> err &&
	"$bin/padu-aggregate" -M "${M[@]}" pa.csv pb.csv > out3.csv 2>> err &&
	cmp -s out.csv out3.csv && ok "two halves' --partial, merged, give the same bytes" ||
	no "two halves' --partial, merged, give the same bytes" "$(cat err)" "$(diff out.csv out3.csv | head -3)"
exit $((bad > 0))
