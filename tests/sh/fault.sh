#!/usr/bin/env bash
# fault.sh: issue 11, "the fault shim test passes for every filter".  Every
# filter of the Makefile's FILTERS (and padu-dedupe --first, whose rows are
# written a batch at a time) runs on a small valid input with I/O faults
# injected by tests/fault/shim.c (LD_PRELOAD, PADU_FAULT):
#   - standard output: a full disk (ENOSPC, and > /dev/full), EIO, a failed
#     close; a closed pipe (EPIPE) ends quietly;
#   - the --stats and --rejects files (and dedupe's --links): ENOSPC on
#     their writes, EIO on close;
#   - input reads: EIO on standard input and on a named file;
# each must exit 1 (padu(7): failed, I/O) with exactly one line on standard
# error naming stdout or the file and the reason, and no sanitizer report.
# Then pipelines/klaten.sh with a full disk under one stage at a time: the
# run exits non-zero and OUT/current stays byte-identical.
# The shim is $PADU_UNIT/libpadufault.so (make check builds it).
# TAP lines for tests/run.
set -u
bin=${PADU_BIN:?} top=${PADU_TOP:?}
shim=${PADU_UNIT:-$top/build/obj/tests}/libpadufault.so
cd "${TMPDIR:?}" || exit 1
bad=0
ok() { echo "ok - fault: $1"; }
no() { bad=$((bad + 1)); echo "not ok - fault: $1"; shift; for l in "$@"; do echo "# $l"; done; }
if [ ! -f "$shim" ]; then
	no "the shim is built" "$shim: not found (make check builds it)"
	exit 1
fi
# A sanitized binary wants its runtime first among the libraries; the shim
# only passes calls on, so the order does not matter here.
export ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}verify_asan_link_order=0"

g=$top/tests/golden
cp "$g/aggregate/003-basic-measures/input" aggregate.csv
cp "$g/classify/001-basic/cb.json" cb.json
cp "$g/classify/001-basic/input" classify.csv
cp "$g/clean/001-text/rules.json" clean.json
cp "$g/clean/001-text/input" clean.csv
cp "$g/dedupe/001-exact/rules.json" dedupe.json
cp "$g/dedupe/001-exact/input" dedupe.csv
cp "$g/join/001-left/rt.csv" rt.csv
cp "$g/join/001-left/orang.csv" join.csv
cp "$g/parse/001-dtks-profile/dtks.txt" parse.txt
cp "$g/render/001-md/tabel.csv" render.csv
cp aggregate.csv cat.csv
cp "$g/mask/001-default/input" mask.csv
cp "$g/mask/001-default/key" mask.key
chmod 600 mask.key

# args FILTER: the options of its small run (without the input).
args() {
	case $1 in
	aggregate) echo "-b kode_desa -m n=count() -m total=sum(pendapatan)" ;;
	cat) echo "" ;;
	classify) echo "-f cb.json" ;;
	clean) echo "-f clean.json" ;;
	dedupe) echo "-f dedupe.json" ;;
	dedupe-first) echo "--first -f dedupe.json" ;;
	join) echo "-f rt.csv -j _hh -c desil,jenis_lantai" ;;
	mask) echo "-k mask.key" ;;
	parse) echo "-P $top/pipelines/profiles -p dtks" ;;
	render) echo "-f md" ;;
	esac
}
input() { case $1 in parse) echo parse.txt ;; dedupe-first) echo dedupe.csv ;; *) echo "$1.csv" ;; esac; }
# prog FILTER: its program (dedupe-first is padu-dedupe --first, which
# decides and writes the rows a batch at a time).
prog() { case $1 in dedupe-first) echo dedupe ;; *) echo "$1" ;; esac; }
accounts() { [ "$1" != render ]; }	# has --stats and --rejects

# expect NAME WANT_RC WANT_ERR_REGEX: check rc, err (one line matching) and
# that the fault fired (the log is not empty) when FIRED is set.
expect() {
	local name=$1 want=$2 re=$3 lines
	lines=$(wc -l < err)
	if [ "$rc" -ne "$want" ]; then
		no "$name: exit $want" "rc=$rc" "$(head -5 err)"
	elif [ -n "$re" ] && { [ "$lines" -ne 1 ] || ! grep -Eq "$re" err; }; then
		no "$name: one line /$re/" "$(head -5 err)"
	elif [ -z "$re" ] && [ -s err ]; then
		no "$name: nothing on standard error" "$(head -5 err)"
	elif [ -n "${FIRED:-}" ] && [ ! -s fired ]; then
		no "$name: the fault fired" "PADU_FAULT=$fault"
	else
		ok "$name"
	fi
}

# run FILTER FAULT ARGS...: the filter under the shim; rc, out, err, fired.
run() {
	local f=$1; fault=$2; shift 2
	rm -f fired
	# shellcheck disable=SC2046
	LD_PRELOAD=$shim PADU_FAULT=$fault PADU_FAULT_LOG=$PWD/fired \
		"$bin/padu-$(prog "$f")" $(args "$f") "$@" > out 2> err
	rc=$?
}

