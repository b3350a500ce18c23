/* SPDX-License-Identifier: MIT */
/*
 * Unit tests of lib/strsim: a table of edit distances (ASCII, UTF-8,
 * invalid UTF-8, NUL bytes, bounds), long strings, random strings against
 * a plain full-table reference, and Jaro-Winkler's classic values.
 */
#define T_NAME "strsim"
#include <stdint.h>
#include <stdlib.h>

#include "strsim.h"
#include "utf8.h"
#include "t.h"

/* A string literal and its length (NUL bytes inside count). */
#define S(x) x, sizeof(x) - 1

static const struct dist {
	const char *what;	/* the row's name in a failure */
	const char *a;
	size_t an;
	const char *b;
	size_t bn;
	int max;		/* the bound, -1 for none */
	int osa;		/* strsim_osa's answer */
	int lev;		/* strsim_levenshtein's answer */
} dists[] = {
	{ "both empty", S(""), S(""), -1, 0, 0 },
	{ "one empty", S("abc"), S(""), -1, 3, 3 },
	{ "other empty", S(""), S("abcd"), -1, 4, 4 },
	{ "equal", S("Klaten"), S("Klaten"), -1, 0, 0 },
	{ "kitten", S("kitten"), S("sitting"), -1, 3, 3 },
	{ "sunday", S("Saturday"), S("Sunday"), -1, 3, 3 },
	{ "swap", S("ca"), S("ac"), -1, 1, 2 },
	{ "swap inside", S("WEDHI"), S("WDEHI"), -1, 1, 2 },
	{ "no edit twice", S("ca"), S("abc"), -1, 3, 3 },
	{ "three swaps", S("abcdef"), S("badcfe"), -1, 3, 4 },
	{ "case counts", S("desa"), S("DESA"), -1, 4, 4 },
	/* Bounds: max + 1 when over, the distance when not. */
	{ "over 2", S("kitten"), S("sitting"), 2, 3, 3 },
	{ "at 3", S("kitten"), S("sitting"), 3, 3, 3 },
	{ "under 10", S("kitten"), S("sitting"), 10, 3, 3 },
	{ "over 0", S("abc"), S("abd"), 0, 1, 1 },
	{ "equal at 0", S("abc"), S("abc"), 0, 0, 0 },
	{ "lengths over", S("abcdef"), S(""), 2, 3, 3 },
	{ "lengths at", S("abcdef"), S("ab"), 4, 4, 4 },
	{ "swap at 1", S("ab"), S("ba"), 1, 1, 2 },
	{ "swap over 0", S("ab"), S("ba"), 0, 1, 1 },
	{ "far over 1", S("SENGON"), S("KRAKITAN"), 1, 2, 2 },
	{ "huge bound", S("kitten"), S("sitting"), 2147483647, 3, 3 },
	/* UTF-8: one code point is one character. */
	{ "é deleted", S("Jos\xc3\xa9"), S("Jos"), -1, 1, 1 },
	{ "é for e", S("Jos\xc3\xa9"), S("Jose"), -1, 1, 1 },
	{ "é for è", S("\xc3\xa9"), S("\xc3\xa8"), -1, 1, 1 },
	{ "é for ĩ", S("\xc3\xa9"), S("\xc4\xa9"), -1, 1, 1 },
	{ "éé for è", S("\xc3\xa9\xc3\xa9"), S("\xc3\xa8"), -1, 2, 2 },
	{ "é swapped", S("\xc3\xa9" "a"), S("a\xc3\xa9"), -1, 1, 2 },
	{ "CJK", S("\xe6\x97\xa5\xe6\x9c\xac"),
	    S("\xe6\x97\xa5\xe6\x9c\xac\xe8\xaa\x9e"), -1, 1, 1 },
	{ "emoji", S("a\xf0\x9f\x99\x82" "b"), S("ab"), 0, 1, 1 },
	/* Invalid UTF-8 on either side: bytes. */
	{ "Latin-1 é", S("Jos\xe9"), S("Jos\xc3\xa9"), -1, 2, 2 },
	{ "Latin-1 é, è", S("\xe9"), S("\xe8"), -1, 1, 1 },
	{ "stray byte", S("abc\xff"), S("abc"), -1, 1, 1 },
	{ "cut é", S("ab\xc3"), S("ab\xc3\xa9"), -1, 1, 1 },
	/* NUL bytes are characters. */
	{ "NUL vs c", S("a\0b"), S("a\0c"), -1, 1, 1 },
	{ "NUL deleted", S("a\0b"), S("ab"), -1, 1, 1 },
	{ "NUL alone", S("\0"), S(""), -1, 1, 1 },
	{ "NULs swapped", S("\0a"), S("a\0"), -1, 1, 2 },
	{ "NUL not end", S("abc\0xyz"), S("abc"), 2, 3, 3 },
};

