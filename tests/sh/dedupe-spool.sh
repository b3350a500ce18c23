#!/usr/bin/env bash
# dedupe-spool.sh: padu-dedupe's spool (the rows kept on disk while they
# are linked) on 60,000 rows, 6 MB, so that it is written in several
# buffers: with -j 2 a thread writes it while the rows are parsed, and the
# rows, entities and links are the bytes of -j 1; a full disk under the
# spool (ENOSPC on its first or its third write, through
# tests/fault/shim.c) exits 1 saying so, with -j 1 and with -j 2, and a
# TMPDIR that cannot hold it exits 1 naming it.  TAP lines for tests/run.
set -u
bin=${PADU_BIN:?}
shim=${PADU_UNIT:-${PADU_TOP:?}/build/obj/tests}/libpadufault.so
cd "${TMPDIR:?}" || exit 1
# Under make sanitize the filters carry ASan, which wants to be the first
# library loaded; the shim is preloaded before it (as in fault.sh).
export ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}verify_asan_link_order=0"
bad=0
ok() { echo "ok - dedupe-spool: $1"; }
no() { bad=$((bad + 1)); echo "not ok - dedupe-spool: $1"; shift; for l in "$@"; do echo "# $l"; done; }

python3 - <<'PY'
import csv, random
rnd = random.Random(23)
with open("rows.csv", "w", newline="", encoding="utf-8") as f:
    w = csv.writer(f, lineterminator="\n")
    w.writerow(["_src", "_row", "nik", "nama", "desa", "catatan", "_flags"])
    for i in range(60000):
        nik = "" if rnd.random() < 0.3 else "33100%011d" % rnd.randrange(30000)
        w.writerow([rnd.choice(["dtks", "p3ke"]), i + 1, nik,
                    rnd.choice(["Tumini", "Sri, Rahayu", 'Budi "Kecil"']) + str(rnd.randrange(500)),
                    rnd.choice(["Sengon", "Wedi"]), "x" * rnd.randrange(40, 90),
                    "" if nik else "nik_missing"])
PY
cat > rules.json <<'EOF2'
{"padu_match": 1,
 "exact": [{"columns": ["nik"], "unless_flags": ["nik_missing"]}],
 "blocking": [["desa", "nama"]],
 "compare": [{"column": "nama", "levels": [{"exact": true, "m": 0.9, "u": 0.01}], "else": {"m": 0.1, "u": 0.99}}],
 "threshold": 5}
EOF2
[ "$(wc -c < rows.csv)" -gt 5000000 ] || no "the input is over 5 MB" "$(wc -c < rows.csv)"
"$bin/padu-dedupe" -j 1 -f rules.json -k -E e1.csv -l l1.csv rows.csv > k1.csv 2> err ||
	no "-j 1: exit 0" "$(cat err)"
"$bin/padu-dedupe" -j 2 -f rules.json -k -E e2.csv -l l2.csv rows.csv > k2.csv 2> err ||
	no "-j 2: exit 0" "$(cat err)"
"$bin/padu-dedupe" -j 2 -f rules.json rows.csv > e3.csv 2> err || no "-j 2 without -k: exit 0" "$(cat err)"
cmp -s k1.csv k2.csv && cmp -s e1.csv e2.csv && cmp -s l1.csv l2.csv && cmp -s e1.csv e3.csv &&
	[ "$(wc -l < k2.csv)" -eq 60001 ] && [ "$(wc -l < e2.csv)" -lt 50000 ] &&
	ok "the spool written by a thread (-j 2): the rows, entities and links of -j 1" ||
	no "the spool written by a thread (-j 2): the rows, entities and links of -j 1"

# A full disk under the spool: its descriptor is the only file written
# (no -E, -l, -s), so write@file is the spool's.
if [ -r "$shim" ]; then
	for n in 1 3; do
		for j in 1 2; do
			rc=0
			LD_PRELOAD=$shim PADU_FAULT=write@file:$n:ENOSPC PADU_FAULT_LOG=$PWD/fired \
				"$bin/padu-dedupe" -j $j -f rules.json -k rows.csv > /dev/null 2> err || rc=$?
			[ "$rc" -eq 1 ] && grep -q 'temporary file: write error: No space left' err &&
				ok "ENOSPC on the spool's write $n, -j $j: exit 1, saying so" ||
				no "ENOSPC on the spool's write $n, -j $j: exit 1, saying so" "rc=$rc" "$(cat err)"
		done
	done
	[ "$(grep -c "^write fd [0-9]* #[13] No space left" fired)" -eq 4 ] && ok "the four faults fired" ||
		no "the four faults fired" "$(cat fired)"
else
	no "the fault shim is built ($shim)"
fi
rc=0
TMPDIR=$PWD/none "$bin/padu-dedupe" -j 2 -f rules.json -k rows.csv > /dev/null 2> err || rc=$?
[ "$rc" -eq 1 ] && grep -q "cannot create a temporary file in '$PWD/none'" err &&
	ok "a TMPDIR that does not exist: exit 1 naming it" ||
	no "a TMPDIR that does not exist: exit 1 naming it" "rc=$rc" "$(cat err)"
exit $((bad > 0))
