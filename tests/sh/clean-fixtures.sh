#!/usr/bin/env bash
# clean-fixtures.sh: padu-parse | padu-clean on every raw fixture file with
# the shipped profiles, rules and Klaten region reference, held to the
# truth files:
#   - region: >= 99.5% of the readable raw rows get the true kode_desa, and
#     none gets a wrong one (unmatched, flagged desa_unmatched, is allowed);
#   - NIK: every planted invalid NIK is flagged, no valid NIK is;
#   - No KK: every planted Excel-damaged No KK is flagged;
#   - dates: every planted Excel date serial reads as its true date;
#   - accounting: in = out for clean (no value rejects a row);
#   - vocabulary: every coded, yes/no, date and number value is in the
#     shared vocabulary (pipelines/schema) or flagged.
# TAP lines for tests/run.
set -u
bin=${PADU_BIN:?} top=${PADU_TOP:?}
cd "${TMPDIR:?}" || exit 1
raw=$top/fixtures/small/raw truth=$top/fixtures/small/truth
export PADU_PROFILE_DIR=$top/pipelines/profiles
ref=$top/pipelines/ref/klaten
bad=0
ok() { echo "ok - clean-fixtures: $1"; }
no() { bad=$((bad + 1)); echo "not ok - clean-fixtures: $1"; shift; for l in "$@"; do echo "# $l"; done; }

k=0
run() {	# run FILE PROFILE NAME [OPTIONS]: parse and clean one raw file
	local f=$1 p=$2 name=$3; shift 3
	k=$((k + 1))
	echo "$k $name" >> names
	"$bin/padu-parse" --rejects /dev/null "$@" -p "$p" "$raw/$f" 2> perr |
	"$bin/padu-clean" -f "$top/pipelines/rules/clean.json" -g "$ref/regions.csv" \
		-a "$ref/aliases.csv" --stats "st-$k.json" > "clean-$k.csv" 2> err ||
		no "padu-clean of $f exits 0" "$(cat err)"
	[ -s err ] && no "padu-clean of $f is quiet" "$(head -5 err)"
}
rm -f st-*.json clean-*.csv names
run dtks_individu.csv dtks dtks_individu.csv
run p3ke_keluarga.csv p3ke-keluarga p3ke_keluarga.csv
run p3ke_individu_a.csv p3ke-individu p3ke_individu_a.csv
run p3ke_individu_b.csv p3ke-individu p3ke_individu_b.csv
run regsosek_2022.csv regsosek regsosek_2022.csv
run verval_desa_a.csv verval-desa verval_desa_a.csv
run verval_desa_b.csv verval-desa verval_desa_b.csv
run variants/p3ke.xlsx p3ke-keluarga 'variants/p3ke.xlsx#KELUARGA' --sheet KELUARGA
run variants/p3ke.xlsx p3ke-individu 'variants/p3ke.xlsx#INDIVIDU' --sheet INDIVIDU
run variants/p3ke_keluarga.json p3ke-keluarga variants/p3ke_keluarga.json
run variants/p3ke_keluarga.jsonl p3ke-keluarga variants/p3ke_keluarga.jsonl

python3 - "$truth" "$top/pipelines/schema/vocabulary.schema.json" <<'PY' > report
import csv, glob, json, os, sys
truth = sys.argv[1]
vocab = json.load(open(sys.argv[2]))
allowed = {}
for f in vocab["fields"]:
    if f.get("constraints", {}).get("enum"):
        allowed[f["name"]] = set(f["constraints"]["enum"])
    elif f.get("type") == "boolean":
        allowed[f["name"]] = {"Y", "N"}
    elif f.get("type") == "date":
        allowed[f["name"]] = "date"
    elif f.get("type") in ("integer", "number"):
        allowed[f["name"]] = "number"
import re
outside = []
INVALID = {"missing", "excel", "chars", "length", "province", "date", "serial", "dummy"}
rows = {}
for r in csv.DictReader(open(os.path.join(truth, "rows.csv"), newline="")):
    rows[(r["file"], r["record"])] = r