static void
test_table(void)
{
	size_t i;
	int o, l;

	for (i = 0; i < sizeof dists / sizeof dists[0]; i++) {
		const struct dist *d = &dists[i];
		o = strsim_osa(d->a, d->an, d->b, d->bn, d->max);
		l = strsim_levenshtein(d->a, d->an, d->b, d->bn, d->max);
		if (o != d->osa || l != d->lev) {
			t_failed++;
			printf("# %s: osa %d, levenshtein %d; expected %d, %d\n",
			    d->what, o, l, d->osa, d->lev);
		}
		/* Symmetric. */
		o = strsim_osa(d->b, d->bn, d->a, d->an, d->max);
		l = strsim_levenshtein(d->b, d->bn, d->a, d->an, d->max);
		if (o != d->osa || l != d->lev) {
			t_failed++;
			printf("# %s, swapped: osa %d, levenshtein %d; "
			    "expected %d, %d\n", d->what, o, l, d->osa, d->lev);
		}
	}
}

/* rnd: a fixed pseudo-random sequence, so that runs repeat. */
static uint32_t rnd_state = 12345;

static uint32_t
rnd(void)
{
	rnd_state = rnd_state * 1103515245u + 12345u;
	return rnd_state >> 16;
}

/* A string of n letters from rnd(). */
static char *
letters(size_t n)
{
	char *s = malloc(n + 1);
	size_t i;

	for (i = 0; i < n; i++)
		s[i] = (char)('A' + rnd() % 26);
	s[n] = 0;
	return s;
}

/*
 * Long strings (10 KB and more): a few edits far apart, under bounds and
 * without, and strings too far apart, which the bound keeps cheap.
 */
