#!/bin/sh
# deps.sh: make sure what a make target needs is installed.
#
#   sh build-aux/deps.sh build|check|valgrind|bench|demo|fuzz
#
# Each need is a test and the Debian package that satisfies it.  Missing
# packages are installed with apt-get when run as root; otherwise the exact
# command is printed and the script fails.
set -u

needs() {
	case $1 in
	build) echo "cmd:cc:gcc cmd:make:make cmd:pkg-config:pkg-config
		header:csv.h:libcsv-dev pc:jansson:libjansson-dev
		pc:libpcre2-8:libpcre2-dev pc:libzip:libzip-dev
		pc:expat:libexpat1-dev pc:xlsxwriter:libxlsxwriter-dev
		pc:libsodium:libsodium-dev" ;;
	check) needs build; echo "cmd:bash:bash cmd:diff:diffutils
		cmd:python3:python3 cmd:cmp:diffutils" ;;
	valgrind) needs check; echo "cmd:valgrind:valgrind" ;;
	bench) needs build; echo "cmd:mlr:miller cmd:node:nodejs cmd:npm:npm
		file:/usr/bin/time:time cmd:python3:python3 cmd:gnuplot:gnuplot-nox" ;;
	demo) needs check ;;
	fuzz) needs build; echo "cmd:clang:clang rt:fuzzer:libclang-rt-dev" ;;
	*) echo "deps.sh: unknown target '$1'" >&2; exit 2 ;;
	esac
}

missing=
for need in $(needs "${1:-build}"); do
	kind=${need%%:*}; rest=${need#*:}; what=${rest%%:*}; pkg=${rest#*:}
	case $kind in
	cmd) command -v "$what" >/dev/null 2>&1 && continue ;;
	file) [ -e "$what" ] && continue ;;
	header) [ -e "/usr/include/$what" ] && continue ;;
	pc) pkg-config --exists "$what" 2>/dev/null && continue ;;
	rt) [ -e "$(clang --print-runtime-dir 2>/dev/null)/libclang_rt.$what-$(uname -m).a" ] &&
		continue ;;
	esac
	case " $missing " in *" $pkg "*) ;; *) missing="$missing $pkg" ;; esac
done
[ -z "$missing" ] && exit 0

if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null 2>&1; then
	echo "padu: installing$missing" >&2
	export DEBIAN_FRONTEND=noninteractive
	{ apt-get update -qq && apt-get install -y -qq --no-install-recommends $missing; } >&2 ||
		{ echo "padu: apt-get install$missing failed" >&2; exit 1; }
	exit 0
fi
echo "padu: missing packages:$missing; install them with: sudo apt-get install -y$missing" >&2
exit 1
