# shellcheck shell=sh
# pipeline.sh: what every regency's pipeline shares (sourced by
# pipelines/<regency>.sh; POSIX sh plus flock(1) and sha256sum(1)).
#
#   pl_start OUT         lock OUT, make a fresh work folder, start the log
#   pl_run NAME OUT CMD...  run one stage into file OUT, logging it; a
#                        failure names the stage
#   pl_pipe [-t FILE] NAME1 NAME2 FIFO OUT CMD1... '|' CMD2...
#                        two stages joined by a named pipe, CMD2 into OUT
#   pl_check STATS NAME  in = out + rejected + merged (+ dropped - extra)
#   pl_spawn CMD...      CMD (stages) beside the run when PADU_JOBS > 1
#   pl_wait PID NAME     wait for a spawned CMD; its failure fails the run
#   pl_hash FILE...      sha256 of FILE... beside the stages that follow,
#                        for pl_manifest
#   pl_manifest FILE...  sha256 of inputs and rule files into manifest.json
#   pl_only ENTRY...     publication mode: remove all but these entries
#                        (and log.txt) of the work folder
#   pl_publish           atomic rename into OUT/runs/, OUT/current -> it
#
# Environment: PADU_BIN (the filters), PADU_LOCK=wait|fail (a second run
# waits for the first, or exits 75 at once), PADU_KEEP (published runs
# kept, default 5), PADU_STEP_TIMES=FILE (append "stage, wall seconds,
# peak RSS KB" per stage, measured by /usr/bin/time; for benchmarks).  A run that fails or is killed leaves OUT/current and
# the runs it points to untouched: everything is written under OUT/.work-*
# first and published with one rename.

pl_log() {
	printf '%s %s\n' "$(date -u +%Y-%m-%dT%H:%M:%SZ)" "$*" >> "$PL_LOG"
	printf '%s\n' "$*" >&2
}

pl_fail() {
	pl_log "GAGAL / FAILED: $*"
	exit 1
}

pl_start() {
	PL_OUT=$1
	# OUT holds personal data: folders 0700, files 0600.
	umask 077
	case ${PADU_KEEP:-5} in
	'' | *[!0-9]*) echo "padu pipeline: PADU_KEEP must be a number" >&2; exit 2 ;;
	esac
	mkdir -p "$PL_OUT" "$PL_OUT/runs" || exit 1
	exec 9> "$PL_OUT/.lock" || exit 1
	if [ "${PADU_LOCK:-wait}" = fail ]; then
		if ! flock -n 9; then
			echo "padu pipeline: another run holds $PL_OUT/.lock; exiting" >&2
			exit 75
		fi
	else
		flock 9
	fi
	PL_WORK=$(mktemp -d "$PL_OUT/.work-XXXXXX") || exit 1
	chmod 700 "$PL_WORK"
	PL_LOG=$PL_WORK/log.txt
	PL_STATS=$PL_WORK/stats
	mkdir -p "$PL_STATS"
	PL_T0=$(date -u +%Y-%m-%dT%H:%M:%SZ)
	# A failed or killed run leaves only its work folder, which the next
	# run removes; what was published stays as it was.
	trap 'pl_cleanup' EXIT
	trap 'exit 130' INT
	trap 'exit 143' TERM
	for old in "$PL_OUT"/.work-*; do
		[ -d "$old" ] && [ "$old" != "$PL_WORK" ] && rm -rf "$old"
	done
	pl_log "mulai / start: padu $("$PADU_BIN/padu" --version 2>/dev/null | awk '{print $2}')"
}

pl_cleanup() {
	rc=$?
	if [ -n "${PL_WORK:-}" ] && [ -d "$PL_WORK" ]; then
		if [ $rc -ne 0 ]; then
			# Jobs still running (parse and clean side by side) end
			# first, so that none writes into the folder removed.
			wait
			printf '%s %s\n' "$(date -u +%Y-%m-%dT%H:%M:%SZ)" \
			    "selesai dengan galat / ended with status $rc" >> "$PL_LOG"
			mkdir -p "$PL_OUT/failed"
			cp "$PL_LOG" "$PL_OUT/failed/log-$(date -u +%Y%m%dT%H%M%SZ).txt" 2>/dev/null
			rm -rf "$PL_WORK"
		fi
	fi
	exit $rc
}

