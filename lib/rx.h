/* SPDX-License-Identifier: MIT */
/*
 * rx: regular expressions for rules and expressions, on PCRE2.
 *
 * A pattern is compiled once (UTF mode, JIT when the machine has it and
 * PADU_NO_JIT is not set: make valgrind sets it, as valgrind cannot follow
 * the JIT's reads) and matched many times.  Every match runs under a match limit and a depth
 * limit, so that no pattern, however catastrophic its backtracking, can
 * hang a run: it fails with RX_ELIMIT instead, and the caller decides what
 * that means for the row.  Compile errors name the pattern and the offset.
 * Nothing here prints or exits.  An rx is not safe to share across
 * threads (it owns its match data).
 */
#ifndef PADU_RX_H
#define PADU_RX_H

#include <stddef.h>

#include "buf.h"

typedef struct rx rx;

enum {
	RX_CASELESS = 1		/* case-insensitive (Unicode-aware) */
};

enum {
	RX_NOMATCH = 0,		/* rx_match: no match */
	RX_ELIMIT = -1,		/* match or depth limit exceeded */
	RX_EUTF = -2,		/* the subject is not valid UTF-8 */
	RX_EOTHER = -3		/* any other matching error */
};

/* The limits every match runs under (see pcre2_set_match_limit). */
#define RX_MATCH_LIMIT 1000000
#define RX_DEPTH_LIMIT 10000

/*
 * rx_compile: compile pattern (n bytes) with flags.  On error returns NULL
 * and sets *err to a malloc'd message: "bad pattern 'x(': missing closing
 * parenthesis at offset 2".
 */
rx *rx_compile(const char *pattern, size_t n, unsigned flags, char **err);

/* rx_free: free a compiled pattern. NULL is a no-op. */
void rx_free(rx *r);

/*
 * rx_match: match r against s[0..n) from offset start.  On a match returns
 * the number of captured pairs (>= 1) and, when ov is not NULL, stores up
 * to novec offset pairs (start, end) in ov[0..2*novec); else RX_NOMATCH or
 * a negative RX_E* code.
 */
int rx_match(rx *r, const char *s, size_t n, size_t start, size_t *ov,
    size_t novec);

/*
 * rx_replace: append to out s[0..n) with matches of r replaced by repl
 * ($1, ${name} refer to groups), every match when global is true, else the
 * first.  Returns the number of replacements (>= 0) or a negative RX_E*
 * code; *err (if not NULL) gets a malloc'd message for bad replacements.
 */
int rx_replace(rx *r, const char *s, size_t n, const char *repl, int global,
    struct buf *out, char **err);

/*
 * rx_check_replacement: whether repl refers only to groups that r has ($1,
 * ${2}, ${name}, $name; $$ is a dollar sign), so that a bad replacement is
 * found when the rules are loaded, not on the first matching row.
 * Returns 0, or -1 with *err set to a malloc'd message.
 */
int rx_check_replacement(rx *r, const char *repl, char **err);

/* rx_strerror: a message for an RX_E* code. */
const char *rx_strerror(int code);

/* rx_jit: 1 when r runs JIT-compiled. */
int rx_jit(const rx *r);

#endif
