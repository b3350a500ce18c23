#!/usr/bin/env bash
# publication.sh: issue 11, personal-data hygiene.  "No NIK from the
# fixtures appears in any published artefact of the demo when run in
# publication mode."
#   - every NIK and No KK of the fixtures: each 16-digit window of every run
#     of 16 or more digits in fixtures/small/raw (all files, xlsx unzipped);
#   - a normal run: the scan finds them in orang.csv (the scan works);
#     every file under OUT is mode 0600 and every folder 0700; the log and
#     the stats hold none; filters make --rejects, --stats and --links
#     files 0600 even under umask 022;
#   - PADU_PUBLIKASI=1: only the aggregate artefacts are published, the
#     same table; no NIK in any file under OUT (xlsx unzipped, html, json,
#     md, manifest, stats, log) nor in the run's standard error;
#   - PADU_PUBLIKASI=1 PADU_KUNCI=KEY: the masked person and household
#     tables too, still without a NIK, and linking as the raw ones do; a
#     key open to others stops the run before it starts.
# TAP lines for tests/run.
set -u
bin=${PADU_BIN:?} top=${PADU_TOP:?}
cd "${TMPDIR:?}" || exit 1
bad=0
ok() { echo "ok - publication: $1"; }
no() { bad=$((bad + 1)); echo "not ok - publication: $1"; shift; for l in "$@"; do echo "# $l"; done; }
check() { local what=$1; shift; if "$@"; then ok "$what"; else no "$what"; fi; }

# nik.py collect DIR > niks: the 16-digit windows of DIR's files.
# nik.py scan NIKS PATH... : one line per file holding any ("path: n"),
# then "scanned N"; xlsx and other zip files are read member by member.
cat > nik.py <<'PY'
import os, re, sys, zipfile
run = re.compile(rb"[0-9]{16,}")

def parts(path):
    data = open(path, "rb").read()
    if data[:4] == b"PK\x03\x04":
        with zipfile.ZipFile(path) as z:
            for n in z.namelist():
                yield "%s:%s" % (path, n), z.read(n)
        return
    if data[:2] in (b"\xff\xfe", b"\xfe\xff"):
        data = data.decode("utf-16").encode()
    yield path, data

def windows(data):
    for m in run.finditer(data):
        s = m.group()
        for i in range(len(s) - 15):
            yield s[i:i + 16]

def files(paths):
    for p in paths:
        if os.path.isfile(p):
            yield p
        for d, _, fs in os.walk(p):
            for f in sorted(fs):
                if not os.path.islink(os.path.join(d, f)):
                    yield os.path.join(d, f)

if sys.argv[1] == "collect":
    seen = set()
    for f in files(sys.argv[2:]):
        for _, data in parts(f):
            seen.update(windows(data))
    sys.stdout.write("".join(sorted(w.decode() + "\n" for w in seen)))
else:
    niks = set(l.strip().encode() for l in open(sys.argv[2]))
    n = 0
    for f in files(sys.argv[3:]):
        for name, data in parts(f):
            n += 1
            hits = sum(1 for w in windows(data) if w in niks)
            if hits:
                print("%s: %d" % (name, hits))
    print("scanned %d" % n)
PY
scan() { python3 nik.py scan niks "$@"; }
hits() { grep -v '^scanned ' "$1" | head -5; }

python3 nik.py collect "$top/fixtures/small/raw" > niks
n=$(wc -l < niks)
check "the fixtures hold many NIKs ($n)" test "$n" -ge 5000

# A normal run: personal data, all of it owner-only.
norm=$PWD/biasa
PADU_BIN=$bin sh "$top/pipelines/klaten.sh" "$top/fixtures/small/raw" "$norm" 2> norm.err ||
	no "a normal run exits 0" "$(tail -3 norm.err)"
