#!/usr/bin/env bash
# pipeline-pipe.sh: pl_pipe of pipelines/lib/pipeline.sh, two stages joined
# by a named pipe, and its SIGPIPE policy.  Each case is a small pipeline
# script (sh, set -eu, as the regency pipelines are) run with a time limit,
# so a hang fails the case instead of the test run:
#   - both sides succeed: exit 0, OUT holds every row, the FIFO is gone,
#     PADU_STEP_TIMES has a line for each side;
#   - the reader fails before it opens the FIFO (bad rules, exit 2): the
#     writer, blocked opening the FIFO, is let go; the run fails naming the
#     reader, without hanging, and nothing is published; so does a reader
#     that fails before the writer has opened the FIFO (false);
#   - the reader fails half way (reads 100 KB, exits 3): the run fails
#     naming the reader; the writer's SIGPIPE is logged, not blamed;
#   - the writer fails (a missing input): the run fails naming the writer,
#     even though the reader read what came and exited 0;
#   - the reader exits 0 without reading it all (head -c): the writer ends
#     on SIGPIPE, and the run fails naming the writer;
#   - -t FILE: the writer's output also kept in FILE; a FILE that tee
#     cannot write fails the run naming the writer, and so do a failing
#     writer and reader as without -t;
#   - the real filters: padu-cat | padu-dedupe on the small fixtures give
#     the same bytes as the two run one after the other through a file.
# TAP lines for tests/run.
set -u
bin=${PADU_BIN:?} top=${PADU_TOP:?}
tmp=$(mktemp -d -p "${TMPDIR:-/tmp}") || exit 1
trap 'rm -rf "$tmp"' EXIT
cd "$tmp" || exit 1
bad=0
ok() { echo "ok - pipeline-pipe: $1"; }
no() { bad=$((bad + 1)); echo "not ok - pipeline-pipe: $1"; shift; for l in "$@"; do echo "# $l"; done; }

# rows.csv: a header and 200,000 rows (3.5 MB, more than a pipe holds).
awk 'BEGIN { print "_src,_row,nik"; for (i = 1; i <= 200000; i++) printf "t,%d,%d\n", i, i % 1000 }' > rows.csv
printf '{"padu_match": 1, "id": "t", "exact": [["nik"]]}\n' > rules.json
printf '{"padu_match": 1, "id": "t", "exact": [["no_such"' > broken.json

# run NAME BODY: a pipeline script whose last lines are BODY, run with
# OUT=out-NAME under a 60 s limit; sets rc and log (its published or
# failed log).
run() {
	cat > "p-$1.sh" <<EOF
set -eu
PADU_BIN=$bin
. "$top/pipelines/lib/pipeline.sh"
pl_start "$tmp/out-$1"
W=\$PL_WORK
P=\$PADU_BIN
$2
pl_publish
EOF
	rc=0
	timeout -k 5 60 sh "p-$1.sh" > "err-$1" 2>&1 || rc=$?
	log=$(cat "out-$1"/current/log.txt "out-$1"/failed/log-*.txt 2> /dev/null)
}

run good 'pl_pipe "cat rows" "dedupe rows" "$W/rows-fifo.csv" "$W/first.csv" \
	"$P/padu-cat" '"$tmp"'/rows.csv "|" "$P/padu-dedupe" -f '"$tmp"'/rules.json \
	--first --stats "$W/d.json" "$W/rows-fifo.csv"
pl_check "$W/d.json" "dedupe rows"'
if [ $rc -eq 0 ] && [ "$(wc -l < out-good/current/first.csv)" -eq 1001 ] &&
    [ ! -e out-good/current/rows-fifo.csv ] &&
    grep -q '"inputs":\[".*rows-fifo.csv"\],"in":200000,"out":1000,' out-good/current/d.json; then
	ok "both sides succeed: every row through, the FIFO gone, the reader's stats name it"
else
	no "both sides succeed" "exit $rc" "$(cat err-good)"
fi
rm -rf out-good
PADU_STEP_TIMES=$tmp/times run good 'pl_pipe "cat rows" "dedupe rows" "$W/f" "$W/first.csv" \
	"$P/padu-cat" '"$tmp"'/rows.csv "|" "$P/padu-dedupe" -f '"$tmp"'/rules.json --first "$W/f"'
if [ $rc -eq 0 ] && [ "$(cut -f1 times | sort | tr '\n' ,)" = "cat rows,dedupe rows," ]; then
	ok "PADU_STEP_TIMES: a line for each side"
else
	no "PADU_STEP_TIMES: a line for each side" "exit $rc" "$(cat times)"
fi

# failed NAME WHAT PATTERN...: run NAME failed (not hung: timeout's 124),
# published nothing, and its log holds every PATTERN (grep -e).
failed() {
	fname=$1 what=$2
	shift 2
	fok=1
	{ [ $rc -ne 0 ] && [ $rc -ne 124 ] && [ ! -e "out-$fname/current" ]; } || fok=0
	for pat do
		printf '%s\n' "$log" | grep -q -e "$pat" || fok=0
	done
	if [ $fok -eq 1 ]; then
		ok "$what (exit $rc)"
	else
		no "$what" "exit $rc (124: hung)" "$log"
	fi
}

run early 'pl_pipe "cat rows" "dedupe rows" "$W/f" "$W/first.csv" \
	"$P/padu-cat" '"$tmp"'/rows.csv "|" "$P/padu-dedupe" -f '"$tmp"'/broken.json --first "$W/f"'
failed early "the reader fails before opening the FIFO: no hang, the reader named" \
	"step 'dedupe rows' failed" 'broken.json'

