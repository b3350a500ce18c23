#!/usr/bin/env bash
# pipeline-kill.sh: issue 10, cron safety.  pipelines/klaten.sh on
# fixtures/small/raw, killed with SIGKILL (its whole process group, started
# with setsid) at 26 points, never harms what was published.
#   - Two good runs are published; every file of the run OUT/current points
#     to is recorded (sha256, and the folder tree).  The files that differ
#     between these two uninterrupted runs on the same inputs, and always
#     the files that hold the run's times (manifest, log, stats with
#     timings, report footers), are the run's own record: the "volatile"
#     files.
#   - 6 kills at fixed points of the publish step: a PATH shim for mv, ln
#     and rm kills the group just before or after moving the run into
#     runs/, linking .current.new, renaming it over current, pruning; then
#     20 kills at seeded pseudo-random times, uniform in (0, D), D the
#     shorter of the two good runs (seed, times and the stage each kill hit
#     in TAP comments; PADU_SEED picks another seed).
#   - The rule after every kill: OUT/current resolves, and either it still
#     points to the recorded run, whose files are all there, none added,
#     each byte-identical; or the kill fell after the one rename that
#     publishes, and current points to the new run, which must be complete
#     and equal to the recorded one: the same folders and file names, the
#     same bytes in every file but the volatile ones, which must not be
#     empty.  The new run is then the recorded one.  The publish-step kills
#     before that rename must leave the old run, those after it the new.
#   - Afterwards a run with PADU_LOCK=fail succeeds (no stale lock: the
#     kernel releases the flock of a killed run), removes the killed runs'
#     work folders and keeps PADU_KEEP runs; every file is 0600, every
#     folder 0700.
#   - Pruning never removes the run current points to (a run folder named
#     in the future, as after the clock was set back, and PADU_KEEP=1;
#     PADU_KEEP=0 keeps that run only).
# TAP lines for tests/run.
set -u
bin=${PADU_BIN:?} top=${PADU_TOP:?}
tmp=$(mktemp -d "${TMPDIR:-/tmp}/pipeline-kill.XXXXXX") || exit 1
trap 'rm -rf "$tmp"' EXIT
cd "$tmp" || exit 1
bad=0
ok() { echo "ok - pipeline-kill: $1"; }
no() { bad=$((bad + 1)); echo "not ok - pipeline-kill: $1"; shift; for l in "$@"; do echo "# $l"; done; }

out=$tmp/out
raw=$top/fixtures/small/raw
export PADU_BIN=$bin PADU_KEEP=2
klaten() { sh "$top/pipelines/klaten.sh" "$raw" "$out"; }
now() { date +%s.%N; }

# snap DIR: the folder tree and the sha256 of every file, by path.
snap() {
	(cd "$1" && { find . -type d | sort | sed 's/^/dir /'; find . -type f -print0 | sort -z | xargs -0 sha256sum; })
}

# cmp_runs OLD.snap NEW.snap: what the new run lacks, adds, or changes
# beyond the volatile files.
cmp_runs() {
	awk 'FILENAME == ARGV[1] { vol[$2] = 1; next }
	FILENAME == ARGV[2] { old[$2] = $1; next }
	{ new[$2] = $1 }
	END {
		for (p in old)
			if (!(p in new)) print "missing " p
			else if (old[p] != new[p] && !(p in vol)) print "differs " p
		for (p in new) if (!(p in old)) print "added " p
	}' volatile "$1" "$2" | sort
}

# 1. Two good runs: the recorded run, the volatile files, the duration.
t0=$(now); klaten 2> log1; rc1=$?; t1=$(now)
snap "$out/current" > run1.snap
klaten 2> log2; rc2=$?; t2=$(now)
if [ $rc1 -eq 0 ] && [ $rc2 -eq 0 ] && [ -d "$out/current" ]; then
	ok "two good runs publish"
else
	no "two good runs publish" "status $rc1, $rc2" "$(tail -3 log2)"
	exit 1
