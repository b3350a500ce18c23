#!/usr/bin/env bash
# messages.sh: a filter's message is one line written at once.  Stages of
# a pipeline that run side by side append their messages to one log
# (O_APPEND); a message written in pieces could have another's land in its
# middle (fault.sh's pipeline check once found its line torn that way).
# 400 failing filters at once, 100 a time, append to one file: every
# line must be whole.  TAP lines for tests/run.
set -u
bin=${PADU_BIN:?}
cd "${TMPDIR:?}" || exit 1
bad=0
ok() { echo "ok - messages: $1"; }
no() { bad=$((bad + 1)); echo "not ok - messages: $1"; shift; for l in "$@"; do echo "# $l"; done; }

: > log
for round in 1 2 3 4; do
	for i in $(seq 1 100); do
		"$bin/padu-cat" "no-such-file-$round-$i.csv" 2>> log &
	done
	wait
done
torn=$(grep -cv '^padu-cat: no-such-file-[0-9]*-[0-9]*\.csv: No such file or directory$' log)
lines=$(wc -l < log)
if [ "$lines" -eq 400 ] && [ "$torn" -eq 0 ]; then
	ok "400 messages appended at once to one file: 400 whole lines"
else
	no "400 messages appended at once to one file: 400 whole lines" "$lines lines, $torn torn" \
		"$(grep -v '^padu-cat: no-such-file-[0-9]*-[0-9]*\.csv: No such file or directory$' log | head -3)"
fi
[ $bad -eq 0 ]
