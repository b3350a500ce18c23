#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# tests/sh/fixtures.sh: the fixture datasets and the region reference are what
# every other test and `make demo` stand on; this checks they are what they say.
#
#   PADU_TOP=/path/to/padu TMPDIR=$(mktemp -d) bash tests/sh/fixtures.sh
#
# (a) the generator is deterministic: regenerating fixtures/small with the seed
#     and size recorded in its truth/summary.json gives byte-identical files;
# (b) the truth indicator table is self-consistent (desa sums = kecamatan rows =
#     kabupaten row, every region present) and equals a recount from
#     truth/households.csv and truth/persons.csv;
# (c) every raw record of every raw file has exactly one truth row;
# (d) each raw file parses with Python's csv module in its own dialect and
#     encoding, and the planted structural faults are exactly where
#     truth/damage.csv says, and nowhere else;
# (e) the XLSX is a valid Office Open XML zip whose rows equal its CSV and JSON
#     siblings;
# (f) regions.csv and aliases.csv conform to their Table Schemas (checked by a
#     small validator below) and hold 1 kabupaten, 26 kecamatan, 401 desa; the
#     vocabulary schema is well formed;
# (g) every true NIK is valid by DOMAIN.md 5, and a raw NIK is invalid exactly
#     where damage was planted.
# Prints one TAP line per assertion; exits 1 if any failed.  Python 3 standard
# library only, like the generator; runs in a few seconds.
set -u
export LC_ALL=C TZ=UTC
top=${PADU_TOP:?PADU_TOP must name the repository root}
work=${TMPDIR:-/tmp}/fixtures.$$
mkdir "$work" || exit 1
trap 'rm -rf "$work"' EXIT INT TERM
PYTHON=${PYTHON:-python3}
small=$top/fixtures/small
fail=0

ok() { echo "ok - $1"; }
not_ok() { echo "not ok - $1"; fail=1; }

# ---------------------------------------------------------------- (a)
if [ ! -f "$small/truth/summary.json" ]; then
	not_ok "fixtures/small/truth/summary.json exists"
	exit 1