fi
ref=$(readlink "$out/current")
snap "$out/current" > ref.snap
# The run's record: what differs between the two runs, and always the
# files that hold times (two runs can fall within the same second, or a
# stats file's seconds can round alike), as in pipeline-concurrent.sh.
awk 'FILENAME == ARGV[1] { h[$2] = $1; next } ($2 in h) && h[$2] != $1 { print "x " $2 }
	FILENAME == ARGV[2] && $2 ~ /^\.\/(stats\/|manifest\.json$|log\.txt$|laporan\.html$|tabel-indikator\.(md|xlsx)$|kualitas-data\.)/ { print "x " $2 }' \
	run1.snap ref.snap | sort -u > volatile
data=$(grep -E '\.csv$' volatile | grep -v '^x \./stats/')
[ -z "$data" ] && [ "$(cut -d' ' -f2 run1.snap | sort)" = "$(cut -d' ' -f2 ref.snap | sort)" ] &&
	ok "two runs on the same inputs publish the same files and the same tables" ||
	no "two runs on the same inputs publish the same files and the same tables" $data
echo "# volatile (the run's record, may differ between runs): $(cut -d' ' -f2 volatile | tr '\n' ' ')"
dur=$(awk -v a="$t0" -v b="$t1" -v c="$t2" 'BEGIN { d = b - a; if (c - b < d) d = c - b; printf "%.3f", d }')

# check WHAT EXPECT: the rule above after a kill; EXPECT old, new or any.
check() {
	local what=$1 want=$2 cur d
	cur=$(readlink "$out/current")
	if [ ! -d "$out/current" ]; then
		no "$what: OUT/current resolves" "current -> $cur"
		return
	fi
	if [ "$cur" = "$ref" ]; then
		d=$(snap "$out/current" | diff ref.snap - | head -5)
		if [ "$want" = new ]; then
			no "$what: current points to the new run" "still $cur"
		elif [ -z "$d" ]; then
			ok "$what: current is the published run, every file byte-identical, none added or missing"
		else
			no "$what: current is the published run, every file byte-identical, none added or missing" "$d"
		fi
		return
	fi
	snap "$out/current" > new.snap
	d=$(cmp_runs ref.snap new.snap | head -5)
	for v in $(cut -d' ' -f2 volatile); do
		[ -s "$out/current/$v" ] || d="$d empty $v"
	done
	if [ "$want" = old ]; then
		no "$what: current still points to the published run" "now $cur"
	elif [ -z "$d" ]; then
		ok "$what: after the rename, current is the new run ($cur), complete and equal to the old"
	else
		no "$what: after the rename, current is the new run ($cur), complete and equal to the old" "$d"
	fi
	ref=$cur
	cp new.snap ref.snap
}

# where: the stage the killed run was in (its work folder's last log line).
where() {
	local w
	w=$(ls -td "$out"/.work-* 2> /dev/null | head -n 1)
	[ -n "$w" ] && [ -f "$w/log.txt" ] && { tail -n 1 "$w/log.txt" | cut -d' ' -f2-; return; }
	echo "(no work folder: before the lock, or after publishing)"
}

# 2. 6 kills inside the publish step, at the commands that make it.
mkdir shim
cat > shim/hook <<'EOF'
#!/bin/sh
# mv, ln, rm for the pipeline under test: KILL_AT=POINT:before|after kills
# the whole process group just before or after the command.
cmd=${0##*/}
point=
case $cmd in
mv) case "$*" in *.current.new*) point=rename-current ;; *"$KILL_OUT/runs/"*) point=move-run ;; esac ;;
ln) case "$*" in *.current.new*) point=link-current ;; esac ;;
rm) case "$*" in *"$KILL_OUT/runs/"*) point=prune ;; esac ;;
esac
if [ -n "$point" ] && [ "$KILL_AT" = "$point:before" ]; then
	echo "$KILL_AT" > "$KILL_HIT"
	kill -KILL 0
fi
PATH=$REAL_PATH
"$cmd" "$@"
rc=$?
if [ -n "$point" ] && [ "$KILL_AT" = "$point:after" ]; then
	echo "$KILL_AT" > "$KILL_HIT"
	kill -KILL 0
