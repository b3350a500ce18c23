#!/usr/bin/env bash
# join-large.sh: padu-join with a table of 20,000 rows, far more than one
# batch of its index (keys repeat, some empty, some spanning two columns,
# quoted, UTF-8): the output of --dups first, last and all, modes left, inner and
# anti, is what a reference join in Python gives, byte for byte; --dups
# error names the first repeated key with both record numbers; streamed
# rows of any quoting come out as padu-cat writes them, one-column
# streams included.  TAP lines
# for tests/run.
set -u
bin=${PADU_BIN:?}
cd "${TMPDIR:?}" || exit 1
bad=0
ok() { echo "ok - join-large: $1"; }
no() { bad=$((bad + 1)); echo "not ok - join-large: $1"; shift; for l in "$@"; do echo "# $l"; done; }

python3 - <<'PY'
import csv, random
rnd = random.Random(5)
def key():
    return (rnd.choice(["dtks", "p3ke", "Désa, \"X\""]), str(rnd.randrange(4000)) if rnd.random() > 0.02 else "")
with open("table.csv", "w", newline="", encoding="utf-8") as f:
    w = csv.writer(f, lineterminator="\n")
    w.writerow(["src", "id", "hh", "note"])
    for i in range(20000):
        s, k = key()
        w.writerow([s, k, "hh%d" % i, rnd.choice(["", "a,b", 'q"q', "ü"])])
with open("stream.csv", "w", newline="", encoding="utf-8") as f:
    w = csv.writer(f, lineterminator="\n")
    w.writerow(["id", "src", "x"])
    for i in range(6000):
        s, k = key()
        w.writerow([k, s, i])
PY
python3 - <<'PY'
import csv, io
t = list(csv.reader(open("table.csv", newline="", encoding="utf-8")))[1:]
s = list(csv.reader(open("stream.csv", newline="", encoding="utf-8")))
first, last, every = {}, {}, {}
for r in t:
    if r[0] == "" or r[1] == "":
        continue
    k = (r[0], r[1])
    first.setdefault(k, r)
    last[k] = r
    every.setdefault(k, []).append(r)
def out(name, pick, mode="left"):
    b = io.StringIO()
    w = csv.writer(b, lineterminator="\n")
    w.writerow(s[0] + ([] if mode == "anti" else ["hh", "note"]))
    for r in s[1:]:
        k = (r[1], r[0])
        got = pick(k) if r[0] != "" and r[1] != "" else []
        if mode == "anti":
            if not got:
                w.writerow(r)
            continue
        if not got:
            if mode == "left":
                w.writerow(r + ["", ""])
            continue
        for m in got:
            w.writerow(r + [m[2], m[3]])
    open(name, "w", encoding="utf-8", newline="").write(b.getvalue())
out("want-first.csv", lambda k: [first[k]] if k in first else [])
out("want-last.csv", lambda k: [last[k]] if k in last else [])
out("want-all.csv", lambda k: every.get(k, []))
out("want-inner.csv", lambda k: [first[k]] if k in first else [], "inner")
out("want-anti.csv", lambda k: [first[k]] if k in first else [], "anti")
# The first repeated key of the table, and the records (1 = the first data row, as padu-join counts).
seen = {}
for i, r in enumerate(t):
    if r[0] == "" or r[1] == "":
        continue
    if (r[0], r[1]) in seen:
        print("%d %d" % (i + 1, seen[(r[0], r[1])] + 1), file=open("want-dup", "w"))
        break
    seen[(r[0], r[1])] = i
PY
run() {	# run NAME WANT ARGS...
	local name=$1 want=$2
	shift 2
	"$bin/padu-join" -f table.csv -j src,id -c hh,note "$@" stream.csv > got.csv 2> err ||
		{ no "$name: exits 0" "$(cat err)"; return; }
	cmp -s got.csv "$want" && ok "$name: the reference join's bytes" ||
		no "$name: the reference join's bytes" "$(diff got.csv "$want" | head -4)"
}
run "--dups first" want-first.csv -d first
run "--dups last" want-last.csv -d last
run "--dups all" want-all.csv -d all
run "-m inner --dups first" want-inner.csv -m inner -d first
"$bin/padu-join" -f table.csv -j src,id -m anti -d first stream.csv > got.csv 2> err || no "-m anti: exits 0" "$(cat err)"
cmp -s got.csv want-anti.csv && ok "-m anti: the reference join's bytes" || no "-m anti: the reference join's bytes"
read -r rec first < want-dup
rc=0
"$bin/padu-join" -f table.csv -j src,id -c hh stream.csv > /dev/null 2> err || rc=$?
[ "$rc" -eq 1 ] && grep -q "table.csv:$rec: key '.*' is also on record $first; say --dups" err &&
	ok "--dups error: exit 1 naming records $rec and $first" ||
	no "--dups error: exit 1 naming records $rec and $first" "rc=$rc" "$(cat err)"
# The streamed rows are written as padu-cat writes them, whatever their
# quoting (quotes not needed, spaces that need them, CRLF, a line end in
# a field), with the attached fields behind: joining the rows as they
# came gives the bytes of joining padu-cat's copy of them.
printf 'k,v\r\n"1",x\r\n" a",y\r\n"b""c",\r\nd,"e\nf"\r\n,w\r\n' > odd.csv
awk 'BEGIN { for (i = 0; i < 100; i++) print "\"" i % 7 "\",x" }' >> odd.csv
printf 'k,t\n1,one\n" a",A\n"b""c","q"""\n' > oddt.csv
"$bin/padu-cat" odd.csv > canon.csv
"$bin/padu-join" -f oddt.csv -j k canon.csv > want-odd.csv
"$bin/padu-join" -f oddt.csv -j k odd.csv > got.csv 2> err &&
	cmp -s got.csv want-odd.csv && ok "streamed rows as padu-cat writes them" ||
	no "streamed rows as padu-cat writes them" "$(cat err)" "$(diff got.csv want-odd.csv | head -4)"
printf 'k\n1\n""\n"2"\n' > one.csv
printf 'k,v\n1,x\n2,y\n' > onet.csv
printf 'k,v\n1,x\n,\n2,y\n' > want-one.csv
"$bin/padu-join" -f onet.csv -j k one.csv > got.csv 2> err &&
	cmp -s got.csv want-one.csv && ok "one-column stream: its empty row beside the attached field" ||
	no "one-column stream: its empty row beside the attached field" "$(cat err)" "$(od -c got.csv | head -4)"
printf 'k\n""\n' > want-one-anti.csv
"$bin/padu-join" -m anti -f onet.csv -j k one.csv > got.csv 2> err &&
	cmp -s got.csv want-one-anti.csv && ok "one-column stream, -m anti: its empty row as \"\"" ||
	no "one-column stream, -m anti: its empty row as \"\"" "$(cat err)" "$(od -c got.csv | head -4)"
exit $((bad > 0))
