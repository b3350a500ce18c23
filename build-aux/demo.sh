#!/bin/sh
# demo.sh: the Klaten job on the bundled data (make demo), as far as the
# filters reach today: every raw export of fixtures/small/raw is parsed
# with its source profile into canonical streams (persons, households),
# every row accounted for, and a summary printed.  Results in out/demo/.
set -eu
bin=${PADU_BIN:-bin}
raw=fixtures/small/raw
out=out/demo
export PADU_PROFILE_DIR=pipelines/profiles
rm -rf "$out"
mkdir -p "$out"

echo "padu demo: Kabupaten Klaten, fixtures/small (data sintetis / synthetic data)"
"$bin/padu-parse" --stats "$out/stats.json" --rejects "$out/ditolak-orang.csv" \
	-p dtks "$raw/dtks_individu.csv" \
	-p p3ke-individu "$raw/p3ke_individu_a.csv" "$raw/p3ke_individu_b.csv" \
	-p regsosek "$raw/regsosek_2022.csv" \
	-p verval-desa "$raw/verval_desa_a.csv" "$raw/verval_desa_b.csv" \
	> "$out/orang.csv"
"$bin/padu-parse" --stats "$out/stats.json" --rejects "$out/ditolak-keluarga.csv" \
	-p p3ke-keluarga "$raw/p3ke_keluarga.csv" > "$out/keluarga.csv"

echo
echo "Baris per sumber / rows per source (out/demo/orang.csv, keluarga.csv):"
python3 - "$out/orang.csv" "$out/keluarga.csv" <<'PY'
import collections, csv, sys
for path in sys.argv[1:]:
    n = collections.Counter(r["_src"] for r in csv.DictReader(open(path, newline="", encoding="utf-8")))
    for src in sorted(n):
        print("  %-16s %7d" % (src, n[src]))
PY
echo
echo "Baris ditolak / rejected rows (with reasons in out/demo/ditolak-*.csv):"
for f in "$out"/ditolak-*.csv; do
	"$bin/padu-cat" "$f" | awk -F, 'NR > 1 { n[$2]++ } END { for (s in n) printf "  %-16s %7d\n", s, n[s] }' | sort
done
echo
echo "Akuntansi baris / row accounting (in = out + rejected):"
awk '{
	match($0, /"filter":"[^"]*"/); f = substr($0, RSTART + 10, RLENGTH - 11)
	match($0, /"in":[0-9]+/); i = substr($0, RSTART + 5, RLENGTH - 5)
	match($0, /"out":[0-9]+/); o = substr($0, RSTART + 6, RLENGTH - 6)
	match($0, /"rejected":[0-9]+/); r = substr($0, RSTART + 11, RLENGTH - 11)
	match($0, /"merged":[0-9]+/); m = substr($0, RSTART + 9, RLENGTH - 9)
	ok = (i == o + r + m) ? "ok" : "MISMATCH"
	printf "  %-12s in %6d = out %6d + rejected %3d + merged %d  %s\n", f, i, o, r, m, ok
	if (ok != "ok") bad = 1
} END { exit bad }' "$out/stats.json"
echo
echo "Next steps of the pipeline (clean, dedupe, classify, aggregate, render) arrive with issues 5-13."
