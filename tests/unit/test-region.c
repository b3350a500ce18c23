/* SPDX-License-Identifier: MIT */
/*
 * Unit tests of lib/region on the real Klaten reference
 * (pipelines/ref/klaten/regions.csv and aliases.csv, found under $PADU_TOP
 * or "."): every desa by name and kecamatan, by both codes; every alias;
 * the spelling variants of DOMAIN.md 4.3; names that repeat; typos,
 * including every single-letter deletion of every desa name, which may
 * come back ambiguous or unknown but never as a wrong desa.  Small tables
 * written to a temp dir test the load errors, a BPS code that reads as a
 * Kemendagri code, Kota and Kabupaten of one name, and the speed of fuzzy
 * matching over a province-sized table.
 */
#define T_NAME "region"
#include <stdlib.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

#include "csvio.h"
#include "region.h"
#include "t.h"

static char tmpl[] = "/tmp/padu-test-region-XXXXXX";
static char *dir;
static region_table *T;		/* the Klaten table */

static const char *
ref(const char *file)
{
	static char path[2][1024];
	static int k;
	const char *top = getenv("PADU_TOP");

	k = !k;
	snprintf(path[k], sizeof path[k], "%s/pipelines/ref/klaten/%s",
	    top && *top ? top : ".", file);
	return path[k];
}

/* put: write text to dir/name; return the path (one of four buffers). */
static const char *
put(const char *name, const char *text)
{
	static char path[4][1024];
	static int k;
	FILE *fp;

	k = (k + 1) % 4;
	snprintf(path[k], sizeof path[k], "%s/%s", dir, name);
	if ((fp = fopen(path[k], "w")) == NULL) {
		perror(path[k]);
		exit(1);
	}
	fputs(text, fp);
	fclose(fp);
	return path[k];
}

/* rel: a message with the temp dir taken off its front. */
static const char *
rel(const char *err)
{
	size_t n = strlen(dir);

	if (err && strncmp(err, dir, n) == 0 && err[n] == '/')
		return err + n + 1;
	return err;
}

static const char *
kode(long i)
{
	return i >= 0 ? region_at(T, (size_t)i)->kode : "-1";
}

/* find: region_find_desa on C strings; kec NULL for none. */
static long
find(const char *desa, const char *kec, enum region_how *how)
{
	return region_find_desa(T, desa, strlen(desa), kec,
	    kec ? strlen(kec) : 0, how, NULL);
}

static long
code(const char *s, int bps, enum region_how *how)
{
	return region_by_code(T, s, strlen(s), bps, how);
}

static long
match(enum region_level lv, long parent, const char *s, enum region_how *how)
{
	return region_match(T, lv, parent, s, strlen(s), how, NULL);
}

static void
test_load(void)
{
	size_t i, nd = 0, nk = 0, nl = 0;
	const struct region *r;

	CHECK_EQ(region_count(T), 428);
	for (i = 0; i < region_count(T); i++) {
		r = region_at(T, i);
		nd += r->level == REGION_DESA;
		nk += r->level == REGION_KECAMATAN;
		nl += strcmp(r->jenis, "kelurahan") == 0;
	}
	CHECK_EQ(nd, 401);
	CHECK_EQ(nk, 26);
	CHECK_EQ(nl, 10);
	r = region_at(T, 0);
	CHECK_STR(r->kode, "33.10");
	CHECK_EQ(r->level, REGION_KABUPATEN);
	CHECK_EQ(r->parent, -1);
	r = region_at(T, 2);
	CHECK_STR(r->kode, "33.10.01.2001");
	CHECK_STR(r->kode_bps, "3310010004");
	CHECK_STR(r->nama, "Sengon");
	CHECK_STR(r->jenis, "desa");
	CHECK_EQ(r->parent, 1);
	CHECK_STR(kode(r->parent), "33.10.01");
}

/* undot: s without its dots, in a static buffer. */
static const char *
undot(const char *s)
{
	static char out[64];
	size_t k = 0;

	for (; *s && k < sizeof out - 1; s++)
		if (*s != '.')
			out[k++] = *s;
	out[k] = '\0';
	return out;
}

/* Every desa by its name and kecamatan, by Kemendagri and BPS code. */
static void
test_every_desa(void)
{
	enum region_how h;
	const struct region *r;
	size_t i, n = 0, bad = 0;
	long got;

#define WANT(e, how_, what) do { got = (e); \
	if (got != (long)i || h != (how_)) { bad++; \
		printf("# %s %s: %s gives %s (how %d)\n", r->kode, r->nama, \
		    what, kode(got), (int)h); } } while (0)
	for (i = 0; i < region_count(T); i++) {
		r = region_at(T, i);
		if (r->level != REGION_DESA)
			continue;
		n++;
		WANT(find(r->nama, region_at(T, (size_t)r->parent)->nama, &h),
		    REGION_NAME, "name + kecamatan");
		WANT(match(REGION_DESA, r->parent, r->nama, &h), REGION_NAME,
		    "name under parent");
		WANT(code(r->kode, 0, &h), REGION_CODE, "kode");
		WANT(code(r->kode, -1, &h), REGION_CODE, "kode, either");
		WANT(code(undot(r->kode), 0, &h), REGION_CODE, "undotted");
		WANT(code(undot(r->kode), -1, &h), REGION_CODE,
		    "undotted, either");
		WANT(code(r->kode_bps, 1, &h), REGION_CODE_BPS, "kode_bps");
		WANT(code(r->kode_bps, -1, &h), REGION_CODE_BPS,
		    "kode_bps, either");
	}