static void
test_long(void)
{
	size_t n = 10000, i;
	char *a = letters(n), *b = malloc(n + 1), *c = letters(n), *u, *v;

	memcpy(b, a, n + 1);
	b[100] = b[100] == 'Z' ? 'Y' : 'Z';		/* substitute */
	memmove(b + 5000, b + 5001, n - 5001);		/* delete */
	b[9000] = a[9002];				/* swap */
	b[9001] = a[9001];
	CHECK(b[9000] != b[9001]);
	CHECK_EQ(strsim_osa(a, n, b, n - 1, 3), 3);
	CHECK_EQ(strsim_osa(a, n, b, n - 1, 10), 3);
	CHECK_EQ(strsim_osa(a, n, b, n - 1, 2), 3);
	CHECK_EQ(strsim_levenshtein(a, n, b, n - 1, 10), 4);
	CHECK_EQ(strsim_levenshtein(a, n, b, n - 1, 3), 4);
	CHECK_EQ(strsim_osa(a, n, a, n, 0), 0);
	CHECK_EQ(strsim_osa(a, n, a, n, -1), 0);
	CHECK_EQ(strsim_osa(a, n, c, n, 5), 6);
	CHECK_EQ(strsim_levenshtein(a, n, c, n, 5), 6);
	CHECK_EQ(strsim_osa(a, n, a, 300, 5), 6);
	/* No bound: edits close together, the rest in common. */
	memcpy(b, a, n + 1);
	b[4000] = a[4001];
	b[4001] = a[4000];
	b[4003] = 'a';
	CHECK_EQ(strsim_osa(a, n, b, n, -1), a[4000] != a[4001] ? 2 : 1);
	CHECK_EQ(strsim_osa(a, 1000, c, 1000, -1),
	    strsim_osa(c, 1000, a, 1000, -1));
	CHECK(strsim_osa(a, 1000, c, 1000, -1) > 800);
	CHECK_EQ(strsim_levenshtein(a, n, "", 0, -1), 10000);
	CHECK_EQ(strsim_levenshtein(a, 0, b, n, -1), 10000);
	/* 3,000 é (6,000 bytes), one of them e. */
	u = malloc(6001);
	v = malloc(6001);
	for (i = 0; i < 3000; i++)
		memcpy(u + 2 * i, "\xc3\xa9", 2);
	memcpy(v, u, 6000);
	memcpy(v + 3000, "e", 1);
	memmove(v + 3001, v + 3002, 2998);
	CHECK_EQ(strsim_osa(u, 6000, v, 5999, 2), 1);
	CHECK_EQ(strsim_osa(u, 6000, v, 5999, -1), 1);
	CHECK_EQ(strsim_osa(u, 6000, u, 5000, -1), 500);
	CHECK_EQ(strsim_osa(u, 6000, u, 5000, 499), 500);
	/* 200 é: 400 bytes but 200 characters. */
	CHECK_EQ(strsim_osa(u, 400, u, 398, -1), 1);
	CHECK(strsim_jaro_winkler(a, n, a, n) == 1);
	CHECK(strsim_jaro_winkler(a, n, a, n - 1) > 0.9999);
	/* b's swap pushes later matches out of order: Jaro's greedy pairing. */
	CHECK_EQ((int)(strsim_jaro_winkler(a, n, b, n) * 1000 + 0.5), 942);
	CHECK(strsim_jaro_winkler(u, 6000, v, 5999) > 0.99);
	free(a);
	free(b);
	free(c);
	free(u);
	free(v);
}

/* The plain full-table OSA (or Levenshtein) distance of two arrays. */
static int
reference(const int32_t *a, size_t n, const int32_t *b, size_t m, int osa)
{
	static int d[20][20];
	size_t i, j;
	int v;

	for (i = 0; i <= n; i++)
		d[i][0] = (int)i;
	for (j = 0; j <= m; j++)
		d[0][j] = (int)j;
	for (i = 1; i <= n; i++)
		for (j = 1; j <= m; j++) {
			v = d[i - 1][j - 1] + (a[i - 1] != b[j - 1]);
			if (d[i - 1][j] + 1 < v)
				v = d[i - 1][j] + 1;
			if (d[i][j - 1] + 1 < v)
				v = d[i][j - 1] + 1;
			if (osa && i > 1 && j > 1 && a[i - 1] == b[j - 2] &&
			    a[i - 2] == b[j - 1] && d[i - 2][j - 2] + 1 < v)
				v = d[i - 2][j - 2] + 1;
			d[i][j] = v;
		}
	return d[n][m];
}

/*
 * A random string of up to 12 characters from a small alphabet (so that
 * prefixes, suffixes and swaps are common); utf: some are 2-, 3- and
 * 4-byte characters.  Returns the byte length; its characters in *cp.
 */
static size_t
random_string(char *s, int32_t *cp, size_t *ncp, int utf)
{
	static const char *const alpha[] = { "a", "b", "c", "\xc3\xa9",
	    "\xc3\xa8", "\xe6\x97\xa5", "\xf0\x9f\x99\x82" };
	size_t n = rnd() % 13, i, len = 0, k;
	const char *p, *e;

	for (i = 0; i < n; i++) {
		p = alpha[rnd() % (utf ? 7 : 3)];
		k = strlen(p);
		memcpy(s + len, p, k);
		len += k;
	}
	for (p = s, e = s + len, *ncp = 0; p < e; )
		cp[(*ncp)++] = utf8_decode(&p, e);
	return len;
}

