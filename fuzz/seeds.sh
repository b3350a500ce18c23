#!/bin/sh
# fuzz/seeds.sh: (re)make the committed seed corpora fuzz/corpus/T from the
# golden tests' inputs and the fixtures: a few KB each, with the selector
# byte(s) each target reads first (see the comment atop fuzz/T.c).
#
#   sh fuzz/seeds.sh            (then review with git status)
set -eu
cd "$(dirname "$0")/.."
g=tests/golden

# seed T NAME SELECTOR FILE [BYTES]: SELECTOR (octal escapes) + FILE's head.
seed() {
	mkdir -p "fuzz/corpus/$1"
	{ printf "$3"; head -c "${5:-3000}" "$4"; } > "fuzz/corpus/$1/$2"
}

# csv: byte 0 = dialect, encoding, chunk.
i=0
for f in $g/parse/0[01]*/*.csv $g/parse/0[01]*/*.txt $g/cat/*/*.csv \
    $g/cat/*/input $g/parse/02[4-8]*/*.*; do
	[ -f "$f" ] || continue
	case $f in */expout|*/experr|*/status|*/cmd) continue ;; esac
	sel=$(printf '\\%03o' $(( (i * 37) % 256 )))
	seed csv "$(echo "$f" | tr / _ | sed 's/^tests_golden_//')" "$sel" "$f" 2000
	i=$((i + 1))
done
seed csv fixture-dtks '\000' fixtures/small/raw/dtks_individu.csv
seed csv fixture-verval '\001' fixtures/small/raw/verval_desa_a.csv

# expr: the expressions of tests/unit/test-expr.c, then its row.
python3 - <<'PY'
import os, re
src = open('tests/unit/test-expr.c', encoding='utf-8').read()
exprs = re.findall(r'\{ "((?:[^"\\]|\\.)*)", "', src)
row = b'\0'.join([b'5', b'5', b'2.5', b'12', b'', b'1990-06-15',
    'Héllo Wörld'.encode(), b'5', b'-9223372036854775808'])
os.makedirs('fuzz/corpus/expr', exist_ok=True)
for k, e in enumerate(exprs[::3]):
    text = e.encode().decode('unicode_escape').encode('latin-1')
    with open('fuzz/corpus/expr/%03d' % k, 'wb') as f:
        f.write(text + b'\0' + row)
PY

# clean: the golden inputs of padu-clean, and the head of each fixture
# export as padu-parse writes it (needs bin/: make first).
for f in $g/clean/*/input; do
	seed clean "$(basename "$(dirname "$f")")" '' "$f"
done
for x in dtks_individu:dtks p3ke_keluarga:p3ke-keluarga \
    p3ke_individu_a:p3ke-individu regsosek_2022:regsosek \
    verval_desa_a:verval-desa; do
	f=${x%%:*} p=${x#*:}
	head -12 "fixtures/small/raw/$f.csv" > "/tmp/padu-seed-$$.csv"
	bin/padu-parse -P pipelines/profiles -p "$p" -S "$f" \
	    "/tmp/padu-seed-$$.csv" > "/tmp/padu-seed-$$.out" 2>/dev/null || :
	seed clean "fixture-$f" '' "/tmp/padu-seed-$$.out" 4000
	rm -f "/tmp/padu-seed-$$.csv" "/tmp/padu-seed-$$.out"
done

# config: byte 0 picks the reader (0 lib/config, 1 profile, 2 clean rules,
# 3 match rules, 4 codebook); the project's own files and the goldens'.
for f in pipelines/profiles/*.json $g/parse/*/*.json; do
	case $f in */p3ke.json|*/bad.json) continue ;; esac
	seed config "profile-$(echo "$f" | tr / _)" '\001' "$f" 16000
done
for f in pipelines/rules/clean.json $g/clean/*/*.json; do
	seed config "rules-$(echo "$f" | tr / _)" '\002' "$f" 16000
done
for f in pipelines/rules/dedupe-*.json $g/dedupe/*/*.json; do
	[ -f "$f" ] && seed config "match-$(echo "$f" | tr / _)" '\003' "$f" 16000
done
for f in pipelines/codebook/klaten.json $g/classify/*/*.json; do
	seed config "codebook-$(echo "$f" | tr / _)" '\004' "$f" 16000
done
for f in $g/cat/*/schema.json $g/parse/015*/*.json $g/parse/016*/*.ndjson \
    $g/parse/017*/*.json; do
	seed config "json-$(echo "$f" | tr / _)" '\000' "$f" 4000
done

# parse: byte 0 the settings, byte 1 the profile (see fuzz/parse.c).
i=0
for f in $g/parse/0*/*.*; do
	case $f in */expout|*/experr|*/status|*/cmd|*.bin) continue ;; esac
	case $f in */02[0-3]-*/*.json) continue ;; esac	# profiles
	sel=$(printf '\\%03o\\%03o' $(( (i * 53) % 256 )) $(( i % 6 )))
	seed parse "$(echo "$f" | tr / _ | sed 's/^tests_golden_//')" "$sel" "$f"
	i=$((i + 1))
done
seed parse dtks '\000\001' fixtures/small/raw/dtks_individu.csv
seed parse p3ke-keluarga '\000\003' fixtures/small/raw/p3ke_keluarga.csv
seed parse verval '\000\005' fixtures/small/raw/verval_desa_a.csv
seed parse jsonl '\002\000' fixtures/small/raw/variants/p3ke_keluarga.jsonl
seed parse xlsx '\003\000' tests/data/xlsx/p3ke.xlsx 8000
seed parse xlsx-lo '\063\000' tests/data/xlsx/p3ke-lo.xlsx 8000

# xlsx: the XML parts of the test workbooks, NUL-separated (fuzz/xlsx.c).
python3 - <<'PY'
import os, zipfile
parts = ['xl/workbook.xml', 'xl/_rels/workbook.xml.rels',
    'xl/sharedStrings.xml', 'xl/worksheets/sheet1.xml',
    'xl/worksheets/sheet2.xml']
os.makedirs('fuzz/corpus/xlsx', exist_ok=True)
for name in ('p3ke', 'p3ke-lo'):
    z = zipfile.ZipFile('tests/data/xlsx/%s.xlsx' % name)
    have = set(z.namelist())
    body = b'\0'.join(z.read(p) if p in have else b'' for p in parts)
    for sel in range(4):
        with open('fuzz/corpus/xlsx/%s-%d' % (name, sel), 'wb') as f:
            f.write(bytes([sel]) + body)
PY
