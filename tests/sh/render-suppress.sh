#!/usr/bin/env bash
# render-suppress.sh: padu-render --suppress-below on random region
# tables (kabupaten > kecamatan > desa, seeded): every count 1..K-1 is
# hidden, nothing else shows "<K", every published number is the input's,
# and no hidden small count can be deduced exactly from what is published
# (bounds from "<K" = 1..K-1, "x" = anything, tightened by parent = sum of
# children until they settle -- done here independently of the C code).
# TAP lines for tests/run.
set -u
bin=${PADU_BIN:?}
cd "${TMPDIR:?}" || exit 1
bad=0
for seed in 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16; do
	for k in 3 5 11; do
		python3 - "$seed" > t.csv <<'PY'
import random, sys
rnd = random.Random(int(sys.argv[1]))
cols = ["a", "b", "c", "d"]
rows = []
def small():
    r = rnd.random()
    return 0 if r < .3 else rnd.randint(1, 4) if r < .7 else rnd.randint(5, 30)
kab = []
for i in range(1, rnd.randint(2, 6)):
    kec = []
    for j in range(1, rnd.randint(1, 6)):
        kec.append(("desa", "99.01.%02d.%04d" % (i, 2000 + j), [small() for _ in cols]))
    tot = [sum(d[2][x] for d in kec) for x in range(len(cols))]
    kab.append(("kecamatan", "99.01.%02d" % i, tot, kec))
print("tingkat,kode,nama," + ",".join(cols))
tot = [sum(k[2][x] for k in kab) for x in range(len(cols))]
print("kabupaten,99.01,K," + ",".join(map(str, tot)))
for t, kode, v, kec in kab:
    print("%s,%s,N%s,%s" % (t, kode, kode, ",".join(map(str, v))))
    for d in kec:
        print("%s,%s,N%s,%s" % (d[0], d[1], d[1], ",".join(map(str, d[2]))))
PY
		if ! "$bin/padu-render" -f json -k "$k" t.csv > t.json 2> err; then
			bad=1; echo "not ok - render-suppress: seed $seed k $k: exit"; cat err; continue
		fi
		python3 - "$k" t.csv t.json <<'PY' > report || { bad=1; echo "not ok - render-suppress: seed $seed k $k"; sed 's/^/# /' report; }
import csv, json, sys
K = int(sys.argv[1])
rows = list(csv.DictReader(open(sys.argv[2])))
out = json.load(open(sys.argv[3]))
BIG = 1 << 50
cols = ["a", "b", "c", "d"]
kode = [r["kode"] for r in rows]
idx = {k: i for i, k in enumerate(kode)}
kids = {i: [] for i in range(len(rows))}
for i, k in enumerate(kode):
    if "." in k and k.rsplit(".", 1)[0] in idx:
        kids[idx[k.rsplit(".", 1)[0]]].append(i)
fail = []
for c in cols:
    lo, hi = [], []
    for i, r in enumerate(rows):
        v, shown = int(r[c]), out[i][c]
        if 1 <= v < K and shown not in ("<%d" % K, "x"):
            fail.append("%s %s: %d shown as %r" % (kode[i], c, v, shown))
        if shown == "<%d" % K:
            if not 1 <= v < K:
                fail.append("%s %s: %d shown as <K" % (kode[i], c, v))
            lo.append(1); hi.append(K - 1)
        elif shown == "x":
            lo.append(0); hi.append(BIG)
        else:
            if shown != v:
                fail.append("%s %s: %d shown as %r" % (kode[i], c, v, shown))
            lo.append(v); hi.append(v)
    changed = True
    while changed:
        changed = False
        for p, ks in kids.items():
            if not ks:
                continue
            slo, shi = sum(lo[k] for k in ks), sum(hi[k] for k in ks)
            if slo > lo[p] or shi < hi[p]:
                lo[p], hi[p] = max(lo[p], slo), min(hi[p], shi); changed = True
            for k in ks:
                l, h = lo[p] - (shi - hi[k]), hi[p] - (slo - lo[k])
                if l > lo[k] or h < hi[k]:
                    lo[k], hi[k] = max(lo[k], l), min(hi[k], h); changed = True
    for i, r in enumerate(rows):
        v = int(r[c])
        if 1 <= v < K and lo[i] >= hi[i]:
            fail.append("%s %s: hidden %d can be deduced" % (kode[i], c, v))
        if not lo[i] <= v <= hi[i]:
            fail.append("%s %s: checker bounds wrong" % (kode[i], c))
print("\n".join(fail))
sys.exit(1 if fail else 0)
PY
	done
done
[ $bad -eq 0 ] && echo "ok - render-suppress: 48 random tables: small counts hidden, none deducible, the rest published as is"
[ $bad -eq 0 ]
