#!/usr/bin/env bash
# parse-fixtures.sh: padu-parse on every raw fixture file with its shipped
# profile: every raw record is output or rejected (compared with the
# truth's record counts), and the rejected ones are exactly the planted
# structural faults of truth/damage.csv.  TAP lines for tests/run.
set -u
bin=${PADU_BIN:?} top=${PADU_TOP:?}
cd "${TMPDIR:?}" || exit 1
raw=$top/fixtures/small/raw truth=$top/fixtures/small/truth
export PADU_PROFILE_DIR=$top/pipelines/profiles
bad=0
ok() { echo "ok - parse-fixtures: $1"; }
no() { bad=$((bad + 1)); echo "not ok - parse-fixtures: $1"; shift; for l in "$@"; do echo "# $l"; done; }

run() {	# run FILE PROFILE [OPTIONS]: parse one raw file
	local f=$1 p=$2; shift 2
	"$bin/padu-parse" --stats st.json --rejects "rj-$(basename "$f").csv" "$@" -p "$p" "$raw/$f" \
		> "out-$(basename "$f").csv" 2> err || no "padu-parse $f exits 0" "$(cat err)"
}
rm -f st.json
run dtks_individu.csv dtks
run p3ke_keluarga.csv p3ke-keluarga
run p3ke_individu_a.csv p3ke-individu
run p3ke_individu_b.csv p3ke-individu
run regsosek_2022.csv regsosek
run verval_desa_a.csv verval-desa
run verval_desa_b.csv verval-desa
run variants/p3ke.xlsx p3ke-keluarga --sheet KELUARGA
mv st.json st1.json; mv out-p3ke.xlsx.csv out-kel.csv
run variants/p3ke.xlsx p3ke-individu --sheet INDIVIDU
sed 's|variants/p3ke.xlsx"|variants/p3ke.xlsx#INDIVIDU"|' st.json >> st1.json
sed -i 's|variants/p3ke.xlsx"\]|variants/p3ke.xlsx#KELUARGA"]|' st1.json; mv st1.json st.json
run variants/p3ke_keluarga.json p3ke-keluarga
run variants/p3ke_keluarga.jsonl p3ke-keluarga

# A pipe is read as it comes (sniffed from its first 256 KiB, converted
# as it is read): it must give what the file gives.
for fp in dtks_individu.csv:dtks p3ke_keluarga.csv:p3ke-keluarga \
    p3ke_individu_a.csv:p3ke-individu regsosek_2022.csv:regsosek; do
	f=${fp%%:*} p=${fp#*:}
	cat "$raw/$f" | "$bin/padu-parse" -p "$p" --rejects pipe-rj.csv \
		> pipe-out.csv 2> err
	if cmp -s pipe-out.csv "out-$f.csv" && cmp -s pipe-rj.csv "rj-$f.csv"; then
		ok "$f from a pipe gives what the file gives"
	else
		no "$f from a pipe gives what the file gives" "$(cat err)"
	fi
done

python3 - "$truth" <<'PY' > report
import csv, glob, json, os, sys
truth = sys.argv[1]
want = {}    # file -> number of raw records
for r in csv.DictReader(open(os.path.join(truth, "rows.csv"), newline="")):
    want[r["file"]] = want.get(r["file"], 0) + 1
faults = set()
for r in csv.DictReader(open(os.path.join(truth, "damage.csv"), newline="")):
    if r["kind"] in ("ragged_missing_field", "ragged_extra_field", "unterminated_quote"):
        faults.add((os.path.basename(r["file"]), r["record"]))
stats = [json.loads(l) for l in open("st.json")]
got_rej = set()
for f in glob.glob("rj-*.csv"):
    for r in csv.DictReader(open(f, newline="", encoding="utf-8")):
        got_rej.add((f[3:-4], r["_row"]))
for s in stats:
    name = s["inputs"][0].split("/raw/")[1]
    n = want.get(name)
    if n is None:
        n = want.get(os.path.basename(name))
    line = "%s in=%d out=%d rejected=%d truth=%s" % (name, s["in"], s["out"], s["rejected"], n)
    print(("ok " if s["in"] == n and s["in"] == s["out"] + s["rejected"] else "bad ") + line)
print(("ok " if got_rej == faults else "bad ") + "rejected %s, planted %s" % (sorted(got_rej), sorted(faults)))
PY
while read -r verdict rest; do
	[ "$verdict" = ok ] && ok "$rest" || no "$rest"
done < report
[ "$(wc -l < report)" -eq 12 ] || no "report has a line per file" "$(cat report)"
[ $bad -eq 0 ]