#undef WANT
	CHECK_EQ(n, 401);
	CHECK_EQ(bad, 0);
}

/* Every row of aliases.csv finds its kode (a desa with its kecamatan). */
static void
test_every_alias(void)
{
	struct csvio_rec rec;
	enum region_how h;
	csvio_reader *cr = csvio_open(ref("aliases.csv"), ',', '"');
	const struct region *r;
	size_t n = 0, bad = 0, alias = 0;
	long want, got;

	CHECK(cr != NULL);
	if (cr == NULL)
		return;
	CHECK_EQ(csvio_read(cr, &rec), CSVIO_OK);
	CHECK_STR(rec.f[0], "kode");
	CHECK_STR(rec.f[1], "nama");
	while (csvio_read(cr, &rec) == CSVIO_OK) {
		n++;
		want = code(rec.f[0], 0, NULL);
		CHECK(want >= 0);
		if (want < 0)
			continue;
		r = region_at(T, (size_t)want);
		if (r->level == REGION_DESA)
			got = find(rec.f[1],
			    region_at(T, (size_t)r->parent)->nama, &h);
		else
			got = match(r->level, -1, rec.f[1], &h);
		if (got != want || (h != REGION_NAME && h != REGION_ALIAS)) {
			bad++;
			printf("# alias %s '%s': %s (how %d)\n", rec.f[0],
			    rec.f[1], kode(got), (int)h);
		}
		alias += h == REGION_ALIAS;
	}
	csvio_close(cr);
	CHECK_EQ(n, 1276);
	CHECK_EQ(bad, 0);
	/* Only the spellings whose key is not the name's. */
	CHECK_EQ(alias, 4);	/* Blanciran, Jeblok, KAUMAN (twice) */
}

/* expect: desa (with kecamatan kec, or none) gives kode want and how. */
static void
expect_(int line, const char *desa, const char *kec, const char *want,
    enum region_how how)
{
	enum region_how h;
	long got = find(desa, kec, &h);

	if (strcmp(kode(got), want) != 0 || h != how) {
		t_failed++;
		printf("# %s:%d: '%s' in '%s' gives %s (how %d), expected %s "
		    "(how %d)\n", __FILE__, line, desa, kec ? kec : "",
		    kode(got), (int)h, want, (int)how);
	}
}
#define expect(d, k, w, h) expect_(__LINE__, d, k, w, h)

/* The spelling variants of DOMAIN.md 4.3. */
static void
test_variants(void)
{
	/* Spacing, case, punctuation, accents. */
	expect("KEBON DALEM KIDUL", "Prambanan", "33.10.01.2005", REGION_NAME);
	expect("KEBON DALEM KIDUL", NULL, "33.10.01.2005", REGION_NAME);
	expect("kebondalem-kidul", "PRAMBANAN", "33.10.01.2005", REGION_NAME);
	expect("Kebondalém  Kidul.", NULL, "33.10.01.2005", REGION_NAME);
	expect("KEBON DALEM LOR", NULL, "33.10.01.2013", REGION_NAME);
	expect("JIWO WETAN", "WEDI", "33.10.03.2007", REGION_NAME);
	expect("BELANG WETAN", NULL, "33.10.24.2005", REGION_NAME);
	expect("BARENG LOR", "KLATEN UTARA", "33.10.24.1002", REGION_NAME);
	expect("CANDI REJO", "Ngawen", "33.10.22.2012", REGION_NAME);
	expect("PUCANG MILIRAN", NULL, "33.10.19.2015", REGION_NAME);
	/* Spacing that changed within Kemendagri. */
	expect("Gunung Gajah", NULL, "33.10.04.2011", REGION_NAME);
	expect("GUNUNGGAJAH", NULL, "33.10.04.2011", REGION_NAME);
	expect("Tangkisanpos", NULL, "33.10.08.2006", REGION_NAME);
	expect("Jambu Kidul", NULL, "33.10.11.2003", REGION_NAME);
	expect("Jambu Kulon", NULL, "33.10.11.2011", REGION_NAME);
	/* Spelling: only the alias table knows these. */
	expect("Blanciran", "Karanganom", "33.10.18.2006", REGION_ALIAS);
	expect("Blanciran", NULL, "33.10.18.2006", REGION_ALIAS);
	expect("Blanceran", NULL, "33.10.18.2006", REGION_NAME);
	expect("Jeblok", "Karanganom", "33.10.18.2019", REGION_ALIAS);
	expect("Jeblog", NULL, "33.10.18.2019", REGION_NAME);
	/* Kahuman (Kemendagri) is KAUMAN at BPS, in Polanharjo only. */
	expect("KAUMAN", "POLANHARJO", "33.10.17.2003", REGION_ALIAS);
	expect("KAUMAN", NULL, "33.10.17.2003", REGION_ALIAS);
	expect("Kahuman", "Polanharjo", "33.10.17.2003", REGION_NAME);
	expect("Kahuman", "Ngawen", "33.10.22.2006", REGION_NAME);
	expect("Kahuman", NULL, "-1", REGION_AMBIGUOUS);
	/* KAUMAN is Polanharjo's: said of Ngawen, the row contradicts. */
	expect("KAUMAN", "Ngawen", "-1", REGION_AMBIGUOUS);
}

