#!/usr/bin/env bash
# pipeline-concurrent.sh: issue 10, "two concurrent runs never interleave",
# and failed runs publish nothing.  pipelines/klaten.sh on
# fixtures/small/raw with PADU_BIN a folder of wrappers around the build's
# programs: each call appends "TAG start|end NANOSECONDS PROGRAM" to
# $MARKS (TAG names the run), and with GATE set it waits, holding the lock,
# until that file exists.
#   - Two reference runs: the files that differ between them are the run's
#     own record (manifest, log, stats with timings, report footers); a run
#     is "equal to the reference" when it has the same folders and files
#     and the same bytes in every other file.
#   - Two runs started at once into one OUT with PADU_LOCK=wait: both exit
#     0; every program of one run ended before the first program of the
#     other started (the marker lines are not interleaved), the intervals
#     of their published logs do not overlap, both are published, equal to
#     the reference, and current points to the one that ran second.
#   - PADU_LOCK=fail while run A holds the lock (at its gate): run B exits
#     75 with "another run holds OUT/.lock", runs no program, publishes
#     nothing, leaves no work folder and no failed log; A then exits 0 and
#     publishes one run, equal to the reference.
#   - A truncated rules file (pipelines/ copied, rules/clean.json cut in
#     half) and a truncated export (a JSON array cut short) each fail the
#     run: non-zero, current and its files untouched, no run added, no work
#     folder left, and the failed log names the stage and the file's error.
#     (pipeline-fixtures.sh tests a broken codebook the same way.)
# TAP lines for tests/run.
set -u
bin=${PADU_BIN:?} top=${PADU_TOP:?}
tmp=$(mktemp -d "${TMPDIR:-/tmp}/pipeline-concurrent.XXXXXX") || exit 1
trap 'rm -rf "$tmp"' EXIT
cd "$tmp" || exit 1
bad=0
ok() { echo "ok - pipeline-concurrent: $1"; }
no() { bad=$((bad + 1)); echo "not ok - pipeline-concurrent: $1"; shift; for l in "$@"; do echo "# $l"; done; }

raw=$top/fixtures/small/raw
out=$tmp/out
mkdir wbin
for b in "$bin"/*; do
	n=${b##*/}
	cat > "wbin/$n" <<EOF
#!/bin/sh
printf '%s start %s %s\n' "\${RUN_TAG:-?}" "\$(date +%s%N)" $n >> "\${MARKS:-/dev/null}"
if [ -n "\${GATE:-}" ]; then
	while [ ! -e "\$GATE" ]; do sleep 0.05; done
fi
"$b" "\$@"
rc=\$?
printf '%s end %s %s\n' "\${RUN_TAG:-?}" "\$(date +%s%N)" $n >> "\${MARKS:-/dev/null}"
exit \$rc
EOF
	chmod +x "wbin/$n"
done
export PADU_BIN=$tmp/wbin

# snap DIR: the folder tree and the sha256 of every file, by path.
snap() {
	(cd "$1" && { find . -type d | sort | sed 's/^/dir /'; find . -type f -print0 | sort -z | xargs -0 sha256sum; })
}

# same_as_ref DIR: what DIR lacks, adds or changes beyond the run's record.
same_as_ref() {
	snap "$1" > new.snap
	awk 'FILENAME == ARGV[1] { vol[$2] = 1; next }
	FILENAME == ARGV[2] { old[$2] = $1; next }
	{ new[$2] = $1 }
	END {
		for (p in old)
			if (!(p in new)) print "missing " p
			else if (old[p] != new[p] && !(p in vol)) print "differs " p
		for (p in new) if (!(p in old)) print "added " p
	}' volatile ref.snap new.snap | sort | head -5
}

# 1. The reference.
sh "$top/pipelines/klaten.sh" "$raw" ref 2> log0 && snap ref/current > ref1.snap &&
	sh "$top/pipelines/klaten.sh" "$raw" ref 2>> log0 && snap ref/current > ref.snap
