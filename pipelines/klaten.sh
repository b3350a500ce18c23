#!/bin/sh
# klaten.sh: the Kabupaten Klaten job -- a folder of raw exports in, the
# published indicator tables, codebook and quality files out.
#
#   pipelines/klaten.sh INPUT_DIR OUTPUT_DIR
#
# Input files are recognized by name, in any case, spaces and hyphens read
# as '_': *dtks*, p3ke_keluarga* (or *keluarga*), p3ke_individu* (or
# *individu*), *regsosek*, *verval* (or *desa*); .csv, .txt, .json,
# .jsonl, .xlsx; other files are skipped, with a line in the log.  Each
# file's base name, lower case, a-z 0-9 and '_' only, is its source id
# (_src): "DTKS Individu.csv" is dtks_individu.  Another regency: copy
# this file and point REF at its region reference; nothing else is
# Klaten's.
#
# Stages: parse and clean (per file, PADU_JOBS files at a time);
# persons: dedupe, one row per person; households: the person rows and
# P3KE keluarga rows linked into _hh, one row per household, _hh joined
# onto the persons; jumlah_art; classify; aggregate per desa, kecamatan and
# kabupaten; the report (laporan.html, tabel-indikator.xlsx|md); the
# codebook document; the data-quality report (kualitas-data.md|html|xlsx);
# manifest.json; publish.  With PADU_JOBS > 1, stages that do not read
# each other's files run side by side (pl_spawn), and padu-dedupe compares
# pairs in PADU_JOBS threads (-j).  A stream that only feeds the next
# stage (each export as parsed, the persons with their household's desil)
# goes through a named pipe and is never stored (pl_pipe; a failure on
# either side fails the run, naming that side); a table that the next
# stage reads whole (orang.csv, rumah-tangga.csv) is written and piped
# on at once (pl_pipe -t); padu-dedupe reads the
# cleaned files itself, joining their headers.  (See
# pipelines/lib/pipeline.sh: lock, work folder, row accounting after every
# stage, atomic publish).  Personal data stay mode 0600 (umask 077).
# PADU_PUBLIKASI=1 publishes only the aggregate artefacts (PADU_KUNCI=KEYFILE:
# and the tables masked by padu-mask); see 9b.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
: "${PADU_BIN:=$here/../bin}"
PADU_BIN=$(cd "$PADU_BIN" && pwd)
export PADU_BIN
REF=${REF:-$here/ref/klaten}
RULES=$here/rules
CODEBOOK=${CODEBOOK:-$here/codebook/klaten.json}
# Counts under SUPPRESS are not published in the report (padu-render -k).
SUPPRESS=${SUPPRESS:-3}
export PADU_PROFILE_DIR=$here/profiles
[ $# -eq 2 ] || { echo "usage: klaten.sh INPUT_DIR OUTPUT_DIR" >&2; exit 2; }
[ -d "$1" ] || { echo "klaten.sh: $1: not a folder" >&2; exit 2; }
in=$(cd "$1" && pwd)
publikasi=${PADU_PUBLIKASI:-0}
case $publikasi in 0 | 1) ;; *) echo "klaten.sh: PADU_PUBLIKASI must be 0 or 1" >&2; exit 2 ;; esac
# A key for the masked tables is checked before anything runs.
if [ "$publikasi" = 1 ] && [ -n "${PADU_KUNCI:-}" ]; then
	"$PADU_BIN/padu-mask" -k "$PADU_KUNCI" < /dev/null > /dev/null || exit 2
fi
. "$here/lib/pipeline.sh"
. "$here/lib/measures.sh"
umask 077
pl_start "$2"
W=$PL_WORK
P=$PADU_BIN
S=$PL_STATS
mkdir -p "$W/mentah" "$W/bersih" "$W/ditolak" "$W/tautan" "$W/antara"
A=$W/antara

# mask_table NAME BASE TABLE: TABLE with identity numbers pseudonymized,
# names to initials, birth dates to years, addresses left out, as
# BASE-samaran.csv (publication mode with PADU_KUNCI).
mask_table() {
	pl_run "$1" "$W/$2-samaran.csv" "$P/padu-mask" -k "$PADU_KUNCI" \
		-c 'iddtks?,id_individu?,id_keluarga_p3ke?' \
		-m 'nama?,nama_kunci?,tanggal_lahir?=year' \
		-d 'alamat?,dusun?,rt?,rw?,tempat_lahir?,nama_ibu_kandung?' \
		--stats "$S/mask-$2.json" "$3"
	pl_check "$S/mask-$2.json" "$1"
}