/* Names in more than one kecamatan: ambiguous without their kecamatan. */
static void
test_repeated(void)
{
	const struct region *a, *b;
	enum region_how h;
	size_t i, j, groups = 0, bad = 0;
	long got;

	for (i = 0; i < region_count(T); i++) {
		a = region_at(T, i);
		if (a->level != REGION_DESA)
			continue;
		for (j = 0; j < i; j++) {
			b = region_at(T, j);
			if (b->level == REGION_DESA &&
			    strcasecmp(a->nama, b->nama) == 0)
				break;
		}
		if (j < i)
			continue;	/* counted with its first */
		for (j = i + 1; j < region_count(T); j++) {
			b = region_at(T, j);
			if (b->level == REGION_DESA &&
			    strcasecmp(a->nama, b->nama) == 0)
				break;
		}
		if (j == region_count(T))
			continue;
		groups++;
		got = find(a->nama, NULL, &h);
		if (got != -1 || h != REGION_AMBIGUOUS)
			bad++, printf("# %s alone: %s\n", a->nama, kode(got));
		got = match(REGION_DESA, 0, a->nama, &h);
		if (got != -1 || h != REGION_AMBIGUOUS)
			bad++, printf("# %s in 33.10: %s\n", a->nama, kode(got));
	}
	CHECK_EQ(groups, 17);	/* Kahuman and 16 others (SOURCES.md) */
	CHECK_EQ(bad, 0);
	expect("Jetis", NULL, "-1", REGION_AMBIGUOUS);
	expect("JETIS", "Klaten Selatan", "33.10.26.2012", REGION_NAME);
}

/* Typos: REGION_FUZZY when one desa is nearest, else ambiguous. */
static void
test_fuzzy(void)
{
	enum region_how h;
	int d = -1;
	long got;

	expect("Gombaog", NULL, "33.10.05.2018", REGION_FUZZY);
	expect("Gombaog", "Cawas", "33.10.05.2018", REGION_FUZZY);
	expect("Belangwetna", NULL, "33.10.24.2005", REGION_FUZZY);
	expect("belang wetna", "Klaten Utara", "33.10.24.2005", REGION_FUZZY);
	got = region_match(T, REGION_DESA, -1, "Belangwetna", 11, &h, &d);
	CHECK_STR(kode(got), "33.10.24.2005");
	CHECK_EQ(d, 1);				/* a transposition is one edit */
	got = region_match(T, REGION_DESA, -1, "Belangwtna", 10, &h, &d);
	CHECK_STR(kode(got), "33.10.24.2005");
	CHECK_EQ(h, REGION_FUZZY);
	CHECK_EQ(d, 2);
	got = region_match(T, REGION_DESA, -1, "Sengon", 6, &h, &d);
	CHECK_EQ(d, 0);
	/* One edit from Kuncen (Juwiring) and from Kunden (Karanganom). */
	expect("Kunten", NULL, "-1", REGION_AMBIGUOUS);
	expect("Kunten", "Karanganom", "33.10.18.2007", REGION_FUZZY);
	/* One from Bandungan, two from Bendungan: the nearer wins. */
	expect("Bandungam", NULL, "33.10.20.2010", REGION_FUZZY);
	/* One from Bandungan and from Bendungan. */
	expect("Bxndungan", NULL, "-1", REGION_AMBIGUOUS);
	/* One from both Kahuman. */
	expect("Kahumann", NULL, "-1", REGION_AMBIGUOUS);
	expect("Kahumann", "Ngawen", "33.10.22.2006", REGION_FUZZY);
	/* Reach: none below 5 letters, 1 up to 7, 2 from 8. */
	expect("Tajo", NULL, "-1", REGION_UNKNOWN);		/* Taji */
	expect("Gombxxg", NULL, "-1", REGION_UNKNOWN);		/* 2 of 7 */
	expect("Blngwetna", NULL, "-1", REGION_UNKNOWN);	/* 3 */
	/* A kecamatan with a typo still narrows the desa. */
	expect("Sengon", "Prambnan", "33.10.01.2001", REGION_NAME);
	CHECK_STR(kode(match(REGION_KECAMATAN, -1, "Prambnan", &h)),
	    "33.10.01");
	CHECK_EQ(h, REGION_FUZZY);
}

