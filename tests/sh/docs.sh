#!/usr/bin/env bash
# docs.sh: the documentation stays true: man pages render cleanly, every
# program's --help options are in its man page and back, every program is
# listed by `padu --help`, and the README starts with the two commands.
# TAP lines for tests/run.
set -u
bin=${PADU_BIN:?} top=${PADU_TOP:?}
cd "${TMPDIR:?}" || exit 1
bad=0
ok() { echo "ok - docs: $1"; }
no() { bad=$((bad + 1)); echo "not ok - docs: $1"; shift; for l in "$@"; do echo "# $l"; done; }

head -5 "$top/README.md" > top5
if grep -q 'make demo' top5 && grep -q 'make check' top5; then
	ok "README starts with make demo and make check"
else
	no "README starts with make demo and make check"
fi
grep -q '^## Mulai cepat' "$top/README.md" && ok "README has Mulai cepat" || no "README has Mulai cepat"

for page in "$top"/man/*.[17]; do
	name=${page##*/}
	if command -v groff > /dev/null; then
		groff -man -ww -z "$page" > /dev/null 2> err
		[ ! -s err ] && ok "$name renders without warnings" || no "$name renders without warnings" "$(head -3 err)"
	fi
done

for b in "$bin"/padu-*; do
	prog=${b##*/}
	page=$top/man/$prog.1
	if [ ! -f "$page" ]; then no "$prog has a man page"; continue; fi
	ok "$prog has a man page"
	"$b" --help > help
	grep -o -- '--[a-z][a-z-]*' help | sort -u > opts.help
	sed 's/\\-/-/g' "$page" | grep -o -- '--[a-z][a-z-]*' | sort -u > opts.man
	if cmp -s opts.help opts.man; then
		ok "$prog: --help and man page list the same options"
	else
		no "$prog: --help and man page list the same options" "$(diff opts.help opts.man | tr '\n' ' ')"
	fi
	verb=${prog#padu-}
	"$bin/padu" --help | grep -q "^  $verb " && ok "padu --help lists $verb" || no "padu --help lists $verb"
	sed 's/\\-/-/g' "$top/man/padu.1" | grep -q "padu-$verb" && ok "padu(1) lists $verb" || no "padu(1) lists $verb"
	grep -q "\`padu-$verb\`" "$top/README.md" && ok "README lists padu-$verb" || no "README lists padu-$verb"
done
[ $bad -eq 0 ]
