#!/usr/bin/env bash
# render-xlsx.sh: padu-render -f xlsx read back (python3 zipfile and the
# sheet XML, no spreadsheet library) equals its input: the header, text
# cells as text (codes with leading zeros and 16 digits intact), numbers
# as number cells with the input's value; the header row is frozen and
# bold; with a codebook the header holds the labels; two tables are two
# sheets, plus Keterangan.  TAP lines for tests/run.
set -u
bin=${PADU_BIN:?} top=${PADU_TOP:?}
cd "${TMPDIR:?}" || exit 1
bad=0
ok() { echo "ok - render-xlsx: $1"; }
no() { bad=$((bad + 1)); echo "not ok - render-xlsx: $1"; shift; for l in "$@"; do echo "# $l"; done; }

cp "$top/tests/golden/render/001-md/tabel.csv" tabel.csv
cp "$top/tests/golden/render/001-md/codebook.json" codebook.json
cat > kode.csv <<'CSV'
kode,nik,nama,urut,n,skor
33.10.01.2001,3310014101900001,"Sengon, ""Lor""",007,12,1.5
33.10.01.2002,3310014101900002,Ñoño é,8,0,-2
CSV
cat > readback.py <<'PY'
import csv, re, sys, zipfile
from xml.etree import ElementTree as ET
ns = {"m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main"}
z = zipfile.ZipFile(sys.argv[1])
wb = ET.fromstring(z.read("xl/workbook.xml"))
names = [s.get("name") for s in wb.find("m:sheets", ns)]
shared = []
if "xl/sharedStrings.xml" in z.namelist():
    for si in ET.fromstring(z.read("xl/sharedStrings.xml")).findall("m:si", ns):
        shared.append("".join(t.text or "" for t in si.iter("{%s}t" % ns["m"])))
def col(ref):
    n = 0
    for ch in re.match(r"[A-Z]+", ref).group(0):
        n = n * 26 + ord(ch) - 64
    return n - 1
which = int(sys.argv[2])
root = ET.fromstring(z.read("xl/worksheets/sheet%d.xml" % (which + 1)))
rows = []
for row in root.iter("{%s}row" % ns["m"]):
    cells = {}
    for c in row.findall("m:c", ns):
        v = c.find("m:v", ns)
        if c.get("t") == "s":
            cells[col(c.get("r"))] = shared[int(v.text)]
        elif v is not None:
            cells[col(c.get("r"))] = "#" + v.text      # a number cell
    rows.append([cells.get(i, "") for i in range(max(cells) + 1 if cells else 0)])
pane = root.find(".//m:pane", ns)
print("sheets:", ",".join(names))
print("frozen:", pane.get("ySplit") if pane is not None else None, pane.get("xSplit") if pane is not None else None)
w = csv.writer(sys.stdout, lineterminator="\n")
for r in rows:
    w.writerow(r)
PY
# The input, with "#" before the values of number columns, as the sheet
# should hold them.
expect() {
	python3 - "$1" <<'PY'
import csv, re, sys
rows = list(csv.reader(open(sys.argv[1])))
num = []
for c, name in enumerate(rows[0]):
    vals = [r[c] for r in rows[1:] if r[c] != ""]
    code = re.match(r"(kode|nik$|no_kk$|id_|_)", name)
    num.append(bool(vals) and not code and all(re.fullmatch(r"-?(0|[1-9][0-9]*)(\.[0-9]+)?", v) for v in vals))
w = csv.writer(sys.stdout, lineterminator="\n")
w.writerow(rows[0])
for r in rows[1:]:
    w.writerow([("#" + v if num[c] and v != "" else v) for c, v in enumerate(r)])
PY
}
normalize() {	# number cells as their value: 1.5 and 1.50 are one number
	python3 -c '
import csv, sys
w = csv.writer(sys.stdout, lineterminator="\n")
for r in csv.reader(sys.stdin):
    w.writerow([("#%r" % float(v[1:]) if v.startswith("#") else v) for v in r])'
}

"$bin/padu-render" -f xlsx kode.csv > k.xlsx 2> err || no "xlsx exits 0" "$(cat err)"
python3 readback.py k.xlsx 0 > got 2> err || no "the workbook reads back" "$(cat err)"
grep -q '^sheets: kode,Keterangan$' got && ok "a sheet per table, and Keterangan" || no "a sheet per table, and Keterangan" "$(head -1 got)"
grep -q '^frozen: 1 3$' got && ok "header row and columns to nama frozen" || no "header row and columns to nama frozen" "$(sed -n 2p got)"
tail -n +3 got | normalize > got.csv
expect kode.csv | normalize > want.csv
if cmp -s got.csv want.csv; then
	ok "cells read back equal the input (codes text, numbers numbers)"
else
	no "cells read back equal the input (codes text, numbers numbers)" "$(diff want.csv got.csv | head -10 | tr '\n' ' ')"
fi