/* Random strings against the reference, every bound from none to 5. */
static void
test_random(void)
{
	char a[64], b[64];
	int32_t x[16], y[16];
	size_t an, bn, n, m, i;
	int max, osa, want, got, bad = 0;

	for (i = 0; i < 20000 && bad < 5; i++) {
		an = random_string(a, x, &n, i % 2);
		bn = random_string(b, y, &m, i % 2);
		max = (int)(rnd() % 7) - 1;
		for (osa = 0; osa <= 1; osa++) {
			want = reference(x, n, y, m, osa);
			if (max >= 0 && want > max)
				want = max + 1;
			got = osa ? strsim_osa(a, an, b, bn, max) :
			    strsim_levenshtein(a, an, b, bn, max);
			if (got != want) {
				bad++;
				printf("# %s(\"%.*s\", \"%.*s\", %d) = %d, "
				    "expected %d\n", osa ? "osa" : "levenshtein",
				    (int)an, a, (int)bn, b, max, got, want);
			}
		}
	}
	t_failed += bad;
}

/* Jaro-Winkler, compared to three decimals. */
static const struct jw {
	const char *a;
	size_t an;
	const char *b;
	size_t bn;
	int milli;		/* the similarity times 1000, rounded */
} jws[] = {
	{ S("MARTHA"), S("MARHTA"), 961 },
	{ S("DWAYNE"), S("DUANE"), 840 },
	{ S("DIXON"), S("DICKSONX"), 813 },
	{ S("Klaten"), S("Klaten"), 1000 },
	{ S(""), S(""), 1000 },
	{ S("a"), S(""), 0 },
	{ S(""), S("Wedi"), 0 },
	{ S("abc"), S("xyz"), 0 },
	{ S("Jos\xc3\xa9"), S("Jose"), 883 },		/* é is one */
	{ S("Jos\xe9"), S("Jos\xc3\xa9"), 848 },	/* bytes */
	{ S("Jos\xe9"), S("Jos\xe9"), 1000 },
	{ S("a\0b"), S("a\0b"), 1000 },
	{ S("\0"), S(""), 0 },
	{ S("a\0bc"), S("a\0cb"), 933 },
};

static void
test_jaro_winkler(void)
{
	size_t i;
	double v, w;

	for (i = 0; i < sizeof jws / sizeof jws[0]; i++) {
		const struct jw *j = &jws[i];
		v = strsim_jaro_winkler(j->a, j->an, j->b, j->bn);
		w = strsim_jaro_winkler(j->b, j->bn, j->a, j->an);
		if ((int)(v * 1000 + 0.5) != j->milli || v != w ||
		    v < 0 || v > 1) {
			t_failed++;
			printf("# jaro_winkler row %zu: %.6f (swapped %.6f), "
			    "expected %.3f\n", i, v, w, j->milli / 1000.0);
		}
	}
	CHECK(strsim_jaro_winkler(S("Klaten"), S("Klaten")) == 1.0);
}

/*
 * strsim_jaro_winkler_reaches gives the answer of strsim_jaro_winkler >=
 * min for every pair: random strings over small alphabets (so that they
 * share characters, and most prefixes), some with bytes of UTF-8, every
 * threshold the rules use and the values themselves.
 */
