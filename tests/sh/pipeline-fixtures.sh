#!/usr/bin/env bash
# pipeline-fixtures.sh: pipelines/klaten.sh on fixtures/small/raw.
#   - it publishes every artefact (tables, person and household streams,
#     codebook documents, quality report, manifest, links, rejects),
#     personal data 0600;
#   - the quality report agrees with the stats, rejects and streams;
#   - households: pairwise precision and recall of _hh against the truth's
#     household ids (every raw row of every person and keluarga file);
#   - the published indicator table against truth/indicators.csv;
#   - a failing stage (a broken codebook; the person table or a quality
#     step, which run beside other stages) exits non-zero, names the stage
#     in the log and leaves the published run untouched;
#   - exports named in any case, with spaces or hyphens, are recognized,
#     with the same source ids; two with one source id fail the run;
#   - a second run while the lock is held exits 75 with PADU_LOCK=fail.
# TAP lines for tests/run.
set -u
bin=${PADU_BIN:?} top=${PADU_TOP:?}
cd "${TMPDIR:?}" || exit 1
bad=0
ok() { echo "ok - pipeline-fixtures: $1"; }
no() { bad=$((bad + 1)); echo "not ok - pipeline-fixtures: $1"; shift; for l in "$@"; do echo "# $l"; done; }

out=$PWD/out
PADU_BIN=$bin sh "$top/pipelines/klaten.sh" "$top/fixtures/small/raw" "$out" 2> log ||
	no "pipelines/klaten.sh exits 0" "$(tail -5 log)"
cur=$out/current
missing=
for f in tabel-indikator.csv rumah-tangga.csv rumah-tangga-indikator.csv orang.csv \
    orang-indikator.csv buku-kode.md buku-kode.html manifest.json log.txt \
    laporan.html tabel-indikator.xlsx tabel-indikator.md \
    kualitas-data.md kualitas-data.html kualitas-data.xlsx \
    tautan/orang.csv tautan/rumah-tangga.csv; do
	[ -s "$cur/$f" ] || missing="$missing $f"
done
[ -z "$missing" ] && ok "every artefact is published" || no "every artefact is published" "missing:$missing"
perm=$(find "$cur/" -type f ! -perm 600 | head -3)
[ -z "$perm" ] && ok "published files are mode 0600" || no "published files are mode 0600" "$perm"
grep -q '"sha256"' "$cur/manifest.json" && ok "manifest has checksums" || no "manifest has checksums"
# Each checksum and size is the file's (the inputs are hashed once, beside
# the stages, and looked up by path), and the list of hashes is not
# published.
python3 - "$cur/manifest.json" > mf.check <<'PY'
import hashlib, json, os, sys
m = json.load(open(sys.argv[1]))
bad = [f["path"] for f in m["files"]
       if hashlib.sha256(open(f["path"], "rb").read()).hexdigest() != f["sha256"]
       or os.path.getsize(f["path"]) != f["bytes"]]
n = sum(1 for f in m["files"] if f["path"].endswith(".csv") and "/raw/" in f["path"])
print("%d %d %s" % (len(m["files"]), n, " ".join(bad[:3])))
PY
read -r nf nraw badf < mf.check
[ "$nraw" = 7 ] && [ "$nf" -gt 15 ] && [ -z "$badf" ] &&
	ok "manifest: the sha256 and bytes of all $nf files are theirs" ||
	no "manifest: the sha256 and bytes of every file are theirs" "$(cat mf.check)"
[ ! -e "$cur/.sha256" ] && [ ! -e "$cur/.sha256.part" ] && ok "the list of hashes is not published" ||
	no "the list of hashes is not published"

# The data-quality report agrees with the run: every stats line is a step
# and balances; its rejected rows are the records of the rejects files;
# its invalid-NIK check is the sum of the nik_ flags in the stats; the
# per-desa table's kabupaten row counts every person row.
python3 - "$cur" <<'PY' > quality
import collections, csv, glob, json, os, re, sys
cur = sys.argv[1]
md = open(os.path.join(cur, "kualitas-data.md"), encoding="utf-8").read()
recs = [json.loads(l) for f in glob.glob(os.path.join(cur, "stats", "*.json")) for l in open(f)]
num = lambda s: int(s.replace(".", ""))
m = re.search(r"Semua (\d+) langkah seimbang", md)
print(("ok " if m and int(m.group(1)) == len(recs) and "TIDAK / NO" not in md else "bad ")
      + "quality report: all %d steps balance" % len(recs))
