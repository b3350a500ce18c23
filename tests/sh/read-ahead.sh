#!/usr/bin/env bash
# read-ahead.sh: padu-join, padu-classify and padu-aggregate read a regular
# file ahead in a second thread unless PADU_JOBS is 1 (padu(7)).  On inputs
# of many read chunks (about 4 MB, 15 chunks: quoted fields, line ends in fields, a
# record across every chunk boundary), the output, the --stats record and
# the rejects are the same bytes both ways, and from a pipe; a read error
# (EIO, from the fault shim) in the reading thread exits 1 naming the
# file.  TAP lines for tests/run.
set -u
bin=${PADU_BIN:?} top=${PADU_TOP:?}
shim=${PADU_UNIT:-$top/build/obj/tests}/libpadufault.so
cd "${TMPDIR:?}" || exit 1
bad=0
ok() { echo "ok - read-ahead: $1"; }
no() { bad=$((bad + 1)); echo "not ok - read-ahead: $1"; shift; for l in "$@"; do echo "# $l"; done; }

python3 - <<'PY'
import csv, random
rnd = random.Random(11)
with open("rows.csv", "w", newline="", encoding="utf-8") as f:
    w = csv.writer(f, lineterminator="\n")
    w.writerow(["_src", "_row", "hh", "desa", "jenis_lantai", "luas", "art", "catatan"])
    for i in range(90000):
        w.writerow(["s%d" % (i % 3), i + 1, "h%d" % rnd.randrange(9000),
                    "33100%d" % rnd.randrange(40), rnd.choice(["09", "02", ""]),
                    rnd.randrange(10, 90), rnd.randrange(0, 7),
                    rnd.choice(["", "a, b", 'kata "x"', "baris\nbaru", "ü" * rnd.randrange(1, 30)])])
        if i % 9999 == 5:
            f.write("s9,%d,ragged\n" % (i + 1))
with open("table.csv", "w", newline="", encoding="utf-8") as f:
    w = csv.writer(f, lineterminator="\n")
    w.writerow(["hh", "desil", "note"])
    for i in range(9000):
        w.writerow(["h%d" % i, 1 + i % 10, rnd.choice(["", "x,y", "q\"q"])])
PY
cat > cb.json <<'CB'
{"padu_codebook": 1, "id": "uji", "version": "1",
 "indicators": [
  {"id": "lantai_tanah", "label": "Lantai tanah", "unit": "rumah tangga", "level": "household", "expr": "jenis_lantai = '09'", "source": "uji"},
  {"id": "luas_per_orang", "label": "Luas per orang", "unit": "rumah tangga", "level": "household", "expr": "CASE WHEN art > 0 THEN round(luas * 1.0 / art, 2) END", "source": "uji"}]}
CB
[ "$(wc -c < rows.csv)" -gt 3000000 ] && ok "the input is $(wc -c < rows.csv) bytes" || no "the input is over 3 MB"
same() {	# same NAME CMD...: PADU_JOBS=1, the default, and a pipe agree
	local name=$1 rc1=0 rc2=0 rc3=0
	shift
	rm -f st1 st2 st3 rj1 rj2 rj3
	PADU_JOBS=1 "$@" -s st1 -r rj1 rows.csv > out1 2> err1 || rc1=$?
	PADU_JOBS=2 "$@" -s st2 -r rj2 rows.csv > out2 2> err2 || rc2=$?
	PADU_JOBS=2 "$@" -s st3 -r rj3 - < rows.csv > out3 2> err3 || rc3=$?
	if [ $rc1 -eq 0 ] && [ $rc2 -eq 0 ] && [ $rc3 -eq 0 ] && [ -s out1 ] &&
	    cmp -s out1 out2 && cmp -s out1 out3 && cmp -s rj1 rj2 && cmp -s rj1 rj3 &&
	    [ "$(sed 's/"seconds":[0-9.]*//' st1)" = "$(sed 's/"seconds":[0-9.]*//' st2)" ]; then
		ok "$name: the same bytes with and without the reading thread, and from a pipe"
	else
		no "$name: the same bytes with and without the reading thread, and from a pipe" \
			"rc $rc1 $rc2 $rc3" "$(head -2 err1 err2 err3)" "$(cmp out1 out2; cmp rj1 rj2)"
	fi
}
same padu-join "$bin/padu-join" -f table.csv -j hh -c desil,note
same padu-classify "$bin/padu-classify" -f cb.json -l household
same padu-aggregate "$bin/padu-aggregate" -b desa -m 'n=count()' -m 'l=sum(luas)' -m 'c=count_distinct(hh)'
# The table of padu-join is read ahead too.
PADU_JOBS=1 "$bin/padu-join" -f rows.csv -j hh -d last table.csv > t1 2>&1
PADU_JOBS=2 "$bin/padu-join" -f rows.csv -j hh -d last table.csv > t2 2>&1
cmp -s t1 t2 && ok "padu-join: a table of many chunks, the same bytes" || no "padu-join: a table of many chunks, the same bytes" "$(head -3 t1 t2)"
if [ -f "$shim" ]; then
	export ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}verify_asan_link_order=0"
	for f in padu-join padu-classify padu-aggregate; do
		case $f in
		padu-join) set -- -f table.csv -j hh ;;
		padu-classify) set -- -f cb.json -l household ;;
		padu-aggregate) set -- -b desa -m 'n=count()' ;;
		esac
		rc=0
		PADU_JOBS=2 LD_PRELOAD=$shim PADU_FAULT='read@rows.csv:3:EIO' "$bin/$f" "$@" -r rj rows.csv > /dev/null 2> err || rc=$?
		[ $rc -eq 1 ] && [ "$(wc -l < err)" -eq 1 ] && grep -q "rows.csv.*Input/output error" err &&
			ok "$f: a read error in the reading thread: exit 1, one line naming the file" ||
			no "$f: a read error in the reading thread: exit 1, one line naming the file" "rc=$rc" "$(cat err)"
	done
else
	no "the fault shim is built" "$shim: not found (make check builds it)"
fi
exit $((bad > 0))