static void
test_jw_reaches(void)
{
	static const char *const alpha[] = { "ab", "abcd", "aiueonst",
		"abcdefghijklmnopqrstuvwxyz", "a\xc3\xa9" "b", "\xe9" "ab" };
	static const double mins[] = { 0, 0.5, 0.7, 0.8, 0.85, 0.9, 0.94,
		0.97, 1 };
	unsigned long long x = 3310;
	char a[40], b[40];
	size_t i, k, an, bn, al;
	long bad = 0, pruned = 0;

	for (i = 0; i < 200000; i++) {
		const char *al_s = alpha[i % 6];
		double v;
		al = strlen(al_s);
		x = x * 6364136223846793005ULL + 1442695040888963407ULL;
		an = 1 + (x >> 33) % 20;
		bn = 1 + (x >> 45) % 20;
		for (k = 0; k < an; k++) {
			x = x * 6364136223846793005ULL + 1;
			a[k] = al_s[(x >> 33) % al];
		}
		for (k = 0; k < bn; k++) {
			x = x * 6364136223846793005ULL + 1;
			/* b: often a with changes, so that some pairs are near */
			b[k] = k < an && (x >> 40) % 4 ? a[k] : al_s[(x >> 33) % al];
		}
		v = strsim_jaro_winkler(a, an, b, bn);
		for (k = 0; k < sizeof mins / sizeof mins[0]; k++)
			if (strsim_jaro_winkler_reaches(a, an, b, bn, mins[k]) !=
			    (v >= mins[k]))
				bad++;
		if (strsim_jaro_winkler_reaches(a, an, b, bn, v) != 1)
			bad++;
		pruned += v < 0.85;
	}
	CHECK_EQ(bad, 0);
	CHECK(pruned > 1000);
	CHECK(strsim_jaro_winkler_reaches(S("Klaten"), S("Klaten"), 1.0));
	CHECK(!strsim_jaro_winkler_reaches(S("SUGIYANTO"), S("WAHYUNI"), 0.85));
	CHECK(strsim_jaro_winkler_reaches(S(""), S(""), 1.0));
	CHECK(!strsim_jaro_winkler_reaches(S("a"), S(""), 0.5));
}

/*
 * strsim_sig_bound never exceeds strsim_osa or strsim_levenshtein of two
 * ASCII strings, on 300,000 random pairs over small alphabets (digits as
 * in NIKs, letters, lengths 0 to 30, pairs often near), and is 0 for equal
 * strings; a string with a byte over 0x7F has no signature.  The bound
 * rejects most far pairs at distance 2 (as it must, to be worth it).
 */
static void
test_sig_bound(void)
{
	static const char *const alpha[] = { "0123456789", "ab", "aiueonst",
		"abcdefghijklmnopqrstuvwxyz0123456789 ,." };
	unsigned long long x = 7, sa, sb;
	char a[40], b[40];
	size_t i, k, an, bn, al;
	long bad = 0, rejected = 0, far = 0;

	for (i = 0; i < 300000; i++) {
		const char *al_s = alpha[i % 4];
		int osa, lev;
		al = strlen(al_s);
		x = x * 6364136223846793005ULL + 1442695040888963407ULL;
		an = (x >> 33) % 31;
		bn = (x >> 45) % 31;
		for (k = 0; k < an; k++) {
			x = x * 6364136223846793005ULL + 1;
			a[k] = al_s[(x >> 33) % al];
		}
		for (k = 0; k < bn; k++) {
			x = x * 6364136223846793005ULL + 1;
			b[k] = k < an && (x >> 40) % 3 ? a[k] : al_s[(x >> 33) % al];
		}
		sa = strsim_sig(a, an);
		sb = strsim_sig(b, bn);
		osa = strsim_osa(a, an, b, bn, -1);
		lev = strsim_levenshtein(a, an, b, bn, -1);
		if (sa == STRSIM_SIG_NONE || sb == STRSIM_SIG_NONE ||
		    strsim_sig_bound(sa, sb) > (unsigned)osa ||
		    strsim_sig_bound(sa, sb) > (unsigned)lev ||
		    strsim_sig_bound(sa, sa) != 0)
			bad++;
		if (osa > 2) {
			far++;
			rejected += strsim_sig_bound(sa, sb) > 2;
		}
	}
	CHECK_EQ(bad, 0);
	CHECK(rejected * 2 > far);
	CHECK_EQ(strsim_sig(S("Jos\xc3\xa9")), STRSIM_SIG_NONE);
	CHECK_EQ(strsim_sig_bound(strsim_sig(S("3310014512760001")),
	    strsim_sig(S("3310016608890002"))), 4);
}

int
main(void)
{
	RUN(test_table);
	RUN(test_long);
	RUN(test_random);
	RUN(test_jaro_winkler);
	RUN(test_jw_reaches);
	RUN(test_sig_bound);
	return T_DONE();
}
