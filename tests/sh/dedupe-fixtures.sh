#!/usr/bin/env bash
# dedupe-fixtures.sh: padu-parse | padu-clean of every person-level raw
# fixture file (each with its own source id), padu-cat of them, then
# padu-dedupe with the shipped person rules; pairwise precision and recall
# against the truth's person ids (truth/rows.csv), the accounting
# in = out + merged, determinism (same bytes twice, and with -j 1 and -j 3
# threads, and the same clusters when the input rows are reversed); no
# pair linked twice; the household rules' pruned comparisons against a
# build without pruning.  TAP lines for tests/run.
set -u
bin=${PADU_BIN:?} top=${PADU_TOP:?}
cd "${TMPDIR:?}" || exit 1
raw=$top/fixtures/small/raw truth=$top/fixtures/small/truth
export PADU_PROFILE_DIR=$top/pipelines/profiles
ref=$top/pipelines/ref/klaten
bad=0
ok() { echo "ok - dedupe-fixtures: $1"; }
no() { bad=$((bad + 1)); echo "not ok - dedupe-fixtures: $1"; shift; for l in "$@"; do echo "# $l"; done; }

prep() {	# prep FILE PROFILE SRC: parse and clean one raw file
	"$bin/padu-parse" --rejects /dev/null -p "$2" -S "$3" "$raw/$1" 2> /dev/null |
	"$bin/padu-clean" -f "$top/pipelines/rules/clean.json" -g "$ref/regions.csv" \
		-a "$ref/aliases.csv" > "c-$3.csv" || no "parse | clean of $1"
}
prep dtks_individu.csv dtks dtks
prep p3ke_individu_a.csv p3ke-individu p3ke_individu_a
prep p3ke_individu_b.csv p3ke-individu p3ke_individu_b
prep regsosek_2022.csv regsosek regsosek
prep verval_desa_a.csv verval-desa verval_desa_a
prep verval_desa_b.csv verval-desa verval_desa_b
"$bin/padu-cat" c-dtks.csv c-p3ke_individu_a.csv c-p3ke_individu_b.csv c-regsosek.csv \
	c-verval_desa_a.csv c-verval_desa_b.csv > persons.csv
rules=$top/pipelines/rules/dedupe-orang.json
"$bin/padu-dedupe" -f "$rules" --keep-all persons.csv > all.csv 2> err || no "dedupe --keep-all exits 0" "$(cat err)"
"$bin/padu-dedupe" -f "$rules" --stats st.json --links links.csv persons.csv > ent.csv 2> err ||
	no "dedupe exits 0" "$(cat err)"
"$bin/padu-dedupe" -f "$rules" persons.csv > ent2.csv 2> /dev/null
cmp -s ent.csv ent2.csv && ok "same input, same bytes" || no "same input, same bytes"
# Threads split the comparisons only: every -j gives the same bytes.
for j in 1 3; do
	"$bin/padu-dedupe" -j $j -f "$rules" --links links-j$j.csv persons.csv > ent-j$j.csv 2> /dev/null
	cmp -s ent.csv ent-j$j.csv && cmp -s links.csv links-j$j.csv &&
		ok "-j $j: the same entities and links" ||
		no "-j $j: the same entities and links"
done
"$bin/padu-dedupe" -j 0 -f "$rules" persons.csv > /dev/null 2> err; rc=$?
[ $rc -eq 2 ] && grep -q "not a number of threads" err &&
	ok "-j 0: exit 2, with why" || no "-j 0: exit 2, with why" "exit $rc" "$(cat err)"
# Each candidate pair is made once, whichever blocking keys share it: no
# pair of rows is linked or refused twice.
if awk -F, 'NR > 1 { k = $4 "," $5 "," $6 "," $7; if (k in seen) { print k; exit 1 } seen[k] = 1 }' \
    links.csv > dup; then
	ok "no pair twice in the links ($(($(wc -l < links.csv) - 1)) links)"