/* Prefix words, and the kelurahan that look like them. */
static void
test_prefixes(void)
{
	enum region_how h;

	expect("Desa Sengon", NULL, "33.10.01.2001", REGION_NAME);
	expect("DS. SENGON", "Kec. Prambanan", "33.10.01.2001", REGION_NAME);
	expect("Ds.Sengon", "KECAMATAN PRAMBANAN", "33.10.01.2001",
	    REGION_NAME);
	expect("Desa Kebondalem Kidul", NULL, "33.10.01.2005", REGION_NAME);
	expect("Kelurahan Gayamprit", NULL, "33.10.26.1009", REGION_NAME);
	expect("Kel. Klaten", NULL, "33.10.25.1003", REGION_NAME);
	expect("Desa", NULL, "-1", REGION_UNKNOWN);
	expect("Desasengon", NULL, "-1", REGION_UNKNOWN);
	/* "Kabupaten" and "Klaten" are kelurahan of Klaten Tengah. */
	expect("Kabupaten", "Klaten Tengah", "33.10.25.1002", REGION_NAME);
	expect("KABUPATEN", NULL, "33.10.25.1002", REGION_NAME);
	expect("Kelurahan Kabupaten", NULL, "33.10.25.1002", REGION_NAME);
	expect("Klaten", "Klaten Tengah", "33.10.25.1003", REGION_NAME);
	expect("Klaten", NULL, "33.10.25.1003", REGION_NAME);
	/* At the kabupaten level, KAB. and KABUPATEN (and KOTA) go. */
	CHECK_STR(kode(match(REGION_KABUPATEN, -1, "KAB. KLATEN", &h)),
	    "33.10");
	CHECK_EQ(h, REGION_NAME);
	CHECK_STR(kode(match(REGION_KABUPATEN, -1, "Kabupaten Klaten", &h)),
	    "33.10");
	CHECK_STR(kode(match(REGION_KABUPATEN, -1, "Klaten", &h)), "33.10");
	CHECK_EQ(match(REGION_KABUPATEN, -1, "Kota Klaten", &h), -1);
	CHECK_EQ(h, REGION_UNKNOWN);
	CHECK_EQ(match(REGION_KABUPATEN, -1, "Kabupaten", &h), -1);
	CHECK_STR(kode(match(REGION_KECAMATAN, -1, "Kec. Klaten Tengah", &h)),
	    "33.10.25");
	CHECK_STR(kode(match(REGION_KECAMATAN, -1, "klaten-tengah", &h)),
	    "33.10.25");
	/* ... but not at the desa level. */
	CHECK_EQ(match(REGION_DESA, -1, "Kabupaten Klaten", &h), -1);
}

/* Scopes, conflicts between desa and kecamatan, empty input. */
static void
test_scopes(void)
{
	enum region_how h;
	int conflict = -1;
	long got;
	char big[1000];

	/* Under the kabupaten: any desa inside it. */
	CHECK_STR(kode(match(REGION_DESA, 0, "Sengon", &h)), "33.10.01.2001");
	CHECK_EQ(match(REGION_DESA, 0, "Jetis", &h), -1);
	CHECK_EQ(h, REGION_AMBIGUOUS);
	/* Under another kecamatan: not there. */
	CHECK_EQ(match(REGION_DESA, code("33.10.03", 0, NULL), "Sengon", &h),
	    -1);
	CHECK_EQ(h, REGION_UNKNOWN);
	CHECK_EQ(match(REGION_DESA, -1, "Nowhere", &h), -1);
	CHECK_EQ(h, REGION_UNKNOWN);
	/* Sengon said to be in Wedi: the row contradicts itself. */
	got = region_find_desa(T, "Sengon", 6, "Wedi", 4, &h, &conflict);
	CHECK_EQ(got, -1);
	CHECK_EQ(h, REGION_AMBIGUOUS);
	CHECK_EQ(conflict, 1);
	/* ... even when a desa there is within typo reach. */
	got = region_find_desa(T, "Karanglo", 8, "Karanganom", 10, &h,
	    &conflict);
	CHECK_EQ(got, -1);
	CHECK_EQ(h, REGION_AMBIGUOUS);
	CHECK_EQ(conflict, 1);
	/* A typo is looked for in the kecamatan only: Karangan is two
	 * edits from Karanglx, the Karanglo of other kecamatan one. */
	expect("Karanglx", "Karanganom", "33.10.18.2010", REGION_FUZZY);
	expect("Pasuns", "Wedi", "33.10.03.2009", REGION_FUZZY);
	got = region_find_desa(T, "Nowhere", 7, "Wedi", 4, &h, &conflict);
	CHECK_EQ(h, REGION_UNKNOWN);
	CHECK_EQ(conflict, 0);
	/* A kecamatan that matches nothing is no help, nor a hindrance. */
	expect("Sengon", "Atlantis", "33.10.01.2001", REGION_NAME);
	expect("Sengon", "Klaten", "33.10.01.2001", REGION_NAME);
	/* Nothing given. */
	expect("", NULL, "-1", REGION_NONE);
	expect("  ", "Wedi", "-1", REGION_NONE);
	expect("-", NULL, "-1", REGION_NONE);
	CHECK_EQ(match(REGION_DESA, -1, "", &h), -1);
	CHECK_EQ(h, REGION_NONE);
	/* A very long name matches nothing, and nothing breaks. */
	memset(big, 'A', sizeof big);
	CHECK_EQ(region_match(T, REGION_DESA, -1, big, sizeof big, &h, NULL),
	    -1);
	CHECK_EQ(h, REGION_UNKNOWN);
	CHECK_EQ(region_match(T, REGION_DESA, 100000, "Sengon", 6, &h, NULL),
	    -1);
	CHECK_EQ(h, REGION_UNKNOWN);
	CHECK_EQ(region_find_desa(T, "Sengon", 6, NULL, 0, NULL, NULL), 2);
}

