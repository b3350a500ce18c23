/* SPDX-License-Identifier: MIT */
/*
 * strsim: bounded edit distances and Jaro-Winkler (see strsim.h).
 *
 * Every function compares arrays of symbols: code points when both strings
 * are valid UTF-8, else bytes; ASCII, the common case, is neither validated
 * nor decoded (its code points are its bytes).  Short strings (up to SHORT
 * symbols) go into arrays on the stack, longer ones into the heap.  The edit
 * distances first strip the common prefix and suffix (whole code points),
 * which does not change the distance, then fill the classic table row by
 * row, but only the band |i - j| <= max (a cell outside it is already over
 * max), and stop as soon as a whole row is over max: comparing a key with a
 * far candidate costs a row or two.
 */
#include <limits.h>
#include <stdint.h>
#include <stdlib.h>

#ifdef __SSE2__
#include <emmintrin.h>
#endif

#include "strsim.h"
#include "utf8.h"

#define SHORT 255		/* symbols compared without allocating */
#define LONGEST (INT_MAX / 4)	/* past this, lengths are not compared */

/* cont: whether byte c continues a UTF-8 sequence. */
static int
cont(char c)
{
	return ((unsigned char)c & 0xC0) == 0x80;
}

/*
 * codepoints: whether a and b must be decoded to be compared by code
 * points: both are valid UTF-8 and not both ASCII (whose code points are
 * its bytes, the common case, told apart first and cheaply).
 */
static int
codepoints(const char *a, size_t an, const char *b, size_t bn)
{
	unsigned char hi = 0;
	size_t i;

	for (i = 0; i < an; i++)
		hi |= (unsigned char)a[i];
	for (i = 0; i < bn; i++)
		hi |= (unsigned char)b[i];
	return hi >= 0x80 && utf8_valid(a, an, NULL) && utf8_valid(b, bn, NULL);
}

/* count: the number of symbols in s[0..n): code points (utf) or bytes. */
static size_t
count(const char *s, size_t n, int utf)
{
	size_t i, k = 0;

	if (!utf)
		return n;
	for (i = 0; i < n; i++)
		k += !cont(s[i]);
	return k;
}

/* load: the symbols of s[0..n) into out (room for count(s, n, utf)). */
static void
load(int32_t *out, const char *s, size_t n, int utf)
{
	const char *p = s, *e = s + n;
	size_t i;

	if (utf)
		while (p < e)
			*out++ = utf8_decode(&p, e);
	else
		for (i = 0; i < n; i++)
			out[i] = (unsigned char)s[i];
}

/*
 * table: the edit distance between a[0..n) and b[0..m) when it is at most
 * k, else k + 1 (with transpositions when osa is set).  Wants
 * |n - m| <= k; row holds 3 * (m + 1) ints.  Cells outside the band
 * |i - j| <= k are k + 1, as are cells over it (so nothing overflows).
 */
static int
table(const int32_t *a, size_t n, const int32_t *b, size_t m, int k, int osa,
    int *row)
{
	int *r2 = row, *r1 = row + m + 1, *r0 = row + 2 * (m + 1), *tmp;
	int big = k + 1, v, rmin;
	size_t i, j, lo, hi, uk = (size_t)k;

	for (j = 0; j <= m; j++)
		r1[j] = j <= uk ? (int)j : big;
	for (i = 1; i <= n; i++) {
		lo = i > uk ? i - uk : 1;
		hi = i + uk < m ? i + uk : m;
		r0[0] = rmin = i <= uk ? (int)i : big;
		if (lo > 1)
			r0[lo - 1] = big;
		for (j = lo; j <= hi; j++) {
			v = r1[j - 1] + (a[i - 1] != b[j - 1]);
			if (r1[j] + 1 < v)
				v = r1[j] + 1;
			if (r0[j - 1] + 1 < v)
				v = r0[j - 1] + 1;
			if (osa && i > 1 && j > 1 && a[i - 1] == b[j - 2] &&
			    a[i - 2] == b[j - 1] && r2[j - 2] + 1 < v)
				v = r2[j - 2] + 1;
			if (v > big)
				v = big;
			r0[j] = v;
			if (v < rmin)
				rmin = v;
		}
		if (hi < m)
			r0[hi + 1] = big;
		if (rmin > k)
			return big;
		tmp = r2;
		r2 = r1;
		r1 = r0;
		r0 = tmp;
	}
	return r1[m];
}

/*
 * lower_bound: a bound under the edit distance of two byte strings, from
 * their byte counts: a substitution changes two counts by one, an insertion
 * or deletion one, a transposition none; so at least half the summed
 * differences of the counts, rounded up.  It costs a pass over both, where
 * the table costs their product: in blocks of unlike codes (NIKs that share
 * only a region prefix) it settles most pairs.
 */
