/* SPDX-License-Identifier: MIT */
/*
 * region: the region reference table and the matching of codes and names
 * to it (see region.h).
 *
 * Codes are two maps from digits to a region: Kemendagri codes without
 * their dots, and BPS codes.  Names are one map from a scoped key -- a
 * 9-byte scope (level, then the parent's index or "any parent") followed by
 * the name's key -- to the short list of regions that have that key in
 * that scope, each flagged when only its aliases gave it the key.  Every
 * name and alias is entered twice: under its parent and under "any
 * parent" of its level.  An exact match is one map lookup; fuzzy matching
 * walks the keys of one scope (listed per scope, in load order), skipping
 * those whose length or set of letters is out of reach, and bounding each
 * edit distance (strsim_osa) by the reach, so that its table is cut off at
 * its band and as soon as a whole row is out of reach: a province of tens
 * of thousands of desa takes a fraction of a millisecond.
 *
 * The scratch a query needs (its scoped key) is sized at load from the
 * longest key in the table: a longer query cannot match anything, so no
 * call allocates (keys are ASCII and far shorter than the 255 characters
 * strsim_osa compares without allocating).
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "csvio.h"
#include "region.h"
#include "strmap.h"
#include "strsim.h"
#include "utf8.h"

#define SCOPE_LEN 9		/* level byte + parent as 8 bytes */
#define ANY_PARENT (-2L)	/* the scope of a whole level */
#define QSLACK 16		/* query key room past maxkey: prefix + reach */
#define MAXDIST 2		/* the largest fuzzy distance */

struct hit {
	long r;			/* region index */
	int alias;		/* r has this key from an alias only */
};

struct hits {
	struct hit *h;		/* the distinct regions with one scoped key */
	size_t n, cap;
};

struct skey {
	const char *k;		/* the key (in the keys map) */
	size_t len;		/* its length */
	unsigned long long set;	/* the letters and digits in it */
	long e;			/* its entry in keys */
};

struct scope {
	struct skey *key;	/* the keys of this scope, load order */
	size_t n, cap;
};

struct region_table {
	struct region *r;	/* regions in file order */
	char **mem;		/* r[i]'s strings, one block each */
	unsigned long long *rec;	/* r[i]'s record (during load only) */
	size_t n, cap;
	strmap *code;		/* Kemendagri digits → region index */
	strmap *bps;		/* BPS digits → region index */
	strmap *keys;		/* scope + key → entry; its regions: hits[entry] */
	struct hits *hits;
	size_t hcap;
	strmap *scopes;		/* scope → index in scope[] */
	struct scope *scope;
	size_t nscope, scap;
	size_t maxkey;		/* the longest key (without scope) */
	char *q;		/* scratch: a query's scoped key */
	size_t qcap;		/* its room for the key after the scope */
};

/*
 * Prefix words dropped from the front of a name when a name is left after
 * them.  level -1: at every level; jenis: the kind of region the word says
 * (kept as a filter: "Kota Magelang" is not Kabupaten Magelang).
 */
static const struct prefix {
	const char *w;		/* the word, as in a key */
	int level;		/* the level it is dropped at, or -1 */
	const char *jenis;	/* the jenis it implies, or NULL */
} prefixes[] = {
	{ "DESA", -1, NULL },
	{ "DS", -1, NULL },
	{ "KELURAHAN", -1, NULL },
	{ "KEL", -1, NULL },
	{ "KECAMATAN", -1, NULL },
	{ "KEC", -1, NULL },
	{ "KABUPATEN", REGION_KABUPATEN, "kabupaten" },
	{ "KAB", REGION_KABUPATEN, "kabupaten" },
	{ "KOTA", REGION_KABUPATEN, "kota" },
};

static const char *const level_names[] = {
	[REGION_PROVINSI] = "provinsi",
	[REGION_KABUPATEN] = "kabupaten",
	[REGION_KECAMATAN] = "kecamatan",
	[REGION_DESA] = "desa",
};
#define NLEVEL (sizeof level_names / sizeof level_names[0])

static char *
msg(const char *fmt, ...)
    __attribute__((format(printf, 1, 2)));

static char *
msg(const char *fmt, ...)
{
	struct buf b = BUF_INIT;
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0 || buf_reserve(&b, (size_t)n) < 0)
		return NULL;
	va_start(ap, fmt);
	vsnprintf(b.p, (size_t)n + 1, fmt, ap);
	va_end(ap);
	return b.p;
}