scan "$norm/current/orang.csv" > s
grep -q 'orang.csv: [0-9]' s && ok "the scan finds the NIKs in a normal run's orang.csv" ||
	no "the scan finds the NIKs in a normal run's orang.csv" "$(cat s)"
open=$(find "$norm" \( -type f ! -perm 600 \) -o \( -type d ! -perm 700 \) | head -3)
[ -z "$open" ] && ok "normal run: every file 0600, every folder 0700" ||
	no "normal run: every file 0600, every folder 0700" "$open"
# The named pipes between stages (pl_pipe) are gone once a run is published.
left=$(find "$norm" ! -type f ! -type d ! -type l | head -3)
[ -z "$left" ] && ok "normal run: only files, folders and the current link (no pipe left)" ||
	no "normal run: only files, folders and the current link (no pipe left)" "$left"
for f in orang.csv rumah-tangga.csv tautan/orang.csv ditolak/clean-dtks_individu.csv \
    antara/orang-klaster.csv stats/clean.json; do
	[ "$(stat -c %a "$norm/current/$f" 2>&1)" = 600 ] || open="$open $f"
done
[ -z "$open" ] && ok "normal run: person, link, reject and stats files are 0600" ||
	no "normal run: person, link, reject and stats files are 0600" "$open"
scan "$norm/current/log.txt" "$norm/current/stats" "$norm/current/manifest.json" norm.err > s
[ "$(hits s)" = "" ] && ok "normal run: no NIK in the log, stats, manifest or stderr" ||
	no "normal run: no NIK in the log, stats, manifest or stderr" "$(hits s)"

# Filters make their side files owner-only whatever the umask.
g=$top/tests/golden
(
	umask 022
	"$bin/padu-cat" --rejects rj.csv --stats st.json "$g/cat/004-ragged-rejects/in.csv" > /dev/null 2> side.err
	"$bin/padu-dedupe" -f "$g/dedupe/001-exact/rules.json" --links ln.csv \
		"$g/dedupe/001-exact/input" > /dev/null 2>> side.err
)
check "under umask 022 --rejects, --stats and --links files are 0600" \
	test "$(stat -c %a rj.csv st.json ln.csv 2>&1 | tr '\n' ' ')" = "600 600 600 "

# Publication mode: aggregates only, no NIK anywhere under OUT.
pub=$PWD/publik
PADU_PUBLIKASI=1 PADU_BIN=$bin sh "$top/pipelines/klaten.sh" "$top/fixtures/small/raw" "$pub" \
	2> pub.err || no "a publication run exits 0" "$(tail -3 pub.err)"
missing=
for f in laporan.html tabel-indikator.xlsx tabel-indikator.md tabel-indikator.json \
    buku-kode.md buku-kode.html kualitas-data.md kualitas-data.html kualitas-data.xlsx manifest.json log.txt \
    stats/clean.json; do
	[ -s "$pub/current/$f" ] || missing="$missing $f"
done
[ -z "$missing" ] && ok "publication mode: the aggregate artefacts are published" ||
	no "publication mode: the aggregate artefacts are published" "missing:$missing"
there=
for f in orang.csv orang-indikator.csv rumah-tangga.csv rumah-tangga-indikator.csv \
    tabel-indikator.csv ditolak tautan mentah bersih antara orang-samaran.csv; do
	[ -e "$pub/current/$f" ] && there="$there $f"
done
[ -z "$there" ] && ok "publication mode: no person, household, reject, link or intermediate file" ||
	no "publication mode: no person, household, reject, link or intermediate file" "there:$there"
check "publication mode: the log names what was withheld" \
	grep -q 'ditahan / withheld: orang.csv' "$pub/current/log.txt"
scan "$pub" pub.err > s
[ "$(hits s)" = "" ] && ok "publication mode: no NIK of the fixtures in any file under OUT ($(sed -n 's/^scanned //p' s) files and xlsx parts) nor on stderr" ||
	no "publication mode: no NIK of the fixtures in any file under OUT nor on stderr" "$(hits s)"
