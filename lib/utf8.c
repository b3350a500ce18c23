/* SPDX-License-Identifier: MIT */
/*
 * utf8: validation, decoding and Latin folding (see utf8.h).
 *
 * The fold table covers U+00C0..U+017F (Latin-1 Supplement letters and
 * Latin Extended-A), the letters that turn up in Indonesian names typed on
 * European keyboards or carried over from Dutch spellings.  Each entry gives
 * the lower-case form and the ASCII base; code points outside the table
 * fold by ASCII rules only.
 */
#include <string.h>

#include "utf8.h"

/*
 * The validator behind utf8_valid and utf8_check: nul says whether a NUL
 * byte is an error.  The fast path takes eight ASCII bytes at a time (and,
 * when nul is set, bytes that are not zero: the classic has-zero-byte test).
 */
static int
check(const char *s, size_t n, size_t *bad, int nul)
{
	const unsigned char *p = (const unsigned char *)s, *e = p + n;
	const uint64_t ones = 0x0101010101010101ULL;
	const uint64_t high = 0x8080808080808080ULL;

	while (p < e) {
		uint32_t c;
		size_t k, i;

		while (e - p >= 8) {
			uint64_t w;
			memcpy(&w, p, 8);
			if ((w & high) || (nul && ((w - ones) & ~w & high)))
				break;
			p += 8;
		}
		if (p == e)
			break;
		if (*p < 0x80) {
			if (*p == 0 && nul) {
				if (bad)
					*bad = (size_t)(p - (const unsigned char *)s);
				return UTF8_ENUL;
			}
			p++;
			continue;
		}
		if (*p >= 0xC2 && *p <= 0xDF)
			k = 1, c = *p & 0x1F;
		else if (*p >= 0xE0 && *p <= 0xEF)
			k = 2, c = *p & 0x0F;
		else if (*p >= 0xF0 && *p <= 0xF4)
			k = 3, c = *p & 0x07;
		else
			goto fail;
		if ((size_t)(e - p) <= k)
			goto fail;
		for (i = 1; i <= k; i++) {
			if ((p[i] & 0xC0) != 0x80)
				goto fail;
			c = (c << 6) | (p[i] & 0x3F);
		}
		if ((k == 2 && (c < 0x800 || (c >= 0xD800 && c <= 0xDFFF))) ||
		    (k == 3 && (c < 0x10000 || c > 0x10FFFF)))
			goto fail;
		p += k + 1;
	}
	return UTF8_OK;
fail:
	if (bad)
		*bad = (size_t)(p - (const unsigned char *)s);
	return UTF8_EBAD;
}

int
utf8_valid(const char *s, size_t n, size_t *bad)
{
	return check(s, n, bad, 0) == UTF8_OK;
}

int
utf8_check(const char *s, size_t n, size_t *bad)
{
	return check(s, n, bad, 1);
}

int32_t
utf8_decode(const char **pp, const char *end)
{
	const char *p = *pp;
	size_t bad;
	size_t k;
	unsigned char b = (unsigned char)*p;
	int32_t c;

	if (b < 0x80) {
		*pp = p + 1;
		return b;
	}
	k = b >= 0xF0 ? 4 : b >= 0xE0 ? 3 : b >= 0xC0 ? 2 : 1;
	if (k == 1 || (size_t)(end - p) < k || !utf8_valid(p, k, &bad)) {
		*pp = p + 1;
		return -1;
	}
	c = k == 2 ? b & 0x1F : k == 3 ? b & 0x0F : b & 0x07;
	for (size_t i = 1; i < k; i++)
		c = (c << 6) | ((unsigned char)p[i] & 0x3F);
	*pp = p + k;
	return c;
}