rej = sum(sum(1 for _ in csv.reader(open(f, newline="", encoding="utf-8"))) - 1
          for f in glob.glob(os.path.join(cur, "ditolak", "*.csv")))
m = re.search(r"^([\d.]+) baris ditolak;", md, re.M)
print(("ok " if m and num(m.group(1)) == rej == sum(r["rejected"] for r in recs) else "bad ")
      + "quality report: %d rejected rows, as in the rejects files" % rej)
nik = sum(v for r in recs for k, v in r["flags"].items()
          if re.fullmatch(r"nik_(missing|excel|chars|length|province|date|serial|dummy)", k))
m = re.search(r"^\| NIK tidak sah atau kosong / Invalid or missing NIK \| ([\d.]+) \|", md, re.M)
print(("ok " if m and num(m.group(1)) == nik else "bad ") + "quality report: %d invalid or missing NIK" % nik)
with open(os.path.join(cur, "antara", "orang-klaster.csv"), newline="", encoding="utf-8") as f:
    rows = sum(1 for _ in csv.reader(f)) - 1
m = re.search(r"^\| kabupaten \| 33\.10 \| Klaten \| ([\d.]+) \|", md, re.M)
print(("ok " if m and num(m.group(1)) == rows else "bad ") + "quality report: per desa, %d person rows at kabupaten" % rows)
# Rejected rows by reason: one line per (program, source, reason) of the
# rejects files, their counts adding up to every rejected row.
want = collections.Counter()
for f in glob.glob(os.path.join(cur, "ditolak", "*.csv")):
    for r in csv.DictReader(open(f, newline="", encoding="utf-8")):
        want[(r["_filter"], r["_src"], r["_reason"])] += 1
sec = md.split("## Baris ditolak menurut alasan / Rejected rows by reason", 1)
got = collections.Counter()
for line in (sec[1].split("\n## ")[0] if len(sec) == 2 else "").splitlines():
    c = [x.strip().replace("\\", "") for x in line.strip("|").split(" | ")]
    if len(c) == 4 and c[0].startswith("padu-"):
        got[(c[0], c[1], c[2])] += num(c[3])
print(("ok " if got == want and sum(got.values()) == rej else "bad ")
      + "quality report: rejected rows by reason, %d reasons, %d rows" % (len(got), sum(got.values())))
PY
while read -r verdict rest; do
	[ "$verdict" = ok ] && ok "$rest" || no "$rest"
done < quality
[ "$(wc -l < quality)" -eq 5 ] || no "quality check has 5 lines" "$(cat quality)"

python3 - "$top/fixtures/small/truth" "$cur" <<'PY' > report
import csv, collections, os, sys
truth, cur = sys.argv[1], sys.argv[2]
files = {"dtks_individu": "dtks_individu.csv", "p3ke_individu_a": "p3ke_individu_a.csv",
         "p3ke_individu_b": "p3ke_individu_b.csv", "regsosek_2022": "regsosek_2022.csv",
         "verval_desa_a": "verval_desa_a.csv", "verval_desa_b": "verval_desa_b.csv",
         "p3ke_keluarga": "p3ke_keluarga.csv"}
hid = {}
for r in csv.DictReader(open(os.path.join(truth, "rows.csv"), newline="")):
    hid[(r["file"], r["record"])] = r["household_id"]
both, by_c, by_t = collections.Counter(), collections.Counter(), collections.Counter()
for r in csv.DictReader(open(os.path.join(cur, "antara", "rt-anggota.csv"), newline="", encoding="utf-8")):
    t = hid[(files[r["_src"]], r["_row"])]
    both[(r["_hh"], t)] += 1; by_c[r["_hh"]] += 1; by_t[t] += 1