fi
exit $rc
EOF
chmod +x shim/hook
for c in mv ln rm; do ln -s hook "shim/$c"; done
path=$PATH
for p in move-run:before:old move-run:after:old link-current:after:old \
    rename-current:before:old rename-current:after:new prune:before:new; do
	at=${p%:*}
	rm -f hit
	KILL_AT=$at KILL_HIT=$tmp/hit KILL_OUT=$out REAL_PATH=$path PATH=$tmp/shim:$path \
		setsid sh "$top/pipelines/klaten.sh" "$raw" "$out" 2> /dev/null &
	pid=$!
	wait "$pid" 2> /dev/null
	rc=$?
	if [ $rc -eq 137 ] && [ "$(cat hit 2> /dev/null)" = "$at" ]; then
		check "kill in the publish step at $at" "${p##*:}"
	else
		no "kill in the publish step at $at" "status $rc; the point was not reached"
	fi
done

# 3. 20 kills at seeded random times in (0, D).
seed=${PADU_SEED:-20261128}
times=$(python3 -c 'import random, sys
r = random.Random(int(sys.argv[1]))
print(" ".join("%.3f" % r.uniform(0.001, float(sys.argv[2])) for _ in range(20)))' "$seed" "$dur")
echo "# seed $seed, run duration ${dur}s, kill times (s): $times"
i=0
for t in $times; do
	i=$((i + 1))
	setsid sh "$top/pipelines/klaten.sh" "$raw" "$out" 2> /dev/null &
	pid=$!
	sleep "$t"
	kill -KILL -- "-$pid" 2> /dev/null
	wait "$pid" 2> /dev/null
	rc=$?
	if [ $rc -eq 137 ]; then
		echo "# kill $i at ${t}s: $(where)"
	else
		echo "# kill $i at ${t}s: the run had already ended (status $rc)"
	fi
	check "kill $i at ${t}s" any
done

# 4. A run afterwards: no stale lock, no work folder left, PADU_KEEP runs.
n=$(ls -d "$out"/.work-* 2> /dev/null | wc -l)
PADU_LOCK=fail klaten 2> log3
rc=$?
[ $rc -eq 0 ] && ok "a run after the kills succeeds with PADU_LOCK=fail (no stale lock)" ||
	no "a run after the kills succeeds with PADU_LOCK=fail (no stale lock)" "status $rc" "$(tail -3 log3)"
check "the run after the kills" new
left=$(ls -d "$out"/.work-* "$out"/.current.new 2> /dev/null)
[ -z "$left" ] && ok "it removes the $n work folder(s) the kills left" ||
	no "it removes the $n work folder(s) the kills left" $left
runs=$(ls "$out/runs" | wc -l)
[ "$runs" -eq 2 ] && [ -d "$out/$ref" ] && ok "PADU_KEEP=2 runs are kept, current among them" ||
	no "PADU_KEEP=2 runs are kept, current among them" "$(ls "$out/runs")"
modes=$(find "$out" \( -type f ! -perm 600 \) -o \( -type d ! -perm 700 \) | head -5)
[ -z "$modes" ] && ok "every file in OUT is mode 0600, every folder 0700" ||
	no "every file in OUT is mode 0600, every folder 0700" $modes

# 5. Pruning keeps current even when another run's name sorts after it.
mkdir -m 700 "$out/runs/29991231T235959Z-1"
PADU_KEEP=1 klaten 2> log4
rc=$?
cur=$(readlink "$out/current")
[ $rc -eq 0 ] && [ -d "$out/current" ] && [ -f "$out/current/tabel-indikator.csv" ] &&
	ok "pruning (PADU_KEEP=1, a run named in the future) keeps the run current points to" ||
	no "pruning (PADU_KEEP=1, a run named in the future) keeps the run current points to" \
		"status $rc, current -> $cur" "$(ls "$out/runs")"
PADU_KEEP=0 klaten 2> log5
rc=$?
[ $rc -eq 0 ] && [ "$(ls "$out/runs")" = "$(basename "$(readlink "$out/current")")" ] &&
	ok "PADU_KEEP=0 keeps only the run current points to" ||
	no "PADU_KEEP=0 keeps only the run current points to" "status $rc" "$(ls "$out/runs")"
[ $bad -eq 0 ]