rc=$?
# The run's record differs between runs: what two reference runs showed,
# and always the files that hold times (two runs can fall within the same
# second, or a stats file's seconds can round alike).
awk 'FILENAME == ARGV[1] { h[$2] = $1; next } ($2 in h) && h[$2] != $1 { print "x " $2 }
	FILENAME == ARGV[2] && $2 ~ /^\.\/(stats\/|manifest\.json$|log\.txt$|laporan\.html$|tabel-indikator\.(md|xlsx)$|kualitas-data\.)/ { print "x " $2 }' \
	ref1.snap ref.snap | sort -u > volatile
data=$(grep '\.csv$' volatile | grep -v '^x \./stats/')
if [ $rc -eq 0 ] && [ -z "$data" ]; then
	ok "two reference runs differ only in the run's record"
else
	no "two reference runs differ only in the run's record" "status $rc" "$data" "$(tail -3 log0)"
	exit 1
fi

# 2. Two runs at once with PADU_LOCK=wait.
RUN_TAG=A MARKS=$tmp/marks sh "$top/pipelines/klaten.sh" "$raw" "$out" 2> logA &
pa=$!
RUN_TAG=B MARKS=$tmp/marks sh "$top/pipelines/klaten.sh" "$raw" "$out" 2> logB &
pb=$!
wait $pa; ra=$?
wait $pb; rb=$?
[ $ra -eq 0 ] && [ $rb -eq 0 ] && ok "two runs started at once both exit 0" ||
	no "two runs started at once both exit 0" "status $ra, $rb" "$(tail -2 logA)" "$(tail -2 logB)"
