/* SPDX-License-Identifier: MIT */
/*
 * norm: value normalizers (see norm.h).
 *
 * Every normalizer is a small hand-written scanner over bytes that are
 * trimmed first (ASCII white space and U+00A0, which Excel exports love).
 * The vocabularies -- yes/no words, month names, titles, degrees, the
 * spellings of Muhammad, the EYD rewrites, province codes -- are tables
 * with one row per spelling, so adding a spelling is adding a row.  Only
 * ASCII is classified; other bytes, valid UTF-8 or not, are carried or
 * refused but never decoded past the end of the input.  Nothing here
 * depends on the C locale.
 */
#include <errno.h>
#include <stdint.h>
#include <string.h>

#include "norm.h"
#include "utf8.h"

#define NELEM(a) (sizeof(a) / sizeof((a)[0]))
#define KEYMAX 16		/* room for a vocabulary word + NUL */

/* A vocabulary row: a word in upper case and what it stands for. */
struct word {
	const char *w;		/* the spelling, upper-case ASCII or UTF-8 */
	int v;			/* its value (table-specific) */
};

static int
isdig(int c)
{
	return c >= '0' && c <= '9';
}

static int
isalph(int c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static int
isspc(int c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' ||
	    c == '\f';
}

static int
up(int c)
{
	return c >= 'a' && c <= 'z' ? c - 32 : c;
}

/* NO-BREAK SPACE (U+00A0) at p, before e. */
static int
isnbsp(const char *p, const char *e)
{
	return e - p >= 2 && (unsigned char)p[0] == 0xC2 &&
	    (unsigned char)p[1] == 0xA0;
}

/* trim: drop ASCII white space and U+00A0 from both ends of s[0..*n). */
static const char *
trim(const char *s, size_t *n)
{
	const char *e = s + *n;

	for (;;) {
		if (s < e && isspc((unsigned char)*s))
			s++;
		else if (isnbsp(s, e))
			s += 2;
		else
			break;
	}
	for (;;) {
		if (e > s && isspc((unsigned char)e[-1]))
			e--;
		else if (e - s >= 2 && isnbsp(e - 2, e))
			e -= 2;
		else
			break;
	}
	*n = (size_t)(e - s);
	return s;
}

/* lookup: the value of key in table t of nt rows, or 0. */
static int
lookup(const struct word *t, size_t nt, const char *key)
{
	size_t i;

	/* The first byte settles most words without a call. */
	for (i = 0; i < nt; i++)
		if (t[i].w[0] == key[0] && strcmp(t[i].w, key) == 0)
			return t[i].v;
	return 0;
}

/* ---- yes/no ---------------------------------------------------------- */

static const struct word yesno_words[] = {
	{ "Y", 'Y' }, { "YA", 'Y' }, { "IYA", 'Y' }, { "YES", 'Y' },
	{ "1", 'Y' }, { "TRUE", 'Y' }, { "BENAR", 'Y' }, { "ADA", 'Y' },
	{ "V", 'Y' },
	{ "\xE2\x9C\x93", 'Y' },	/* ✓ */
	{ "\xE2\x9C\x94", 'Y' },	/* ✔ */
	{ "\xE2\x98\x91", 'Y' },	/* ☑ */
	{ "\xE2\x88\x9A", 'Y' },	/* √ */
	{ "N", 'N' }, { "T", 'N' }, { "TIDAK", 'N' }, { "TDK", 'N' },
	{ "TAK", 'N' }, { "NO", 'N' }, { "0", 'N' }, { "FALSE", 'N' },
	{ "SALAH", 'N' }, { "BUKAN", 'N' }, { "TIDAK ADA", 'N' },
	{ "TDK ADA", 'N' }, { "-", 'N' },
	{ "\xE2\x9C\x97", 'N' },	/* ✗ */
	{ "\xE2\x9C\x98", 'N' },	/* ✘ */
};

int
norm_yesno(const char *s, size_t n)
{
	char key[KEYMAX];
	size_t i, k = 0;

	s = trim(s, &n);
	if (n == 0)
		return 0;
	for (i = 0; i < n; i++) {
		int c = (unsigned char)s[i];
		if (isspc(c)) {
			if (isspc((unsigned char)s[i - 1]))
				continue;	/* s[0] is not space: trimmed */
			c = ' ';
		}
		if (k + 1 >= sizeof key)
			return -1;
		key[k++] = (char)up(c);
	}
	key[k] = '\0';
	if (memchr(key, '\0', k) != NULL)
		return -1;
	k = (size_t)lookup(yesno_words, NELEM(yesno_words), key);
	return k ? (int)k : -1;
}

/* ---- numbers --------------------------------------------------------- */

/* Skip ASCII spaces and U+00A0 from p. */
static const char *
skipsp(const char *p, const char *e)
{
	for (;;) {
		if (p < e && isspc((unsigned char)*p))
			p++;
		else if (isnbsp(p, e))
			p += 2;
		else
			return p;
	}
}

/* A currency prefix at p ("Rp", "Rp.", "IDR", any case): its length. */
static size_t
currency(const char *p, const char *e)
{
	if (e - p >= 3 && up(p[0]) == 'I' && up(p[1]) == 'D' &&
	    up(p[2]) == 'R')
		return 3;
	if (e - p >= 2 && up(p[0]) == 'R' && up(p[1]) == 'P')
		return e - p >= 3 && p[2] == '.' ? 3 : 2;
	return 0;
}

int
norm_number(const char *s, size_t n, enum norm_locale loc, struct buf *out)
{
	const char *p, *e, *q, *dp, *ie, *fe;
	int neg = 0, sign = 0, hint = 0, g, d, first;
	size_t nd = 0, nc = 0, k, run;
	char last = 0;

	buf_reset(out);
	s = trim(s, &n);
	if (n == 0)
		return NORM_EMPTY;
	p = s;
	e = s + n;

	/* Sign and currency, in either order: "-Rp 5", "Rp -5". */
	if (*p == '-' || *p == '+') {
		neg = *p++ == '-';
		sign = 1;
		p = skipsp(p, e);
	}
	if ((k = currency(p, e)) > 0)
		p = skipsp(p + k, e);
	if (!sign && p < e && (*p == '-' || *p == '+')) {
		neg = *p++ == '-';
		p = skipsp(p, e);
	}

	/* The "no cents" suffix ",-" / ".-"; ",-" also says ',' is decimal. */
	if (e - p >= 2 && e[-1] == '-') {
		while (e > p && e[-1] == '-')
			e--;
		if (e == p || (e[-1] != ',' && e[-1] != '.'))
			return NORM_BAD;
		if (e[-1] == ',')
			hint = ',';
		e--;
	}

	/* The body: digits, with single separators between digits. */
	if (p == e)
		return NORM_BAD;
	for (q = p; q < e; q++) {
		if (isdig(*q))
			continue;
		if (*q != '.' && *q != ',')
			return NORM_BAD;
		if (q + 1 == e || !isdig(q[1]))
			return NORM_BAD;
		if (*q == '.')
			nd++;
		else
			nc++;
		last = *q;
	}

	/* Which separator groups and which is decimal. */
	switch (loc) {
	case NORM_LOCALE_ID:
		g = '.', d = ',';
		break;
	case NORM_LOCALE_US:
		g = ',', d = '.';
		break;
	case NORM_LOCALE_AUTO:
		if (hint)
			d = hint;
		else if (nd && nc)
			d = last;
		else if (nd + nc >= 2)
			d = nd ? ',' : '.';	/* all are groups */
		else if (nd + nc == 1) {
			q = memchr(p, last, (size_t)(e - p));
			run = (size_t)(q - p);
			/* "1.250": a group or a fraction.  "0,250", "1250,5"
			   and ",250" cannot be groups. */
			if (e - q - 1 == 3 && run >= 1 && run <= 3 && *p != '0')
				return NORM_AMBIGUOUS;
			d = last;
		} else
			d = ',';
		g = d == ',' ? '.' : ',';
		break;
	default:
		return NORM_BAD;
	}

	/* At most one decimal separator, after every group separator. */
	dp = NULL;
	for (q = p; q < e; q++) {
		if (*q == d) {
			if (dp)
				return NORM_BAD;
			dp = q;
		} else if (*q == g && dp)
			return NORM_BAD;
	}
	ie = dp ? dp : e;
	if (memchr(p, g, (size_t)(ie - p)) != NULL) {
		/* Groups: 1-3 digits without a leading zero, then threes. */
		first = 1;
		run = 0;
		for (q = p; q <= ie; q++) {
			if (q < ie && *q != g) {
				run++;
				continue;
			}
			if (first ? run < 1 || run > 3 || *p == '0' : run != 3)
				return NORM_BAD;
			first = 0;
			run = 0;
		}
	}

	/* Canonical text: no leading zeros, no trailing fraction zeros. */
	while (p < ie && (*p == '0' || *p == g))
		p++;
	fe = e;
	if (dp)
		while (fe > dp + 1 && fe[-1] == '0')
			fe--;
	if (dp && fe == dp + 1)
		dp = NULL;
	if (neg && (p < ie || dp) && buf_addc(out, '-') < 0)
		goto nomem;
	if (p == ie && buf_addc(out, '0') < 0)
		goto nomem;
	for (q = p; q < ie; q++)
		if (*q != g && buf_addc(out, *q) < 0)
			goto nomem;
	if (dp && (buf_addc(out, '.') < 0 ||
	    buf_add(out, dp + 1, (size_t)(fe - dp - 1)) < 0))
		goto nomem;
	return NORM_OK;
nomem:
	buf_reset(out);
	return -1;
}

/* ---- dates ----------------------------------------------------------- */

static const struct word months[] = {
	{ "JANUARI", 1 }, { "JANUARY", 1 }, { "JAN", 1 },
	{ "FEBRUARI", 2 }, { "PEBRUARI", 2 }, { "FEBRUARY", 2 },
	{ "FEB", 2 }, { "PEB", 2 },
	{ "MARET", 3 }, { "MARCH", 3 }, { "MAR", 3 },
	{ "APRIL", 4 }, { "APR", 4 },
	{ "MEI", 5 }, { "MAY", 5 },
	{ "JUNI", 6 }, { "JUNE", 6 }, { "JUN", 6 },
	{ "JULI", 7 }, { "JULY", 7 }, { "JUL", 7 },
	{ "AGUSTUS", 8 }, { "AUGUST", 8 }, { "AGU", 8 }, { "AGT", 8 },
	{ "AGS", 8 }, { "AGUS", 8 }, { "AUG", 8 },
	{ "SEPTEMBER", 9 }, { "SEP", 9 }, { "SEPT", 9 },
	{ "OKTOBER", 10 }, { "OCTOBER", 10 }, { "OKT", 10 }, { "OCT", 10 },
	{ "NOVEMBER", 11 }, { "NOPEMBER", 11 }, { "NOV", 11 }, { "NOP", 11 },
	{ "DESEMBER", 12 }, { "DECEMBER", 12 }, { "DES", 12 }, { "DEC", 12 },
};

static int
leap(long y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

/* Days in month m (1-12) of year y. */
static int
mdays(long y, int m)
{
	static const unsigned char dm[12] = {
		31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31
	};

	return m == 2 && leap(y) ? 29 : dm[m - 1];
}

/* Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant). */
static long
days_from_civil(long y, int m, int d)
{
	long era;
	unsigned yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = (unsigned)(y - era * 400);
	doy = (unsigned)((153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1);
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + (long)doe - 719468;
}

/* The date of day z since 1970-01-01 (H. Hinnant). */
static void
civil_from_days(long z, long *y, int *m, int *d)
{
	long era;
	unsigned doe, yoe, doy, mp;

	z += 719468;
	era = (z >= 0 ? z : z - 146096) / 146097;
	doe = (unsigned)(z - era * 146097);
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	*d = (int)(doy - (153 * mp + 2) / 5 + 1);
	*m = (int)(mp < 10 ? mp + 3 : mp - 9);
	*y = (long)yoe + era * 400 + (*m <= 2);
}

/* Check y-m-d against opt and write it: the year bounds come first. */
static int
date_out(long y, int m, int d, const struct norm_date_opt *o,
    struct buf *out)
{
	if ((o->min_year && y < o->min_year) ||
	    (o->max_year && y > o->max_year) || y < 0 || y > 9999)
		return NORM_BAD;
	if (m < 1 || m > 12 || d < 1 || d > mdays(y, m))
		return NORM_IMPOSSIBLE;
	{
		char t[10];
		t[0] = (char)('0' + y / 1000);
		t[1] = (char)('0' + y / 100 % 10);
		t[2] = (char)('0' + y / 10 % 10);
		t[3] = (char)('0' + y % 10);
		t[4] = t[7] = '-';
		t[5] = (char)('0' + m / 10);
		t[6] = (char)('0' + m % 10);
		t[8] = (char)('0' + d / 10);
		t[9] = (char)('0' + d % 10);
		if (buf_add(out, t, sizeof t) < 0) {	/* "%04ld-%02d-%02d" */
			buf_reset(out);
			return -1;
		}
	}
	return NORM_OK;
}

/* An Excel serial day number (fraction already dropped). */
static int
date_serial(long v, const struct norm_date_opt *o, struct buf *out)
{
	long y, z;
	int m, d;

	if (o->date1904) {
		if (v > 2957003)	/* 9999-12-31 */
			return NORM_BAD;
		z = days_from_civil(1904, 1, 1) + v;
	} else {
		if (v < 1 || v > 2958465)
			return NORM_BAD;
		if (v == 60)		/* Lotus's 1900-02-29 */
			return NORM_IMPOSSIBLE;
		z = days_from_civil(1899, 12, v < 60 ? 31 : 30) + v;
	}
	civil_from_days(z, &y, &m, &d);
	return date_out(y, m, d, o, out);
}

/* Read min..max digits at *pp as a number; -1 when they are not there. */
static int
digits(const char **pp, const char *e, int min, int max)
{
	const char *p = *pp;
	int v = 0, k = 0;

	while (p < e && k < max && isdig(*p)) {
		v = v * 10 + (*p++ - '0');
		k++;
	}
	if (k < min || (p < e && isdig(*p)))
		return -1;
	*pp = p;
	return v;
}

/*
 * A time of day, to be dropped: h[h]:mm[:ss[.fff]], then optionally
 * AM/PM and a zone (Z, +07, +07:00, -0500).
 */
static int
time_ok(const char *p, const char *e)
{
	const char *z;
	int h, mi, sec;

	if ((h = digits(&p, e, 1, 2)) < 0 || h > 24 || p == e || *p++ != ':')
		return 0;
	if ((mi = digits(&p, e, 2, 2)) < 0 || mi > 59)
		return 0;
	if (p < e && *p == ':') {
		p++;
		if ((sec = digits(&p, e, 2, 2)) < 0 || sec > 60)
			return 0;
		if (p < e && (*p == '.' || *p == ',')) {
			p++;
			if (digits(&p, e, 1, 9) < 0)
				return 0;
		}
	}
	p = skipsp(p, e);
	if (e - p >= 2 && (up(p[0]) == 'A' || up(p[0]) == 'P') &&
	    up(p[1]) == 'M') {
		if (h > 12)
			return 0;
		p = skipsp(p + 2, e);
	}
	if (p < e && up(*p) == 'Z')
		p++;
	else if (p < e && (*p == '+' || *p == '-')) {
		z = ++p;
		if (digits(&p, e, 2, 4) < 0 || p - z == 3)
			return 0;		/* hh or hhmm */
		if (p - z == 2 && p < e && *p == ':') {
			p++;
			if (digits(&p, e, 2, 2) < 0)
				return 0;
		}
	}
	return p == e;
}

/* A token of a date: a number or a month name. */
struct dtok {
	int kind;		/* 'n' number, 'w' month name */
	size_t n;		/* length in bytes */
	int v;			/* the number, or the month 1-12 */
	int sep;		/* punctuation before it, ' ' for spaces only,
				   0 for none (or first) */
};

/*
 * Split p..e into at most max tokens separated by runs of spaces with at
 * most one of / - . , in them.  Returns the count, or -1.
 */
static int
dtokens(const char *p, const char *e, struct dtok *t, int max)
{
	char key[KEYMAX];
	int nt = 0, sep = 0;
	size_t k;

	for (;;) {
		const char *b = p, *q;

		if (nt == max)
			return -1;
		if (p < e && isdig(*p)) {
			while (p < e && isdig(*p))
				p++;
			if (p - b > 4)
				return -1;
			t[nt].kind = 'n';
			t[nt].v = 0;
			for (q = b; q < p; q++)
				t[nt].v = t[nt].v * 10 + (*q - '0');
		} else if (p < e && isalph(*p)) {
			for (k = 0; p < e && isalph(*p); p++, k++) {
				if (k + 1 >= sizeof key)
					return -1;
				key[k] = (char)up(*p);
			}
			key[k] = '\0';
			t[nt].kind = 'w';
			if ((t[nt].v = lookup(months, NELEM(months), key)) == 0)
				return -1;
		} else
			return -1;
		t[nt].n = (size_t)(p - b);
		t[nt].sep = sep;
		nt++;
		if (p == e)
			return nt;
		sep = 0;
		while (p < e && (*p == ' ' || *p == '/' || *p == '-' ||
		    *p == '.' || *p == ',')) {
			if (*p != ' ') {
				if (sep && sep != ' ')
					return -1;
				sep = *p;
			} else if (!sep)
				sep = ' ';
			p++;
		}
		if (p == e)
			return -1;
	}
}

/* A year token: four digits, or two with the pivot. */
static long
year_of(const struct dtok *t, const struct norm_date_opt *o)
{
	if (t->kind != 'n')
		return -1;
	if (t->n == 4)
		return t->v;
	if (t->n == 2 && o->pivot > 0)
		return t->v < o->pivot ? 2000 + t->v : 1900 + t->v;
	return -1;
}

int
norm_date(const char *s, size_t n, const struct norm_date_opt *opt,
    struct buf *out)
{
	static const struct norm_date_opt dflt = { 'd', 0, 0, 0, 0, 0 };
	const char *e, *p, *c, *de;
	struct dtok t[3];
	long y, v;
	int nt, m, d;
	size_t i;

	buf_reset(out);
	if (opt == NULL)
		opt = &dflt;
	s = trim(s, &n);
	if (n == 0)
		return NORM_EMPTY;
	e = s + n;

	/* All digits: yyyymmdd, or a serial (with a fraction). */
	for (p = s; p < e && isdig(*p); p++)
		continue;
	i = (size_t)(p - s);
	if (p == e && i == 8)
		return date_out((s[0] - '0') * 1000 + (s[1] - '0') * 100 +
		    (s[2] - '0') * 10 + (s[3] - '0'),
		    (s[4] - '0') * 10 + (s[5] - '0'),
		    (s[6] - '0') * 10 + (s[7] - '0'), opt, out);
	if (i > 0 && (p == e || ((*p == '.' || *p == ',') && p + 1 < e))) {
		for (c = p == e ? e : p + 1; c < e && isdig(*c); c++)
			continue;
		if (c == e) {
			if (!opt->serial || i > 7)
				return NORM_BAD;
			for (v = 0, c = s; c < p; c++)
				v = v * 10 + (*c - '0');
			return date_serial(v, opt, out);
		}
	}

	/* A time after the date is dropped, once it is seen to be one. */
	de = e;
	if ((c = memchr(s, ':', n)) != NULL) {
		for (p = c; p > s && isdig(p[-1]); p--)
			continue;
		if (p == c || c - p > 2 || !time_ok(p, e))
			return NORM_BAD;
		de = p;
		if (de - s >= 2 && up(de[-1]) == 'T' && isdig(de[-2]))
			de--;		/* ISO 8601 */
		else if (de == s || !isspc((unsigned char)de[-1]))
			return NORM_BAD;
		while (de > s && isspc((unsigned char)de[-1]))
			de--;
	}

	if ((nt = dtokens(s, de, t, 3)) != 3)
		return NORM_BAD;
	if (t[0].kind == 'n' && t[1].kind == 'n' && t[2].kind == 'n') {
		if (t[1].sep != t[2].sep || t[1].sep == ',')
			return NORM_BAD;
		if (t[0].n == 4 && t[1].n <= 2 && t[2].n <= 2)
			return date_out(t[0].v, t[1].v, t[2].v, opt, out);
		if (t[0].n > 2 || t[1].n > 2 || (y = year_of(&t[2], opt)) < 0)
			return NORM_BAD;
		m = opt->order == 'm' ? t[0].v : t[1].v;
		d = opt->order == 'm' ? t[1].v : t[0].v;
		return date_out(y, m, d, opt, out);
	}
	if (t[0].kind == 'n' && t[1].kind == 'w' && t[2].kind == 'n') {
		if (t[0].n == 4 && t[2].n <= 2)		/* 1980-Des-06 */
			return date_out(t[0].v, t[1].v, t[2].v, opt, out);
		if (t[0].n > 2 || (y = year_of(&t[2], opt)) < 0)
			return NORM_BAD;
		return date_out(y, t[1].v, t[0].v, opt, out);
	}
	if (t[0].kind == 'w' && t[1].kind == 'n' && t[2].kind == 'n') {
		if (t[1].n > 2 || (y = year_of(&t[2], opt)) < 0)
			return NORM_BAD;
		return date_out(y, t[0].v, t[1].v, opt, out);
	}
	return NORM_BAD;
}

/* ---- name keys ------------------------------------------------------- */

/* Prefix titles, dropped when more name follows. */
static const struct word titles[] = {
	{ "H", 1 }, { "HJ", 1 }, { "HJH", 1 }, { "HAJI", 1 }, { "HAJJAH", 1 },
	{ "HAJAH", 1 }, { "DR", 1 }, { "DRS", 1 }, { "DRA", 1 }, { "DRG", 1 },
	{ "IR", 1 }, { "PROF", 1 }, { "KH", 1 }, { "R", 1 }, { "RR", 1 },
	{ "RADEN", 1 }, { "NY", 1 }, { "NYONYA", 1 }, { "TN", 1 },
	{ "SDR", 1 }, { "SDRI", 1 }, { "ALM", 1 }, { "ALMH", 1 },
	{ "ALMARHUM", 1 }, { "ALMARHUMAH", 1 },
};

/*
 * Academic degrees, spelled without dots.  DEG_ANY: dropped as trailing
 * words even when written without dots ("Budi Santoso SE"); DEG_MARKED:
 * only when written with a dot or after the comma, as the bare spelling
 * is also a name or an initial ("Ama", "SP").
 */
enum { DEG_ANY = 1, DEG_MARKED = 2 };

static const struct word degrees[] = {
	{ "SPD", DEG_ANY }, { "SPDI", DEG_ANY }, { "SPDSD", DEG_ANY },
	{ "SE", DEG_ANY }, { "SEI", DEG_ANY }, { "SH", DEG_ANY },
	{ "SHI", DEG_ANY }, { "SKOM", DEG_ANY }, { "ST", DEG_ANY },
	{ "SAG", DEG_ANY }, { "SSOS", DEG_ANY }, { "SKEP", DEG_ANY },
	{ "SKED", DEG_ANY }, { "SSI", DEG_ANY }, { "SIP", DEG_ANY },
	{ "SFARM", DEG_ANY }, { "SPSI", DEG_ANY }, { "SKM", DEG_ANY },
	{ "SKES", DEG_ANY }, { "SKEB", DEG_ANY }, { "SHUT", DEG_ANY },
	{ "SPT", DEG_ANY }, { "STP", DEG_ANY }, { "SSTP", DEG_ANY },
	{ "SIKOM", DEG_ANY }, { "SHUM", DEG_ANY }, { "SKG", DEG_ANY },
	{ "MPD", DEG_ANY }, { "MPDI", DEG_ANY }, { "MM", DEG_ANY },
	{ "MSI", DEG_ANY }, { "MKOM", DEG_ANY }, { "MH", DEG_ANY },
	{ "MAG", DEG_ANY }, { "MKES", DEG_ANY }, { "MKM", DEG_ANY },
	{ "MAP", DEG_ANY }, { "MHUM", DEG_ANY }, { "MKN", DEG_ANY },
	{ "MSC", DEG_ANY }, { "MBA", DEG_ANY }, { "PHD", DEG_ANY },
	{ "AMD", DEG_ANY }, { "AMDKEB", DEG_ANY }, { "AMDKEP", DEG_ANY },
	{ "AMAPD", DEG_ANY }, { "AMKEB", DEG_ANY }, { "AMKEP", DEG_ANY },
	{ "AMK", DEG_ANY },
	{ "AMA", DEG_MARKED }, { "MT", DEG_MARKED }, { "SP", DEG_MARKED },
	{ "SS", DEG_MARKED }, { "BA", DEG_MARKED },
};

/* Whole-word spellings replaced by one key spelling (v indexes aliasto). */
static const char *const aliasto[] = { "", "MUHAMMAD", "ABDUL" };

static const struct word aliases[] = {
	{ "MOH", 1 }, { "MOCH", 1 }, { "MOCHAMAD", 1 }, { "MOCHAMMAD", 1 },
	{ "MOHAMMAD", 1 }, { "MOHAMAD", 1 }, { "MOHAMMED", 1 },
	{ "MOHAMED", 1 }, { "MOHD", 1 }, { "MOKHAMAD", 1 },
	{ "MOKHAMMAD", 1 }, { "MUHAMAD", 1 }, { "MUHAMMED", 1 },
	{ "MUH", 1 }, { "MUCHAMAD", 1 }, { "MUCHAMMAD", 1 },
	{ "MUKHAMAD", 1 }, { "MUKHAMMAD", 1 }, { "MHD", 1 }, { "MHMD", 1 },
	{ "MD", 1 },
	{ "ABD", 2 },
};

/* Old spellings to EYD, applied in this order over the whole key. */
static const struct {
	const char *from, *to;	/* to is never longer than from */
} eyd[] = {
	{ "OE", "U" }, { "DJ", "J" }, { "TJ", "C" }, { "NJ", "NY" },
	{ "SJ", "SY" }, { "CH", "KH" }, { "J", "Y" },
};

/*
 * A character that joins the letters around it (apostrophes, hyphens,
 * dashes) at p in the folded text: its length, else 0.
 */
static size_t
joiner(const char *p, const char *e)
{
	const unsigned char *u = (const unsigned char *)p;

	if (*p == '\'' || *p == '`' || *p == '-')
		return 1;
	if (e - p >= 2 && ((u[0] == 0xCA && u[1] == 0xBC) ||	/* ʼ */
	    (u[0] == 0xC2 && u[1] == 0xB4)))			/* ´ */
		return 2;
	if (e - p >= 3 && u[0] == 0xE2 && u[1] == 0x80 &&
	    (u[2] == 0x98 || u[2] == 0x99 ||	/* ‘ ’ */
	    u[2] == 0x90 || u[2] == 0x91 ||	/* ‐ ‑ */
	    u[2] == 0x93 || u[2] == 0x94))	/* – — */
		return 3;
	return 0;
}

/*
 * A character that separates words at p: white space, NUL, U+00A0, and
 * ASCII punctuation other than dots and joiners.  Its length, else 0.
 */
static size_t
wordsep(const char *p, const char *e)
{
	int c = (unsigned char)*p;

	if (isnbsp(p, e))
		return 2;
	if (c >= 0x80 || isdig(c) || isalph(c) || c == '.' || joiner(p, e))
		return 0;
	return 1;
}

/* One name token: a word, or a piece of a word between dots. */
struct ntok {
	const char *p;		/* its bytes in the folded text */
	size_t n;		/* their count */
	int comma;		/* a comma came before it */
	int dotted;		/* a whole word with dots (a degree) */
	char key[KEYMAX];	/* upper case without dots; "" when too long
				   or not ASCII */
};

/* The token scanner's state. */
struct nscan {
	const char *p, *e;	/* the rest of the folded text */
	const char *we;		/* end of the word being split at its dots,
				   or NULL */
	int comma;		/* a comma has been passed */
};

static void
mkkey(struct ntok *t)
{
	size_t i, k = 0;

	for (i = 0; i < t->n; i++) {
		unsigned char c = (unsigned char)t->p[i];
		if (c == '.')
			continue;
		if (c >= 0x80 || c == '\0' || k + 1 >= sizeof t->key) {
			k = 0;
			break;
		}
		t->key[k++] = (char)up(c);
	}
	t->key[k] = '\0';
}

/* Whether t has something besides joiners (and dots). */
static int
wordy(const struct ntok *t)
{
	const char *p = t->p, *e = t->p + t->n;
	size_t k;

	while (p < e) {
		if (*p == '.')
			k = 1;
		else if ((k = joiner(p, e)) == 0)
			return 1;
		p += k;
	}
	return 0;
}

/* Whether t is a degree to drop where it stands (trailing or after ,). */
static int
degree(const struct ntok *t)
{
	int v = t->key[0] ? lookup(degrees, NELEM(degrees), t->key) : 0;

	return v == DEG_ANY || (v == DEG_MARKED && (t->dotted || t->comma));
}

/* Next token into *t; 0 at the end. */
static int
nnext(struct nscan *sc, struct ntok *t)
{
	const char *w;
	size_t k;

	for (;;) {
		if (sc->we != NULL) {
			while (sc->p < sc->we && *sc->p == '.')
				sc->p++;
			if (sc->p == sc->we) {
				sc->we = NULL;
				continue;
			}
			t->p = sc->p;
			while (sc->p < sc->we && *sc->p != '.')
				sc->p++;
			t->n = (size_t)(sc->p - t->p);
			t->comma = sc->comma;
			t->dotted = 0;
			mkkey(t);
			if (wordy(t))
				return 1;
			continue;
		}
		while (sc->p < sc->e && (k = wordsep(sc->p, sc->e)) > 0) {
			if (*sc->p == ',')
				sc->comma = 1;
			sc->p += k;
		}
		if (sc->p == sc->e)
			return 0;
		w = sc->p;
		while (sc->p < sc->e && wordsep(sc->p, sc->e) == 0)
			sc->p++;
		t->p = w;
		t->n = (size_t)(sc->p - w);
		t->comma = sc->comma;
		t->dotted = 0;
		mkkey(t);
		if (memchr(w, '.', t->n) != NULL) {
			t->dotted = 1;
			if (t->key[0] &&
			    lookup(degrees, NELEM(degrees), t->key) != 0)
				return 1;
			sc->p = w;	/* split "Hj.Siti" at its dots */
			sc->we = w + t->n;
			continue;
		}
		if (wordy(t))
			return 1;
	}
}

/* rewrite: replace from by to (not longer) in s[0..n); the new length. */
static size_t
rewrite(char *s, size_t n, const char *from, const char *to)
{
	size_t i = 0, w = 0, fl = strlen(from), tl = strlen(to);
	const char *hit = memchr(s, from[0], n);

	/* Nothing to do before the first byte of from: no copy either. */
	if (hit == NULL)
		return n;
	i = w = (size_t)(hit - s);
	while (i < n) {
		if (s[i] == from[0] && n - i >= fl &&
		    memcmp(s + i, from, fl) == 0) {
			memcpy(s + w, to, tl);
			w += tl;
			i += fl;
		} else
			s[w++] = s[i++];
	}
	return w;
}

int
norm_namekey(const char *s, size_t n, struct buf *out)
{
	struct nscan sc;
	struct ntok t;
	const char *f, *q;
	char *o;
	size_t fn, w, i, k, lim, nt, lead, tail;
	int v, core, drop;

	buf_reset(out);
	/* out holds the key (at most 3n + 2: "md md" → "MUHAMMAD
	   MUHAMMAD") and, after it, the folded input. */
	if (n > (SIZE_MAX - 64) / 4) {
		errno = ENOMEM;
		return -1;
	}
	lim = 3 * n + 16;
	if (buf_reserve(out, lim + n + 1) < 0)
		return -1;
	o = out->p;
	fn = utf8_fold(o + lim, s, n, UTF8_FOLD_CASE | UTF8_FOLD_ACCENT);
	f = o + lim;

	/* Pass 1: how many tokens, the leading titles, the trailing
	   degrees; whether any name is left once they go. */
	memset(&sc, 0, sizeof sc);
	sc.p = f;
	sc.e = f + fn;
	nt = lead = tail = 0;
	while (nnext(&sc, &t)) {
		if (lead == nt && lookup(titles, NELEM(titles), t.key))
			lead++;
		if (!degree(&t))
			tail = nt + 1;
		nt++;
	}
	if (nt == 0) {
		buf_reset(out);
		return NORM_EMPTY;
	}
	core = tail > lead;

	/* Pass 2: the kept tokens, upper case, aliases replaced. */
	memset(&sc, 0, sizeof sc);
	sc.p = f;
	sc.e = f + fn;
	w = 0;
	for (i = 0; nnext(&sc, &t); i++) {
		drop = core && (i < lead ||
		    (degree(&t) && (t.comma || i >= tail)));
		if (drop)
			continue;
		if (w > 0)
			o[w++] = ' ';
		/* A lone M before the rest of a name is Muhammad: "M. Dimas
		 * Saputra" = "Muhammad Dimas Saputra". */
		if (w == 0 && strcmp(t.key, "M") == 0 && i + 1 < nt) {
			memcpy(o + w, "MUHAMMAD", 8);
			w += 8;
			continue;
		}
		if (!t.dotted && t.key[0] &&
		    (v = lookup(aliases, NELEM(aliases), t.key)) != 0) {
			k = strlen(aliasto[v]);
			memcpy(o + w, aliasto[v], k);
			w += k;
			continue;
		}
		for (q = t.p; q < t.p + t.n; q += k) {
			if ((k = joiner(q, t.p + t.n)) > 0) {
				o[w++] = '\'';
			} else {
				k = 1;
				if (*q != '.')
					o[w++] = (char)up(*q);
			}
		}
	}

	/* Old spelling to EYD, then joiners out. */
	for (i = 0; i < NELEM(eyd); i++)
		w = rewrite(o, w, eyd[i].from, eyd[i].to);
	for (i = k = 0; i < w; i++) {
		if (o[i] == '\'')
			continue;
		if (o[i] == ' ' && (k == 0 || o[k - 1] == ' '))
			continue;
		o[k++] = o[i];
	}
	while (k > 0 && o[k - 1] == ' ')
		k--;
	out->len = k;
	o[k] = '\0';
	return k ? NORM_OK : NORM_EMPTY;
}

/* ---- NIK and No KK --------------------------------------------------- */

/* Province codes in use (Kemendagri), as ranges. */
static const struct {
	int lo, hi;
} provinces[] = {
	{ 11, 19 }, { 21, 21 }, { 31, 36 }, { 51, 53 }, { 61, 65 },
	{ 71, 76 }, { 81, 82 }, { 91, 97 },
};

static int
province(int code)
{
	size_t i;

	for (i = 0; i < NELEM(provinces); i++)
		if (code >= provinces[i].lo && code <= provinces[i].hi)
			return 1;
	return 0;
}

/* A dummy number: one digit, a run up or down, or a region and zeros. */
static int
dummy(const char *d)
{
	int same = 1, upr = 1, down = 1, zeros = 1, i;

	for (i = 1; i < 16; i++) {
		int a = d[i - 1] - '0', b = d[i] - '0';
		same &= b == a;
		upr &= b == (a + 1) % 10;
		down &= b == (a + 9) % 10;
		if (i >= 6)
			zeros &= b == 0;
	}
	return same || upr || down || zeros;
}

/* A separator inside a NIK as typed: space, dot, comma, dash, U+00A0. */
static size_t
niksep(const char *p, const char *e)
{
	if (isnbsp(p, e))
		return 2;
	return *p == ' ' || *p == '\t' || *p == '.' || *p == ',' || *p == '-';
}

unsigned
norm_nik(const char *s, size_t n, int kk, struct norm_nik *out)
{
	const char *e, *p, *fsep = NULL, *ie;
	size_t k, nsep = 0, nd = 0;
	int chars = 0, fl = 0, zero = 1, dd, mm;

	memset(out, 0, sizeof *out);
	s = trim(s, &n);
	if (n > 0 && (*s == '\'' || *s == '`')) {	/* Excel's text mark */
		s++;
		n--;
		s = trim(s, &n);
	}
	if (n == 0)
		return out->bits = NIK_EMPTY;
	e = s + n;

	/* 3.31E+15: Excel's damage, nothing more can be said. */
	for (p = s + 1; p + 1 < e; p++)
		if ((*p == 'e' || *p == 'E') && isdig(p[-1]) &&
		    (isdig(p[1]) || ((p[1] == '+' || p[1] == '-') &&
		    p + 2 < e && isdig(p[2]))))
			return out->bits = NIK_EXPONENT;

	for (p = s; p < e; p += k) {
		if (isdig(*p)) {
			k = 1;
			continue;
		}
		if ((k = niksep(p, e)) > 0) {
			nsep++;
			fsep = p;
		} else {
			chars = 1;
			k = 1;
		}
	}

	/* One '.' or ',' ending in a short or zero fraction: a float. */
	ie = e;
	if (!chars && nsep == 1 && (*fsep == '.' || *fsep == ',')) {
		for (p = fsep + 1; p < e; p++)
			zero &= *p == '0';
		if (e - fsep - 1 <= 3 || zero) {
			fl = 1;
			ie = fsep;
		}
	}
	for (p = s; p < ie; p++)
		if (isdig(*p) && nd++ < 16)
			out->digits[nd - 1] = *p;
	if (fl)
		out->bits |= NIK_FLOAT;
	if (chars)
		out->bits |= NIK_CHARS;
	if (nd != 16)
		out->bits |= NIK_LENGTH;
	if (chars || nd != 16) {
		memset(out->digits, 0, sizeof out->digits);
		return out->bits;
	}
	out->digits[16] = '\0';

	if (!province((out->digits[0] - '0') * 10 + (out->digits[1] - '0')))
		out->bits |= NIK_PROVINCE;
	if (!kk) {
		dd = (out->digits[6] - '0') * 10 + (out->digits[7] - '0');
		mm = (out->digits[8] - '0') * 10 + (out->digits[9] - '0');
		out->female = dd >= 41 && dd <= 71;
		out->day = out->female ? dd - 40 : dd;
		out->month = mm;
		out->yy = (out->digits[10] - '0') * 10 +
		    (out->digits[11] - '0');
		if (out->day < 1 || out->day > 31 || mm < 1 || mm > 12 ||
		    out->day > mdays(2000, mm))	/* 29 Feb allowed */
			out->bits |= NIK_DATE;
	}
	if (memcmp(out->digits + 12, "0000", 4) == 0)
		out->bits |= NIK_SERIAL;
	if (dummy(out->digits))
		out->bits |= NIK_DUMMY;
	return out->bits;
}