static void
test_codes(void)
{
	enum region_how h;

	CHECK_STR(kode(code("3310012001", 0, &h)), "33.10.01.2001");
	CHECK_STR(kode(code("3310012001", -1, &h)), "33.10.01.2001");
	CHECK_EQ(h, REGION_CODE);
	CHECK_STR(kode(code("3310010004", -1, &h)), "33.10.01.2001");
	CHECK_EQ(h, REGION_CODE_BPS);
	CHECK_STR(kode(code("3310010001", -1, &h)), "33.10.01.2005");
	CHECK_EQ(h, REGION_CODE_BPS);
	CHECK_STR(kode(code(" 33.10.01.2001 ", -1, &h)), "33.10.01.2001");
	CHECK_STR(kode(code("331001", -1, &h)), "33.10.01");
	CHECK_EQ(h, REGION_CODE);
	CHECK_STR(kode(code("3310010", -1, &h)), "33.10.01");
	CHECK_EQ(h, REGION_CODE_BPS);
	CHECK_STR(kode(code("3310730", -1, &h)), "33.10.24");	/* Kl. Utara */
	CHECK_STR(kode(code("3310", -1, &h)), "33.10");
	CHECK_EQ(h, REGION_CODE);		/* both, and the same region */
	CHECK_STR(kode(code("33.10", 1, &h)), "33.10");
	CHECK_EQ(h, REGION_CODE_BPS);
	/* Not there, or not a code. */
	CHECK_EQ(code("3310012001", 1, &h), -1);
	CHECK_EQ(h, REGION_UNKNOWN);
	CHECK_EQ(code("33.10.01.2001", 1, &h), -1);
	CHECK_EQ(code("3310.01.2001", 0, &h), -1);	/* dots misplaced */
	CHECK_EQ(h, REGION_UNKNOWN);
	CHECK_EQ(code("33.10.01.2099", -1, &h), -1);
	CHECK_EQ(code("33.10.01.200x", -1, &h), -1);
	CHECK_EQ(h, REGION_UNKNOWN);
	CHECK_EQ(code("...", -1, &h), -1);
	CHECK_EQ(h, REGION_UNKNOWN);
	CHECK_EQ(code(" ", -1, &h), -1);
	CHECK_EQ(h, REGION_NONE);
	CHECK_EQ(code("3310012001", -1, NULL), 2);
}

/* A 10-digit string that is one region's Kemendagri code, another's BPS. */
static void
test_code_clash(void)
{
	const char *r = put("clash.csv",
	    "kode,tingkat,induk,nama,jenis,kode_bps\n"
	    "33.10,kabupaten,,Klaten,kabupaten,3310\n"
	    "33.10.01,kecamatan,33.10,Prambanan,kecamatan,3310010\n"
	    "33.10.01.2001,desa,33.10.01,Sengon,desa,3310010004\n"
	    "33.10.01.2002,desa,33.10.01,Cucukan,desa,3310012001\n");
	region_table *t;
	enum region_how h;
	char *err = NULL;

	t = region_load(r, NULL, &err);
	CHECK(t != NULL);
	CHECK(err == NULL);
	if (t == NULL) {
		printf("# %s\n", err);
		free(err);
		return;
	}
	CHECK_EQ(region_by_code(t, "3310012001", 10, -1, &h), -1);
	CHECK_EQ(h, REGION_AMBIGUOUS);
	CHECK_EQ(region_by_code(t, "3310012001", 10, 0, &h), 2);
	CHECK_EQ(h, REGION_CODE);
	CHECK_EQ(region_by_code(t, "3310012001", 10, 1, &h), 3);
	CHECK_EQ(h, REGION_CODE_BPS);
	/* Written with its dots, it is the Kemendagri code. */
	CHECK_EQ(region_by_code(t, "33.10.01.2001", 13, -1, &h), 2);
	CHECK_EQ(h, REGION_CODE);
	region_free(t);
}