else
	no "no pair twice in the links" "$(cat dup)"
fi
# Households (every m and u given, so pairs that cannot reach the
# threshold stop being compared): the same bytes as a build that
# compares every pair in full (make check builds it).
prep p3ke_keluarga.csv p3ke-keluarga p3ke_keluarga
"$bin/padu-cat" all.csv c-p3ke_keluarga.csv > rt.csv
hh=$top/pipelines/rules/dedupe-rumah-tangga.json
if [ -x "${PADU_UNIT:-}/padu-dedupe-noprune" ]; then
	"$bin/padu-dedupe" -i _hh -k -f "$hh" -l hh-links.csv rt.csv > hh.csv 2> err ||
		no "households: exit 0" "$(cat err)"
	"$PADU_UNIT/padu-dedupe-noprune" -i _hh -k -f "$hh" -l hh-links2.csv rt.csv > hh2.csv 2> /dev/null
	if cmp -s hh.csv hh2.csv && cmp -s hh-links.csv hh-links2.csv &&
	    [ "$(grep -c ',fuzzy,' hh-links.csv)" -gt 0 ]; then
		ok "households: pruned comparisons give the same rows and links ($(grep -c ',fuzzy,' hh-links.csv) fuzzy links)"
	else
		no "households: pruned comparisons give the same rows and links"
	fi
	# Four exact keys, their first rows found side by side (-j): the same
	# bytes with one thread, three (keys 0 and 3 in one of them) and eight.
	for j in 1 3 8; do
		"$bin/padu-dedupe" -j $j -i _hh -k -f "$hh" -l hh-links-j.csv rt.csv > hh-j.csv 2> /dev/null
		cmp -s hh.csv hh-j.csv && cmp -s hh-links.csv hh-links-j.csv &&
			ok "households: -j $j gives the same rows and links" ||
			no "households: -j $j gives the same rows and links"
	done
	# The person rules with every m and u given: five comparisons, made
	# cheapest first (dates and equality, then the NIK's edit distance,
	# then Jaro-Winkler on names), so pairs stop after the first, second,
	# ... of them.  Twice: with the NIK weighing most, and with the name
	# weighing most (the comparison made last), so that a bound taken in
	# the rules' order instead of the order made fails one of them.
	for v in nik nama; do
		python3 - "$rules" "$v" > given-$v.json <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))
r.pop("estimate", None)
mu = {"nama_kunci": [(0.8, 0.002), (0.1, 0.01), (0.05, 0.05), (0.05, 0.938)],
      "tanggal_lahir": [(0.85, 0.001), (0.04, 0.0001), (0.04, 0.01), (0.07, 0.9889)],
      "nik": [(0.7, 0.00001), (0.25, 0.001), (0.05, 0.99899)],
      "jenis_kelamin": [(0.97, 0.5), (0.03, 0.5)],
      "kode_desa": [(0.9, 0.003), (0.1, 0.997)]}
if sys.argv[2] == "nama":
    mu["nama_kunci"] = [(0.9, 0.000001), (0.05, 0.0001), (0.03, 0.05), (0.02, 0.949899)]
    mu["nik"] = [(0.5, 0.1), (0.3, 0.2), (0.2, 0.7)]
    mu["tanggal_lahir"] = [(0.6, 0.3), (0.1, 0.1), (0.1, 0.1), (0.2, 0.5)]
    mu["jenis_kelamin"] = [(0.1, 0.5), (0.9, 0.5)]
for c in r["compare"]:
    v = mu[c["column"]]
    for lv, (m, u) in zip(c["levels"], v):
        lv["m"], lv["u"] = m, u
    c["else"] = {"m": v[-1][0], "u": v[-1][1]}
