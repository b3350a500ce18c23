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