/* Columns in any order; Kota and Kabupaten of one name; prefix words. */
static void
test_other_tables(void)
{
	const char *r = put("prov.csv",
	    "nama,kode_bps,kode,induk,jenis,tingkat\n"
	    "Jawa Tengah,33,33,,provinsi,provinsi\n"
	    "Magelang,3308,33.08,33,kabupaten,kabupaten\n"
	    "Magelang,3371,33.71,33,kota,kabupaten\n"
	    "Mertoyudan,3308080,33.08.08,33.08,kecamatan,kecamatan\n"
	    "Desamulya,3308080001,33.08.08.2001,33.08.08,desa,desa\n"
	    "Mulya,3308080002,33.08.08.2002,33.08.08,desa,desa\n");
	const char *a = put("prov-alias.csv",
	    "sumber,nama,kode\n"
	    "x,KAB. MAGELANG,33.08\n"
	    "x,KOTA MAGELANG,33.71\n");
	region_table *t;
	enum region_how h;
	char *err = NULL;

	t = region_load(r, a, &err);
	CHECK(t != NULL);
	if (t == NULL) {
		printf("# %s\n", err);
		free(err);
		return;
	}
	CHECK_EQ(region_count(t), 6);
	CHECK_STR(region_at(t, 2)->jenis, "kota");
	CHECK_EQ(region_at(t, 2)->parent, 0);
	CHECK_EQ(region_match(t, REGION_KABUPATEN, -1, "Magelang", 8, &h,
	    NULL), -1);
	CHECK_EQ(h, REGION_AMBIGUOUS);
	CHECK_EQ(region_match(t, REGION_KABUPATEN, 0, "Kota Magelang", 13, &h,
	    NULL), 2);
	CHECK_EQ(region_match(t, REGION_KABUPATEN, -1, "Kab Magelang", 12, &h,
	    NULL), 1);
	CHECK_EQ(region_match(t, REGION_KABUPATEN, -1, "Kabupaten Magelagn",
	    18, &h, NULL), 1);
	CHECK_EQ(h, REGION_FUZZY);
	CHECK_EQ(region_match(t, REGION_PROVINSI, -1, "JAWA TENGAH", 11, &h,
	    NULL), 0);
	/* Prefix words go only as whole words. */
	CHECK_EQ(region_find_desa(t, "Desamulya", 9, NULL, 0, &h, NULL), 4);
	CHECK_EQ(region_find_desa(t, "Desa Mulya", 10, NULL, 0, &h, NULL), 5);
	CHECK_EQ(region_find_desa(t, "DESA DESAMULYA", 14, "Mertoyudan", 10,
	    &h, NULL), 4);
	CHECK_EQ(region_match(t, REGION_DESA, 0, "Mulya", 5, &h, NULL), 5);
	region_free(t);
	/* Aliases are optional. */
	t = region_load(r, NULL, &err);
	CHECK(t != NULL);
	region_free(t);
}

/* fails_: loading regions (and aliases) gives NULL and the message want. */
static void
fails_(int line, const char *regions, const char *aliases, const char *want)
{
	const char *r = put("r.csv", regions);
	const char *a = aliases ? put("a.csv", aliases) : NULL;
	region_table *t;
	char *err = NULL;

	t = region_load(r, a, &err);
	if (t != NULL || err == NULL || strcmp(rel(err), want) != 0) {
		t_failed++;
		printf("# %s:%d: got %s, \"%s\", expected \"%s\"\n",
		    __FILE__, line, t ? "a table" : "NULL",
		    err ? rel(err) : "(null)", want);
	}
	region_free(t);
	free(err);
}
#define fails(r, a, w) fails_(__LINE__, r, a, w)

#define HDR "kode,tingkat,induk,nama,jenis,kode_bps\n"
#define KAB "33.10,kabupaten,,Klaten,kabupaten,3310\n"
#define KEC "33.10.01,kecamatan,33.10,Prambanan,kecamatan,3310010\n"
#define DESA "33.10.01.2001,desa,33.10.01,Sengon,desa,3310010004\n"