# The reader fails at once (false), before the writer's shell has even
# opened the FIFO; padu-dedupe above gave it time to, but under load in
# CI it once did not, and the run hung: the writer is still let go.
run instant 'pl_pipe "cat rows" "false" "$W/f" "$W/x.csv" \
	"$P/padu-cat" '"$tmp"'/rows.csv "|" false'
failed instant "the reader fails before the writer opens the FIFO: no hang, the reader named" \
	"step 'false' failed"

run midway 'pl_pipe "cat rows" "reader" "$W/f" "$W/first.csv" \
	"$P/padu-cat" '"$tmp"'/rows.csv "|" sh -c "head -c 100000 \"\$1\" > /dev/null; exit 3" sh "$W/f"'
failed midway "the reader fails half way: the reader named, the writer's status logged" \
	"step 'reader' failed" "(cat rows ended with status [0-9]*: its reader had failed)"

run writer 'pl_pipe "cat rows" "dedupe rows" "$W/f" "$W/first.csv" \
	"$P/padu-cat" '"$tmp"'/rows.csv '"$tmp"'/no-such.csv "|" "$P/padu-dedupe" -f '"$tmp"'/rules.json --first "$W/f"'
failed writer "the writer fails, the reader does not: the writer named" \
	"step 'cat rows' failed" 'no-such.csv'

run short 'pl_pipe "cat rows" "head" "$W/f" "$W/head.csv" \
	"$P/padu-cat" '"$tmp"'/rows.csv "|" head -c 100 "$W/f"'
failed short "the reader stops early and exits 0: the writer's SIGPIPE fails the run" \
	"step 'cat rows' failed"

# pl_pipe -t: the writer's output is kept in a file as well.
run tee 'pl_pipe -t "$W/all.csv" "cat rows" "dedupe rows" "$W/f" "$W/first.csv" \
	"$P/padu-cat" '"$tmp"'/rows.csv "|" "$P/padu-dedupe" -f '"$tmp"'/rules.json --first "$W/f"'
if [ $rc -eq 0 ] && cmp -s rows.csv out-tee/current/all.csv &&
    [ "$(wc -l < out-tee/current/first.csv)" -eq 1001 ] && [ ! -e out-tee/current/f ] &&
    [ ! -e out-tee/current/f.rc ]; then
	ok "-t: the writer's output kept, the reader's through, the FIFO and status file gone"
else
	no "-t: the writer's output kept" "exit $rc" "$(cat err-tee)" "$(ls out-tee/current)"
fi
run teefail 'pl_pipe -t "$W/no-such-dir/all.csv" "cat rows" "dedupe rows" "$W/f" "$W/first.csv" \
	"$P/padu-cat" '"$tmp"'/rows.csv "|" "$P/padu-dedupe" -f '"$tmp"'/rules.json --first "$W/f"'
failed teefail "-t: a file tee cannot write fails the run naming the writer" \
	"step 'cat rows' failed" "no-such-dir/all.csv"
run teewriter 'pl_pipe -t "$W/all.csv" "cat rows" "dedupe rows" "$W/f" "$W/first.csv" \
	"$P/padu-cat" '"$tmp"'/rows.csv '"$tmp"'/no-such.csv "|" "$P/padu-dedupe" -f '"$tmp"'/rules.json --first "$W/f"'
failed teewriter "-t: the writer fails: the writer named" "step 'cat rows' failed" 'no-such.csv'
run teereader 'pl_pipe -t "$W/all.csv" "cat rows" "dedupe rows" "$W/f" "$W/first.csv" \
	"$P/padu-cat" '"$tmp"'/rows.csv "|" "$P/padu-dedupe" -f '"$tmp"'/broken.json --first "$W/f"'
failed teereader "-t: the reader fails before opening the FIFO: no hang, the reader named" \
	"step 'dedupe rows' failed" 'broken.json'

# The real filters, piped and through a file.
export PADU_PROFILE_DIR=$top/pipelines/profiles
for f in dtks_individu regsosek_2022; do
	"$bin/padu-parse" --rejects /dev/null -p "${f%%_*}" -S "$f" "$top/fixtures/small/raw/$f.csv" 2> /dev/null |
	"$bin/padu-clean" -f "$top/pipelines/rules/clean.json" -g "$top/pipelines/ref/klaten/regions.csv" \
		-a "$top/pipelines/ref/klaten/aliases.csv" > "c-$f.csv"
done
"$bin/padu-cat" c-dtks_individu.csv c-regsosek_2022.csv > joined.csv
"$bin/padu-dedupe" -f "$top/pipelines/rules/dedupe-orang.json" -k -l links-file.csv joined.csv > via-file.csv
run real 'pl_pipe "cat persons" "dedupe persons" "$W/joined.csv" "$W/via-pipe.csv" \
	"$P/padu-cat" '"$tmp"'/c-dtks_individu.csv '"$tmp"'/c-regsosek_2022.csv "|" \
	"$P/padu-dedupe" -f '"$top"'/pipelines/rules/dedupe-orang.json -k -l "$W/links.csv" "$W/joined.csv"'
if [ $rc -eq 0 ] && cmp -s via-file.csv out-real/current/via-pipe.csv &&
    cmp -s links-file.csv out-real/current/links.csv && [ "$(wc -l < via-file.csv)" -gt 1000 ]; then
	ok "padu-cat | padu-dedupe: the same rows and links as through a file ($(($(wc -l < via-file.csv) - 1)) rows)"
else
	no "padu-cat | padu-dedupe: the same rows and links as through a file" "exit $rc" "$(cat err-real)"
fi
[ $bad -eq 0 ]