order=$(cut -d' ' -f1 marks | uniq | tr -d '\n')
gap=$(awk -v first="${order%?}" '$1 == first && $2 == "end" && $3 > e { e = $3 }
	$1 != first && $2 == "start" && (s == "" || $3 < s) { s = $3 }
	END { printf "%.3f", (s - e) / 1e9 }' marks)
if [ "$order" = AB ] || [ "$order" = BA ]; then
	ok "their programs do not interleave: all of ${order%?}'s, then ${order#?}'s (gap ${gap}s)"
else
	no "their programs do not interleave" "order of the marker lines: $order"
fi
first=$pa second=$pb
[ "$order" = BA ] && first=$pb second=$pa
r1=$(ls -d "$out"/runs/*-"$first" 2> /dev/null)
r2=$(ls -d "$out"/runs/*-"$second" 2> /dev/null)
s1=$(head -n 1 "$r1/log.txt" 2> /dev/null | cut -d' ' -f1)
e1=$(tail -n 1 "$r1/log.txt" 2> /dev/null | cut -d' ' -f1)
s2=$(head -n 1 "$r2/log.txt" 2> /dev/null | cut -d' ' -f1)
e2=$(tail -n 1 "$r2/log.txt" 2> /dev/null | cut -d' ' -f1)
if [ -n "$e1" ] && [ -n "$s2" ] && [[ ! $e1 > $s2 ]]; then
	ok "the published logs do not overlap ($s1 to $e1, then $s2 to $e2)"
else
	no "the published logs do not overlap" "runs: $(ls "$out/runs" | tr '\n' ' ')" "$s1 to $e1, then $s2 to $e2"
fi
d1=$(same_as_ref "$r1") d2=$(same_as_ref "$r2")
[ -n "$r1" ] && [ -n "$r2" ] && [ -z "$d1$d2" ] && [ "$(ls "$out/runs" | wc -l)" -eq 2 ] &&
	ok "both runs are published, each equal to the reference" ||
	no "both runs are published, each equal to the reference" "$d1" "$d2"
[ "$(readlink -f "$out/current")" = "$(readlink -f "$r2")" ] && ok "current points to the run that ran second" ||
	no "current points to the run that ran second" "current -> $(readlink "$out/current")"

# 3. PADU_LOCK=fail while A holds the lock.
runs0=$(ls "$out/runs" | tr '\n' ' ')
cur0=$(readlink "$out/current")
snap "$out/current" > cur0.snap
GATE=$tmp/go RUN_TAG=A MARKS=$tmp/marks2 sh "$top/pipelines/klaten.sh" "$raw" "$out" 2> logA2 &
pa=$!
i=0
while ! grep -q '^A start' marks2 2> /dev/null && [ $i -lt 600 ]; do
	sleep 0.05
	i=$((i + 1))
done
PADU_LOCK=fail RUN_TAG=B MARKS=$tmp/marks2 sh "$top/pipelines/klaten.sh" "$raw" "$out" 2> logB2
rb=$?
works=$(ls -d "$out"/.work-* 2> /dev/null | wc -l)
touch go
wait $pa; ra=$?
[ $rb -eq 75 ] && grep -q "another run holds $out/.lock" logB2 &&
	ok "PADU_LOCK=fail: the second run exits 75 and says another run holds the lock" ||
	no "PADU_LOCK=fail: the second run exits 75 and says another run holds the lock" "status $rb" "$(cat logB2)"
if ! grep -q '^B ' marks2 && [ "$works" -eq 1 ] && [ ! -d "$out/failed" ]; then
	ok "PADU_LOCK=fail: the second run runs no program and leaves no work folder or failed log"
else
	no "PADU_LOCK=fail: the second run runs no program and leaves no work folder or failed log" \
		"$(grep -c '^B ' marks2) programs, $works work folders, failed/: $(ls "$out/failed" 2> /dev/null)"
fi
new=$(ls "$out/runs" | tr '\n' ' ')
ra_run=$(ls -d "$out"/runs/*-"$pa" 2> /dev/null)
d=$(same_as_ref "$out/current")
if [ $ra -eq 0 ] && [ -n "$ra_run" ] && [ "$new" = "$runs0$(basename "$ra_run") " ] &&
    [ "$(readlink -f "$out/current")" = "$(readlink -f "$ra_run")" ] && [ -z "$d" ]; then
	ok "PADU_LOCK=fail: the first run is unaffected, exits 0 and publishes the only new run, equal to the reference"
else
	no "PADU_LOCK=fail: the first run is unaffected, exits 0 and publishes the only new run, equal to the reference" \
		"status $ra; runs before: $runs0; after: $new" "$d" "$(tail -2 logA2)"
fi

# 4. A truncated rules file and a truncated export: nothing published.
cur0=$(readlink "$out/current")
snap "$out/current" > cur0.snap
runs0=$(ls "$out/runs")
cp -R "$top/pipelines" pl
f=pl/rules/clean.json
head -c $(($(wc -c < "$f") / 2)) "$f" > cut.json && mv cut.json "$f"
mkdir in
cp "$raw"/*.csv in/
rm in/p3ke_keluarga.csv
head -c 5000 "$raw/variants/p3ke_keluarga.json" > in/p3ke_keluarga.json
# broken NAME STAGE ERROR SCRIPT INPUT
broken() {
	local name=$1 stage=$2 err=$3 rc logf
	rm -rf "$out/failed"
	sh "$4" "$5" "$out" 2> /dev/null
	rc=$?
	logf=$(ls "$out"/failed/log-* 2> /dev/null | head -n 1)
	[ $rc -ne 0 ] && ok "$name: the run fails (status $rc)" || no "$name: the run fails"
	[ -n "$logf" ] && grep -q "step '$stage" "$logf" && grep -q "$err" "$logf" &&
		ok "$name: the failed log names the stage ('$stage...') and the error" ||
		no "$name: the failed log names the stage ('$stage...') and the error" "$(tail -4 "${logf:-/dev/null}")"
	if [ "$(readlink "$out/current")" = "$cur0" ] && [ "$(ls "$out/runs")" = "$runs0" ] &&
	    snap "$out/current" | cmp -s - cur0.snap && ! ls -d "$out"/.work-* > /dev/null 2>&1; then
		ok "$name: nothing is published, current and its files untouched, no work folder left"
	else
		no "$name: nothing is published, current and its files untouched, no work folder left" \
			"current -> $(readlink "$out/current"); runs: $(ls "$out/runs" | tr '\n' ' ')"
	fi
}
broken "a truncated rules/clean.json" "clean" "clean.json:[0-9]*:[0-9]*: premature end of input" "$tmp/pl/klaten.sh" "$raw"
broken "a truncated JSON export" "parse p3ke_keluarga.json" "p3ke_keluarga.json:[0-9]*:[0-9]*: premature end of input" \
	"$top/pipelines/klaten.sh" "$tmp/in"
[ $bad -eq 0 ]
