# bench/lib.sh: what the benchmark scripts share (sourced, bash).
# time_runs NAME CMD...: run CMD $runs times with standard output to
# /dev/null; print "NAME median min max MB/s peak_RSS_MB" for input $mb MB.
time_runs() {
	local name=$1 i; shift
	: > "$here/data/times"
	for ((i = 0; i < runs; i++)); do
		/usr/bin/time -f "%e %M" -o "$here/data/t1" "$@" > /dev/null 2> "$here/data/err" ||
			{ echo "$name failed: $(tail -3 "$here/data/err")" >&2; return 0; }
		cat "$here/data/t1" >> "$here/data/times"
	done
	sort -n "$here/data/times" | awk -v name="$name" -v mb="$mb" '
		{ t[NR] = $1; if ($2 > rss) rss = $2 }
		END { m = t[int((NR + 1) / 2)];
		      printf "%s %.2f %.2f %.2f %.0f %.1f\n", name, m, t[1], t[NR], (m > 0 ? mb / m : 0), rss / 1024 }'
}

# ensure_duckdb: install the DuckDB peer (npm) into bench/node_modules.
ensure_duckdb() {
	[ -d "$here/node_modules/@duckdb/node-api" ] && return 0
	echo "installing DuckDB (npm @duckdb/node-api) ..." >&2
	(cd "$here" && npm install --no-audit --no-fund >/dev/null 2>&1) ||
		echo "DuckDB unavailable: npm install failed" >&2
}

# machine: the report's first lines.
machine() {
	echo "$(date -u +%Y-%m-%d), $(nproc) cores, $(awk '/model name/ { $1=$2=$3=""; print; exit }' /proc/cpuinfo | sed 's/^ *//'),"
	echo "$(uname -sr), padu $(cat "$here/../VERSION"), mlr $(mlr --version 2>/dev/null | awk '{print $2}'),"
	echo "DuckDB $(node -e "console.log(require('$here/node_modules/@duckdb/node-api/package.json').version)" 2>/dev/null || echo none)."
}

# table PADU_NAME: the results file as a Markdown table with ratios.
table() {
	local padu
	padu=$(awk -v n="$1" '$1 == n { print $2 }' "$results")
	echo "| tool | median s | min s | max s | MB/s | peak RSS MB | padu time / tool time |"
	echo "|---|---:|---:|---:|---:|---:|---:|"
	awk -v p="$padu" '{ printf "| %s | %s | %s | %s | %s | %s | %.2f |\n", $1, $2, $3, $4, $5, $6, ($2 > 0 ? p / $2 : 0) }' "$results"
}