/*
 * mkkey: the key of name s[0..n) at the given level into out (room for cap
 * bytes, no NUL): folded, upper case, letters and digits only, a prefix
 * word dropped.  *jenis gets what a dropped word implies (or NULL).
 * Returns the length, or cap + 1 when the key does not fit.
 */
static size_t
mkkey(const char *s, size_t n, int level, char *out, size_t cap,
    const char **jenis)
{
	const char *p = s, *end = s + n, *cp;
	char f[8];
	size_t len = 0, first = 0, k, i;
	int inword = 0;
	unsigned char c;

	*jenis = NULL;
	while (p < end) {
		if ((unsigned char)*p < 0x80) {
			f[0] = *p++;
			k = 1;
		} else {
			cp = p;
			(void)utf8_decode(&p, end);
			k = utf8_fold(f, cp, (size_t)(p - cp),
			    UTF8_FOLD_CASE | UTF8_FOLD_ACCENT);
		}
		for (i = 0; i < k; i++) {
			c = (unsigned char)f[i];
			if (c >= 'a' && c <= 'z')
				c = (unsigned char)(c - 'a' + 'A');
			if ((c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) {
				if (len == cap)
					return cap + 1;
				out[len++] = (char)c;
				inword = 1;
			} else if (inword) {
				if (first == 0)
					first = len;
				inword = 0;
			}
		}
	}
	if (first == 0 || first == len)
		return len;
	for (i = 0; i < sizeof prefixes / sizeof prefixes[0]; i++) {
		const struct prefix *w = &prefixes[i];
		if ((w->level < 0 || w->level == level) &&
		    strlen(w->w) == first && memcmp(out, w->w, first) == 0) {
			memmove(out, out + first, len - first);
			*jenis = w->jenis;
			return len - first;
		}
	}
	return len;
}

/* charset: the set of the letters and digits in key k[0..n). */
static unsigned long long
charset(const char *k, size_t n)
{
	unsigned long long set = 0;
	size_t i;

	for (i = 0; i < n; i++)
		set |= 1ULL << (k[i] <= '9' ? k[i] - '0' + 26 : k[i] - 'A');
	return set;
}

/* popcount: the number of bits set in v. */
static int
popcount(unsigned long long v)
{
	int n = 0;

	for (; v; v &= v - 1)
		n++;
	return n;
}

/* scope_hdr: write the scope (level, parent) at p (SCOPE_LEN bytes). */
static void
scope_hdr(char *p, int level, long parent)
{
	unsigned long long v = (unsigned long long)(long long)parent;
	int i;

	p[0] = (char)level;
	for (i = 0; i < 8; i++)
		p[1 + i] = (char)(v >> (8 * i) & 0xFF);
}

/* The digits of s[0..n), dots skipped, into d (room for cap); -1: other. */
static long
digits(const char *s, size_t n, char *d, size_t cap, int *dots)
{
	size_t i, k = 0;

	*dots = 0;
	for (i = 0; i < n; i++) {
		if (s[i] == '.') {
			*dots = 1;
		} else if (s[i] >= '0' && s[i] <= '9') {
			if (k == cap)
				return -1;
			d[k++] = s[i];
		} else {
			return -1;
		}
	}
	return (long)k;
}

/* valid_code: s[0..n) is digit groups joined by single dots. */
static int
valid_code(const char *s, size_t n)
{
	size_t i;

	if (n == 0 || s[0] == '.' || s[n - 1] == '.')
		return 0;
	for (i = 0; i < n; i++)
		if (s[i] == '.' ? s[i + 1] == '.' : (s[i] < '0' || s[i] > '9'))
			return 0;
	return 1;
}

/* code_find: the region of the Kemendagri code s exactly as written. */
static long
code_find(const region_table *t, const char *s, size_t n)
{
	char d[64];
	long k, e;
	int dots;

	if ((k = digits(s, n, d, sizeof d, &dots)) <= 0 ||
	    (e = smap_find(t->code, d, (size_t)k)) < 0)
		return -1;
	e = *smap_val(t->code, (size_t)e);
	if (strlen(t->r[e].kode) != n || memcmp(t->r[e].kode, s, n) != 0)
		return -1;
	return e;
}

/* under: region r lies (strictly) inside region a. */
static int
under(const region_table *t, long r, long a)
{
	while ((r = t->r[r].parent) >= 0)
		if (r == a)
			return 1;
	return 0;
}

static int
same_jenis(const char *a, const char *b)
{
	return *a == '\0' || *b == '\0' || strcmp(a, b) == 0;
}

/*
 * add_key: enter key (k, kn) of region r in scope (level, parent); alias
 * when it comes from aliases.csv.  With check, a reference name that is
 * already the name of another region there (of the same jenis, at the
 * kabupaten level, where Kota X and Kabupaten X share a name) is a clash:
 * *clash gets that region and 1 is returned.  0, or -1 out of memory.
 */
static int
add_key(region_table *t, struct buf *sk, int level, long parent,
    const char *k, size_t kn, long r, int alias, int check, long *clash)
{
	struct hits *hs;
	struct scope *sc;
	long e, si;
	size_t i;
	int added;

	buf_reset(sk);
	if (buf_reserve(sk, SCOPE_LEN + kn) < 0)
		return -1;
	scope_hdr(sk->p, level, parent);
	sk->len = SCOPE_LEN;
	if (buf_add(sk, k, kn) < 0)
		return -1;
	if ((e = smap_put(t->keys, sk->p, sk->len, 0, &added)) < 0)
		return -1;
	if (added) {
		if ((size_t)e >= t->hcap) {
			size_t cap = t->hcap ? t->hcap * 2 : 256;
			struct hits *nh = realloc(t->hits, cap * sizeof *nh);
			if (nh == NULL)
				return -1;
			t->hits = nh;
			t->hcap = cap;
		}
		memset(&t->hits[e], 0, sizeof t->hits[e]);
		if ((si = smap_put(t->scopes, sk->p, SCOPE_LEN,
		    (long)t->nscope, NULL)) < 0)
			return -1;
		si = *smap_val(t->scopes, (size_t)si);
		if ((size_t)si == t->nscope) {
			if (t->nscope == t->scap) {
				size_t cap = t->scap ? t->scap * 2 : 64;
				struct scope *ns = realloc(t->scope,
				    cap * sizeof *ns);
				if (ns == NULL)
					return -1;
				t->scope = ns;
				t->scap = cap;
			}
			memset(&t->scope[t->nscope++], 0, sizeof *t->scope);
		}
		sc = &t->scope[si];
		if (sc->n == sc->cap) {
			size_t cap = sc->cap ? sc->cap * 2 : 16;
			struct skey *nk = realloc(sc->key, cap * sizeof *nk);
			if (nk == NULL)
				return -1;
			sc->key = nk;
			sc->cap = cap;
		}
		/* k and len are filled in when the keys map is complete. */
		sc->key[sc->n].set = charset(k, kn);
		sc->key[sc->n++].e = e;
		if (kn > t->maxkey)
			t->maxkey = kn;
	}
	hs = &t->hits[e];
	for (i = 0; check && i < hs->n; i++)
		if (hs->h[i].r != r && !hs->h[i].alias &&
		    (level != REGION_KABUPATEN ||
		    same_jenis(t->r[r].jenis, t->r[hs->h[i].r].jenis))) {
			*clash = hs->h[i].r;
			return 1;
		}
	for (i = 0; i < hs->n; i++)
		if (hs->h[i].r == r) {
			hs->h[i].alias &= alias;
			return 0;
		}
	if (hs->n == hs->cap) {
		size_t cap = hs->cap ? hs->cap * 2 : 1;
		struct hit *nh = realloc(hs->h, cap * sizeof *nh);
		if (nh == NULL)
			return -1;
		hs->h = nh;
		hs->cap = cap;
	}
	hs->h[hs->n].r = r;
	hs->h[hs->n].alias = alias;
	hs->n++;
	return 0;
}

/*
 * add_name: enter name s[0..n) of region r in its parent's scope and in
 * its level's; a reference name (not alias) is checked for clashes.
 * Returns 0, or -1 with *err set.
 */
static int
add_name(region_table *t, struct buf *kb, struct buf *sk, long r,
    const char *s, size_t n, int alias, const char *path,
    unsigned long long rec, char **err)
{
	const struct region *g = &t->r[r];
	const char *jenis;
	size_t kn;
	long clash = -1;
	int rc;

	buf_reset(kb);
	if (buf_reserve(kb, n) < 0)
		goto nomem;
	kn = mkkey(s, n, (int)g->level, kb->p, n, &jenis);
	if (kn == 0) {
		*err = msg("%s:%llu: nama '%.*s' has no letters or digits",
		    path, rec, (int)n, s);
		return -1;
	}
	rc = add_key(t, sk, (int)g->level, g->parent, kb->p, kn, r, alias,
	    !alias, &clash);
	if (rc == 1) {
		*err = msg("%s:%llu: nama '%s' of %s is also the name of %s "
		    "('%s') under the same induk", path, rec, g->nama, g->kode,
		    t->r[clash].kode, t->r[clash].nama);
		return -1;
	}
	if (rc < 0 || add_key(t, sk, (int)g->level, ANY_PARENT, kb->p, kn, r,
	    alias, 0, &clash) < 0)
		goto nomem;
	return 0;
nomem:
	*err = msg("%s: out of memory", path);
	return -1;
}

/*
 * The columns a file needs, found by name in its header; at = -1 when
 * absent.
 */
struct col {
	const char *name;
	int required;
	long at;
};

/*
 * open_csv: open path and map its header to cols.  Returns the reader, or
 * NULL with *err set.
 */
static csvio_reader *
open_csv(const char *path, struct col *cols, size_t ncol, size_t *nfield,
    char **err)
{
	struct csvio_rec rec;
	csvio_reader *r;
	size_t i, j;
	int st;

	if ((r = csvio_open(path, ',', '"')) == NULL) {
		*err = msg("%s: %s", path, strerror(errno));
		return NULL;
	}
	st = csvio_read(r, &rec);
	if (st == CSVIO_ERR) {
		*err = msg("%s: %s", path, csvio_strerror(r));
		goto fail;
	}
	if (st == CSVIO_EOF) {
		*err = msg("%s: empty file: no header", path);
		goto fail;
	}
	if (st == CSVIO_BAD) {
		*err = msg("%s:%llu: %s", path, rec.num, rec.bad);
		goto fail;
	}
	for (j = 0; j < ncol; j++)
		cols[j].at = -1;
	for (i = 0; i < rec.n; i++)
		for (j = 0; j < ncol; j++) {
			if (strlen(cols[j].name) != rec.len[i] ||
			    memcmp(cols[j].name, rec.f[i], rec.len[i]) != 0)
				continue;
			if (cols[j].at >= 0) {
				*err = msg("%s:%llu: column '%s' appears twice",
				    path, rec.num, cols[j].name);
				goto fail;
			}
			cols[j].at = (long)i;
		}
	for (j = 0; j < ncol; j++)
		if (cols[j].required && cols[j].at < 0) {
			*err = msg("%s:%llu: missing column '%s'", path,
			    rec.num, cols[j].name);
			goto fail;
		}
	*nfield = rec.n;
	return r;
fail:
	csvio_close(r);
	return NULL;
}

/*
 * next_rec: the next data record of r, with nfield fields none of which
 * holds a NUL.  1, 0 at the end, or -1 with *err set.
 */
static int
next_rec(csvio_reader *r, const char *path, size_t nfield,
    struct csvio_rec *rec, char **err)
{
	size_t i;
	int st = csvio_read(r, rec);

	if (st == CSVIO_EOF)
		return 0;
	if (st == CSVIO_ERR) {
		*err = msg("%s: %s", path, csvio_strerror(r));
		return -1;
	}
	if (st == CSVIO_BAD) {
		*err = msg("%s:%llu: %s", path, rec->num, rec->bad);
		return -1;
	}
	if (rec->n != nfield) {
		*err = msg("%s:%llu: %zu fields, the header has %zu", path,
		    rec->num, rec->n, nfield);
		return -1;
	}
	for (i = 0; i < rec->n; i++)
		if (memchr(rec->f[i], '\0', rec->len[i]) != NULL) {
			*err = msg("%s:%llu: a NUL byte in field %zu", path,
			    rec->num, i + 1);
			return -1;
		}
	return 1;
}

/* field: field c of rec ("" when the column is absent). */
static const char *
field(const struct csvio_rec *rec, const struct col *c, size_t *n)
{
	if (c->at < 0) {
		*n = 0;
		return "";
	}
	*n = rec->len[c->at];
	return rec->f[c->at];
}

enum { C_KODE, C_TINGKAT, C_INDUK, C_NAMA, C_JENIS, C_BPS, NCOL };

/*
 * add_region: append the region of one regions.csv record; its induk is
 * kept after its strings for read_regions to resolve.  0 or -1 (*err).
 */
static int
add_region(region_table *t, const char *path, const struct csvio_rec *rec,
    const struct col *cols, char **err)
{
	const char *f[NCOL];
	size_t len[NCOL], i, total = 0;
	char d[64], *p;
	struct region *g;
	long k, e;
	int dots, added, lv = -1;

	for (i = 0; i < NCOL; i++) {
		f[i] = field(rec, &cols[i], &len[i]);
		total += len[i] + 1;
	}
	if (!valid_code(f[C_KODE], len[C_KODE]) ||
	    (k = digits(f[C_KODE], len[C_KODE], d, sizeof d, &dots)) < 0) {
		*err = msg("%s:%llu: kode '%s' is not a region code", path,
		    rec->num, f[C_KODE]);
		return -1;
	}
	for (i = 0; i < NLEVEL; i++)
		if (strcmp(f[C_TINGKAT], level_names[i]) == 0)
			lv = (int)i;
	if (lv < 0) {
		*err = msg("%s:%llu: unknown tingkat '%s'", path, rec->num,
		    f[C_TINGKAT]);
		return -1;
	}
	if (len[C_INDUK] && !valid_code(f[C_INDUK], len[C_INDUK])) {
		*err = msg("%s:%llu: induk '%s' is not a region code", path,
		    rec->num, f[C_INDUK]);
		return -1;
	}
	if (strspn(f[C_BPS], "0123456789") != len[C_BPS] || len[C_BPS] > 32) {
		*err = msg("%s:%llu: kode_bps '%s' is not a BPS code", path,
		    rec->num, f[C_BPS]);
		return -1;
	}
	if (t->n == t->cap) {
		size_t cap = t->cap ? t->cap * 2 : 64;
		struct region *nr = realloc(t->r, cap * sizeof *nr);
		char **nm;
		unsigned long long *nrec;
		if (nr == NULL)
			goto nomem;
		t->r = nr;
		if ((nm = realloc(t->mem, cap * sizeof *nm)) == NULL)
			goto nomem;
		t->mem = nm;
		if ((nrec = realloc(t->rec, cap * sizeof *nrec)) == NULL)
			goto nomem;
		t->rec = nrec;
		t->cap = cap;
	}
	/* kode, kode_bps, nama, jenis, induk: one block. */
	if ((p = malloc(total)) == NULL)
		goto nomem;
	g = &t->r[t->n];
	t->mem[t->n] = p;
	t->rec[t->n] = rec->num;
	t->n++;
	g->kode = p;
	p = (char *)memcpy(p, f[C_KODE], len[C_KODE] + 1) + len[C_KODE] + 1;
	g->kode_bps = p;
	p = (char *)memcpy(p, f[C_BPS], len[C_BPS] + 1) + len[C_BPS] + 1;
	g->nama = p;
	p = (char *)memcpy(p, f[C_NAMA], len[C_NAMA] + 1) + len[C_NAMA] + 1;
	g->jenis = p;
	p = (char *)memcpy(p, f[C_JENIS], len[C_JENIS] + 1) + len[C_JENIS] + 1;
	memcpy(p, f[C_INDUK], len[C_INDUK] + 1);
	g->level = (enum region_level)lv;
	g->parent = -1;
	if ((e = smap_put(t->code, d, (size_t)k, (long)t->n - 1, &added)) < 0)
		goto nomem;
	if (!added) {
		e = *smap_val(t->code, (size_t)e);
		*err = msg("%s:%llu: duplicate kode '%s' (record %llu: '%s')",
		    path, rec->num, g->kode, t->rec[e], t->r[e].kode);
		return -1;
	}
	if (len[C_BPS] == 0)
		return 0;
	if ((e = smap_put(t->bps, f[C_BPS], len[C_BPS], (long)t->n - 1,
	    &added)) < 0)
		goto nomem;
	if (!added) {
		e = *smap_val(t->bps, (size_t)e);
		*err = msg("%s:%llu: duplicate kode_bps '%s' (record %llu: %s)",
		    path, rec->num, g->kode_bps, t->rec[e], t->r[e].kode);
		return -1;
	}
	return 0;
nomem:
	*err = msg("%s: out of memory", path);
	return -1;
}

/* read_regions: load regions.csv into t, then index its names. */
static int
read_regions(region_table *t, const char *path, char **err)
{
	struct col cols[NCOL] = {
		[C_KODE] = { "kode", 1, -1 },
		[C_TINGKAT] = { "tingkat", 1, -1 },
		[C_INDUK] = { "induk", 1, -1 },
		[C_NAMA] = { "nama", 1, -1 },
		[C_JENIS] = { "jenis", 0, -1 },
		[C_BPS] = { "kode_bps", 0, -1 },
	};
	struct buf kb = BUF_INIT, sk = BUF_INIT;
	struct csvio_rec rec;
	csvio_reader *r;
	const char *induk;
	size_t nfield, i;
	int st, rc = -1;
	long p;

	if ((r = open_csv(path, cols, NCOL, &nfield, err)) == NULL)
		return -1;
	while ((st = next_rec(r, path, nfield, &rec, err)) > 0)
		if (add_region(t, path, &rec, cols, err) < 0)
			goto out;
	if (st < 0)
		goto out;
	if (t->n == 0) {
		*err = msg("%s: no regions", path);
		goto out;
	}
	for (i = 0; i < t->n; i++) {
		struct region *g = &t->r[i];
		induk = g->jenis + strlen(g->jenis) + 1;
		if (*induk == '\0')
			continue;
		if ((p = code_find(t, induk, strlen(induk))) < 0) {
			*err = msg("%s:%llu: induk '%s' is not a region", path,
			    t->rec[i], induk);
			goto out;
		}
		if (t->r[p].level >= g->level) {
			*err = msg("%s:%llu: induk '%s' is a %s, not above a %s",
			    path, t->rec[i], induk, level_names[t->r[p].level],
			    level_names[g->level]);
			goto out;
		}
		g->parent = p;
	}
	for (i = 0; i < t->n; i++)
		if (add_name(t, &kb, &sk, (long)i, t->r[i].nama,
		    strlen(t->r[i].nama), 0, path, t->rec[i], err) < 0)
			goto out;
	rc = 0;
out:
	csvio_close(r);
	buf_free(&kb);
	buf_free(&sk);
	return rc;
}

/* read_aliases: enter the names of aliases.csv. */
static int
read_aliases(region_table *t, const char *path, char **err)
{
	struct col cols[] = { { "kode", 1, -1 }, { "nama", 1, -1 } };
	struct buf kb = BUF_INIT, sk = BUF_INIT;
	struct csvio_rec rec;
	csvio_reader *r;
	const char *kode, *nama;
	size_t nfield, kn, nn;
	int st, rc = -1;
	long g;

	if ((r = open_csv(path, cols, 2, &nfield, err)) == NULL)
		return -1;
	while ((st = next_rec(r, path, nfield, &rec, err)) > 0) {
		kode = field(&rec, &cols[0], &kn);
		nama = field(&rec, &cols[1], &nn);
		if ((g = code_find(t, kode, kn)) < 0) {
			*err = msg("%s:%llu: kode '%s' is not a region", path,
			    rec.num, kode);
			goto out;
		}
		if (add_name(t, &kb, &sk, g, nama, nn, 1, path, rec.num,
		    err) < 0)
			goto out;
	}
	if (st == 0)
		rc = 0;
out:
	csvio_close(r);
	buf_free(&kb);
	buf_free(&sk);
	return rc;
}

region_table *
region_load(const char *regions, const char *aliases, char **err)
{
	region_table *t = calloc(1, sizeof *t);
	size_t i, j;

	*err = NULL;
	if (t == NULL || (t->code = smap_new()) == NULL ||
	    (t->bps = smap_new()) == NULL || (t->keys = smap_new()) == NULL ||
	    (t->scopes = smap_new()) == NULL) {
		*err = msg("%s: out of memory", regions);
		goto fail;
	}
	if (read_regions(t, regions, err) < 0 ||
	    (aliases != NULL && read_aliases(t, aliases, err) < 0))
		goto fail;
	free(t->rec);
	t->rec = NULL;
	for (i = 0; i < t->nscope; i++)
		for (j = 0; j < t->scope[i].n; j++) {
			struct skey *k = &t->scope[i].key[j];
			k->k = smap_key(t->keys, (size_t)k->e) + SCOPE_LEN;
			k->len = smap_keylen(t->keys, (size_t)k->e) - SCOPE_LEN;
		}
	t->qcap = t->maxkey + QSLACK;
	if ((t->q = malloc(SCOPE_LEN + t->qcap)) == NULL) {
		*err = msg("%s: out of memory", regions);
		goto fail;
	}
	return t;
fail:
	region_free(t);
	return NULL;
}

void
region_free(region_table *t)
{
	size_t i;

	if (t == NULL)
		return;
	for (i = 0; i < t->n; i++)
		free(t->mem[i]);
	if (t->keys)
		for (i = 0; i < smap_count(t->keys); i++)
			free(t->hits[i].h);
	for (i = 0; i < t->nscope; i++)
		free(t->scope[i].key);
	free(t->r);
	free(t->mem);
	free(t->rec);
	free(t->hits);
	free(t->scope);
	free(t->q);
	smap_free(t->code);
	smap_free(t->bps);
	smap_free(t->keys);
	smap_free(t->scopes);
	free(t);
}

size_t
region_count(const region_table *t)
{
	return t->n;
}

const struct region *
region_at(const region_table *t, size_t i)
{
	return &t->r[i];
}

long
region_by_code(const region_table *t, const char *s, size_t n, int bps,
    enum region_how *how)
{
	enum region_how h;
	char d[64];
	long k, kd = -1, kb = -1, e;
	int dots;

	if (how == NULL)
		how = &h;
	while (n > 0 && (*s == ' ' || *s == '\t'))
		s++, n--;
	while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t'))
		n--;
	*how = REGION_NONE;
	if (n == 0)
		return -1;
	*how = REGION_UNKNOWN;
	if ((k = digits(s, n, d, sizeof d, &dots)) <= 0)
		return -1;
	if (bps <= 0 && (e = smap_find(t->code, d, (size_t)k)) >= 0) {
		kd = *smap_val(t->code, (size_t)e);
		/* Dots, when written, must be where the code has them. */
		if (dots && (strlen(t->r[kd].kode) != n ||
		    memcmp(t->r[kd].kode, s, n) != 0))
			kd = -1;
	}
	if (bps != 0 && !(kd >= 0 && dots) &&
	    (e = smap_find(t->bps, d, (size_t)k)) >= 0)
		kb = *smap_val(t->bps, (size_t)e);
	if (kd >= 0 && kb >= 0 && kd != kb) {
		*how = REGION_AMBIGUOUS;
		return -1;
	}
	if (kd >= 0) {
		*how = REGION_CODE;
		return kd;
	}
	if (kb >= 0) {
		*how = REGION_CODE_BPS;
		return kb;
	}
	return -1;
}

/* A prepared name query: its key is in t->q after the scope. */
struct query {
	int level;		/* the level looked for */
	long scope;		/* the parent of the scope, or ANY_PARENT */
	long anc;		/* regions must lie inside this one, or -1 */
	const char *jenis;	/* ... and be of this jenis (or NULL) */
	size_t len;		/* key length */
};

enum { Q_OK, Q_EMPTY, Q_LONG };

/* prepare: the key of s[0..n) and the scope to look in. */
static int
prepare(region_table *t, int level, long parent, const char *s, size_t n,
    struct query *q)
{
	q->level = level;
	q->scope = ANY_PARENT;
	q->anc = -1;
	if (parent >= 0) {
		if ((int)t->r[parent].level + 1 == level)
			q->scope = parent;
		else
			q->anc = parent;
	}
	q->len = mkkey(s, n, level, t->q + SCOPE_LEN, t->qcap, &q->jenis);
	if (q->len == 0)
		return Q_EMPTY;
	if (q->len > t->maxkey + MAXDIST)
		return Q_LONG;
	return Q_OK;
}

/* fits: region r passes the query's filters. */
static int
fits(const region_table *t, const struct query *q, long r)
{
	return (q->anc < 0 || under(t, r, q->anc)) &&
	    (q->jenis == NULL || same_jenis(q->jenis, t->r[r].jenis));
}

/*
 * exact: the one region whose key is the query's in its scope: its index
 * (*alias set), -1 for none, -2 for several.
 */
static long
exact(region_table *t, const struct query *q, long scope, int *alias)
{
	const struct hits *hs;
	long e, found = -1;
	size_t i;

	scope_hdr(t->q, q->level, scope);
	if ((e = smap_find(t->keys, t->q, SCOPE_LEN + q->len)) < 0)
		return -1;
	hs = &t->hits[e];
	for (i = 0; i < hs->n; i++) {
		if (!fits(t, q, hs->h[i].r))
			continue;
		if (found >= 0)
			return -2;
		found = hs->h[i].r;
		*alias = hs->h[i].alias;
	}
	return found;
}

/* reach: the fuzzy distance allowed between keys of length n and more. */
static int
reach(size_t n)
{
	return n < 5 ? 0 : n < 8 ? 1 : MAXDIST;
}

/*
 * near: the index of the first key of sc from i on that its length and
 * letters do not rule out for a query of length n with the letters qset,
 * at most best edits away, with the bound for its distance (its reach, at
 * most best) in *k; sc->n when none.  The hot loop, kept apart from the
 * distance call so that its values stay in registers.
 */
static size_t
near(const struct scope *sc, size_t i, size_t n, unsigned long long qset,
    int best, int *k)
{
	const struct skey *c;
	int r = 0;

	for (; i < sc->n; i++) {
		c = &sc->key[i];
		r = reach(c->len < n ? c->len : n);
		if (r > best)
			r = best;
		/*
		 * An edit brings at most one letter into either key that the
		 * other lacks: more than r such letters, and it is too far.
		 */
		if (r > 0 && (c->len > n ? c->len - n : n - c->len) <=
		    (size_t)r && popcount(qset & ~c->set) <= r &&
		    popcount(c->set & ~qset) <= r)
			break;
	}
	*k = r;
	return i;
}

/*
 * fuzzy: the one region of the query's scope whose keys come nearest to
 * the query's, within reach; others must be at least one edit further.
 * Its index (*dist set), -1 for none, -2 for a tie.
 */
static long
fuzzy(region_table *t, const struct query *q, long scope, int *dist)
{
	char hdr[SCOPE_LEN];
	const char *qk = t->q + SCOPE_LEN;
	unsigned long long qset = charset(qk, q->len);
	const struct scope *sc;
	const struct skey *c;
	const struct hits *hs;
	long si, best_r = -1;
	int best = MAXDIST + 1, tie = 0, k, d;
	size_t i, j;

	if (reach(q->len) == 0)
		return -1;
	scope_hdr(hdr, q->level, scope);
	if ((si = smap_find(t->scopes, hdr, SCOPE_LEN)) < 0)
		return -1;
	sc = &t->scope[*smap_val(t->scopes, (size_t)si)];
	for (i = near(sc, 0, q->len, qset, best, &k); i < sc->n;
	    i = near(sc, i + 1, q->len, qset, best, &k)) {
		c = &sc->key[i];
		if ((d = strsim_osa(qk, q->len, c->k, c->len, k)) > k)
			continue;
		hs = &t->hits[c->e];
		for (j = 0; j < hs->n; j++) {
			if (!fits(t, q, hs->h[j].r))
				continue;
			if (d < best) {
				best = d;
				best_r = hs->h[j].r;
				tie = 0;
			} else if (hs->h[j].r != best_r) {
				tie = 1;
			}
		}
	}
	if (best_r < 0)
		return -1;
	if (tie)
		return -2;
	*dist = best;
	return best_r;
}

/* answer: turn an exact or fuzzy result into the return value and *how. */
static long
answer(long r, enum region_how found, enum region_how *how)
{
	*how = r >= 0 ? found : r == -2 ? REGION_AMBIGUOUS : REGION_UNKNOWN;
	return r >= 0 ? r : -1;
}

long
region_match(region_table *t, enum region_level level, long parent,
    const char *s, size_t n, enum region_how *how, int *dist)
{
	enum region_how h;
	struct query q;
	long r;
	int alias = 0, d = 0;

	if (how == NULL)
		how = &h;
	if (dist == NULL)
		dist = &d;
	*dist = 0;
	*how = REGION_UNKNOWN;
	if ((size_t)level >= NLEVEL || parent < -1 || (parent >= 0 &&
	    (size_t)parent >= t->n))
		return -1;
	switch (prepare(t, (int)level, parent, s, n, &q)) {
	case Q_EMPTY:
		*how = REGION_NONE;
		return -1;
	case Q_LONG:
		return -1;
	default:
		break;
	}
	if ((r = exact(t, &q, q.scope, &alias)) != -1)
		return answer(r, alias ? REGION_ALIAS : REGION_NAME, how);
	return answer(fuzzy(t, &q, q.scope, dist), REGION_FUZZY, how);
}

long
region_find_desa(region_table *t, const char *s, size_t n, const char *k,
    size_t kn, enum region_how *how, int *kec_conflict)
{
	enum region_how h;
	struct query q;
	long kec = -1, r, anc;
	int alias = 0, d = 0;

	if (how == NULL)
		how = &h;
	if (kec_conflict)
		*kec_conflict = 0;
	if (kn > 0)
		kec = region_match(t, REGION_KECAMATAN, -1, k, kn, &h, NULL);
	if (kec < 0)
		return region_match(t, REGION_DESA, -1, s, n, how, NULL);
	*how = REGION_UNKNOWN;
	switch (prepare(t, REGION_DESA, kec, s, n, &q)) {
	case Q_EMPTY:
		*how = REGION_NONE;
		return -1;
	case Q_LONG:
		return -1;
	default:
		break;
	}
	if ((r = exact(t, &q, q.scope, &alias)) != -1)
		return answer(r, alias ? REGION_ALIAS : REGION_NAME, how);
	/* Not in the kecamatan by name, but by name elsewhere: a conflict. */
	anc = q.anc;
	q.anc = -1;
	if (exact(t, &q, ANY_PARENT, &alias) != -1) {
		if (kec_conflict)
			*kec_conflict = 1;
		*how = REGION_AMBIGUOUS;
		return -1;
	}
	q.anc = anc;
	return answer(fuzzy(t, &q, q.scope, &d), REGION_FUZZY, how);
}
