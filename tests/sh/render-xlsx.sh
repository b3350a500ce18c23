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
[ $bad -eq 0 ]