static int
lower_bound(const char *a, size_t an, const char *b, size_t bn)
{
	/* All zero between calls (restored below); one per thread. */
	static _Thread_local short cnt[256];
	size_t i, l1 = 0;

	for (i = 0; i < an; i++)
		cnt[(unsigned char)a[i]]++;
	for (i = 0; i < bn; i++)
		cnt[(unsigned char)b[i]]--;
	for (i = 0; i < an; i++) {
		unsigned char c = (unsigned char)a[i];
		l1 += (size_t)(cnt[c] < 0 ? -cnt[c] : cnt[c]);
		cnt[c] = 0;
	}
	for (i = 0; i < bn; i++) {
		unsigned char c = (unsigned char)b[i];
		l1 += (size_t)(cnt[c] < 0 ? -cnt[c] : cnt[c]);
		cnt[c] = 0;
	}
	return (int)((l1 + 1) / 2);
}

/*
 * edit: strsim_osa (osa set) and strsim_levenshtein.  The common prefix and
 * suffix are stripped byte by byte first; when what is left is ASCII on
 * both sides, code points and bytes agree there (and no cut can fall
 * inside a character of valid UTF-8), so nothing is validated or decoded.
 * Else, for valid UTF-8, the cuts move back to whole characters.
 */
static int
edit(const char *a, size_t an, const char *b, size_t bn, int max, int osa)
{
	int32_t sa[SHORT], sb[SHORT], *x = sa, *y = sb;
	int rows[3 * (SHORT + 1)], *row = rows, k, d, utf;
	size_t pre = 0, suf = 0, n, m, longer, i;
	unsigned char hi = 0;

	if (max == INT_MAX)	/* no distance here comes near */
		max = -1;
	while (pre < an && pre < bn && a[pre] == b[pre])
		pre++;
	while (suf < an - pre && suf < bn - pre &&
	    a[an - 1 - suf] == b[bn - 1 - suf])
		suf++;
	for (i = pre; i < an - suf; i++)
		hi |= (unsigned char)a[i];
	for (i = pre; i < bn - suf; i++)
		hi |= (unsigned char)b[i];
	utf = hi >= 0x80 && utf8_valid(a, an, NULL) && utf8_valid(b, bn, NULL);
	while (utf && pre < an && cont(a[pre]))
		pre--;
	while (utf && suf > 0 && cont(a[an - suf]))
		suf--;
	a += pre;
	b += pre;
	an -= pre + suf;
	bn -= pre + suf;
	n = count(a, an, utf);
	m = count(b, bn, utf);
	longer = n > m ? n : m;
	if (longer > LONGEST)
		return max < 0 ? INT_MAX : max + 1;
	k = max < 0 || (size_t)max > longer ? (int)longer : max;
	if ((n > m ? n - m : m - n) > (size_t)k)
		return max + 1;		/* k == max here */
	if (n == 0 || m == 0)
		return (int)longer;
	if (!utf && k < (int)longer && lower_bound(a, an, b, bn) > k)
		return max + 1;		/* k == max here */
	if (n > SHORT || m > SHORT) {
		x = malloc((n + m) * sizeof *x);
		row = malloc(3 * (m + 1) * sizeof *row);
		if (x == NULL || row == NULL) {
			free(x);
			free(row);
			return max < 0 ? (int)longer : max + 1;
		}
		y = x + n;
	}
	load(x, a, an, utf);
	load(y, b, bn, utf);
	d = table(x, n, y, m, k, osa, row);
	if (x != sa) {
		free(x);
		free(row);
	}
	return d > k ? max + 1 : d;
}

int
strsim_osa(const char *a, size_t an, const char *b, size_t bn, int max)
{
	return edit(a, an, b, bn, max, 1);
}

int
strsim_levenshtein(const char *a, size_t an, const char *b, size_t bn,
    int max)
{
	return edit(a, an, b, bn, max, 0);
}

