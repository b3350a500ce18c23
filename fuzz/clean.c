/* SPDX-License-Identifier: MIT */
/*
 * fuzz-clean: padu-clean's actions on a stream, and the normalizers under
 * them (lib/norm: dates, numbers, NIK and No KK, name keys, yes/no;
 * lib/region: codes and names; lib/strsim).
 *
 * The input is a canonical stream (a header line, then rows).  It is
 * cleaned with pipelines/rules/clean.json and the Klaten region reference,
 * as padu-clean would (filters/clean.c is compiled in, its main renamed),
 * into /dev/null.  Then every field of every row goes through the
 * normalizers directly, with their contracts as checks: a date comes out
 * as yyyy-mm-dd and reads back as itself, a number is plain decimal text
 * and reads back as itself, a NIK's 16 digits check the same again, a
 * name key is at most 3n + 2 bytes with single inner spaces, a matched
 * desa is a desa, a region found by a code is found again by its own
 * code, and the edit distances are symmetric and agree with their bounds.
 */
#define main clean_main
#include "../filters/clean.c"
#undef main

#include <fcntl.h>
#include <unistd.h>

#include "fuzz.h"

static struct row frow;

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	char *err;

	(void)argc;
	(void)argv;
	fuzz_arm();
	if (setjmp(fuzz_env) != 0)
		fuzz_fail(__FILE__, __LINE__, "rules", "%s", fuzz_msg);
	load_rules(FUZZ_TOP "/pipelines/rules/clean.json");
	regions = region_load(FUZZ_TOP "/pipelines/ref/klaten/regions.csv",
	    FUZZ_TOP "/pipelines/ref/klaten/aliases.csv", &err);
	if (regions == NULL)
		fuzz_fail(__FILE__, __LINE__, "regions", "%s", err);
	fuzz_forget();
	if ((wout = csvio_writer_new(fuzz_devnull())) == NULL)
		fuzz_fail(__FILE__, __LINE__, "writer", "%s", "out of memory");
	return 0;
}

/* What setup_columns and the row took, given back for the next input. */
static void
unsetup(void)
{
	size_t i;

	if (cols && frow.val)
		for (i = 0; i < smap_count(cols); i++)
			buf_free(&frow.val[i]);
	free(frow.f);
	free(frow.len);
	free(frow.val);
	buf_free(&frow.flags);
	memset(&frow, 0, sizeof frow);
	smap_free(cols);
	cols = NULL;
	free(reg.codeidx);
	free(reg.bpsidx);
	reg.codeidx = reg.bpsidx = NULL;
}

static void
clean_stream(const uint8_t *data, size_t size)
{
	static csvio_reader *rd;
	struct csvio_rec rec;
	size_t nin, ncol;
	int died;

	rd = NULL;
	fuzz_arm();
	if ((died = setjmp(fuzz_env)) == 0) {
		padu_run_begin(&run, "/dev/null", NULL);
		rd = csvio_open_mem(data, size, "fuzz", ',', '"');
		if (rd && csvio_read(rd, &rec) == CSVIO_OK) {
			nin = rec.n;
			setup_columns("fuzz", rec.f, rec.len, rec.n);
			ncol = smap_count(cols);
			frow.f = xcalloc(ncol, sizeof *frow.f);
			frow.len = xcalloc(ncol, sizeof *frow.len);
			frow.val = xcalloc(ncol, sizeof *frow.val);
			frow.file = "fuzz";
			clean_rows(rd, "fuzz", nin, ncol, &frow);
		}
	}
	fuzz_disarm();
	if (!died)
		padu_run_end(&run);
	csvio_close(rd);
	unsetup();
	if (died) {
		buf_free(&scratch);
		fuzz_sweep();
	} else {
		fuzz_forget();
	}
}

static void
check_date(const char *s, size_t n)
{
	static const struct norm_date_opt opts[] = {
		{ 'd', 30, 1, 0, 1880, 2100 },
		{ 'm', 0, 1, 1, 0, 0 },
		{ 'd', 50, 0, 0, 1900, 2030 },
	};
	static struct buf out, again;
	size_t i, k;
	int st;

	for (k = 0; k < sizeof opts / sizeof *opts; k++) {
		st = norm_date(s, n, &opts[k], &out);
		if (st != NORM_OK) {
			fuzz_check(out.len == 0, "%s", "output left after a failure");
			continue;
		}
		fuzz_check(out.len == 10 && out.p[4] == '-' && out.p[7] == '-',
		    "date '%s'", out.p);
		for (i = 0; i < 10; i++)
			fuzz_check(i == 4 || i == 7 || (out.p[i] >= '0' &&
			    out.p[i] <= '9'), "date '%s'", out.p);
		fuzz_check(norm_date(out.p, out.len, NULL, &again) == NORM_OK &&
		    strcmp(again.p, out.p) == 0, "date '%s' reads back as '%s'",
		    out.p, again.p ? again.p : "");
	}
	(void)norm_date(s, n, NULL, &out);
}

static void
check_number(const char *s, size_t n)
{
	static struct buf out, again;
	static const enum norm_locale locs[] = { NORM_LOCALE_ID,
		NORM_LOCALE_US, NORM_LOCALE_AUTO };
	size_t i, k, dot;

	for (k = 0; k < 3; k++) {
		if (norm_number(s, n, locs[k], &out) != NORM_OK) {
			fuzz_check(out.len == 0, "%s", "output left after a failure");
			continue;
		}
		dot = 0;
		fuzz_check(out.len > 0, "%s", "empty number");
		for (i = out.p[0] == '-'; i < out.len; i++)
			fuzz_check((out.p[i] >= '0' && out.p[i] <= '9') ||
			    (out.p[i] == '.' && !dot++), "number '%s'", out.p);
		fuzz_check(!dot || out.p[out.len - 1] != '0', "number '%s' "
		    "with a trailing zero", out.p);
		fuzz_check(norm_number(out.p, out.len, NORM_LOCALE_US, &again)
		    == NORM_OK && strcmp(again.p, out.p) == 0, "number '%s' "
		    "reads back as '%s'", out.p, again.p ? again.p : "");
	}
}