pairs = lambda c: sum(n * (n - 1) // 2 for n in c.values())
tp, pp, tt = pairs(both), pairs(by_c), pairs(by_t)
print(("ok " if tp / pp >= 0.99 else "bad ") + "households: pairwise precision %.4f" % (tp / pp))
print(("ok " if tp / tt >= 0.98 else "bad ") + "households: pairwise recall %.4f" % (tp / tt))
want = {r["kode"]: r for r in csv.DictReader(open(os.path.join(truth, "indicators.csv"), newline=""))}
got = {r["kode"]: r for r in csv.DictReader(open(os.path.join(cur, "tabel-indikator.csv"), newline=""))}
cols = [c for c in next(iter(want.values())) if c.startswith(("rt_", "jiwa_"))]
cells = len(want) * len(cols)
same = sum(1 for k, w in want.items() for c in cols if got.get(k, {}).get(c) == w[c])
hh = sum(1 for k, w in want.items() if w["tingkat"] == "desa" and got.get(k, {}).get("rt_total") == w["rt_total"])
ndesa = sum(1 for w in want.values() if w["tingkat"] == "desa")
print(("ok " if same == cells and hh == ndesa else "bad ") + "indicator table: %d of %d cells equal the truth; households per desa right in %d of %d desa" % (same, cells, hh, ndesa))
PY
while read -r verdict rest; do
	[ "$verdict" = ok ] && ok "$rest" || no "$rest"
done < report
[ "$(wc -l < report)" -eq 3 ] || no "report has 3 lines" "$(cat report)"

# A broken stage: nothing published, the log names it.
before=$(readlink "$cur")
sum1=$(cd "$cur" && find . -type f | sort | xargs sha256sum | sha256sum)

# failed_run WHAT STAGE SUFFIX VAR=VALUE...: klaten.sh with these variables
# must fail (WHAT), its failed/ log name STAGE, the published run stay
# byte-identical and no work folder be left; SUFFIX ends the check names.
failed_run() {
	local what=$1 stage=$2 sfx=$3 sum
	shift 3
	rm -rf "$out"/failed
	if env "$@" sh "$top/pipelines/klaten.sh" "$top/fixtures/small/raw" "$out" 2> failed.err; then
		no "$what"
	else
		ok "$what"
	fi
	grep -q "step '$stage' failed" "$out"/failed/log-* && ok "the log names the failed stage$sfx" ||
		no "the log names the failed stage$sfx" "$(tail -3 failed.err)"
	sum=$(cd "$cur" && find . -type f | sort | xargs sha256sum | sha256sum)
	[ "$(readlink "$cur")" = "$before" ] && [ "$sum1" = "$sum" ] &&
		ok "the published run is untouched$sfx" || no "the published run is untouched$sfx"
	ls -d "$out"/.work-* > /dev/null 2>&1 && no "no work folder is left$sfx" ||
		ok "no work folder is left$sfx"
}

printf '{"padu_codebook": 1, "id": "x", "version": "1", "indicators": [{"id": "a", "label": "a", "unit": "jiwa", "level": "household", "source": "t", "expr": "desil = = 1"}]}\n' > broken.json
failed_run "a broken codebook fails the run" "classify households" "" \
	CODEBOOK="$PWD/broken.json" PADU_BIN="$bin"

# A failing stage that runs beside others (pl_spawn): a quality step fails
# through a stand-in for its filter (PADU_BIN is the real filters but one,
# which fails on that stage's arguments only), the hashing of the inputs
# through a stand-in sha256sum first in PATH.  The run fails naming it,
# after the stages beside it have ended; nothing is published and no work
# folder is left.
mkdir -p hbin
printf '#!/bin/sh\necho "sha256sum: stand-in failure" >&2\nexit 1\n' > hbin/sha256sum
chmod +x hbin/sha256sum
failed_run "a failing hash of the inputs fails the run" "hash inputs" " (hash inputs)" \
	PADU_JOBS=2 PADU_BIN="$bin" PATH="$PWD/hbin:$PATH"
for spawned in "quality per desa|padu-aggregate|orang=count_distinct" \
    "quality: NIK per source|padu-aggregate|_src,nik"; do
	stage=${spawned%%|*} rest=${spawned#*|}
	filter=${rest%%|*} arg=${rest#*|}
	rm -rf fbin && mkdir fbin && for f in "$bin"/*; do ln -s "$f" fbin/; done
	rm fbin/"$filter"
	printf '#!/bin/sh\ncase " $* " in *%s*) echo "%s: stand-in failure" >&2; exit 1 ;; esac\nexec "%s" "$@"\n' \
	    "$arg" "$filter" "$bin/$filter" > fbin/"$filter"
	chmod +x fbin/"$filter"
	failed_run "a failing side-by-side stage ($stage) fails the run" "$stage" " ($stage)" \
		PADU_JOBS=2 PADU_BIN="$PWD/fbin"
done

# Exports named as an admin saves them (any case, spaces, hyphens), beside
# a file that is no export: the same source ids, so the same tables; the
# manifest is still JSON and names each file.  Two exports with one source
# id fail the run before any stage.
mkdir -p named
cp "$top/fixtures/small/raw/dtks_individu.csv" "named/DTKS Individu.csv"
cp "$top/fixtures/small/raw/p3ke_individu_a.csv" "named/P3KE-Individu_A.csv"
cp "$top/fixtures/small/raw/p3ke_individu_b.csv" "named/p3ke individu b.csv"
cp "$top/fixtures/small/raw/p3ke_keluarga.csv" "named/P3KE_KELUARGA.csv"
cp "$top/fixtures/small/raw/regsosek_2022.csv" "named/Regsosek 2022.csv"
cp "$top/fixtures/small/raw/verval_desa_a.csv" "named/Verval Desa A.csv"
cp "$top/fixtures/small/raw/verval_desa_b.csv" "named/verval-desa-b.csv"
echo "catatan" > "named/CATATAN.txt"
if PADU_BIN=$bin sh "$top/pipelines/klaten.sh" named out-named 2> named.err; then
	for f in tabel-indikator.csv rumah-tangga.csv orang.csv; do
		cmp -s "$cur/$f" out-named/current/$f && ok "exports named as saved: the same $f" ||
			no "exports named as saved: the same $f"
	done
	python3 -c 'import json, sys; m = json.load(open(sys.argv[1])); print(sum(1 for f in m["files"] if f["path"].endswith(("DTKS Individu.csv", "Regsosek 2022.csv"))))' \
	    out-named/current/manifest.json > named.n 2>&1
	[ "$(cat named.n)" = 2 ] && ok "exports named as saved: the manifest names them" ||
		no "exports named as saved: the manifest names them" "$(cat named.n)"
	grep -q "skipped: CATATAN.txt" out-named/current/log.txt && ok "a file that is no export is skipped, in the log" ||
		no "a file that is no export is skipped, in the log"
else
	no "exports named as saved: the run exits 0" "$(tail -3 named.err)"
fi
cp "$top/fixtures/small/raw/dtks_individu.csv" "named/dtks-individu.csv"
if PADU_BIN=$bin sh "$top/pipelines/klaten.sh" named out-named 2> named2.err; then
	no "two exports with one source id fail the run"
else
	grep -q "two exports have the source id 'dtks_individu'" named2.err &&
		ok "two exports with one source id fail the run, saying why" ||
		no "two exports with one source id fail the run, saying why" "$(tail -3 named2.err)"
fi

# A PADU_JOBS that is not a number of jobs fails the run before any stage.
rm -rf "$out"/failed
if PADU_JOBS=x2 PADU_BIN=$bin sh "$top/pipelines/klaten.sh" "$top/fixtures/small/raw" "$out" 2> jobs.err; then
	no "PADU_JOBS=x2 fails the run"
else
	grep -q "PADU_JOBS='x2' is not a number of jobs" jobs.err &&
		ok "PADU_JOBS=x2 fails the run, saying why" ||
		no "PADU_JOBS=x2 fails the run, saying why" "$(tail -3 jobs.err)"
fi
sum=$(cd "$cur" && find . -type f | sort | xargs sha256sum | sha256sum)
[ "$(readlink "$cur")" = "$before" ] && [ "$sum1" = "$sum" ] &&
	ok "the published run is untouched (PADU_JOBS=x2)" ||
	no "the published run is untouched (PADU_JOBS=x2)"

# The lock: a second run exits 75 with PADU_LOCK=fail.
( flock 9; sleep 3 ) 9> "$out/.lock" &
sleep 0.5
PADU_LOCK=fail PADU_BIN=$bin sh "$top/pipelines/klaten.sh" "$top/fixtures/small/raw" "$out" 2> log3
rc=$?
wait
[ $rc -eq 75 ] && ok "a second run exits 75 while the lock is held" || no "a second run exits 75 while the lock is held" "status $rc"
[ $bad -eq 0 ]