"$bin/padu-render" -f xlsx -c codebook.json tabel.csv kode.csv > t.xlsx 2> err || no "xlsx of two tables exits 0" "$(cat err)"
python3 readback.py t.xlsx 0 > got 2> err
grep -q '^sheets: tabel,kode,Keterangan$' got && ok "two tables, two sheets" || no "two tables, two sheets" "$(head -1 got)"
sed -n 3p got | grep -q '^tingkat,kode,nama,Jumlah rumah tangga,Desil 1 (sangat miskin) (rumah tangga),' &&
	ok "header holds the codebook labels" || no "header holds the codebook labels" "$(sed -n 3p got)"
tail -n +4 got | normalize > got.csv
expect tabel.csv | tail -n +2 | normalize > want.csv
cmp -s got.csv want.csv && ok "data rows of the labelled sheet equal the input" ||
	no "data rows of the labelled sheet equal the input" "$(diff want.csv got.csv | head -10 | tr '\n' ' ')"
python3 readback.py t.xlsx 1 | tail -n +3 | normalize > got.csv
expect kode.csv | normalize > want.csv
cmp -s got.csv want.csv && ok "the second sheet equals the second table" || no "the second sheet equals the second table"
python3 -c 'import sys, zipfile; sys.stdout.write(zipfile.ZipFile("t.xlsx").read("xl/styles.xml").decode())' | grep -q '<b/>' && ok "a bold style exists" || no "a bold style exists"

"$bin/padu-render" -f xlsx -k 3 tabel.csv > s.xlsx 2> err || no "xlsx with --suppress-below exits 0" "$(cat err)"
python3 readback.py s.xlsx 0 | grep -q '<3' && ok "suppressed cells read <3" || no "suppressed cells read <3"
# A table named Keterangan does not take the footer's sheet.
cp kode.csv Keterangan.csv
"$bin/padu-render" -f xlsx Keterangan.csv > ket.xlsx 2> err || no "a table named Keterangan exits 0" "$(cat err)"
python3 readback.py ket.xlsx 0 > got 2>&1
grep -q '^sheets: Keterangan_1,Keterangan$' got &&
	ok "a table named Keterangan gets its own sheet" || no "a table named Keterangan gets its own sheet" "$(head -1 got)"

# The data-quality report as a workbook says what its JSON says: a sheet
# per section (title, paragraphs, a blank row, the header frozen, the rows;
# numbers as number cells), then Keterangan.
q=$top/tests/golden/render/012-quality-md
(cd "$q" && "$bin/padu-render" -Q -f xlsx -L labels.json -M manifest.json -T kualitas-desa.csv \
	parse.json clean.json tabel-orang.json) > q.xlsx 2> err || no "--quality -f xlsx exits 0" "$(cat err)"
(cd "$q" && "$bin/padu-render" -Q -f json -L labels.json -M manifest.json -T kualitas-desa.csv \
	parse.json clean.json tabel-orang.json) > q.json 2> err || no "--quality -f json exits 0" "$(cat err)"
python3 - q.xlsx q.json > qcmp <<'PY'
import json, re, subprocess, sys
doc = json.load(open(sys.argv[2]))
secs = doc["sections"]
bad = []
first = subprocess.run([sys.executable, "readback.py", sys.argv[1], "0"], capture_output=True, text=True).stdout
names = first.splitlines()[0].split(": ", 1)[1].split(",")
if len(names) != len(secs) + 1 or names[-1] != "Keterangan":
    bad.append("sheets %s for %d sections" % (names, len(secs)))
import csv, io
for i, s in enumerate(secs):
    out = subprocess.run([sys.executable, "readback.py", sys.argv[1], str(i)], capture_output=True, text=True).stdout.splitlines()
    frozen = out[1]
    rows = list(csv.reader(io.StringIO("\n".join(out[2:]))))
    if rows[0][:1] != [s["title"]]:
        bad.append("%s: title %r" % (s["id"], rows[0][:1]))
    for j, p in enumerate(s["text"]):
        if rows[1 + j][:1] != [p]:
            bad.append("%s: paragraph %d" % (s["id"], j))
    if not s["rows"]:
        continue
    h = 1 + len(s["text"])	# readback.py skips the empty row before the header
    if frozen != "frozen: %d None" % (h + 2):
        bad.append("%s: %s" % (s["id"], frozen))
    for r, obj in enumerate(s["rows"]):
        got = rows[h + 1 + r]
        for c, v in enumerate(obj.values()):
            g = got[c] if c < len(got) else ""
            want = "" if v is None else ("#" if isinstance(v, (int, float)) else "") + (str(v) if not isinstance(v, float) else repr(v))
            if g.startswith("#") and want.startswith("#"):
                if float(g[1:]) != float(want[1:]):
                    bad.append("%s row %d col %d: %s != %s" % (s["id"], r, c, g, want))
            elif g != want:
                bad.append("%s row %d col %d: %r != %r" % (s["id"], r, c, g, want))
want = [re.sub(r"[][:*?/\\]", "_", s["title"].split(" / ")[0])[:28] for s in secs]
if names[:-1] != want:
    bad.append("sheet names %s, not %s" % (names[:-1], want))
print("same %d sections" % len(secs) if not bad else "\n".join(bad[:10]))
PY
if grep -q '^same' qcmp; then
	ok "--quality -f xlsx: $(cat qcmp), as its JSON, and Keterangan"
else
	no "--quality -f xlsx says what its JSON says" "$(cat qcmp)"
fi

[ $bad -eq 0 ]