static void
check_nik(const char *s, size_t n)
{
	struct norm_nik a, b;
	unsigned bits;
	int kk;

	for (kk = 0; kk < 2; kk++) {
		bits = norm_nik(s, n, kk, &a);
		fuzz_check(bits == a.bits, "%s", "bits");
		if (a.digits[0] == '\0')
			continue;
		fuzz_check(strlen(a.digits) == 16 &&
		    strspn(a.digits, "0123456789") == 16, "digits '%s'",
		    a.digits);
		fuzz_check(norm_nik(a.digits, 16, kk, &b) == (bits & ~NIK_FLOAT),
		    "'%s': bits %#x, then %#x", a.digits, bits, b.bits);
	}
}

static void
check_name(const char *s, size_t n)
{
	static struct buf out;
	int st = norm_namekey(s, n, &out);
	size_t i;

	fuzz_check(out.len <= 3 * n + 2, "key of %zu bytes from %zu", out.len,
	    n);
	fuzz_check((st == NORM_EMPTY) == (out.len == 0), "status %d, %zu bytes",
	    st, out.len);
	if (out.len == 0)
		return;
	fuzz_check(out.p[0] != ' ' && out.p[out.len - 1] != ' ', "key '%s'",
	    out.p);
	for (i = 1; i < out.len; i++)
		fuzz_check(!(out.p[i] == ' ' && out.p[i - 1] == ' '), "key '%s'",
		    out.p);
	st = norm_yesno(s, n);
	fuzz_check(st == 'Y' || st == 'N' || st == 0 || st == -1, "yesno %d",
	    st);
}

static void
check_strsim(const char *a, size_t an, const char *b, size_t bn)
{
	int osa, lev, m, d;
	double jw;

	/* Long strings bounded (the band is cheap), then short ones in full. */
	(void)strsim_osa(a, an, b, bn, 2);
	(void)strsim_levenshtein(a, an, b, bn, 1);
	if (an > 40)
		an = 40;
	if (bn > 40)
		bn = 40;
	osa = strsim_osa(a, an, b, bn, -1);
	lev = strsim_levenshtein(a, an, b, bn, -1);
	fuzz_check(osa == strsim_osa(b, bn, a, an, -1), "%s", "osa symmetric");
	fuzz_check(lev == strsim_levenshtein(b, bn, a, an, -1), "%s",
	    "levenshtein symmetric");
	fuzz_check(osa <= lev && osa >= 0, "osa %d, levenshtein %d", osa, lev);
	for (m = 0; m <= 3; m++) {
		d = strsim_osa(a, an, b, bn, m);
		fuzz_check(d == (osa <= m ? osa : m + 1), "osa %d, within %d: "
		    "%d", osa, m, d);
		d = strsim_levenshtein(a, an, b, bn, m);
		fuzz_check(d == (lev <= m ? lev : m + 1), "levenshtein %d, "
		    "within %d: %d", lev, m, d);
	}
	jw = strsim_jaro_winkler(a, an, b, bn);
	fuzz_check(jw >= 0 && jw <= 1, "jaro-winkler %g", jw);
	fuzz_check(strsim_jaro_winkler(a, an, a, an) == 1, "%s",
	    "jaro-winkler of a string with itself");
}

static void
check_region(const char *s, size_t n, const char *k, size_t kn)
{
	enum region_how how;
	const struct region *r;
	long i, j;
	int bps;

	for (bps = -1; bps <= 1; bps++) {
		i = region_by_code(regions, s, n, bps, &how);
		if (i < 0)
			continue;
		fuzz_check((size_t)i < region_count(regions), "index %ld", i);
		r = region_at(regions, (size_t)i);
		j = region_by_code(regions, r->kode, strlen(r->kode), 0, NULL);
		fuzz_check(j == i, "'%s' is %ld, its code %ld", r->kode, i, j);
	}
	i = region_find_desa(regions, s, n, k, kn, &how, NULL);
	if (i >= 0)
		fuzz_check(region_at(regions, (size_t)i)->level == REGION_DESA,
		    "%s", "a desa that is no desa");
	else
		fuzz_check(how == REGION_NONE || how == REGION_AMBIGUOUS ||
		    how == REGION_UNKNOWN, "how %d without a region", how);
	i = region_match(regions, REGION_KECAMATAN, -1, s, n, &how, NULL);
	if (i >= 0)
		fuzz_check(region_at(regions, (size_t)i)->level ==
		    REGION_KECAMATAN, "%s", "a kecamatan that is no kecamatan");
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct csvio_rec rec;
	csvio_reader *rd;
	size_t i, n;
	static char prev[256];	/* the field before, cut to 255 bytes */
	size_t nprev = 0;

	clean_stream(data, size);

	if ((rd = csvio_open_mem(data, size, "fuzz", ',', '"')) == NULL)
		return 0;
	while (csvio_read(rd, &rec) != CSVIO_EOF)
		for (i = 0; i < rec.n; i++) {
			const char *s = rec.f[i];
			n = rec.len[i];
			check_date(s, n);
			check_number(s, n);
			check_nik(s, n);
			check_name(s, n);
			check_region(s, n, prev, nprev);
			check_strsim(s, n, prev, nprev);
			nprev = n < sizeof prev ? n : sizeof prev - 1;
			memcpy(prev, s, nprev);
			prev[nprev] = '\0';
		}
	csvio_close(rd);
	return 0;
}