# pl_exec NAME CMD...: run CMD (its redirections are the caller's); with
# PADU_STEP_TIMES, under /usr/bin/time, adding the stage's line.  Returns
# CMD's status.
pl_exec() {
	ename=$1
	shift
	if [ -z "${PADU_STEP_TIMES:-}" ]; then
		"$@"
		return
	fi
	# Benchmarks: wall seconds and peak RSS (KB) of every stage.  One
	# file per stage: stages run side by side (parse, clean, pipes).
	tf=$PL_WORK/.time-$(printf '%s' "$ename" | tr -c 'A-Za-z0-9' _)
	erc=0
	/usr/bin/time -f '%e	%M' -o "$tf" "$@" || erc=$?
	[ -f "$tf" ] && printf '%s\t%s\n' "$ename" "$(tail -n 1 "$tf")" >> "$PADU_STEP_TIMES"
	rm -f "$tf"
	return $erc
}

# pl_run NAME OUT CMD...: a stage writing OUT; its standard error goes to
# the log, and a failure stops the run naming the stage.  The stage does
# not inherit the lock's descriptor, so only this shell holds the lock.
pl_run() {
	name=$1
	outf=$2
	shift 2
	pl_log "langkah / step: $name"
	pl_exec "$name" "$@" > "$outf" 2>> "$PL_LOG" 9>&- ||
		pl_fail "step '$name' failed (see the log above)"
}

