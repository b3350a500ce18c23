#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""make.py: write the XLSX workbooks the unit tests of lib/xlsx read.

    python3 tests/data/xlsx/make.py                 # p3ke.xlsx
    python3 tests/data/xlsx/make.py --libreoffice   # and p3ke-lo.xlsx

p3ke.xlsx is written by hand, part by part, the way Excel lays a workbook
out (deflated parts, shared strings, styles), with every kind of cell
tests/unit/test-xlsx.c checks: shared strings (rich text, phonetic runs,
_x000D_, xml:space), inline strings, numbers as Excel stores them, booleans,
errors, formula strings, gaps, column AA, cells and rows without r, empty
and missing rows; its second sheet is namespace-prefixed (<x:row>) and
named by an absolute target in the relationships.  Fixed timestamps and
attributes make the bytes the same on every run (for one zlib).

p3ke-lo.xlsx is p3ke.xlsx opened and saved again by LibreOffice Calc
(soffice --convert-to xlsx), to check the reader on what a real spreadsheet
program writes.  LibreOffice stamps the time into it, so it is only
rewritten with --libreoffice, and committed.
"""
import os
import shutil
import subprocess
import sys
import tempfile
import zipfile

HERE = os.path.dirname(os.path.abspath(__file__))
MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PKG = "http://schemas.openxmlformats.org/package/2006/relationships"
HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'

CONTENT_TYPES = HEAD + (
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
    '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
    '<Override PartName="/xl/worksheets/sheet2.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
    '<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>'
    '<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>'
    '</Types>')

ROOT_RELS = HEAD + (
    f'<Relationships xmlns="{PKG}">'
    f'<Relationship Id="rId1" Type="{REL}/officeDocument" Target="xl/workbook.xml"/>'
    '</Relationships>')

WORKBOOK = HEAD + (
    f'<workbook xmlns="{MAIN}" xmlns:r="{REL}">'
    '<sheets>'
    '<sheet name="Keluarga" sheetId="1" r:id="rId2"/>'
    '<sheet name="Individu" sheetId="2" r:id="rId1"/>'
    '</sheets></workbook>')

WORKBOOK_RELS = HEAD + (
    f'<Relationships xmlns="{PKG}">'
    f'<Relationship Id="rId1" Type="{REL}/worksheet" Target="/xl/worksheets/sheet2.xml"/>'
    f'<Relationship Id="rId2" Type="{REL}/worksheet" Target="worksheets/sheet1.xml"/>'
    f'<Relationship Id="rId3" Type="{REL}/styles" Target="styles.xml"/>'
    f'<Relationship Id="rId4" Type="{REL}/sharedStrings" Target="sharedStrings.xml"/>'
    '</Relationships>')

STYLES = HEAD + (
    f'<styleSheet xmlns="{MAIN}">'
    '<fonts count="1"><font><sz val="11"/><name val="Calibri"/></font></fonts>'
    '<fills count="1"><fill><patternFill patternType="none"/></fill></fills>'
    '<borders count="1"><border/></borders>'
    '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
    '<cellXfs count="2"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'
    '<xf numFmtId="14" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/></cellXfs>'
    '</styleSheet>')

# Shared strings, by index.
SST_ITEMS = [
    '<t>id_keluarga</t>',                                   # 0
    '<t>nik</t>',                                           # 1
    '<t>nama</t>',                                          # 2
    '<t>penghasilan</t>',                                   # 3
    '<t>rasio</t>',                                         # 4
    '<t>pkh</t>',                                           # 5
    '<t>desil</t>',                                         # 6
    '<r><rPr><b/></rPr><t>Sit</t></r>'                      # 7: rich text
    '<r><t xml:space="preserve">i Aminah</t></r>'
    '<rPh sb="0" eb="1"><t>SHIT</t></rPh>',
    '<t>baris1_x000D_\nbaris2</t>',                         # 8
    '<t xml:space="preserve">  spasi  </t>',                # 9
    '<t>_x005F_x000D_ tetap</t>',                           # 10
    '<t>Sarjono &amp; Sumirah &lt;KK&gt; Ngadirejo</t>',    # 11
    '<t>Wöhrle-Ñusantara</t>',                              # 12
]
SST = HEAD + (f'<sst xmlns="{MAIN}" count="{len(SST_ITEMS)}" '
              f'uniqueCount="{len(SST_ITEMS)}">'
              + ''.join(f'<si>{s}</si>' for s in SST_ITEMS) + '</sst>')

SHEET1_ROWS = [
    # 1: the header, A..G shared, H inline
    '<row r="1" spans="1:8">'
    + ''.join(f'<c r="{c}1" t="s"><v>{i}</v></c>' for i, c in enumerate("ABCDEFG"))
    + '<c r="H1" t="inlineStr"><is><t>catatan</t></is></c></row>',
    # 2: every kind of value
    '<row r="2" spans="1:8">'
    '<c r="A2"><v>3310010001</v></c>'
    '<c r="B2"><v>3.3101141078E+15</v></c>'
    '<c r="C2" t="s"><v>7</v></c>'
    '<c r="D2"><v>1250000</v></c>'
    '<c r="E2" t="n"><v>0.5</v></c>'
    '<c r="F2" t="b"><v>1</v></c>'
    '<c r="G2" t="e"><f>NA()</f><v>#N/A</v></c>'
    '<c r="H2" t="str"><f>"se"&amp;"lesai"</f><v>selesai</v></c></row>',
    # 3: gaps (A, C, E, G), CR LF, spaces, rich inline text
    '<row r="3">'
    '<c r="B3" t="s"><v>8</v></c>'
    '<c r="D3" t="s"><v>9</v></c>'
    '<c r="F3" t="b"><v>0</v></c>'
    '<c r="H3" t="inlineStr"><is><r><t>in</t></r><r><t>line</t></r>'
    '<rPh sb="0" eb="1"><t>X</t></rPh></is></c></row>',
    # 4: a row element without cells; 5: formatted blank cells only
    '<row r="4" spans="1:8"/>',
    '<row r="5"><c r="A5" s="1"/><c r="B5" s="1"/></row>',
    # 6 and 7 missing; 8: cells without r follow the previous one
    '<row r="8"><c t="s"><v>10</v></c><c><v>42</v></c>'
    '<c r="E8"><v>7</v></c><c><v>8</v></c></row>',
    # a row without r is row 9; its one cell in column AA
    '<row><c r="AA9" t="s"><v>11</v></c></row>',
    # 10: a value, then formatted blanks that extend nothing
    '<row r="10"><c r="A10" t="s"><v>12</v></c><c r="B10" s="1"/>'
    '<c r="C10" t="s" s="1"/></row>',
]
SHEET1 = HEAD + (f'<worksheet xmlns="{MAIN}" xmlns:r="{REL}">'
                 '<dimension ref="A1:AA10"/><sheetData>'
                 + ''.join(SHEET1_ROWS) + '</sheetData></worksheet>')

# The second sheet: prefixed elements, as some .NET writers make them.
SHEET2 = HEAD + (
    f'<x:worksheet xmlns:x="{MAIN}"><x:sheetData>'
    '<x:row r="1"><x:c r="A1" t="s"><x:v>1</x:v></x:c>'
    '<x:c r="B1" t="s"><x:v>2</x:v></x:c>'
    '<x:c r="C1" t="inlineStr"><x:is><x:t>tgl_lahir</x:t></x:is></x:c></x:row>'
    '<x:row r="2"><x:c r="A2" t="inlineStr"><x:is><x:t>3310114107800001</x:t></x:is></x:c>'
    '<x:c r="B2" t="s"><x:v>7</x:v></x:c>'
    '<x:c r="C2" s="1"><x:v>45292</x:v></x:c></x:row>'
    '</x:sheetData></x:worksheet>')

PARTS = [
    ("[Content_Types].xml", CONTENT_TYPES),
    ("_rels/.rels", ROOT_RELS),
    ("xl/workbook.xml", WORKBOOK),
    ("xl/_rels/workbook.xml.rels", WORKBOOK_RELS),
    ("xl/styles.xml", STYLES),
    ("xl/sharedStrings.xml", SST),
    ("xl/worksheets/sheet1.xml", SHEET1),
    ("xl/worksheets/sheet2.xml", SHEET2),
]


def write(path):
    with zipfile.ZipFile(path, "w") as z:
        for name, text in PARTS:
            info = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            info.create_system = 3
            z.writestr(info, text.encode("utf-8"), compresslevel=9)


def libreoffice(src, dst):
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        sys.exit("make.py: soffice not found (apt-get install libreoffice-calc-nogui)")
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run([soffice, f"-env:UserInstallation=file://{tmp}/profile",
                        "--headless", "--convert-to", "xlsx:Calc MS Excel 2007 XML",
                        "--outdir", f"{tmp}/out", src], check=True,
                       stdout=subprocess.DEVNULL)
        shutil.move(f"{tmp}/out/{os.path.basename(src)}", dst)


def main():
    out = os.path.join(HERE, "p3ke.xlsx")
    write(out)
    if "--libreoffice" in sys.argv[1:]:
        libreoffice(out, os.path.join(HERE, "p3ke-lo.xlsx"))


if __name__ == "__main__":
    main()