fi
read -r seed households < <("$PYTHON" -c '
import json, sys
s = json.load(open(sys.argv[1], encoding="utf-8"))
print(s["seed"], s["households"])' "$small/truth/summary.json")
if "$PYTHON" "$top/fixtures/gen/generate.py" --seed "$seed" --households "$households" \
	--out "$work/small" 2> "$work/gen.err"; then
	ok "generator runs: --seed $seed --households $households"
else
	not_ok "generator runs: --seed $seed --households $households"
	sed 's/^/# /' "$work/gen.err"
fi
(cd "$small" && find . -type f | sort) > "$work/committed.list"
(cd "$work/small" && find . -type f | sort) > "$work/regenerated.list"
if cmp -s "$work/committed.list" "$work/regenerated.list"; then
	ok "regenerated small set has the committed file list ($(wc -l < "$work/committed.list") files)"
else
	not_ok "regenerated small set has the committed file list"
	diff "$work/committed.list" "$work/regenerated.list" | sed 's/^/# /'
fi
while IFS= read -r f; do
	f=${f#./}
	if cmp -s "$small/$f" "$work/small/$f"; then
		ok "deterministic: fixtures/small/$f regenerates byte-identical"
	else
		not_ok "deterministic: fixtures/small/$f regenerates byte-identical"
		cmp "$small/$f" "$work/small/$f" 2>&1 | head -1 | sed 's/^/# /'
	fi
done < "$work/committed.list"

# ---------------------------------------------------------------- (b)-(g)
"$PYTHON" - "$top" <<'PY' || fail=1
import csv, io, json, os, re, sys, zipfile
import xml.etree.ElementTree as ET

top = sys.argv[1]
small = os.path.join(top, "fixtures", "small")
raw_dir = os.path.join(small, "raw")
truth_dir = os.path.join(small, "truth")
ref = os.path.join(top, "pipelines", "ref", "klaten")
schema_dir = os.path.join(top, "pipelines", "schema")
failed = False


def check(cond, desc, diag=()):
    global failed
    print(("ok - " if cond else "not ok - ") + desc)
    if not cond:
        failed = True
        for d in list(diag)[:10]:
            print("# " + str(d))


def read_canonical(path):
    """Rows of a canonical CSV (UTF-8, LF, comma) as dicts; checks the dialect."""
    data = open(path, "rb").read()
    assert not data.startswith(b"\xef\xbb\xbf") and b"\r" not in data, path
    return list(csv.DictReader(io.StringIO(data.decode("utf-8"), newline="")))


PROVINCES = {11, 12, 13, 14, 15, 16, 17, 18, 19, 21, 31, 32, 33, 34, 35, 36, 51, 52, 53,
             61, 62, 63, 64, 65, 71, 72, 73, 74, 75, 76, 81, 82, 91, 92, 93, 94, 95, 96}


def nik_ok(s):
    """DOMAIN.md 5, written again here independently of the generator."""
    s = s.strip()
    if not re.fullmatch(r"[0-9]{16}", s):
        return False
    dd, mm = int(s[6:8]), int(s[8:10])
    if int(s[:2]) not in PROVINCES or not (1 <= dd <= 31 or 41 <= dd <= 71):
        return False
    if not 1 <= mm <= 12 or s[12:] == "0000" or len(set(s)) == 1:
        return False
    steps = {(int(b) - int(a)) % 10 for a, b in zip(s, s[1:])}
    return steps not in ({1}, {9})


# ---------------------------------------------------------------- (f)
def validate(rows, schema, resources):
    """Errors of rows against a Frictionless Table Schema (the parts padu uses)."""
    errs = []
    fields = schema["fields"]
    names = [f["name"] for f in fields]
    if rows and list(rows[0].keys()) != names:
        errs.append("header %s != schema fields %s" % (list(rows[0].keys()), names))
    missing = set(schema.get("missingValues", [""]))
    for f in fields:
        c = f.get("constraints", {})
        seen = set()
        for i, r in enumerate(rows, 1):
            v = r.get(f["name"], "")
            if v in missing:
                if c.get("required"):
                    errs.append("row %d: %s required" % (i, f["name"]))
                continue
            if "pattern" in c and not re.fullmatch(c["pattern"], v):
                errs.append("row %d: %s %r does not match %s" % (i, f["name"], v, c["pattern"]))
            if "enum" in c and v not in c["enum"]:
                errs.append("row %d: %s %r not in enum" % (i, f["name"], v))
            if "minLength" in c and len(v) < c["minLength"]:
                errs.append("row %d: %s too short" % (i, f["name"]))
            if c.get("unique"):
                if v in seen:
                    errs.append("row %d: %s %r not unique" % (i, f["name"], v))
                seen.add(v)
    pk = schema.get("primaryKey", [])
    keys = [tuple(r[k] for k in pk) for r in rows]
    if len(set(keys)) != len(keys):
        errs.append("primary key %s not unique" % pk)
    for fk in schema.get("foreignKeys", []):
        target = resources[fk["reference"]["resource"]]
        allowed = {tuple(r[k] for k in fk["reference"]["fields"]) for r in target}
        for i, r in enumerate(rows, 1):
            v = tuple(r[k] for k in fk["fields"])
            if all(x == "" for x in v):
                continue
            if v not in allowed:
                errs.append("row %d: foreign key %s=%s not found" % (i, fk["fields"], v))
    return errs


regions = read_canonical(os.path.join(ref, "regions.csv"))
aliases = read_canonical(os.path.join(ref, "aliases.csv"))
schemas = {}
for name in ("region", "region-aliases", "vocabulary"):
    path = os.path.join(schema_dir, name + ".schema.json")
    try:
        schemas[name] = json.load(open(path, encoding="utf-8"))
        check(True, "pipelines/schema/%s.schema.json is valid JSON" % name)
    except ValueError as e:
        check(False, "pipelines/schema/%s.schema.json is valid JSON" % name, [e])
        schemas[name] = {"fields": []}
errs = validate(regions, schemas["region"], {"": regions})
check(not errs, "regions.csv conforms to region.schema.json (%d rows)" % len(regions), errs)
errs = validate(aliases, schemas["region-aliases"], {"regions": regions})
check(not errs, "aliases.csv conforms to region-aliases.schema.json (%d rows)" % len(aliases),
      errs)
errs = []
for r in regions:
    parts = r["kode"].split(".")
    level = {2: "kabupaten", 3: "kecamatan", 4: "desa"}.get(len(parts))
    if level != r["tingkat"]:
        errs.append("%s: tingkat %s" % (r["kode"], r["tingkat"]))
    if r["induk"] != ".".join(parts[:-1]) if len(parts) > 2 else r["induk"] != "":
        errs.append("%s: induk %s" % (r["kode"], r["induk"]))
    if len(r["kode_bps"]) != {2: 4, 3: 7, 4: 10}[len(parts)]:
        errs.append("%s: kode_bps %s" % (r["kode"], r["kode_bps"]))
    allowed = {"kabupaten": ("kabupaten", "kota"), "kecamatan": ("kecamatan", "distrik"),
               "desa": ("desa", "kelurahan", "desa_adat")}[r["tingkat"]]
    if r["jenis"] not in allowed:
        errs.append("%s: jenis %s" % (r["kode"], r["jenis"]))
    if len(parts) == 4 and {"1": "kelurahan", "2": "desa", "3": "desa_adat"}[parts[3][0]] != r["jenis"]:
        errs.append("%s: jenis %s against its code" % (r["kode"], r["jenis"]))
check(not errs, "regions.csv: tingkat, induk, kode_bps length and jenis agree with each kode",
      errs)
check([r["kode"] for r in regions] == sorted(r["kode"] for r in regions),
      "regions.csv is sorted by kode")
tally = {}
for r in regions:
    tally[(r["tingkat"], r["jenis"])] = tally.get((r["tingkat"], r["jenis"]), 0) + 1
check(tally == {("kabupaten", "kabupaten"): 1, ("kecamatan", "kecamatan"): 26,
                ("desa", "desa"): 391, ("desa", "kelurahan"): 10},
      "regions.csv holds Klaten: 1 kabupaten, 26 kecamatan, 391 desa + 10 kelurahan", [tally])
akeys = {(a["kode"], a["sumber"]): a["nama"] for a in aliases}
check(akeys.get(("33.10.17.2003", "bps_2018H1")) == "KAUMAN"
      and akeys.get(("33.10.17.2003", "kemendagri_2025")) == "Kahuman"
      and akeys.get(("33.10.18.2019", "kemendagri_2016")) == "Jeblok"
      and akeys.get(("33.10.18.2006", "kemendagri_2016")) == "Blanciran"
      and akeys.get(("33.10.01.2005", "bps_2018H1")) == "KEBON DALEM KIDUL",
      "aliases.csv holds the known variants (Kahuman/KAUMAN, Jeblok, Blanciran, KEBON DALEM KIDUL)")
every = {r["kode"] for r in regions}
check(every == {a["kode"] for a in aliases if a["sumber"] == "kemendagri_2025"},
      "aliases.csv names every region in its kemendagri_2025 spelling")
shared = os.path.join(top, "..", "shared", "ref")
if os.path.isdir(shared):
    import subprocess, tempfile
    with tempfile.TemporaryDirectory(dir=os.environ.get("TMPDIR")) as d:
        p = subprocess.run([sys.executable, os.path.join(top, "fixtures", "gen",
                                                         "make_region_ref.py"), shared, d])
        same = p.returncode == 0 and all(
            open(os.path.join(d, n), "rb").read() == open(os.path.join(ref, n), "rb").read()
            for n in ("regions.csv", "aliases.csv"))
    check(same, "regions.csv and aliases.csv re-derive byte-identical from ../shared/ref")
else:
    print("ok - regions.csv and aliases.csv re-derive from ../shared/ref # SKIP no ../shared/ref")
voc = schemas["vocabulary"]["fields"]
errs = []
for f in voc:
    for k in ("name", "type", "title", "description", "padu:level", "padu:source"):
        if not f.get(k):
            errs.append("%s: no %s" % (f.get("name"), k))
    if f.get("padu:level") not in ("person", "household", "both"):
        errs.append("%s: padu:level %r" % (f.get("name"), f.get("padu:level")))
    enum = f.get("constraints", {}).get("enum")
    if enum is not None and enum != list(f.get("padu:labels", {})):
        errs.append("%s: enum and padu:labels differ" % f["name"])
names = [f.get("name") for f in voc]
if len(set(names)) != len(names):
    errs.append("duplicate field names")
for need in ("nik", "no_kk", "nama", "jenis_kelamin", "tanggal_lahir", "hubungan_keluarga",
             "kode_desa", "desil", "jenis_lantai", "sumber_air_minum", "pkh", "bpnt", "pbi",
             "pendapatan", "_src", "_row", "_flags"):
    if need not in names:
        errs.append("missing field " + need)
lab = {f["name"]: f.get("padu:labels", {}) for f in voc}
if lab.get("jenis_lantai", {}).get("09") != "Tanah" or len(lab.get("sumber_air_minum", {})) != 12:
    errs.append("code lists differ from DOMAIN.md 1.4")
check(not errs, "vocabulary.schema.json: %d fields, each with type, titles, level, source; "
      "enums match padu:labels" % len(voc), errs)

# ---------------------------------------------------------------- truth
rows = read_canonical(os.path.join(truth_dir, "rows.csv"))
damage = read_canonical(os.path.join(truth_dir, "damage.csv"))
households = read_canonical(os.path.join(truth_dir, "households.csv"))
persons = read_canonical(os.path.join(truth_dir, "persons.csv"))
table = read_canonical(os.path.join(truth_dir, "indicators.csv"))
summary = json.load(open(os.path.join(truth_dir, "summary.json"), encoding="utf-8"))
region_by_code = {r["kode"]: r for r in regions}

# ---------------------------------------------------------------- (b)
cols = [c for c in table[0] if c not in ("tingkat", "kode", "nama")]
by_code = {t["kode"]: t for t in table}
check(len(table) == len(regions) and [t["kode"] for t in table] == [r["kode"] for r in regions]
      and all(t["tingkat"] == region_by_code[t["kode"]]["tingkat"] for t in table),
      "indicators.csv has one row per region of regions.csv (%d), in kode order" % len(table))
errs = []
for parent in regions:
    if parent["tingkat"] == "desa":
        continue
    kids = [r["kode"] for r in regions if r["induk"] == parent["kode"]]
    for c in cols:
        s = sum(int(by_code[k][c]) for k in kids)
        if s != int(by_code[parent["kode"]][c]):
            errs.append("%s %s: children sum %d, row %s" % (parent["kode"], c, s,
                                                           by_code[parent["kode"]][c]))
check(not errs, "indicators.csv: desa sums = kecamatan rows = kabupaten row for all %d count "
      "columns" % len(cols), errs)
errs = []
for t in table:
    v = {c: int(t[c]) for c in cols}
    if sum(v["rt_desil_%s" % k] for k in ("1", "2", "3", "4", "gt4", "na")) != v["rt_total"]:
        errs.append(t["kode"] + " rt by desil")
    if sum(v["jiwa_desil_%s" % k] for k in ("1", "2", "3", "4", "gt4", "na")) != v["jiwa_total"]:
        errs.append(t["kode"] + " jiwa by desil")
    if sum(v["rt_desil_%d" % k] for k in range(1, 5)) != v["rt_desil_1_4"]:
        errs.append(t["kode"] + " desil 1-4")
    for p in ("pkh", "bpnt_sembako", "pbi", "bantuan"):
        if v["rt_" + p] > v["rt_data_bantuan"] or v["rt_" + p] > v["rt_bantuan"]:
            errs.append(t["kode"] + " " + p)
check(not errs, "indicators.csv: desil classes add up to the totals; aid within known aid",
      errs)
# Recount the desa rows from households.csv and persons.csv, by the README's definitions.
DEPR = {"rt_lantai_tanah": ("jenis_lantai", {"09"}),
        "rt_dinding_buruk": ("jenis_dinding", {"2", "4", "5", "6"}),
        "rt_tanpa_listrik": ("sumber_penerangan", {"3"}),
        "rt_air_tidak_layak": ("sumber_air_minum", {"07", "09", "10", "11"}),
        "rt_masak_kayu_arang_minyak": ("bahan_bakar_memasak", {"5", "7", "8"}),
        "rt_tanpa_jamban_sendiri": ("fasilitas_bab", {"2", "3", "4"})}
recount = {t["kode"]: {c: 0 for c in cols} for t in table if t["tingkat"] == "desa"}
persons_of = {}
for p in persons:
    persons_of[p["household_id"]] = persons_of.get(p["household_id"], 0) + 1
for h in households:
    v = recount[h["kode_desa"]]
    n = persons_of.get(h["household_id"], 0)
    d = int(h["desil"]) if h["desil"] else None
    dc = "na" if d is None else str(d) if d <= 4 else "gt4"
    v["rt_total"] += 1
    v["jiwa_total"] += n
    v["rt_desil_" + dc] += 1
    v["jiwa_desil_" + dc] += n
    if d is not None and d <= 4:
        v["rt_desil_1_4"] += 1
        v["jiwa_desil_1_4"] += n
    if h["jenis_lantai"]:
        v["rt_data_rumah"] += 1
    for c, (f, codes) in DEPR.items():
        v[c] += h[f] in codes
    flags = [h[p] for p in ("pkh", "bpnt", "sembako", "pbi", "bst", "bpum") if h[p]]
    if flags:
        v["rt_data_bantuan"] += 1
        got = {"pkh": h["pkh"] == "Y", "bpnt_sembako": "Y" in (h["bpnt"], h["sembako"]),
               "pbi": h["pbi"] == "Y", "bantuan": "Y" in flags}
        for p, g in got.items():
            if g:
                v["rt_" + p] += 1
                if d is not None:
                    v["rt_%s_desil_%s" % (p, dc)] += 1
        if d is not None and d <= 2 and "Y" not in flags:
            v["rt_desil_1_2_tanpa_bantuan"] += 1
errs = ["%s %s: recount %d, table %s" % (k, c, v[c], by_code[k][c])
        for k, v in recount.items() for c in cols if v[c] != int(by_code[k][c])]
check(not errs, "indicators.csv desa rows = a recount from households.csv and persons.csv",
      errs)
check(sum(1 for _ in households) == summary["listed_households"]
      and len(persons) == summary["listed_persons"]
      and int(by_code["33.10"]["rt_total"]) == len(households)
      and int(by_code["33.10"]["jiwa_total"]) == len(persons),
      "summary.json, households.csv, persons.csv and the kabupaten row agree "
      "(%d households, %d persons listed)" % (len(households), len(persons)))

# ---------------------------------------------------------------- (d)
DIALECTS = {  # file -> delimiter, encoding, BOM, line end
    "dtks_individu.csv": ("|", "utf-8", False, b"\n"),
    "p3ke_keluarga.csv": (";", "cp1252", False, b"\r\n"),
    "p3ke_individu_a.csv": (";", "cp1252", False, b"\r\n"),
    "p3ke_individu_b.csv": (";", "utf-8", True, b"\r\n"),
    "regsosek_2022.csv": (",", "utf-8", False, b"\n"),
    "verval_desa_a.csv": (",", "utf-8", False, b"\n"),
    "verval_desa_b.csv": (";", "cp1252", False, b"\r\n"),
}
faults = {}
for d in damage:
    if d["kind"] in ("ragged_missing_field", "ragged_extra_field", "unterminated_quote"):
        faults[(d["file"], int(d["record"]))] = d["kind"]
raw_records = {}   # file -> list of records (lists of fields)
for name, (delim, enc, bom, eol) in sorted(DIALECTS.items()):
    data = open(os.path.join(raw_dir, name), "rb").read()
    problems = []
    if data.startswith(b"\xef\xbb\xbf") != bom:
        problems.append("BOM expected: %s" % bom)
    body = data[3:] if bom else data
    if eol == b"\r\n":
        if re.search(rb"(?<!\r)\n", body):
            problems.append("bare LF in a CRLF file")
    elif b"\r" in body:
        problems.append("CR in an LF file")
    try:
        text = body.decode(enc)
    except UnicodeDecodeError as e:
        problems.append("does not decode as %s: %s" % (enc, e))
        text = body.decode(enc, "replace")
    if enc == "cp1252":
        try:
            body.decode("utf-8")
            problems.append("cp1252 file is valid UTF-8: the encoding would not matter")
        except UnicodeDecodeError:
            pass
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delim, strict=True)
    header = next(reader)
    records, found = [], {}
    try:
        for rec in reader:
            records.append(rec)
            if len(rec) != len(header):
                found[(name, len(records))] = ("ragged_missing_field" if len(rec) < len(header)
                                                else "ragged_extra_field")
    except csv.Error:
        records.append(None)
        found[(name, len(records))] = "unterminated_quote"
    raw_records[name] = records
    planted = {k: v for k, v in faults.items() if k[0] == name}
    check(not problems and found == planted,
          "%s parses as %r-delimited %s%s; structural faults exactly as logged %s"
          % (name, delim, enc, " with BOM" if bom else "",
             sorted((k[1], v) for k, v in planted.items()) or "(none)"),
          problems + ["found %s" % sorted(found.items())])
    unterminated = [k for k, v in planted.items() if v == "unterminated_quote"]
    if unterminated:
        check(unterminated == [(name, len(records))] and not data.endswith(b"\n"),
              "%s: the unterminated quote is the last record, with no line end" % name)
newline_rows = [(d["file"], int(d["record"])) for d in damage if d["kind"] == "embedded_newline"
                and d["file"] in raw_records]
check(newline_rows and all(any("\n" in f for f in raw_records[f_][r - 1]) for f_, r in newline_rows),
      "embedded newlines inside quoted fields where logged: %s" % newline_rows)
check(all("\n" not in f for name, recs in raw_records.items() for i, rec in enumerate(recs, 1)
          if rec and (name, i) not in newline_rows for f in rec),
      "no other raw record holds a line break")

# ---------------------------------------------------------------- (e)
xlsx = os.path.join(raw_dir, "variants", "p3ke.xlsx")
NS = {"m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main"}
with zipfile.ZipFile(xlsx) as z:
    names = z.namelist()
    bad = z.testzip()
    need = ["[Content_Types].xml", "_rels/.rels", "xl/workbook.xml", "xl/_rels/workbook.xml.rels",
            "xl/styles.xml", "xl/worksheets/sheet1.xml", "xl/worksheets/sheet2.xml"]
    parsed = {}
    xml_errs = []
    for n in names:
        try:
            parsed[n] = ET.fromstring(z.read(n))
        except ET.ParseError as e:
            xml_errs.append("%s: %s" % (n, e))
check(bad is None and all(n in names for n in need) and not xml_errs,
      "p3ke.xlsx is a valid zip with the OOXML parts, every part well-formed XML",
      xml_errs + [n for n in need if n not in names])
sheets = [s.get("name") for s in parsed["xl/workbook.xml"].iter(
    "{%s}sheet" % NS["m"])]
check(sheets == ["KELUARGA", "INDIVIDU"], "p3ke.xlsx has sheets KELUARGA and INDIVIDU", [sheets])


def col_index(ref):
    letters = re.match(r"[A-Z]+", ref).group(0)
    n = 0
    for ch in letters:
        n = n * 26 + ord(ch) - 64
    return n - 1


def sheet_rows(tree):
    """Typed cell values: str for strings, (int, style) for numbers; '' when absent."""
    out = []
    for row in tree.iter("{%s}row" % NS["m"]):
        cells = {}
        for c in row.findall("m:c", NS):
            if c.get("t") == "inlineStr":
                v = "".join(t.text or "" for t in c.iter("{%s}t" % NS["m"]))
            elif c.get("t") is None:
                v = (int(c.find("m:v", NS).text), int(c.get("s", "0")))
            else:
                raise ValueError("unexpected cell type %s" % c.get("t"))
            cells[col_index(c.get("r"))] = v
        width = max(cells) + 1 if cells else 0
        out.append([cells.get(i, "") for i in range(width)])
    return out


def excel_text(v, decimal=","):
    """What an Indonesian-locale Excel writes to CSV for a number cell."""
    n, style = v
    if style == 1 or len(str(n)) <= 11:
        return str(n)
    mant, exp = ("%.2E" % n).split("E")
    return mant.rstrip("0").rstrip(".").replace(".", decimal) + "E+" + str(int(exp))


def same_as_csv(xrows, crecs, header):
    errs = []
    if xrows[0] != header:
        errs.append("header differs")
    if len(xrows) - 1 != len(crecs):
        errs.append("%d sheet rows, %d CSV records" % (len(xrows) - 1, len(crecs)))
    for i, (x, c) in enumerate(zip(xrows[1:], crecs), 1):
        x = x + [""] * (len(c) - len(x))
        t = [excel_text(v) if isinstance(v, tuple) else v for v in x]
        if t != c:
            errs.append("record %d differs: %s" % (i, [(a, b) for a, b in zip(t, c) if a != b]))
    return errs


kel = sheet_rows(parsed["xl/worksheets/sheet1.xml"])
ind = sheet_rows(parsed["xl/worksheets/sheet2.xml"])
kel_header = open(os.path.join(raw_dir, "p3ke_keluarga.csv"), encoding="cp1252").readline().rstrip("\r\n").split(";")
check(not same_as_csv(kel, raw_records["p3ke_keluarga.csv"], kel_header),
      "p3ke.xlsx KELUARGA = p3ke_keluarga.csv, record by record (%d)" % (len(kel) - 1),
      same_as_csv(kel, raw_records["p3ke_keluarga.csv"], kel_header))
ind_header = open(os.path.join(raw_dir, "p3ke_individu_a.csv"), encoding="cp1252").readline().rstrip("\r\n").split(";")
both = raw_records["p3ke_individu_a.csv"] + raw_records["p3ke_individu_b.csv"]
check(not same_as_csv(ind, both, ind_header),
      "p3ke.xlsx INDIVIDU = p3ke_individu_a.csv + p3ke_individu_b.csv (%d)" % (len(ind) - 1),
      same_as_csv(ind, both, ind_header))
js = json.load(open(os.path.join(raw_dir, "variants", "p3ke_keluarga.json"), encoding="utf-8"))
jl = [json.loads(line) for line in open(os.path.join(raw_dir, "variants", "p3ke_keluarga.jsonl"),
                                       encoding="utf-8")]
as_json = [dict(zip(kel[0], [v[0] if isinstance(v, tuple) else v
                             for v in r + [""] * (len(kel[0]) - len(r))])) for r in kel[1:]]
check(js == as_json and jl == as_json and all(list(o) == kel_header for o in js),
      "p3ke_keluarga.json (array) and .jsonl = the KELUARGA sheet, typed (%d objects)" % len(js))

# ---------------------------------------------------------------- (c)
counts = {}
for name, recs in raw_records.items():
    counts[name] = len(recs)
counts["variants/p3ke.xlsx#KELUARGA"] = len(kel) - 1
counts["variants/p3ke.xlsx#INDIVIDU"] = len(ind) - 1
counts["variants/p3ke_keluarga.json"] = len(js)
counts["variants/p3ke_keluarga.jsonl"] = len(jl)
by_file = {}
for r in rows:
    by_file.setdefault(r["file"], []).append(int(r["record"]))
errs = ["%s: %d records, truth rows %s" % (f, n, len(by_file.get(f, [])))
        for f, n in sorted(counts.items()) if by_file.get(f) != list(range(1, n + 1))]
errs += ["truth rows for unknown file %s" % f for f in by_file if f not in counts]
errs += ["summary.json %s: %s" % (f, summary["records"].get(f)) for f, n in counts.items()
         if summary["records"].get(f, {}).get("records") != n]
check(not errs, "every raw record of the %d raw files has exactly one truth row (%d rows)"
      % (len(counts), len(rows)), errs)
person_ids = {p["person_id"]: p for p in persons}
hh_ids = {h["household_id"]: h for h in households}
errs = []
for r in rows:
    if r["kode_desa"] not in region_by_code or region_by_code[r["kode_desa"]]["tingkat"] != "desa":
        errs.append("%s:%s kode_desa %s" % (r["file"], r["record"], r["kode_desa"]))
    if r["readable"] == "1":
        if r["household_id"] not in hh_ids or hh_ids[r["household_id"]]["kode_desa"] != r["kode_desa"]:
            errs.append("%s:%s household %s not listed" % (r["file"], r["record"], r["household_id"]))
        if r["level"] == "person" and r["person_id"] not in person_ids:
            errs.append("%s:%s person %s not listed" % (r["file"], r["record"], r["person_id"]))
    elif (r["file"], int(r["record"])) not in faults:
        errs.append("%s:%s unreadable but no structural fault logged" % (r["file"], r["record"]))
listed = {r["person_id"] for r in rows if r["readable"] == "1" and r["level"] == "person"
          and "/" not in r["file"]}
if listed != set(person_ids):
    errs.append("persons.csv is not the persons of readable person records")
check(not errs, "truth rows name listed persons and households and a desa of regions.csv; "
      "persons.csv = persons of readable records", errs)
dmg = {}
for d in damage:
    dmg.setdefault((d["file"], d["record"]), []).append(d["kind"])
errs = ["%s:%s" % (r["file"], r["record"]) for r in rows
        if ";".join(dmg.get((r["file"], r["record"]), [])) != r["damage"]]
errs += ["damage for a record without truth row: %s" % (k,) for k in dmg
         if k[0] not in by_file or int(k[1]) > len(by_file[k[0]])]
check(not errs, "damage.csv and the damage column of rows.csv agree (%d entries)" % len(damage),
      errs)
kinds = {d["kind"] for d in damage}
want = {"dup_exact", "dup_near", "nik_wrong_length", "nik_letters", "nik_dummy", "nik_bad_date",
        "nik_missing", "nik_excel_exponent", "nik_excel_last_digit", "kk_excel_exponent",
        "desa_typo", "excel_date_serial", "ragged_missing_field", "ragged_extra_field",
        "unterminated_quote", "embedded_newline"}
check(want <= kinds, "every kind of planted damage occurs in the small set", sorted(want - kinds))
multi = {}
for r in rows:
    if r["readable"] == "1" and "/" not in r["file"] and r["level"] == "person":
        multi.setdefault(r["person_id"], set()).add(r["source"])
share = sum(1 for s in multi.values() if len(s) > 1) / max(1, len(multi))
p3ke = [s for s in multi.values() if "p3ke_individu" in s]
in_dtks = sum(1 for s in p3ke if "dtks" in s) / max(1, len(p3ke))
check(share > 0.5 and in_dtks > 0.8,
      "persons overlap across sources: %.0f%% in several sources, %.0f%% of P3KE persons in DTKS"
      % (100 * share, 100 * in_dtks))

# ---------------------------------------------------------------- (g)
errs = ["%s %s" % (p["person_id"], p["nik"]) for p in persons if p["nik"] and not nik_ok(p["nik"])]
errs += ["%s:%s true nik %s" % (r["file"], r["record"], r["nik"]) for r in rows
         if r["nik"] and not nik_ok(r["nik"])]
niks = [p["nik"] for p in persons if p["nik"]]
if len(set(niks)) != len(niks):
    errs.append("true NIKs are not unique")
for p in persons:
    n = p["nik"]
    if n:
        y, m, d = p["tanggal_lahir"].split("-")
        day = int(d) + (40 if p["jenis_kelamin"] == "P" else 0)
        if n[6:12] != "%02d%s%s" % (day, m, y[2:]):
            errs.append("%s: NIK %s against %s %s" % (p["person_id"], n, p["tanggal_lahir"],
                                                      p["jenis_kelamin"]))
check(not errs, "every true NIK is valid by DOMAIN.md 5, unique, and agrees with birth date and "
      "sex (%d NIKs)" % len(niks), errs)
errs = []
nik_kinds = ("nik_wrong_length", "nik_letters", "nik_dummy", "nik_bad_date", "nik_missing",
             "nik_excel_exponent", "nik_excel_last_digit")
invalid_planted = 0
for r in rows:
    kinds_here = [k for k in r["damage"].split(";") if k in nik_kinds]
    v = "" if r["nik_raw"] == "" else "1" if nik_ok(r["nik_raw"]) else "0"
    if v != r["nik_valid"]:
        errs.append("%s:%s nik_valid %s, check says %s" % (r["file"], r["record"], r["nik_valid"], v))
    if (r["nik_raw"] != r["nik"]) != bool(kinds_here):
        errs.append("%s:%s raw %s true %s damage %s" % (r["file"], r["record"], r["nik_raw"],
                                                       r["nik"], r["damage"]))
    if v == "0":
        invalid_planted += 1
        if not kinds_here:
            errs.append("%s:%s invalid NIK %s not planted" % (r["file"], r["record"], r["nik_raw"]))
check(not errs, "raw NIKs differ from the truth, and are invalid, only where damage was planted "
      "(%d invalid raw NIKs, all planted)" % invalid_planted, errs)
owner = {p["nik"]: p["person_id"] for p in persons if p["nik"]}
errs = ["%s:%s raw NIK %s is the NIK of %s" % (r["file"], r["record"], r["nik_raw"],
                                              owner[r["nik_raw"]]) for r in rows
        if r["nik_raw"] in owner and owner[r["nik_raw"]] != r["person_id"]]
check(not errs, "no raw NIK is the true NIK of another person", errs)
errs = [h["no_kk"] for h in households
        if not re.fullmatch(r"33[0-9]{4}(0[1-9]|[12][0-9]|3[01])(0[1-9]|1[0-2])[0-9]{2}[0-9]{4}",
                            h["no_kk"]) or h["no_kk"].endswith("0000")]
check(not errs and len({h["no_kk"] for h in households}) == len(households)
      and not ({h["no_kk"] for h in households} & set(niks)),
      "every true No KK is 16 digits with a region and a registration date, unique, no NIK", errs)

sys.exit(1 if failed else 0)
PY

exit $fail
