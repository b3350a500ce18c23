#!/usr/bin/env bash
# aggregate-sort.sh: padu-aggregate writes its groups in byte order of their
# keys.  60,000 rows in about 20,000 groups whose keys share long prefixes
# (a source id), are prefixes of each other, hold bytes above 0x7F (UTF-8)
# and commas or quotes, by one and by two columns, against Python's sort of
# the keys' bytes and its counts.  TAP lines for tests/run.
set -u
bin=${PADU_BIN:?}
cd "${TMPDIR:?}" || exit 1
bad=0
ok() { echo "ok - aggregate-sort: $1"; }
no() { bad=$((bad + 1)); echo "not ok - aggregate-sort: $1"; shift; for l in "$@"; do echo "# $l"; done; }

python3 - <<'PY'
import csv, random
rnd = random.Random(5)
alpha = ["a", "b", "0", "9", "Ñ", "é", "ž", ",", '"', " ", "z"]
pre = ["p3ke_individu_a", "p3ke_individu_b", "dtks_individu", "p3ke_individu", ""]
with open("in.csv", "w", newline="", encoding="utf-8") as f:
    w = csv.writer(f, lineterminator="\n")
    w.writerow(["src", "k"])
    for i in range(60000):
        k = "".join(rnd.choice(alpha) for _ in range(rnd.randrange(1, 7)))
        w.writerow([rnd.choice(pre[:4]), rnd.choice(pre) + k])
PY
for by in k src,k; do
	"$bin/padu-aggregate" -b "$by" -m 'n=count()' in.csv > out.csv 2> err ||
		no "runs by $by" "$(cat err)"
	python3 - "$by" <<'PY' > report
import csv, collections, sys
by = sys.argv[1].split(",")
cnt = collections.Counter()
for r in csv.DictReader(open("in.csv", newline="", encoding="utf-8")):
    cnt[tuple(r[c] for c in by)] += 1
want = sorted(cnt, key=lambda t: "\x1f".join(t).encode())
got = [(tuple(r[c] for c in by), int(r["n"])) for r in csv.DictReader(open("out.csv", newline="", encoding="utf-8"))]
ok = [g for g, _ in got] == want and all(cnt[g] == n for g, n in got)
print(("ok " if ok else "bad ") + "by %s: %d groups in byte order, counts right" % (sys.argv[1], len(want)))
PY
	while read -r verdict rest; do
		[ "$verdict" = ok ] && ok "$rest" || no "$rest"
	done < report
	[ "$(wc -l < report)" -eq 1 ] || no "report has 1 line" "$(cat report)"
done
exit $((bad > 0))