static void
test_faults(void)
{
	region_table *t;
	char *err = NULL;

	fails("", NULL, "r.csv: empty file: no header");
	fails("kode,tingkat,nama,jenis,kode_bps\n" KAB, NULL,
	    "r.csv:0: missing column 'induk'");
	fails("kode,tingkat,induk,nama,kode\n", NULL,
	    "r.csv:0: column 'kode' appears twice");
	fails(HDR, NULL, "r.csv: no regions");
	fails(HDR KAB KEC DESA "33.10.01.2001,desa,33.10.01,Cucukan,desa,\n",
	    NULL, "r.csv:4: duplicate kode '33.10.01.2001' "
	    "(record 3: '33.10.01.2001')");
	fails(HDR KAB KEC DESA "3310.01.2001,desa,33.10.01,Cucukan,desa,\n",
	    NULL, "r.csv:4: duplicate kode '3310.01.2001' "
	    "(record 3: '33.10.01.2001')");
	fails(HDR KAB KEC DESA "33.10.01.2002,desa,33.10.01,Cucukan,desa,"
	    "3310010004\n", NULL, "r.csv:4: duplicate kode_bps '3310010004' "
	    "(record 3: 33.10.01.2001)");
	fails(HDR KAB KEC "33.99.01.2001,desa,33.99,Sengon,desa,\n", NULL,
	    "r.csv:3: induk '33.99' is not a region");
	fails(HDR KAB KEC "33.10.01.2001,desa,33.10.01.2002,Sengon,desa,\n"
	    "33.10.01.2002,desa,33.10.01,Cucukan,desa,\n", NULL,
	    "r.csv:3: induk '33.10.01.2002' is a desa, not above a desa");
	fails(HDR KAB "33.10.01,kecamatan,33.10,Prambanan,kecamatan\n", NULL,
	    "r.csv:2: 5 fields, the header has 6");
	fails(HDR KAB "33.10.01,camat,33.10,Prambanan,kecamatan,\n", NULL,
	    "r.csv:2: unknown tingkat 'camat'");
	fails(HDR KAB "33.10.1a,kecamatan,33.10,Prambanan,kecamatan,\n", NULL,
	    "r.csv:2: kode '33.10.1a' is not a region code");
	fails(HDR KAB "33.10..01,kecamatan,33.10,Prambanan,kecamatan,\n", NULL,
	    "r.csv:2: kode '33.10..01' is not a region code");
	fails(HDR KAB "33.10.01,kecamatan,33.10,Prambanan,kecamatan,33-10\n",
	    NULL, "r.csv:2: kode_bps '33-10' is not a BPS code");
	fails(HDR KAB "33.10.01,kecamatan,33.10,\"Pram\"banan,kecamatan,\n",
	    NULL, "r.csv:2: malformed quoting: text after the closing quote of a "
	    "field");
	fails(HDR KAB "33.10.01,kecamatan,33.10,--,kecamatan,\n", NULL,
	    "r.csv:2: nama '--' has no letters or digits");
	/* Two desa of one kecamatan with one key. */
	fails(HDR KAB KEC DESA "33.10.01.2002,desa,33.10.01,SENGON,desa,\n",
	    NULL, "r.csv:4: nama 'SENGON' of 33.10.01.2002 is also the name "
	    "of 33.10.01.2001 ('Sengon') under the same induk");
	/* ... while in two kecamatan it is fine (see test_repeated). */
	fails(HDR KAB KEC DESA, "kode,nama,sumber\n33.10.01.2002,Sengon,x\n",
	    "a.csv:1: kode '33.10.01.2002' is not a region");
	fails(HDR KAB KEC DESA, "kode,nama,sumber\n3310012001,Sengon,x\n",
	    "a.csv:1: kode '3310012001' is not a region");
	fails(HDR KAB KEC DESA, "kode,sumber\n33.10.01.2001,x\n",
	    "a.csv:0: missing column 'nama'");
	fails(HDR KAB KEC DESA, "", "a.csv: empty file: no header");
	fails(HDR KAB KEC DESA, "kode,nama\n33.10.01.2001, \n",
	    "a.csv:1: nama ' ' has no letters or digits");
	/* A file that is not there. */
	t = region_load("/nonexistent/regions.csv", NULL, &err);
	CHECK(t == NULL);
	CHECK_STR(err, "/nonexistent/regions.csv: No such file or directory");
	free(err);
	/* An alias may repeat a name, or give another region's name. */
	t = region_load(put("ok.csv", HDR KAB KEC DESA
	    "33.10.01.2002,desa,33.10.01,Cucukan,desa,\n"),
	    put("ok-a.csv", "kode,nama\n33.10.01.2001,SENGON\n"
	    "33.10.01.2002,Sengon\n"), &err);
	CHECK(t != NULL);
	if (t != NULL) {
		enum region_how h;
		CHECK_EQ(region_find_desa(t, "Sengon", 6, NULL, 0, &h, NULL),
		    -1);
		CHECK_EQ(h, REGION_AMBIGUOUS);
	}
	region_free(t);
}

/*
 * Every single-letter deletion of every desa name, with and without its
 * kecamatan: the right desa, ambiguous or unknown -- never another desa by
 * a typo.  One deletion is another desa's exact spelling: Kahuman (Ngawen)
 * without its h is KAUMAN, BPS's name of Kahuman (Polanharjo), and exact
 * spellings win over typos.
 */