filters=$(sed -n 's/^FILTERS = //p' "$top/Makefile")
[ -n "$filters" ] || no "FILTERS in the Makefile" "none found"
for f in $filters dedupe-first; do
	in=$(input "$f") p="padu-$(prog "$f")"
	n=$p${f#"$(prog "$f")"}	# its name in the lines below
	FIRED=1

	# The run is valid: no fault, exit 0.
	run "$f" "" "$in"
	FIRED= expect "$n runs clean under the shim" 0 ""

	run "$f" write@stdout:1:ENOSPC "$in"
	expect "$n: full disk on the first stdout write" 1 \
		"^$p: stdout: write error: No space left on device$"
	run "$f" write@stdout:1:EIO "$in"
	expect "$n: EIO on stdout" 1 "^$p: stdout: write error: Input/output error$"
	run "$f" write@stdout:1:EPIPE "$in"
	expect "$n: EPIPE on stdout ends quietly" 1 ""
	run "$f" close@stdout:1:EIO "$in"
	expect "$n: EIO on closing stdout" 1 "^$p: stdout: write error: Input/output error$"
	# shellcheck disable=SC2046
	"$bin/$p" $(args "$f") "$in" > /dev/full 2> err; rc=$?
	FIRED= expect "$n > /dev/full" 1 "^$p: stdout: write error: No space left on device$"

	# Input reads: standard input (<stdin>) and a named file.
	run "$f" read@stdin:1:EIO - < "$in"
	expect "$n: EIO reading standard input" 1 "^$p: <stdin>: read error: Input/output error$"
	cp "$in" "in-$in"
	run "$f" "read@in-$in:1:EIO" "in-$in"
	expect "$n: EIO reading a file" 1 "^$p: [^ ]*: read error: Input/output error$"

	accounts "$f" || continue
	# --stats: its one write, and its close.
	run "$f" write@st.json:1:ENOSPC -s st.json - < "$in"
	expect "$n: full disk writing --stats" 1 "^$p: st.json: write error: No space left on device$"
	run "$f" close@st.json:1:EIO -s st.json - < "$in"
	expect "$n: EIO closing --stats" 1 "^$p: st.json: write error: Input/output error$"
	# --rejects: its writes and its close.
	run "$f" write@rej.csv:1:ENOSPC -r rej.csv - < "$in"
	expect "$n: full disk writing --rejects" 1 "^$p: rej.csv: write error: No space left on device$"
	run "$f" close@rej.csv:1:EIO -r rej.csv - < "$in"
	expect "$n: EIO closing --rejects" 1 "^$p: rej.csv: write error: Input/output error$"
	[ "$(prog "$f")" = dedupe ] || continue
	run "$f" write@l.csv:1:ENOSPC -l l.csv - < "$in"
	expect "$n: full disk writing --links" 1 "^$p: l.csv: write error: No space left on device$"
	run "$f" close@l.csv:1:EIO -l l.csv - < "$in"
	expect "$n: EIO closing --links" 1 "^$p: l.csv: write error: Input/output error$"
done

# The pipeline: a published run, then a full disk under one stage at a
# time (a wrapper preloads the shim into that program only).  Each run
# exits non-zero, publishes nothing and leaves current byte-identical.
out=$PWD/pub
PADU_BIN=$bin sh "$top/pipelines/klaten.sh" "$top/fixtures/small/raw" "$out" 2> log ||
	no "pipelines/klaten.sh exits 0" "$(tail -5 log)"
tree() { (cd "$out/current/" && find . -type f -exec sha256sum {} + | sort); }
before=$(tree) runs=$(ls "$out/runs" | wc -l)
for stage in parse clean dedupe classify aggregate render; do
	rm -rf "$out/failed"
	rm -rf wbin; mkdir wbin
	for b in "$bin"/*; do ln -s "$b" "wbin/${b##*/}"; done
	rm "wbin/padu-$stage"
	printf '#!/bin/sh\nLD_PRELOAD=%s PADU_FAULT=write@stdout:1:ENOSPC exec %s "$@"\n' \
		"$shim" "$bin/padu-$stage" > "wbin/padu-$stage"
	chmod +x "wbin/padu-$stage"
	PADU_BIN=$PWD/wbin sh "$top/pipelines/klaten.sh" "$top/fixtures/small/raw" "$out" \
		> /dev/null 2> log; rc=$?
	if [ $rc -ne 0 ] && [ "$(tree)" = "$before" ] &&
	    [ "$(ls "$out/runs" | wc -l)" -eq "$runs" ] &&
	    grep -rq "^padu-$stage: stdout: write error: No space left on device" \
	    "$out/failed"; then
		ok "pipeline: full disk under padu-$stage fails ($rc), names it, current untouched"
	else
		no "pipeline: full disk under padu-$stage fails, current untouched" "rc=$rc" \
			"current $([ "$(tree)" = "$before" ] && echo untouched || echo CHANGED)," \
			"runs $(ls "$out/runs" | wc -l) (before: $runs), failed logs: $(ls "$out/failed" 2>&1)" \
			"stderr: $(tail -5 log)" "failed log: $(tail -8 "$out"/failed/* 2>&1)"
	fi
done
exit $((bad > 0))
