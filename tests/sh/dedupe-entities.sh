#!/usr/bin/env bash
# dedupe-entities.sh: padu-dedupe --keep-all -E FILE on 20,000 generated
# rows (repeated NIKs, names, desa and birth dates that link rows without
# a usable NIK; an input whose id column is already there): standard output
# is the bytes of --keep-all alone; FILE is the bytes of the run without
# --keep-all, and of the two-step way (the --keep-all rows deduplicated
# again on their _cluster); -j 1 and -j 2 write the same files;
# --entities-stats holds FILE's accounting (out: entities, merged) beside
# --stats' own; FILE is mode 0600 even when it existed; usage errors (-E
# without --keep-all, --entities-stats without -E, with --first) exit 2 and
# a full disk exits 1, each saying why.  TAP lines for tests/run.
set -u
bin=${PADU_BIN:?}
cd "${TMPDIR:?}" || exit 1
bad=0
ok() { echo "ok - dedupe-entities: $1"; }
no() { bad=$((bad + 1)); echo "not ok - dedupe-entities: $1"; shift; for l in "$@"; do echo "# $l"; done; }

python3 - <<'PY'
import csv, random
rnd = random.Random(17)
names = ["Juwariyah", "Juwariyah", "Juwariah", "Sri, Rahayu", 'Budi "Kecil"', "Tumini", "Ngatinem"]
for name, src in (("a.csv", "dtks"), ("b.csv", "p3ke")):
    with open(name, "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["_src", "_row", "nik", "nama", "desa", "lahir", "pkh", "_flags"])
        for i in range(10000):
            u = rnd.random()
            nik, flags = ("", "nik_missing") if u < 0.3 else ("33100%011d" % rnd.randrange(6000), "")
            w.writerow([src, i + 1, nik, rnd.choice(names), rnd.choice(["Sengon", "Wedi", "Bayat"]),
                        "19%02d-0%d-1%d" % (rnd.randrange(40, 60), rnd.randrange(1, 10), rnd.randrange(10)),
                        rnd.choice(["Y", "N", ""]), flags])
PY
cat > rules.json <<'EOF2'
{"padu_match": 1,
 "exact": [{"columns": ["nik"], "unless_flags": ["nik_missing"]}],
 "blocking": [["desa", "nama"]],
 "compare": [
   {"column": "nama", "levels": [{"exact": true, "m": 0.9, "u": 0.1}, {"jaro_winkler": 0.9, "m": 0.05, "u": 0.1}], "else": {"m": 0.05, "u": 0.8}},
   {"column": "lahir", "levels": [{"exact": true, "m": 0.9, "u": 0.001}], "else": {"m": 0.1, "u": 0.999}}],
 "threshold": 8,
 "distinct": [{"columns": ["nik"], "unless_flags": ["nik_missing"]}],
 "survivorship": {"priority": ["p3ke", "dtks"], "default": "priority",
   "columns": {"lahir": "most_frequent", "pkh": "max"}}}
EOF2
cat > table.json <<'EOF2'
{"padu_match": 1,
 "exact": [["_cluster"]],
 "survivorship": {"priority": ["p3ke", "dtks"], "default": "priority",
   "columns": {"lahir": "most_frequent", "pkh": "max"}}}
EOF2

"$bin/padu-dedupe" -j 2 -f rules.json -k -E e2.csv -s s.json --entities-stats es.json a.csv b.csv \
	> k2.csv 2> err || no "runs with -k -E" "$(cat err)"
"$bin/padu-dedupe" -j 1 -f rules.json -k -E e1.csv a.csv b.csv > k1.csv 2> err || no "runs with -j 1" "$(cat err)"
"$bin/padu-dedupe" -j 2 -f rules.json -k a.csv b.csv > k0.csv 2> err || no "runs with --keep-all alone" "$(cat err)"
"$bin/padu-dedupe" -j 2 -f rules.json a.csv b.csv > e0.csv 2> err || no "runs without --keep-all" "$(cat err)"
"$bin/padu-dedupe" -j 1 -f table.json k0.csv > t.csv 2> err || no "the two-step table runs" "$(cat err)"
cmp -s k0.csv k2.csv && ok "standard output is the bytes of --keep-all alone" ||
	no "standard output is the bytes of --keep-all alone"
cmp -s e0.csv e2.csv && ok "-E FILE is the bytes of the run without --keep-all" ||
	no "-E FILE is the bytes of the run without --keep-all"
cmp -s t.csv e2.csv && ok "-E FILE is the bytes of the --keep-all rows deduplicated on _cluster" ||
	no "-E FILE is the bytes of the --keep-all rows deduplicated on _cluster" "$(diff t.csv e2.csv | head -5)"
cmp -s k1.csv k2.csv && cmp -s e1.csv e2.csv && ok "-j 1 and -j 2 write the same bytes" ||
	no "-j 1 and -j 2 write the same bytes"
[ "$(wc -l < e2.csv)" -gt 5000 ] && [ "$(wc -l < e2.csv)" -lt 19000 ] &&
	ok "entities are fewer than the rows ($(($(wc -l < e2.csv) - 1)))" ||
	no "entities are fewer than the rows" "$(wc -l < e2.csv)"

python3 - <<'PY' > report
import csv, json
s = [json.loads(l) for l in open("s.json")]
e = [json.loads(l) for l in open("es.json")]
ents = sum(1 for _ in open("e2.csv")) - 1
ok = len(s) == 1 and s[0]["in"] == 20000 and s[0]["out"] == 20000 and s[0]["merged"] == 0
print(("ok " if ok else "bad ") + "--stats: in 20000 = out 20000, merged 0")
ok = len(e) == 1 and e[0]["in"] == 20000 and e[0]["out"] == ents and e[0]["merged"] == 20000 - ents \
    and e[0]["rejected"] == 0 and e[0]["status"] == 0 and e[0]["inputs"] == s[0]["inputs"]
print(("ok " if ok else "bad ") + "--entities-stats: in 20000 = out %d entities + merged %d" % (ents, 20000 - ents))
PY
while read -r verdict rest; do
	[ "$verdict" = ok ] && ok "$rest" || no "$rest"
done < report
[ "$(wc -l < report)" -eq 2 ] || no "report has 2 lines" "$(cat report)"

# The id column already in the input (the spool holds fields): the same.
"$bin/padu-dedupe" -j 2 -f rules.json -k -E e3.csv k0.csv > k3.csv 2> err || no "runs on rows with _cluster" "$(cat err)"
"$bin/padu-dedupe" -j 2 -f rules.json k0.csv > e4.csv 2> err || no "runs on rows with _cluster, no -k" "$(cat err)"
cmp -s e3.csv e4.csv && cmp -s k3.csv k0.csv && ok "an input with the id column: the same bytes" ||
	no "an input with the id column: the same bytes"

# A file that existed with another mode becomes 0600.
printf 'x\n' > e5.csv
chmod 644 e5.csv
"$bin/padu-dedupe" -f rules.json -k -E e5.csv a.csv > /dev/null 2> err || no "runs over an existing file" "$(cat err)"
[ "$(stat -c %a e5.csv)" = 600 ] && ok "the file is mode 0600 even when it existed" ||
	no "the file is mode 0600 even when it existed" "$(stat -c %a e5.csv)"

# Usage errors: exit 2, each saying why.
usage() {	# usage WHAT PATTERN ARGS...
	local what=$1 pat=$2 rc=0
	shift 2
	"$bin/padu-dedupe" "$@" a.csv > /dev/null 2> err || rc=$?
	[ "$rc" -eq 2 ] && grep -q -- "$pat" err && ok "$what: exit 2" ||
		no "$what: exit 2" "rc=$rc" "$(cat err)"
}
usage "-E without --keep-all" "without --keep-all" -f rules.json -E x.csv
usage "--entities-stats without -E" "say -E FILE" -f rules.json -k --entities-stats x.json
usage "-E with --first" "no --keep-all" --first -f rules.json -k -E x.csv

# A full disk: exit 1, naming the file, at -j 1 and -j 2.
if [ -w /dev/full ]; then
	for j in 1 2; do
		rc=0
		"$bin/padu-dedupe" -j $j -f rules.json -k -E /dev/full a.csv > /dev/null 2> err || rc=$?
		[ "$rc" -eq 1 ] && grep -q '/dev/full: write error' err && ok "-E on a full disk, -j $j: exit 1" ||
			no "-E on a full disk, -j $j: exit 1" "rc=$rc" "$(cat err)"
	done
fi
exit $((bad > 0))