damage = {}
for r in csv.DictReader(open(os.path.join(truth, "damage.csv"), newline="")):
    damage.setdefault((r["file"], r["record"]), []).append(r)
right = wrong = unmatched = total = 0
wrongs, nik_missed, nik_false, kk_missed, date_bad, accounting = [], [], [], [], [], []
for line in open("names"):
    k, name = line.rstrip("\n").split(" ", 1)
    path = "clean-%s.csv" % k
    st = json.loads(open("st-%s.json" % k).read().splitlines()[-1])
    if st["in"] != st["out"] or st["rejected"] != 0:
        accounting.append("%s in=%d out=%d rejected=%d" % (name, st["in"], st["out"], st["rejected"]))
    for r in csv.DictReader(open(path, newline="", encoding="utf-8")):
        key = (name, r["_row"])
        t = rows[key]
        flags = set(filter(None, r["_flags"].split(";")))
        total += 1
        if r.get("kode_desa", "") == t["kode_desa"]:
            right += 1
        elif "desa_unmatched" in flags:
            unmatched += 1
        else:
            wrong += 1
            wrongs.append("%s:%s got %r want %s (%s)" % (name, r["_row"], r.get("kode_desa"), t["kode_desa"], r["_flags"]))
        for col, ok in allowed.items():
            v = r.get(col, "")
            if v == "" or any(f.startswith(col + "_") for f in flags):
                continue
            good = (v in ok) if isinstance(ok, set) else \
                bool(re.fullmatch(r"\d{4}-\d{2}-\d{2}", v)) if ok == "date" else \
                bool(re.fullmatch(r"-?\d+(\.\d+)?", v))
            if not good:
                outside.append("%s:%s %s=%r" % (name, r["_row"], col, v))
        nikflags = {f[4:] for f in flags if f.startswith("nik_")} & INVALID
        if t["nik_valid"] == "0" and not nikflags:
            nik_missed.append("%s:%s %r (%s)" % (name, r["_row"], t["nik_raw"], t["damage"]))
        if t["nik_valid"] == "1" and nikflags:
            nik_false.append("%s:%s %r flagged %s" % (name, r["_row"], r["nik"], sorted(nikflags)))
        for d in damage.get(key, []):
            if d["kind"].startswith("kk_") and not any(f.startswith("no_kk_") for f in flags):
                kk_missed.append("%s:%s %s" % (name, r["_row"], d["detail"]))
            if d["kind"] == "excel_date_serial":
                want = d["detail"].split(" -> ")[0]
                if r["tanggal_lahir"] != want:
                    date_bad.append("%s:%s %s got %r" % (name, r["_row"], d["detail"], r["tanggal_lahir"]))
share = right / total if total else 0
print(("ok " if share >= 0.995 else "bad ") + "region: %d of %d rows right (%.2f%%), %d unmatched" % (right, total, 100 * share, unmatched))
print(("ok " if wrong == 0 else "bad ") + "region: %d rows with a wrong code %s" % (wrong, wrongs[:5]))
print(("ok " if not nik_missed else "bad ") + "nik: every planted invalid NIK flagged (%d missed) %s" % (len(nik_missed), nik_missed[:5]))
print(("ok " if not nik_false else "bad ") + "nik: no valid NIK flagged (%d flagged) %s" % (len(nik_false), nik_false[:5]))
print(("ok " if not kk_missed else "bad ") + "no_kk: every planted damaged No KK flagged (%d missed) %s" % (len(kk_missed), kk_missed[:5]))
print(("ok " if not date_bad else "bad ") + "dates: every planted Excel serial read (%d wrong) %s" % (len(date_bad), date_bad[:5]))
print(("ok " if not accounting else "bad ") + "accounting: in = out, nothing rejected %s" % accounting)
print(("ok " if not outside else "bad ") + "vocabulary: every coded, yes/no, date and number value is in the vocabulary or flagged (%d not) %s" % (len(outside), outside[:5]))
PY
while read -r verdict rest; do
	[ "$verdict" = ok ] && ok "$rest" || no "$rest"
done < report
[ "$(wc -l < report)" -eq 8 ] || no "report has 8 lines" "$(cat report)"
[ $bad -eq 0 ]
