# bench/idle.sh: timing that keeps other jobs' load out (sourced, bash,
# after lib.sh).  The machine may be shared (a test run, another
# benchmark): a run during which other processes used the CPU is not a
# measurement of the tool.

# busy: CPU seconds the whole machine has been busy since boot.
busy() {
	awk -v hz="$(getconf CLK_TCK)" '/^cpu / { printf "%.2f\n", ($2 + $3 + $4 + $7 + $8 + $9) / hz }' /proc/stat
}

# wait_idle: wait (at most 15 minutes) until the machine is idle: at most
# 10% of its CPU time busy over 2 seconds.
wait_idle() {
	local i b0 b1 cpus
	cpus=$(nproc)
	for ((i = 0; i < 450; i++)); do
		b0=$(busy)
		sleep 2
		b1=$(busy)
		awk -v a="$b0" -v b="$b1" -v n="$cpus" 'BEGIN { exit !((b - a) <= 0.1 * 2 * n) }' && return 0
		[ "$i" -eq 0 ] && echo "waiting for the machine to be idle ..." >&2
	done
	echo "the machine stayed busy; timing anyway" >&2
}

# timed NAME CMD...: lib.sh's time_runs, run by run: before each run, wait
# for the machine to be idle; after it, compare the CPU time the machine
# spent with the CPU time CMD spent (user + system, threads and children
# included), and run it again (up to 5 times) when other processes took more
# than 10% of the machine during the run.  Prints "NAME median min max MB/s
# peak_RSS_MB" for input $mb MB, and logs every run, kept or not, to
# $here/data/runs.log.
timed() {
	local name=$1 i try b0 b1 ok cpus
	shift
	cpus=$(nproc)
	: > "$here/data/times"
	for ((i = 0; i < runs; i++)); do
		for ((try = 0; try < 5; try++)); do
			wait_idle
			b0=$(busy)
			/usr/bin/time -f "%e %M %U %S" -o "$here/data/t1" "$@" > /dev/null 2> "$here/data/err" ||
				{ echo "$name failed: $(tail -3 "$here/data/err")" >&2; return 0; }
			b1=$(busy)
			ok=$(awk -v a="$b0" -v b="$b1" -v n="$cpus" '{ other = (b - a) - ($3 + $4)
				print (other <= 0.1 * $1 * n + 0.2) ? "kept" : "again"; printf "%.2f\n", other > "/dev/stderr" }' \
				"$here/data/t1" 2> "$here/data/other")
			echo "$(date -u +%H:%M:%S) $name run $((i + 1)) $(cat "$here/data/t1") other-cpu $(cat "$here/data/other") $ok" >> "$here/data/runs.log"
			[ "$ok" = kept ] && break
		done
		cut -d' ' -f1,2 "$here/data/t1" >> "$here/data/times"
	done
	sort -n "$here/data/times" | awk -v name="$name" -v mb="$mb" '
		{ t[NR] = $1; if ($2 > rss) rss = $2 }
		END { m = t[int((NR + 1) / 2)];
		      printf "%s %.2f %.2f %.2f %.0f %.1f\n", name, m, t[1], t[NR], (m > 0 ? mb / m : 0), rss / 1024 }'
}