static void
test_deletions(void)
{
	size_t i, p, n, right[2] = { 0 }, amb[2] = { 0 }, unk[2] = { 0 };
	size_t wrong[2] = { 0 }, other[2] = { 0 };
	const struct region *r;
	enum region_how h;
	char buf[128];
	const char *kec;
	long got;
	int w;

	for (i = 0; i < region_count(T); i++) {
		r = region_at(T, i);
		if (r->level != REGION_DESA)
			continue;
		n = strlen(r->nama);
		for (p = 0; p < n && n < sizeof buf; p++) {
			if (r->nama[p] == ' ')
				continue;
			memcpy(buf, r->nama, p);
			memcpy(buf + p, r->nama + p + 1, n - p - 1);
			buf[n - 1] = '\0';
			for (w = 0; w < 2; w++) {
				kec = w ? region_at(T,
				    (size_t)r->parent)->nama : NULL;
				got = find(buf, kec, &h);
				if (got == (long)i) {
					right[w]++;
					continue;
				}
				if (got < 0) {
					amb[w] += h == REGION_AMBIGUOUS;
					unk[w] += h != REGION_AMBIGUOUS;
					continue;
				}
				if (h == REGION_FUZZY)
					wrong[w]++;
				else
					other[w]++;
				printf("# '%s' (%s) of %s gives %s %s (how %d)\n",
				    buf, kec ? kec : "", r->kode, kode(got),
				    region_at(T, (size_t)got)->nama, (int)h);
			}
		}
	}
	for (w = 0; w < 2; w++)
		printf("# single deletions %s kecamatan: %zu right, "
		    "%zu ambiguous, %zu unknown, %zu another's exact name, "
		    "%zu wrong\n", w ? "with" : "without", right[w], amb[w],
		    unk[w], other[w], wrong[w]);
	CHECK_EQ(wrong[0], 0);
	CHECK_EQ(wrong[1], 0);
	CHECK_EQ(other[0], 1);		/* Kauman */
	CHECK_EQ(other[1], 0);
	CHECK(right[1] > right[0]);
	CHECK(right[0] > 2000);
}

/*
 * A province-sized table: 100 kecamatan of 300 desa, names made of four
 * syllables, so every name has neighbours one or two edits away.  Fuzzy
 * lookups over all 30,000 must not return a wrong desa, and must be quick
 * (the time is printed, not checked).
 */
static void
test_province(void)
{
	static const char *syl[] = { "ka", "ra", "ng", "jo", "wo", "se",
	    "ta", "mu", "li", "pe", "do", "gu", "ba", "ne", "si", "yo", "ha",
	    "cu", "te", "bi" };
	struct buf b = BUF_INIT;
	region_table *t;
	enum region_how h;
	struct timespec t0, t1;
	char *err = NULL, name[16];
	size_t i, k, tries = 0, right = 0, wrong = 0;
	long got;
	double ms;

	buf_adds(&b, "kode,tingkat,induk,nama,jenis,kode_bps\n"
	    "33.99,kabupaten,,Uji,kabupaten,\n");
	for (k = 1; k <= 100; k++)
		buf_printf(&b, "33.99.%02zu,kecamatan,33.99,Kec%zu,kecamatan,\n",
		    k % 100, k);
	for (i = 0; i < 30000; i++) {
		size_t v = i * 7919 % 160000;
		snprintf(name, sizeof name, "%s%s%s%s", syl[v % 20],
		    syl[v / 20 % 20], syl[v / 400 % 20], syl[v / 8000 % 20]);
		buf_printf(&b, "33.99.%02zu.%04zu,desa,33.99.%02zu,%s,desa,\n",
		    (i / 300 + 1) % 100, i % 300 + 2001, (i / 300 + 1) % 100,
		    name);
	}
	t = region_load(put("province.csv", b.p), NULL, &err);
	buf_free(&b);
	CHECK(t != NULL);
	if (t == NULL) {
		printf("# %s\n", err);
		free(err);
		return;
	}
	CHECK_EQ(region_count(t), 30101);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	for (i = 101; i < region_count(t); i += 15) {
		const char *nm = region_at(t, i)->nama;
		size_t n = strlen(nm), p = i % n;
		memcpy(name, nm, p);
		memcpy(name + p, nm + p + 1, n - p);	/* with its NUL */
		got = region_match(t, REGION_DESA, -1, name, n - 1, &h, NULL);
		tries++;
		right += got == (long)i;
		wrong += got >= 0 && got != (long)i;
	}
	clock_gettime(CLOCK_MONOTONIC, &t1);
	ms = (double)(t1.tv_sec - t0.tv_sec) * 1e3 +
	    (double)(t1.tv_nsec - t0.tv_nsec) / 1e6;
	printf("# province: %zu fuzzy lookups over 30000 desa in %.1f ms "
	    "(%.3f ms each): %zu right, %zu wrong\n", tries, ms,
	    ms / (double)tries, right, wrong);
	CHECK_EQ(wrong, 0);
	CHECK(right > 0);
	region_free(t);
}

int
main(void)
{
	char cmd[512], *err = NULL;
	int bad;

	dir = mkdtemp(tmpl);
	if (dir == NULL) {
		perror(tmpl);
		return 1;
	}
	T = region_load(ref("regions.csv"), ref("aliases.csv"), &err);
	if (T == NULL) {
		printf("not ok - region: load %s: %s\n", ref("regions.csv"),
		    err ? err : "out of memory");
		free(err);
		return 1;
	}
	RUN(test_load);
	RUN(test_every_desa);
	RUN(test_every_alias);
	RUN(test_variants);
	RUN(test_repeated);
	RUN(test_fuzzy);
	RUN(test_prefixes);
	RUN(test_scopes);
	RUN(test_codes);
	RUN(test_code_clash);
	RUN(test_other_tables);
	RUN(test_faults);
	RUN(test_deletions);
	RUN(test_province);
	region_free(T);
	bad = T_DONE();
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
	if (system(cmd) != 0)
		bad = 1;
	return bad;
}