size_t
utf8_encode(int32_t c, char *o)
{
	if (c < 0x80) {
		o[0] = (char)c;
		return 1;
	}
	if (c < 0x800) {
		o[0] = (char)(0xC0 | (c >> 6));
		o[1] = (char)(0x80 | (c & 0x3F));
		return 2;
	}
	if (c < 0x10000) {
		o[0] = (char)(0xE0 | (c >> 12));
		o[1] = (char)(0x80 | ((c >> 6) & 0x3F));
		o[2] = (char)(0x80 | (c & 0x3F));
		return 3;
	}
	o[0] = (char)(0xF0 | (c >> 18));
	o[1] = (char)(0x80 | ((c >> 12) & 0x3F));
	o[2] = (char)(0x80 | ((c >> 6) & 0x3F));
	o[3] = (char)(0x80 | (c & 0x3F));
	return 4;
}

/*
 * Folding of U+00C0..U+017F: lower-case code point, and ASCII base letters
 * (one or two).  Index is c - 0xC0.  Non-letters (×, ÷) map to themselves
 * with no base.
 */
struct fold {
	uint16_t lower;		/* lower-case code point */
	char base[3];		/* ASCII base letters, "" for none */
};

static const struct fold latin[0x180 - 0xC0] = {
	/* U+00C0 */
	{0xE0, "a"}, {0xE1, "a"}, {0xE2, "a"}, {0xE3, "a"}, {0xE4, "a"},
	{0xE5, "a"}, {0xE6, "ae"}, {0xE7, "c"}, {0xE8, "e"}, {0xE9, "e"},
	{0xEA, "e"}, {0xEB, "e"}, {0xEC, "i"}, {0xED, "i"}, {0xEE, "i"},
	{0xEF, "i"},
	/* U+00D0 */
	{0xF0, "d"}, {0xF1, "n"}, {0xF2, "o"}, {0xF3, "o"}, {0xF4, "o"},
	{0xF5, "o"}, {0xF6, "o"}, {0xD7, ""}, {0xF8, "o"}, {0xF9, "u"},
	{0xFA, "u"}, {0xFB, "u"}, {0xFC, "u"}, {0xFD, "y"}, {0xFE, "th"},
	{0xDF, "ss"},
	/* U+00E0 */
	{0xE0, "a"}, {0xE1, "a"}, {0xE2, "a"}, {0xE3, "a"}, {0xE4, "a"},
	{0xE5, "a"}, {0xE6, "ae"}, {0xE7, "c"}, {0xE8, "e"}, {0xE9, "e"},
	{0xEA, "e"}, {0xEB, "e"}, {0xEC, "i"}, {0xED, "i"}, {0xEE, "i"},
	{0xEF, "i"},
	/* U+00F0 */
	{0xF0, "d"}, {0xF1, "n"}, {0xF2, "o"}, {0xF3, "o"}, {0xF4, "o"},
	{0xF5, "o"}, {0xF6, "o"}, {0xF7, ""}, {0xF8, "o"}, {0xF9, "u"},
	{0xFA, "u"}, {0xFB, "u"}, {0xFC, "u"}, {0xFD, "y"}, {0xFE, "th"},
	{0xFF, "y"},
	/* U+0100 */
	{0x101, "a"}, {0x101, "a"}, {0x103, "a"}, {0x103, "a"}, {0x105, "a"},
	{0x105, "a"}, {0x107, "c"}, {0x107, "c"}, {0x109, "c"}, {0x109, "c"},
	{0x10B, "c"}, {0x10B, "c"}, {0x10D, "c"}, {0x10D, "c"}, {0x10F, "d"},
	{0x10F, "d"},
	/* U+0110 */
	{0x111, "d"}, {0x111, "d"}, {0x113, "e"}, {0x113, "e"}, {0x115, "e"},
	{0x115, "e"}, {0x117, "e"}, {0x117, "e"}, {0x119, "e"}, {0x119, "e"},
	{0x11B, "e"}, {0x11B, "e"}, {0x11D, "g"}, {0x11D, "g"}, {0x11F, "g"},
	{0x11F, "g"},
	/* U+0120 */
	{0x121, "g"}, {0x121, "g"}, {0x123, "g"}, {0x123, "g"}, {0x125, "h"},
	{0x125, "h"}, {0x127, "h"}, {0x127, "h"}, {0x129, "i"}, {0x129, "i"},
	{0x12B, "i"}, {0x12B, "i"}, {0x12D, "i"}, {0x12D, "i"}, {0x12F, "i"},
	{0x12F, "i"},
	/* U+0130: İ lowers to plain i; ı is already lower */
	{0x69, "i"}, {0x131, "i"}, {0x133, "ij"}, {0x133, "ij"}, {0x135, "j"},
	{0x135, "j"}, {0x137, "k"}, {0x137, "k"}, {0x138, "k"}, {0x13A, "l"},
	{0x13A, "l"}, {0x13C, "l"}, {0x13C, "l"}, {0x13E, "l"}, {0x13E, "l"},
	{0x140, "l"},
	/* U+0140 */
	{0x140, "l"}, {0x142, "l"}, {0x142, "l"}, {0x144, "n"}, {0x144, "n"},
	{0x146, "n"}, {0x146, "n"}, {0x148, "n"}, {0x148, "n"}, {0x149, "n"},
	{0x14B, "ng"}, {0x14B, "ng"}, {0x14D, "o"}, {0x14D, "o"}, {0x14F, "o"},
	{0x14F, "o"},
	/* U+0150 */
	{0x151, "o"}, {0x151, "o"}, {0x153, "oe"}, {0x153, "oe"}, {0x155, "r"},
	{0x155, "r"}, {0x157, "r"}, {0x157, "r"}, {0x159, "r"}, {0x159, "r"},
	{0x15B, "s"}, {0x15B, "s"}, {0x15D, "s"}, {0x15D, "s"}, {0x15F, "s"},
	{0x15F, "s"},
	/* U+0160 */
	{0x161, "s"}, {0x161, "s"}, {0x163, "t"}, {0x163, "t"}, {0x165, "t"},
	{0x165, "t"}, {0x167, "t"}, {0x167, "t"}, {0x169, "u"}, {0x169, "u"},
	{0x16B, "u"}, {0x16B, "u"}, {0x16D, "u"}, {0x16D, "u"}, {0x16F, "u"},
	{0x16F, "u"},
	/* U+0170 */
	{0x171, "u"}, {0x171, "u"}, {0x173, "u"}, {0x173, "u"}, {0x175, "w"},
	{0x175, "w"}, {0x177, "y"}, {0x177, "y"}, {0xFF, "y"}, {0x17A, "z"},
	{0x17A, "z"}, {0x17C, "z"}, {0x17C, "z"}, {0x17E, "z"}, {0x17E, "z"},
	{0x17F, "s"},
};

size_t
utf8_fold(char *out, const char *s, size_t n, unsigned flags)
{
	const char *p = s, *e = s + n;
	char *o = out;

	while (p < e) {
		unsigned char b = (unsigned char)*p;
		const char *start = p;
		int32_t c;

		if (b < 0x80) {
			*o++ = (flags & UTF8_FOLD_CASE) && b >= 'A' && b <= 'Z'
			    ? (char)(b + 32) : (char)b;
			p++;
			continue;
		}
		c = utf8_decode(&p, e);
		if (c >= 0xC0 && c < 0x180) {
			const struct fold *f = &latin[c - 0xC0];
			if ((flags & UTF8_FOLD_ACCENT) && f->base[0]) {
				/* The base is lower case; keep case if asked. */
				int upper = f->lower != c;
				for (const char *q = f->base; *q; q++)
					*o++ = !(flags & UTF8_FOLD_CASE) && upper
					    ? (char)(*q - 32) : *q;
				continue;
			}
			if (flags & UTF8_FOLD_CASE) {
				o += utf8_encode(f->lower, o);
				continue;
			}
		}
		memmove(o, start, (size_t)(p - start));
		o += p - start;
	}
	*o = '\0';
	return (size_t)(o - out);
}