# 1-2. parse and clean every export, each with its own source id (parse
# piped into clean); the exports run side by side, PADU_JOBS at a time
# (default: the number of processors), each with its own stats files,
# joined in file order after.
# When one fails the others are let finish, then the run fails.
persons=
keluarga=
inputs=
srcs=
jobs=${PADU_JOBS:-$(nproc 2>/dev/null || echo 1)}
case $jobs in
''|*[!0-9]*|0*) pl_fail "PADU_JOBS='$jobs' is not a number of jobs (1 or more)" ;;
esac
pids=
# An export's kind comes from its name in any case, spaces and hyphens
# read as '_' ("DTKS Klaten 2025.xlsx" is DTKS); its source id (_src) is
# that name without its extension, every other byte but a-z 0-9 made '_'.
# kind FILE sets b, src and prof (empty: not an export).  inputs holds
# the paths one per line (names may hold spaces).
nl='
'
kind() {
	b=$(basename "$1")
	key=$(printf '%s' "$b" | tr 'A-Z -' 'a-z__')
	src=$(printf '%s' "${key%.*}" | tr -c 'a-z0-9_' '_')
	case $b in
	*"$nl"*) prof= ; return ;;
	esac
	case $key in
	*dtks*) prof=dtks ;;
	p3ke_keluarga* | *keluarga*) prof=p3ke-keluarga ;;
	p3ke_individu* | *individu*) prof=p3ke-individu ;;
	*regsosek*) prof=regsosek ;;
	*verval* | *desa*) prof=verval-desa ;;
	*) prof= ;;
	esac
}
# manifest [hash]: pl_manifest (or pl_hash) of the inputs and every rule,
# profile, codebook and reference file, the list split at line ends only.
manifest() {
	mf=$inputs
	for g in "$RULES"/*.json "$here"/profiles/*.json "$CODEBOOK" \
	    "$REF/regions.csv" "$REF/aliases.csv" "$here/quality/labels.json"; do
		mf="$mf$nl$g"
	done
	set -f
	IFS=$nl
	# shellcheck disable=SC2086
	if [ $# -gt 0 ]; then pl_hash $mf; else pl_manifest $mf; fi
	unset IFS
	set +f
}
# Two exports with one source id would write the same files: refuse
# before any stage starts.
for f in "$in"/*; do
	[ -f "$f" ] || continue
	kind "$f"
	if [ -z "$prof" ]; then
		pl_log "dilewati / skipped: $b (unknown kind of export)"
		continue
	fi
	case " $srcs " in
	*" $src "*) pl_fail "two exports have the source id '$src' (the second is '$b'): rename one" ;;
	esac
	srcs="$srcs $src"
	inputs="$inputs$nl$f"
done
srcs=
# The largest exports start first, so that the last to start are short
# and the processors stay busy to the end (the order of the results does
# not depend on it).
set -f
IFS=$nl
for f in $(cd "$in" && ls -S1); do
	unset IFS
	set +f
	f=$in/$f
	[ -f "$f" ] || continue
	kind "$f"
	[ -n "$prof" ] || continue
	srcs="$srcs $src"
	# The parsed rows go to padu-clean through a pipe named
	# mentah/SRC.csv (removed when the two end).
	(
		pl_pipe "parse $b" "clean $b" "$W/mentah/$src.csv" "$W/bersih/$src.csv" \
			"$P/padu-parse" -p "$prof" -S "$src" --stats "$S/parse-$src.part" \
			--rejects "$W/ditolak/parse-$src.csv" "$f" '|' \
			"$P/padu-clean" -f "$RULES/clean.json" -g "$REF/regions.csv" \
			-a "$REF/aliases.csv" --stats "$S/clean-$src.part" \
			--rejects "$W/ditolak/clean-$src.csv" "$W/mentah/$src.csv"
	) &
	pids="$pids $!"
	if [ "$prof" = p3ke-keluarga ]; then
		keluarga="$keluarga $W/bersih/$src.csv"
	else
		persons="$persons $W/bersih/$src.csv"
	fi
	# shellcheck disable=SC2086
	set -- $pids
	if [ $# -ge "$jobs" ]; then
		if ! wait "$1"; then
			shift
			# The others finish first (a few seconds): killing a job
			# would leave its running program writing into the work
			# folder while it is removed.
			for pid in "$@"; do wait "$pid"; done
			pl_fail "parse or clean of an export failed (see the log above)"
		fi
		shift
		pids=$*
	fi
done
unset IFS
set +f
failed=
for pid in $pids; do
	wait "$pid" || failed=1
done
[ -z "$failed" ] || pl_fail "parse or clean of an export failed (see the log above)"
rmdir "$W/mentah"
# The streams join in source id order, whatever the order of the names.
sorted() { [ $# -eq 0 ] || printf '%s\n' "$@" | LC_ALL=C sort | tr '\n' ' '; }
# shellcheck disable=SC2086
persons=$(sorted $persons) keluarga=$(sorted $keluarga) srcs=$(sorted $srcs)
for src in $srcs; do
	cat "$S/parse-$src.part" >> "$S/parse.json"
	cat "$S/clean-$src.part" >> "$S/clean.json"
	rm -f "$S/parse-$src.part" "$S/clean-$src.part"
done
[ -n "$persons" ] || pl_fail "no person-level export in $in"
pl_check "$S/parse.json" parse
pl_check "$S/clean.json" clean
# The inputs and rules are hashed for the manifest once, beside the linkage.
manifest hash

# 3-4. persons: one entity per real person: every row with its _cluster,
# and the person table, one row per person (-E, the survivorship of the
# rules), with its own row accounting (tabel-orang.json).  padu-dedupe
# reads the cleaned exports itself, their headers joined as padu-cat
# joins them, each file read ahead by a thread of its own.
# shellcheck disable=SC2086
pl_run "dedupe persons" "$A/orang-klaster.csv" "$P/padu-dedupe" -j "$jobs" \
	-f "$RULES/dedupe-orang.json" --keep-all --stats "$S/dedupe-orang.json" \
	-E "$A/orang-entitas.csv" --entities-stats "$S/tabel-orang.json" \
	--links "$W/tautan/orang.csv" $persons
pl_check "$S/dedupe-orang.json" "dedupe persons"
pl_check "$S/tabel-orang.json" "dedupe persons (the person table)"

# The quality counts of the person rows (for 9c) need only the rows with
# their _cluster and the person links: they run beside steps 4-8, at a
# lower priority (nice), so that they take the processor time the
# household linkage and the steps after it leave, not theirs.
NIKBAD='(^|;)nik_(excel|chars|length|province|date|serial|dummy)(;|$)'
quality_persons() {
	pl_run "quality per desa" "$A/kualitas-desa.csv" nice -n 10 "$P/padu-aggregate" -b kode_desa \
		-R "$REF/regions.csv" -m 'baris=count()' -m 'orang=count_distinct(_cluster)' \
		-m "nik_kosong=count_if(regexp(_flags, '(^|;)nik_missing(;|\$)'))" \
		-m "nik_tidak_sah=count_if(regexp(_flags, '$NIKBAD'))" \
		-m "no_kk_tidak_sah=count_if(regexp(_flags, '(^|;)no_kk_[a-z]+(;|\$)'))" \
		-m 'nama_kosong=count_if(nama IS NULL)' \
		-m "tidak_padan_dukcapil=count_if(padan_dukcapil = 'N')" \
		-m "desa_ragu=count_if(regexp(_flags, '(^|;)desa_(fuzzy|code_conflict|kecamatan_conflict)(;|\$)'))" \
		"$A/orang-klaster.csv"
	pl_run "quality: NIK per source" "$A/nik-sumber.csv" nice -n 10 "$P/padu-aggregate" -b _src,nik \
		-m 'baris=count()' -m 'nama=count_distinct(nama_kunci)' -m 'desa=count_distinct(kode_desa)' \
		-m 'kk=count_distinct(no_kk)' \
		-m "sah=count_if(nik IS NOT NULL AND NOT regexp(coalesce(_flags, ''), '$NIKBAD|(^|;)nik_missing(;|\$)'))" \
		"$A/orang-klaster.csv"
	pl_run "quality: duplicate NIK" "$A/kualitas-nik.csv" nice -n 10 "$P/padu-aggregate" -b _src \
		-m 'nik_sah=count_if(sah > 0)' -m 'nik_ganda=count_if(sah > 0 AND baris > 1)' \
		-m 'nik_nama_ganda=count_if(sah > 0 AND baris > 1 AND nama = 1)' \
		-m 'nik_banyak_desa=count_if(sah > 0 AND desa > 1)' \
		-m 'nik_banyak_kk=count_if(sah > 0 AND kk > 1)' "$A/nik-sumber.csv"
	pl_run "quality: links" "$A/kualitas-tautan.csv" nice -n 10 "$P/padu-aggregate" -b rule,decision \
		-m 'tautan=count()' "$W/tautan/orang.csv"
}
pl_spawn quality_persons
quality_pid=$PL_PID

# households: person rows and P3KE keluarga rows linked into _hh, written
# as one row per household (the survivorship of the rules), and each row's
# _src, _row, _cluster and _hh (rt-anggota.csv: the membership, small enough
# to join back).
# shellcheck disable=SC2086
pl_run "dedupe households" "$A/rt-entitas.csv" "$P/padu-dedupe" -j "$jobs" --id _hh \
	-C "$A/rt-anggota.csv" --clusters-cols _src,_row,_cluster \
	-f "$RULES/dedupe-rumah-tangga.json" --stats "$S/dedupe-rt.json" \
	--links "$W/tautan/rumah-tangga.csv" "$A/orang-klaster.csv" $keluarga
pl_check "$S/dedupe-rt.json" "dedupe households"

# 5-6. the person table, each person with the household (orang.csv), and
# household size from it, counted as the table is written (pl_pipe -t:
# the table is kept and piped on; the pipe has the table's name, in
# antara/, so messages and the quality report name it).
pl_pipe -t "$W/orang.csv" "persons with _hh" "jumlah_art" "$A/orang.csv" "$A/art.csv" \
	"$P/padu-join" -f "$A/rt-anggota.csv" -j _cluster -c _hh -d first \
	--stats "$S/join-orang-hh.json" "$A/orang-entitas.csv" '|' \
	"$P/padu-aggregate" -b _hh -m "jumlah_art=count()" "$A/orang.csv"
pl_check "$S/join-orang-hh.json" "persons with _hh"

# 7. classify: households (as rumah-tangga.csv is written, the same way);
# persons with their household's desil.
pl_pipe -t "$W/rumah-tangga.csv" "households with jumlah_art" "classify households" \
	"$A/rumah-tangga.csv" "$W/rumah-tangga-indikator.csv" \
	"$P/padu-join" -f "$A/art.csv" -j _hh -c jumlah_art --stats "$S/join-art.json" \
	"$A/rt-entitas.csv" '|' \
	"$P/padu-classify" -f "$CODEBOOK" -l household --stats "$S/classify-rt.json" \
	"$A/rumah-tangga.csv"
pl_check "$S/join-art.json" "households with jumlah_art"
pl_check "$S/classify-rt.json" "classify households"
# 8. the indicator table per desa, kecamatan, kabupaten: one half per
# level, each by a stage "aggregate_level NAME OUT STATS MEASURES IN"
# (MEASURES: the function listing its -m options, one per line).  The
# household half is made beside the persons (the join and classify of the
# persons leave most of a processor free).
aggregate_level() {
	set -f
	IFS=$nl
	# shellcheck disable=SC2046
	pl_run "$1" "$2" "$P/padu-aggregate" -b kode_desa -R "$REF/regions.csv" -u \
		--stats "$3" $($4) "$5"
	unset IFS
	set +f
}
pl_spawn aggregate_level "aggregate households" "$A/tabel-rt.csv" "$S/aggregate-rt.json" \
	rt_measures "$W/rumah-tangga-indikator.csv"
aggregate_rt_pid=$PL_PID
pl_pipe "persons with household indicators" "classify persons" "$A/orang-rt.csv" \
	"$W/orang-indikator.csv" "$P/padu-join" -f "$W/rumah-tangga-indikator.csv" -j _hh \
	-c desil_1,desil_2,desil_3,desil_4,desil_1_4,desil_gt4,desil_na,kelas_desil \
	--stats "$S/join-orang-rt.json" "$W/orang.csv" '|' \
	"$P/padu-classify" -f "$CODEBOOK" -l person --stats "$S/classify-orang.json" "$A/orang-rt.csv"
pl_check "$S/join-orang-rt.json" "persons with household indicators"
pl_check "$S/classify-orang.json" "classify persons"

aggregate_level "aggregate persons" "$A/tabel-jiwa.csv" "$S/aggregate-jiwa.json" \
	jiwa_measures "$W/orang-indikator.csv"
pl_wait "$aggregate_rt_pid" "step 'aggregate households'"
pl_check "$S/aggregate-rt.json" "aggregate households"
pl_check "$S/aggregate-jiwa.json" "aggregate persons"
jiwa_cols=$(head -1 "$A/tabel-jiwa.csv" | cut -d, -f4-)
pl_run "indicator table" "$W/tabel-indikator.csv" "$P/padu-join" -f "$A/tabel-jiwa.csv" \
	-j tingkat,kode -c "$jiwa_cols" "$A/tabel-rt.csv"

# 8b. the report: the table as an HTML page (chart, maps), XLSX and
# Markdown, small counts suppressed; its footer names the inputs, so a
# manifest is written first (and again, complete, at the end).
manifest
pl_run "report (html)" "$W/laporan.html" "$P/padu-render" -f html -c "$CODEBOOK" \
	-M "$W/manifest.json" -k "$SUPPRESS" -m rt_desil_1 -g "$REF/klaten_kecamatan.geojson" \
	-G "$REF/klaten_desa.geojson" -t "Indikator kemiskinan Kabupaten Klaten" "$W/tabel-indikator.csv"
pl_run "report (xlsx)" "$W/tabel-indikator.xlsx" "$P/padu-render" -f xlsx -c "$CODEBOOK" \
	-M "$W/manifest.json" -k "$SUPPRESS" -t "Indikator kemiskinan Kabupaten Klaten" \
	"$W/tabel-indikator.csv"
pl_run "report (md)" "$W/tabel-indikator.md" "$P/padu-render" -f md -c "$CODEBOOK" \
	-M "$W/manifest.json" -k "$SUPPRESS" -t "Indikator kemiskinan Kabupaten Klaten" \
	"$W/tabel-indikator.csv"

# 9. the codebook as documents for the Rakor.
pl_run "codebook (md)" "$W/buku-kode.md" "$P/padu-classify" -f "$CODEBOOK" --describe md
pl_run "codebook (html)" "$W/buku-kode.html" "$P/padu-classify" -f "$CODEBOOK" --describe html

# 9b. publication mode / mode publikasi (PADU_PUBLIKASI=1): only the
# aggregate artefacts are published (the table suppressed, also as JSON);
# with PADU_KUNCI=KEYFILE also the person and household tables masked by
# padu-mask.  Rows, rejects, links and intermediate streams stay behind.
if [ "$publikasi" = 1 ]; then
	pl_run "report (json)" "$W/tabel-indikator.json" "$P/padu-render" -f json \
		-k "$SUPPRESS" "$W/tabel-indikator.csv"
	keep="laporan.html tabel-indikator.xlsx tabel-indikator.md tabel-indikator.json
		buku-kode.md buku-kode.html manifest.json log.txt stats"
	if [ -n "${PADU_KUNCI:-}" ]; then
		mask_table "mask persons" orang "$W/orang-indikator.csv"
		mask_table "mask households" rumah-tangga "$W/rumah-tangga-indikator.csv"
		keep="$keep orang-samaran.csv rumah-tangga-samaran.csv"
	fi
fi

# 9c. the data-quality report / laporan kualitas data: every step's row
# accounting and flags (the stats, in pipeline order), with per-desa
# quality counts of the person rows of all sources, duplicate NIKs per
# source and the person links by rule; small counts suppressed when it is
# published (PADU_PUBLIKASI=1).  Words from pipelines/quality/labels.json.
pl_wait "$quality_pid" "the quality steps of the person rows"
# shellcheck disable=SC2046
pl_run "quality: rejects" "$A/tolak.csv" "$P/padu-cat" $(ls "$W"/ditolak/*.csv)
pl_run "quality: rejected by reason" "$A/kualitas-tolak.csv" "$P/padu-aggregate" \
	-b _filter,_src,_reason -m 'baris=count()' "$A/tolak.csv"
qstats=
for s in parse clean dedupe-orang dedupe-rt tabel-orang join-orang-hh join-art \
    classify-rt join-orang-rt classify-orang aggregate-rt aggregate-jiwa mask-orang \
    mask-rumah-tangga; do
	[ -f "$S/$s.json" ] && qstats="$qstats $S/$s.json"
done
for s in "$S"/*.json; do
	case " $qstats " in *" $s "*) ;; *) qstats="$qstats $s" ;; esac
done
qk=
[ "$publikasi" = 1 ] && qk="-k $SUPPRESS"
for fmt in md html xlsx; do
	# shellcheck disable=SC2086
	pl_run "quality report ($fmt)" "$W/kualitas-data.$fmt" "$P/padu-render" --quality -f $fmt \
		$qk -L "$here/quality/labels.json" -M "$W/manifest.json" -T "$A/kualitas-desa.csv" \
		-T "$A/kualitas-tolak.csv" -T "$A/kualitas-nik.csv" -T "$A/kualitas-tautan.csv" \
		-t "Laporan kualitas data Kabupaten Klaten / Data-quality report" $qstats
done
[ "$publikasi" = 1 ] && keep="$keep kualitas-data.md kualitas-data.html kualitas-data.xlsx"

# 10. provenance, then publish.
manifest
if [ "$publikasi" = 1 ]; then
	# shellcheck disable=SC2086
	pl_only $keep
fi
pl_publish
