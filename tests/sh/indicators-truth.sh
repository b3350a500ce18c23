#!/usr/bin/env bash
# indicators-truth.sh: the shipped codebook and the published measures on
# the fixtures' true household and person tables (truth/households.csv,
# truth/persons.csv): padu-classify, padu-join (person rows get their
# household's indicators), padu-aggregate with the Klaten region universe;
# every rt_* and jiwa_* count of every desa, kecamatan and the kabupaten
# equals truth/indicators.csv.  TAP lines for tests/run.
set -u
bin=${PADU_BIN:?} top=${PADU_TOP:?}
cd "${TMPDIR:?}" || exit 1
truth=$top/fixtures/small/truth
ref=$top/pipelines/ref/klaten/regions.csv
cb=$top/pipelines/codebook/klaten.json
. "$top/pipelines/lib/measures.sh"
bad=0
ok() { echo "ok - indicators-truth: $1"; }
no() { bad=$((bad + 1)); echo "not ok - indicators-truth: $1"; shift; for l in "$@"; do echo "# $l"; done; }

"$bin/padu-classify" -f "$cb" -l household "$truth/households.csv" > rt.csv 2> err ||
	no "classify households" "$(cat err)"
mapfile -t m < <(rt_measures)
"$bin/padu-aggregate" -b kode_desa -R "$ref" -u "${m[@]}" rt.csv > rt-table.csv 2> err ||
	no "aggregate households" "$(cat err)"
"$bin/padu-join" -f rt.csv -j household_id -c desil_1,desil_2,desil_3,desil_4,desil_1_4,desil_gt4,desil_na \
	"$truth/persons.csv" > jiwa.csv 2> err || no "join persons to households" "$(cat err)"
mapfile -t m < <(jiwa_measures)
"$bin/padu-aggregate" -b kode_desa -R "$ref" -u "${m[@]}" jiwa.csv > jiwa-table.csv 2> err ||
	no "aggregate persons" "$(cat err)"

python3 - "$truth/indicators.csv" <<'PY' > report
import csv, sys
want = {r["kode"]: r for r in csv.DictReader(open(sys.argv[1], newline=""))}
got = {}
for f in ("rt-table.csv", "jiwa-table.csv"):
    for r in csv.DictReader(open(f, newline="")):
        got.setdefault(r["kode"], {}).update(r)
cols = [c for c in next(iter(want.values())) if c.startswith(("rt_", "jiwa_"))]
diff = []
for k, w in want.items():
    g = got.get(k)
    if g is None:
        diff.append("%s missing" % k)
        continue
    if g["tingkat"] != w["tingkat"] or g["nama"] != w["nama"]:
        diff.append("%s: %s %s vs %s %s" % (k, g["tingkat"], g["nama"], w["tingkat"], w["nama"]))
    for c in cols:
        if g.get(c) != w[c]:
            diff.append("%s %s: got %s, truth %s" % (k, c, g.get(c), w[c]))
extra = sorted(set(got) - set(want))
print(("ok " if not diff else "bad ") + "%d regions x %d counts equal the truth (%d differ) %s" % (len(want), len(cols), len(diff), diff[:5]))
print(("ok " if not extra else "bad ") + "no region beyond the reference %s" % extra[:5])
PY
while read -r verdict rest; do
	[ "$verdict" = ok ] && ok "$rest" || no "$rest"
done < report
[ "$(wc -l < report)" -eq 2 ] || no "report has 2 lines" "$(cat report)"
[ $bad -eq 0 ]
