#!/bin/sh
# demo.sh: the Klaten job on the bundled data (make demo): the pipeline
# pipelines/klaten.sh on fixtures/small/raw (synthetic exports), published
# into out/ (out/current is the newest run), then a summary: the row
# accounting of every step and the kabupaten row of the indicator table.
set -eu
bin=${PADU_BIN:-bin}
out=out
echo "padu demo: Kabupaten Klaten, fixtures/small (data sintetis / synthetic data)"
PADU_BIN=$bin sh pipelines/klaten.sh fixtures/small/raw "$out"
cur=$out/current
echo
echo "Akuntansi baris / row accounting (in = out + rejected + merged):"
for s in "$cur"/stats/*.json; do
	awk -v step="$(basename "$s" .json)" '{
		match($0, /"in":[0-9]+/); i = substr($0, RSTART + 5, RLENGTH - 5)
		match($0, /"out":[0-9]+/); o = substr($0, RSTART + 6, RLENGTH - 6)
		match($0, /"rejected":[0-9]+/); r = substr($0, RSTART + 11, RLENGTH - 11)
		match($0, /"merged":[0-9]+/); m = substr($0, RSTART + 9, RLENGTH - 9)
		ti += i; to += o; tr += r; tm += m
	} END { printf "  %-26s in %6d  out %6d  rejected %3d  merged %5d\n", step, ti, to, tr, tm }' "$s"
done
echo
echo "Kabupaten Klaten (out/current/tabel-indikator.csv):"
awk -F, 'NR == 1 { for (i = 1; i <= NF; i++) h[i] = $i; next }
	$1 == "kabupaten" { for (i = 4; i <= NF; i++) if (h[i] ~ /^(rt_total|jiwa_total|rt_desil_1|rt_desil_1_4|rt_lantai_tanah|rt_tanpa_listrik|rt_pkh|rt_bantuan|rt_desil_1_2_tanpa_bantuan)$/) printf "  %-28s %7s\n", h[i], $i }' "$cur/tabel-indikator.csv"
echo
echo "Hasil / results in $cur/: tabel-indikator.csv, rumah-tangga*.csv, orang*.csv,"
echo "laporan.html (report), tabel-indikator.xlsx|md, buku-kode.md|html, tautan/ (links),"
echo "ditolak/ (rejects), manifest.json, log.txt"