# pl_pipe NAME1 NAME2 FIFO OUT CMD1... '|' CMD2...: two stages joined by a
# pipe: CMD1 writes its standard output into the named pipe FIFO, which
# CMD2 reads by that name (so its messages and --stats name the stream),
# and CMD2 writes OUT.  The stream between them is never stored.
# SIGPIPE policy: nothing is ignored.  When CMD2 fails, the run fails
# naming NAME2 (CMD1 then ends on SIGPIPE, or is let out of a blocked
# open, and its status is only logged); when CMD2 succeeds, CMD1 must have
# exited 0 too: a CMD1 killed by SIGPIPE there means CMD2 stopped reading
# early, and the run fails naming NAME1.
# pl_pipe -t FILE ...: CMD1's output is also kept, in FILE (tee(1) writes
# it and the pipe); a tee that fails (a full disk) fails the run naming
# NAME1.  So a stage that reads a published file can run beside the stage
# that writes it.
pl_pipe() {
	ptee=
	if [ "$1" = -t ]; then
		ptee=$2
		shift 2
	fi
	pname=$1
	cname=$2
	fifo=$3
	outf=$4
	shift 4
	pl_log "langkah / step: $pname | $cname"
	rm -f "$fifo"
	mkfifo -m 600 "$fifo" || pl_fail "step '$pname | $cname': cannot make $fifo"
	(
		# The arguments before '|': CMD1.
		k=0
		for a do
			k=$((k + 1))
			[ "$a" = '|' ] && break
		done
		i=0
		for a do
			i=$((i + 1))
			[ $i -lt $k ] && set -- "$@" "$a"
			shift
		done
		if [ -z "$ptee" ]; then
			pl_exec "$pname" "$@" > "$fifo"
			exit
		fi
		# CMD1 | tee FILE > FIFO, with CMD1's status and tee's.
		rcf=$fifo.rc
		{
			erc=0
			pl_exec "$pname" "$@" || erc=$?
			echo "$erc" > "$rcf"
		} | tee -- "$ptee" > "$fifo"
		trc=$?
		erc=$(cat "$rcf" 2> /dev/null || echo 1)
		rm -f "$rcf"
		[ "$erc" -eq 0 ] || exit "$erc"
		[ "$trc" -eq 0 ] || { echo "tee $ptee: status $trc" >&2; exit "$trc"; }
	) 2>> "$PL_LOG" 9>&- &
	ppid=$!
	# The arguments after '|': CMD2.
	while [ $# -gt 0 ] && [ "$1" != '|' ]; do
		shift
	done
	[ $# -gt 1 ] || pl_fail "pl_pipe '$pname | $cname': no '|' and command after it"
	shift
	crc=0
	pl_exec "$cname" "$@" > "$outf" 2>> "$PL_LOG" 9>&- || crc=$?
	# A CMD2 that ended before opening FIFO leaves CMD1 blocked opening
	# it, or on its way there (a busy machine may not have run it yet):
	# opening it here (read and write, which never blocks) lets that open
	# finish, and CMD1's next write then meets no reader.  Again every
	# 50 ms until CMD1 has ended, so that a CMD1 that reaches its open
	# after this one is let go too.
	while kill -0 "$ppid" 2> /dev/null; do
		exec 8<> "$fifo"
		exec 8<&-
		kill -0 "$ppid" 2> /dev/null || break
		sleep 0.05
	done
	prc=0
	wait "$ppid" || prc=$?
	rm -f "$fifo"
	if [ $crc -ne 0 ]; then
		[ $prc -eq 0 ] || pl_log "($pname ended with status $prc: its reader had failed)"
		pl_fail "step '$cname' failed (see the log above)"
	fi
	[ $prc -eq 0 ] || pl_fail "step '$pname' failed (status $prc; see the log above)"
}

# pl_spawn CMD...: run CMD (a function of pl_run stages, say) in the
# background, beside the stages that follow, when PADU_JOBS (default: the
# number of processors) is more than 1; else run it at once.  PL_PID is
# its process id, or empty when it has already run.  Only stages that do
# not read each other's files may run side by side.
pl_spawn() {
	PL_PID=
	if [ "${PADU_JOBS:-$(nproc 2>/dev/null || echo 1)}" -gt 1 ]; then
		( "$@" ) &
		PL_PID=$!
	else
		"$@"
	fi
}

# pl_wait PID NAME: wait for what pl_spawn started (nothing when PID is
# empty); when it failed, the run fails naming NAME.
pl_wait() {
	[ -n "$1" ] || return 0
	wait "$1" || pl_fail "$2 failed (see the log above)"
}

# pl_check STATS NAME: every stats line of STATS must add up.
pl_check() {
	awk -v step="$2" '
	function num(k,   m) { if (match($0, "\"" k "\":[0-9]+")) return substr($0, RSTART + length(k) + 3, RLENGTH - length(k) - 3) + 0; return 0 }
	{
		i = num("in"); o = num("out"); r = num("rejected"); m = num("merged")
		d = num("join_dropped") + num("classify_dropped"); x = num("join_extra")
		if (i != o + r + m + d - x) { printf "%s: in %d != out %d + rejected %d + merged %d + dropped %d - extra %d\n", step, i, o, r, m, d, x; bad = 1 }
	} END { exit bad }' "$1" >> "$PL_LOG" 2>&1 || pl_fail "row accounting of step '$2' does not add up"
}

# pl_hash FILE...: the sha256 and size of each FILE, worked out once,
# beside the stages that follow (pl_spawn) at a lower priority (nice: it
# takes the processor time they leave), for every later pl_manifest:
# hashing the inputs is a second or more of a large run.  The lines
# "SHA256 TAB BYTES TAB PATH" go to .sha256 in the work folder.
# A file that cannot be read fails the step "hash inputs", and the run.
pl_hash_files() {
	for f in "$@"; do
		[ -f "$f" ] || continue
		h=$(nice -n 10 sha256sum < "$f") && b=$(wc -c < "$f") || return 1
		printf '%s\t%s\t%s\n' "${h%% *}" "$(printf '%s' "$b" | tr -d ' ')" "$f"
	done > "$PL_WORK/.sha256.part" && mv "$PL_WORK/.sha256.part" "$PL_WORK/.sha256"
}
pl_hash_step() {
	pl_hash_files "$@" || pl_fail "step 'hash inputs' failed: a file could not be read (see the log above)"
}
pl_hash() {
	pl_log "langkah / step: hash inputs"
	pl_spawn pl_hash_step "$@" 2>> "$PL_LOG" 9>&-
	PL_HASH_PID=$PL_PID
	PL_HASHED=1
}

# pl_manifest FILE...: the provenance of the run, as manifest.json; the
# files pl_hash has hashed are not read again.
pl_manifest() {
	if [ -n "${PL_HASHED:-}" ]; then
		pl_wait "${PL_HASH_PID:-}" "step 'hash inputs'"
		PL_HASH_PID=
		[ -f "$PL_WORK/.sha256" ] || pl_fail "step 'hash inputs' failed"
	fi
	{
		printf '{\n  "padu_manifest": 1,\n'
		printf '  "padu_version": "%s",\n' "$("$PADU_BIN/padu" --version | awk '{print $2}')"
		printf '  "start": "%s",\n  "end": "%s",\n' "$PL_T0" "$(date -u +%Y-%m-%dT%H:%M:%SZ)"
		printf '  "status": 0,\n  "files": [\n'
		first=1
		for f in "$@"; do
			[ -f "$f" ] || continue
			[ $first -eq 1 ] || printf ',\n'
			first=0
			h='' b=''
			if [ -n "${PL_HASHED:-}" ]; then
				while IFS= read -r line; do
					[ "${line#*	*	}" = "$f" ] || continue
					h=${line%%	*}
					b=${line#*	}
					b=${b%%	*}
					break
				done < "$PL_WORK/.sha256"
			fi
			if [ -z "$h" ]; then
				h=$(sha256sum < "$f" | cut -d' ' -f1)
				b=$(wc -c < "$f" | tr -d ' ')
			fi
			printf '    {"path": "%s", "sha256": "%s", "bytes": %s}' \
			    "$(printf '%s' "$f" | sed 's/\\/\\\\/g; s/"/\\"/g; s/\t/\\t/g')" "$h" "$b"
		done
		printf '\n  ],\n  "steps": [\n'
		first=1
		for s in "$PL_STATS"/*.json; do
			[ -f "$s" ] || continue
			while IFS= read -r line; do
				[ $first -eq 1 ] || printf ',\n'
				first=0
				printf '    {"stage": "%s", "stats": %s}' "$(basename "$s" .json)" "$line"
			done < "$s"
		done
		printf '\n  ]\n}\n'
	} > "$PL_WORK/manifest.json"
}

# pl_only ENTRY...: keep only the named files and folders of the work folder
# (and its log), so that a publication holds nothing it does not name: a
# list of what may go out, not of what may not.
pl_only() {
	for e in "$PL_WORK"/* "$PL_WORK"/.[!.]*; do
		[ -e "$e" ] || continue
		case " log.txt $* " in *" ${e##*/} "*) continue ;; esac
		# pl_hash's list is the run's own, not a withheld result.
		case ${e##*/} in .sha256 | .sha256.part) rm -f "$e"; continue ;; esac
		rm -rf "$e" || pl_fail "cannot remove $e"
		pl_log "ditahan / withheld: ${e##*/}"
	done
}

# pl_publish: the complete work folder becomes runs/ID (a rename), then a
# new symlink is renamed over current: that one rename publishes.  A run
# killed before it leaves current on the previous run (a folder already
# moved into runs/ is pruned later like any old run).  Pruning keeps the
# newest PADU_KEEP runs by name and never removes the one current points
# to, even when another name sorts after it (the clock was set back).
# The files reach the disk (syncfs of OUT's file system) before the rename
# that publishes them, and the rename before pruning: a power cut never
# leaves current pointing at files still in the page cache.
pl_publish() {
	run=$(date -u +%Y%m%dT%H%M%SZ)-$$
	pl_log "terbit / published: runs/$run"
	rm -f "$PL_WORK/.sha256"
	sync -f "$PL_WORK" || exit 1
	mv -T "$PL_WORK" "$PL_OUT/runs/$run" || exit 1
	PL_WORK=
	ln -sfn "runs/$run" "$PL_OUT/.current.new" &&
	    mv -T "$PL_OUT/.current.new" "$PL_OUT/current" || exit 1
	sync -f "$PL_OUT" || exit 1
	ls -1 "$PL_OUT/runs" | sort -r | tail -n "+$((${PADU_KEEP:-5} + 1))" |
	    while IFS= read -r old; do
		[ "$old" = "$run" ] || rm -rf "$PL_OUT/runs/$old"
	done
}