r["threshold"] = 12 if sys.argv[2] == "nik" else 20
json.dump(r, sys.stdout)
PY
		"$bin/padu-dedupe" -k -f given-$v.json -l g-links.csv persons.csv > g.csv 2> err ||
			no "persons, m and u given ($v weighs most): exit 0" "$(cat err)"
		"$PADU_UNIT/padu-dedupe-noprune" -k -f given-$v.json -l g-links2.csv persons.csv \
			> g2.csv 2> /dev/null
		if cmp -s g.csv g2.csv && cmp -s g-links.csv g-links2.csv &&
		    [ "$(grep -c ',fuzzy,' g-links.csv)" -gt 100 ]; then
			ok "persons, m and u given ($v weighs most): pruned comparisons give the same rows and links ($(grep -c ',fuzzy,' g-links.csv) fuzzy links)"
		else
			no "persons, m and u given ($v weighs most): pruned comparisons give the same rows and links"
		fi
	done
else
	no "households: $PADU_UNIT/padu-dedupe-noprune built (make check builds it)"
fi
{ head -1 persons.csv; tail -n +2 persons.csv | tac; } > reversed.csv
"$bin/padu-dedupe" -f "$rules" --keep-all reversed.csv > rev.csv 2> /dev/null

python3 - "$truth" <<'PY' > report
import csv, json, os, sys, itertools, collections
truth = sys.argv[1]
files = {"dtks": "dtks_individu.csv", "p3ke_individu_a": "p3ke_individu_a.csv",
         "p3ke_individu_b": "p3ke_individu_b.csv", "regsosek": "regsosek_2022.csv",
         "verval_desa_a": "verval_desa_a.csv", "verval_desa_b": "verval_desa_b.csv"}
pid = {}
for r in csv.DictReader(open(os.path.join(truth, "rows.csv"), newline="")):
    pid[(r["file"], r["record"])] = r["person_id"]
def clusters(path):
    c = {}
    for r in csv.DictReader(open(path, newline="", encoding="utf-8")):
        c[(files[r["_src"]], r["_row"])] = r["_cluster"]
    return c
got = clusters("all.csv")
nin = sum(1 for _ in open("persons.csv", encoding="utf-8")) - 1
print(("ok " if len(got) == nin and nin > 10000 else "bad ") + "--keep-all keeps all %d rows (%d)" % (nin, len(got)))
def pairs(groups):
    n = 0
    for g in groups.values():
        n += len(g) * (len(g) - 1) // 2
    return n
by_c, by_t, both = collections.defaultdict(list), collections.defaultdict(list), collections.defaultdict(list)
for k, c in got.items():
    t = pid[k]
    by_c[c].append(k); by_t[t].append(k); both[(c, t)].append(k)
tp, pp, tt = pairs(both), pairs(by_c), pairs(by_t)
prec, rec = tp / pp if pp else 1, tp / tt if tt else 1
print(("ok " if prec >= 0.99 else "bad ") + "pairwise precision %.4f (%d of %d predicted pairs)" % (prec, tp, pp))
print(("ok " if rec >= 0.97 else "bad ") + "pairwise recall %.4f (%d of %d true pairs)" % (rec, tp, tt))
print(("ok " if len(by_c) >= len(by_t) * 0.98 else "bad ") + "entities %d, true persons %d" % (len(by_c), len(by_t)))
st = json.loads(open("st.json").read().splitlines()[-1])
print(("ok " if st["in"] == st["out"] + st["merged"] and st["out"] == len(by_c) else "bad ") +
      "accounting in=%d out=%d merged=%d" % (st["in"], st["out"], st["merged"]))
rev = clusters("rev.csv")
print(("ok " if rev == got else "bad ") + "reversed input gives the same clusters and ids (%d differ)" %
      sum(1 for k in got if rev.get(k) != got[k]))
PY
while read -r verdict rest; do
	[ "$verdict" = ok ] && ok "$rest" || no "$rest"
done < report
[ "$(wc -l < report)" -eq 6 ] || no "report has 6 lines" "$(cat report)"
[ $bad -eq 0 ]