python3 - "$pub/current/tabel-indikator.xlsx" > parts <<'PY'
import sys, zipfile
for n in zipfile.ZipFile(sys.argv[1]).namelist(): print(n)
PY
grep -qx 'xl/worksheets/sheet1.xml' parts && ok "publication mode: the xlsx's sheets are among the parts scanned" ||
	no "publication mode: the xlsx's sheets are among the parts scanned"
same() { grep -v '^- Proses: dijalankan' "$1"; }
check "publication mode: the same table as a normal run (tabel-indikator.md)" \
	cmp -s <(same "$norm/current/tabel-indikator.md") <(same "$pub/current/tabel-indikator.md")
rows=$(python3 -c 'import json, sys; print(len(json.load(open(sys.argv[1]))))' \
	"$pub/current/tabel-indikator.json")
check "publication mode: tabel-indikator.json has every region row ($rows)" \
	test "$rows" -eq "$(($(wc -l < "$norm/current/tabel-indikator.csv") - 1))"

# With a key: the masked tables too; they link as the raw ones do.
"$bin/padu-mask" --keygen > kunci
pubk=$PWD/publik-kunci
PADU_PUBLIKASI=1 PADU_KUNCI=$PWD/kunci PADU_BIN=$bin sh "$top/pipelines/klaten.sh" \
	"$top/fixtures/small/raw" "$pubk" 2> pubk.err ||
	no "a publication run with a key exits 0" "$(tail -3 pubk.err)"
check "with a key: the masked person and household tables are published" \
	test -s "$pubk/current/orang-samaran.csv" -a -s "$pubk/current/rumah-tangga-samaran.csv"
scan "$pubk" pubk.err > s
[ "$(hits s)" = "" ] && ok "with a key: no NIK of the fixtures in any file under OUT ($(sed -n 's/^scanned //p' s) parts) nor on stderr" ||
	no "with a key: no NIK of the fixtures in any file under OUT nor on stderr" "$(hits s)"
python3 - "$norm/current" "$pubk/current" > links <<'PY'
import csv, sys
def col(path, c):
    with open(path, newline="", encoding="utf-8") as f:
        return [r.get(c, "") for r in csv.DictReader(f)]
def shape(d, orang, rt):
    p, h = col(d + "/" + orang, "nik"), col(d + "/" + rt, "nik")
    ps, hs = set(p) - {""}, set(h) - {""}
    return len(p), len(ps), len(h), len(hs), len(ps & hs)
print(shape(sys.argv[1], "orang-indikator.csv", "rumah-tangga-indikator.csv"))
print(shape(sys.argv[2], "orang-samaran.csv", "rumah-tangga-samaran.csv"))
PY
[ "$(sed -n 1p links)" = "$(sed -n 2p links)" ] &&
	ok "with a key: rows, distinct nik and person-household links as in the raw tables $(sed -n 1p links)" ||
	no "with a key: rows, distinct nik and person-household links as in the raw tables" "$(cat links)"
check "with a key: names are initials, addresses left out" \
	test "$(head -1 "$pubk/current/orang-samaran.csv" | tr ',' '\n' | grep -cx 'alamat\|dusun\|nama_ibu_kandung\|tempat_lahir')" -eq 0

chmod 644 kunci
bad_key=$PWD/publik-644
PADU_PUBLIKASI=1 PADU_KUNCI=$PWD/kunci PADU_BIN=$bin sh "$top/pipelines/klaten.sh" \
	"$top/fixtures/small/raw" "$bad_key" 2> bad.err
rc=$?
[ $rc -eq 2 ] && [ ! -e "$bad_key/current" ] && grep -q 'chmod 600' bad.err &&
	ok "a key open to others stops the run (exit 2) before it publishes" ||
	no "a key open to others stops the run (exit 2) before it publishes" "rc=$rc" "$(cat bad.err)"
[ $bad -eq 0 ]
