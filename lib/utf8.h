/* SPDX-License-Identifier: MIT */
/*
 * utf8: the text helpers padu needs and no more: validation (the stream is
 * UTF-8 by contract), decoding one code point, and folding for matching
 * names: ASCII and Latin letters to lower case, Latin letters with accents
 * to their base letters (é → e, Ø → o, ß → ss).  Folding never grows the
 * text, so the output fits in a buffer as long as the input.
 */
#ifndef PADU_UTF8_H
#define PADU_UTF8_H

#include <stddef.h>
#include <stdint.h>

/*
 * utf8_valid: 1 if s[0..n) is well-formed UTF-8 (no overlongs, surrogates
 * or code points past U+10FFFF), else 0 with the offset of the first bad
 * byte in *bad (when bad is not NULL).
 */
int utf8_valid(const char *s, size_t n, size_t *bad);

enum {
	UTF8_OK = 0,		/* utf8_check: valid text */
	UTF8_EBAD = 1,		/* a malformed sequence */
	UTF8_ENUL = 2		/* a NUL byte (valid UTF-8, but not text) */
};

/*
 * utf8_check: whether s[0..n) is text: well-formed UTF-8 without NUL
 * bytes, in one pass.  Returns UTF8_OK, or UTF8_EBAD / UTF8_ENUL with the
 * offset of the offending byte in *bad (when bad is not NULL).
 */
int utf8_check(const char *s, size_t n, size_t *bad);

/*
 * utf8_decode: decode the code point at *p (before end) and advance *p.
 * Returns the code point, or -1 for a malformed sequence (then *p advances
 * by one byte).
 */
int32_t utf8_decode(const char **p, const char *end);

/* utf8_encode: write code point c at out (room for 4); return its length. */
size_t utf8_encode(int32_t c, char *out);

enum {
	UTF8_FOLD_CASE = 1,	/* upper to lower case (ASCII, Latin) */
	UTF8_FOLD_ACCENT = 2	/* Latin letters to ASCII base letters */
};

/*
 * utf8_fold: fold s[0..n) into out (room for n + 1 bytes) as flags say;
 * malformed bytes are copied unchanged.  Returns the output length; the
 * output is NUL-terminated.
 */
size_t utf8_fold(char *out, const char *s, size_t n, unsigned flags);

#endif
