#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# tests/sh/expr-diff.sh: lib/expr answers as sqlite3 does.
#
#   PADU_TOP=. PADU_UNIT=build/obj/tests TMPDIR=$(mktemp -d) \
#       bash tests/sh/expr-diff.sh
#
# (a) the differential test: tests/gen/expr_diff.py, seeded, writes 250
#     random rows of a typed table (TEXT, INTEGER, REAL, NUMERIC and BLOB
#     columns; NULLs, numeric-looking text, big and negative numbers, reals)
#     and 2,000 random expressions of the grammar lib/expr shares with SQLite,
#     evaluates every (expression, row) pair with Python's sqlite3 module and
#     with $PADU_UNIT/test-exprdiff, and requires at least 100,000 pairs, all
#     identical in type and value (reals by their bits and their text);
# (b) the expectations in tests/unit/test-expr.c's table are sqlite3's.
# SEED=n runs (a) with another seed.  TAP lines for tests/run; a few seconds.
set -u
export LC_ALL=C TZ=UTC
top=${PADU_TOP:?PADU_TOP must name the repository root}
unit=${PADU_UNIT:?PADU_UNIT must name the unit test programs}

tap() {	# tap NAME STATUS OUTPUT
	if [ "$2" -eq 0 ]; then
		echo "ok - expr-diff: $1: $(tail -1 <<< "$3")"
	else
		echo "not ok - expr-diff: $1"
		sed 's/^/# /' <<< "$3" | head -40
	fi
}

out=$(python3 "$top/tests/gen/expr_diff.py" --driver "$unit/test-exprdiff" \
	--seed "${SEED:-7}" --rows 250 --exprs 2000 --depth 5 --min-pairs 100000 2>&1)
tap "padu and sqlite3 agree on random expressions" $? "$out"

out=$(python3 "$top/tests/gen/expr_cases.py" \
	"$top/tests/unit/test-expr.c" 2>&1)
tap "the unit test's expectations are sqlite3's" $? "$out"