/* jaro: the Jaro similarity of a[0..n) and b[0..m), both not empty. */
static double
jaro(const int32_t *a, size_t n, const int32_t *b, size_t m,
    unsigned char *fa, unsigned char *fb)
{
	size_t w = (n > m ? n : m) / 2, i, j, lo, hi, matches = 0, out = 0;
	double t;

	w = w > 0 ? w - 1 : 0;
	for (i = 0; i < n; i++)
		fa[i] = 0;
	for (j = 0; j < m; j++)
		fb[j] = 0;
	for (i = 0; i < n; i++) {
		lo = i > w ? i - w : 0;
		hi = i + w + 1 < m ? i + w + 1 : m;
		for (j = lo; j < hi; j++)
			if (!fb[j] && a[i] == b[j]) {
				fa[i] = fb[j] = 1;
				matches++;
				break;
			}
	}
	if (matches == 0)
		return 0;
	for (i = 0, j = 0; i < n; i++) {
		if (!fa[i])
			continue;
		while (!fb[j])
			j++;
		out += a[i] != b[j++];
	}
	t = (double)matches;
	return (t / (double)n + t / (double)m + (t - (double)out / 2) / t) / 3;
}

double
strsim_jaro_winkler(const char *a, size_t an, const char *b, size_t bn)
{
	int32_t sa[SHORT], sb[SHORT], *x = sa, *y = sb;
	unsigned char fs[2 * SHORT], *fa = fs;
	int utf = codepoints(a, an, b, bn);
	size_t n = count(a, an, utf), m = count(b, bn, utf), l;
	double j;

	if (n == 0 || m == 0)
		return n == m;
	if (n > SHORT || m > SHORT) {
		x = malloc((n + m) * sizeof *x);
		fa = malloc(n + m);
		if (x == NULL || fa == NULL) {
			free(x);
			free(fa);
			return 0;
		}
		y = x + n;
	}
	load(x, a, an, utf);
	load(y, b, bn, utf);
	j = jaro(x, n, y, m, fa, fa + n);
	for (l = 0; l < 4 && l < n && l < m && x[l] == y[l]; l++)
		;
	if (x != sa) {
		free(x);
		free(fa);
	}
	return j + (double)l * 0.1 * (1 - j);
}

/*
 * strsim_jaro_winkler_reaches: whether the Jaro-Winkler similarity of a and
 * b is at least min.  Most pairs of unlike strings are settled by a bound
 * first: no more characters can match than the two have in common by
 * count, and with t matches the Jaro similarity is at most
 * (t/n + t/m + 1) / 3 (no transpositions); the prefix bonus then only
 * grows with it.  Each step rounds the same way as the full computation
 * with fewer matches would, so the bound is never under it.  For bytes
 * only (text that must be compared by code points takes the full way).
 */
int
strsim_jaro_winkler_reaches(const char *a, size_t an, const char *b,
    size_t bn, double min)
{
	/* All zero between calls (restored below); one per thread. */
	static _Thread_local unsigned short cnt[256];
	size_t i, t = 0, l;
	double j;

	if (an == 0 || bn == 0 || an > 65535 || bn > 65535 ||
	    codepoints(a, an, b, bn))
		return strsim_jaro_winkler(a, an, b, bn) >= min;
	for (i = 0; i < an; i++)
		cnt[(unsigned char)a[i]]++;
	for (i = 0; i < bn; i++) {
		unsigned char c = (unsigned char)b[i];
		if (cnt[c]) {
			cnt[c]--;
			t++;
		}
	}
	for (i = 0; i < an; i++)
		cnt[(unsigned char)a[i]] = 0;
	for (l = 0; l < 4 && l < an && l < bn && a[l] == b[l]; l++)
		;
	j = ((double)t / (double)an + (double)t / (double)bn + 1) / 3;
	if (j + (double)l * 0.1 * (1 - j) < min)
		return 0;
	return strsim_jaro_winkler(a, an, b, bn) >= min;
}

unsigned long long
strsim_sig(const char *a, size_t an)
{
	unsigned char c[8] = { 0 };
	unsigned long long sig = 0;
	size_t i;

	for (i = 0; i < an; i++) {
		unsigned char b = (unsigned char)a[i];
		if (b >= 0x80)
			return STRSIM_SIG_NONE;
		if (c[b & 7] < 255)
			c[b & 7]++;
	}
	for (i = 0; i < 8; i++)
		sig |= (unsigned long long)c[i] << (8 * i);
	return sig;
}

unsigned
strsim_sig_bound(unsigned long long a, unsigned long long b)
{
#ifdef __SSE2__
	/* The eight differences summed by one instruction (psadbw). */
	__m128i d = _mm_sad_epu8(_mm_cvtsi64_si128((long long)a),
	    _mm_cvtsi64_si128((long long)b));
	unsigned l1 = (unsigned)_mm_cvtsi128_si32(d);
#else
	unsigned l1 = 0, k;

	for (k = 0; k < 64; k += 8) {
		unsigned x = (unsigned)(a >> k) & 0xff;
		unsigned y = (unsigned)(b >> k) & 0xff;
		l1 += x > y ? x - y : y - x;
	}
#endif
	return (l1 + 1) / 2;
}
