/* SPDX-License-Identifier: MIT */
/*
 * Unit tests of lib/csvio: reading the dialect corners, writing with
 * minimal quoting, and the round-trip property on random records.
 */
#define T_NAME "csvio"
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdlib.h>
#include <unistd.h>

#include "csvio.h"
#include "t.h"

static char tmpl[] = "/tmp/padu-test-csvio-XXXXXX";
static char *dir;

/* Write s (n bytes) to a fresh file and return its path. */
static const char *
file_with(const char *s, size_t n)
{
	static char path[256];
	static int k;
	FILE *fp;

	snprintf(path, sizeof path, "%s/in%d.csv", dir, k++);
	fp = fopen(path, "wb");
	fwrite(s, 1, n, fp);
	fclose(fp);
	return path;
}

/* Read all records of s, encoding each as "f1|f2|..." lines into out. */
static void
read_all(const char *s, struct buf *out)
{
	csvio_reader *r = csvio_open(file_with(s, strlen(s)), ',', '"');
	struct csvio_rec rec;
	size_t i;
	int rc;

	buf_reset(out);
	while ((rc = csvio_read(r, &rec)) != CSVIO_EOF) {
		if (rc == CSVIO_ERR)
			break;
		buf_printf(out, "%llu%s:", rec.num, rc == CSVIO_BAD ? "!" : "");
		for (i = 0; i < rec.n; i++)
			buf_printf(out, "%s[%.*s]", i ? "|" : "", (int)rec.len[i],
			    rec.f[i]);
		buf_addc(out, '\n');
	}
	csvio_close(r);
}

static void
test_dialect(void)
{
	struct buf b = BUF_INIT;

	read_all("a,b\r\n1,2\r\n", &b);
	CHECK_STR(b.p, "0:[a]|[b]\n1:[1]|[2]\n");
	read_all("a,b\r1,2\r", &b);		/* CR-only line ends */
	CHECK_STR(b.p, "0:[a]|[b]\n1:[1]|[2]\n");
	read_all("\xEF\xBB\xBF" "a,b\n1,2", &b);	/* BOM, no final LF */
	CHECK_STR(b.p, "0:[a]|[b]\n1:[1]|[2]\n");
	read_all("a\n\n\nb\n", &b);		/* blank lines are no records */
	CHECK_STR(b.p, "0:[a]\n1:[b]\n");
	read_all("a\n\"\"\n", &b);		/* a lone empty field */
	CHECK_STR(b.p, "0:[a]\n1:[]\n");
	read_all(" a , b \n", &b);		/* spaces are data */
	CHECK_STR(b.p, "0:[ a ]|[ b ]\n");
	read_all("\"x,\ny\"\"z\",,\n", &b);	/* quoted comma, LF, quote */
	CHECK_STR(b.p, "0:[x,\ny\"z]|[]|[]\n");
	read_all("\"a\r\nb\"\n", &b);		/* CRLF inside quotes kept */
	CHECK_STR(b.p, "0:[a\r\nb]\n");
	buf_free(&b);
}

static void
test_malformed(void)
{
	struct buf b = BUF_INIT;

	read_all("a,b\n1,x\"y\n2,3\n", &b);
	CHECK_STR(b.p, "0:[a]|[b]\n1!:[1]|[x\"y]\n2:[2]|[3]\n");
	read_all("a,b\n1,\"x\"y,z\r\n2,3\n", &b);
	CHECK_STR(b.p, "0:[a]|[b]\n1!:[1]|[\"x\"y,z]\n2:[2]|[3]\n");
	read_all("a,b\n1,\"open\n2,3\n", &b);	/* runs to the end */
	CHECK_STR(b.p, "0:[a]|[b]\n1!:[1]|[open\n2,3\n]\n");
	buf_free(&b);
}

static void
test_messages(void)
{
	csvio_reader *r = csvio_open("/nonexistent/x.csv", ',', '"');

	CHECK(r == NULL);
	CHECK_EQ(errno, ENOENT);
	r = csvio_open("-", ',', '"');
	CHECK_STR(csvio_name(r), "<stdin>");
	csvio_close(r);
}

static void
test_quoting(void)
{
	struct buf b = BUF_INIT;
	char *f[] = { "plain", "a,b", "q\"q", "l\nf", "c\rr", " lead",
		"trail\t", "", "mid space", "ünï" };

	CHECK_EQ(csvio_encode_record(&b, f, NULL, 10), 0);
	CHECK_STR(b.p, "plain,\"a,b\",\"q\"\"q\",\"l\nf\",\"c\rr\",\" lead\","
	    "\"trail\t\",,mid space,ünï");
	buf_reset(&b);
	CHECK_EQ(csvio_encode_record(&b, f + 7, NULL, 1), 0);
	CHECK_STR(b.p, "\"\"");
	buf_free(&b);
}

/*
 * A field that begins with U+FEFF is quoted: unquoted at the start of a
 * stream it would be read as a byte order mark and lost (found by
 * fuzz-csv: the record "\xEF\xBB\xBF" came back as a blank line).
 */
static void
test_quoting_bom(void)
{
	struct buf b = BUF_INIT;
	struct csvio_rec rec;
	csvio_reader *r;
	char *f[] = { "\xEF\xBB\xBFnama", "x\xEF\xBB\xBF" };

	CHECK_EQ(csvio_encode_record(&b, f, NULL, 2), 0);
	CHECK_STR(b.p, "\"\xEF\xBB\xBFnama\",x\xEF\xBB\xBF");
	buf_addc(&b, '\n');
	r = csvio_open_mem(b.p, b.len, "bom", ',', '"');
	CHECK_EQ(csvio_read(r, &rec), CSVIO_OK);
	CHECK_EQ(rec.n, 2);
	CHECK_STR(rec.f[0], f[0]);
	CHECK_STR(rec.f[1], f[1]);
	csvio_close(r);
	buf_free(&b);
}

/* A random field: the characters that matter to CSV, and some UTF-8. */
static void
random_field(struct buf *b, uint64_t *s)
{
	static const char *const atoms[] = { "a", "Z", "0", ",", "\"", "\r",
		"\n", "\r\n", " ", "\t", "é", "ñ", "日本", "🙂", "x\"\"y" };
	size_t n, i;

	*s = *s * 6364136223846793005ULL + 1442695040888963407ULL;
	n = (size_t)(*s >> 59);			/* 0..31 atoms */
	buf_reset(b);
	if ((*s >> 40) % 1000 == 0) {		/* now and then 1 MB */
		for (i = 0; i < 1024 * 1024; i++)
			buf_addc(b, "ab,\"\n"[i % 5]);
		return;
	}
	for (i = 0; i < n; i++) {
		*s = *s * 6364136223846793005ULL + 1442695040888963407ULL;
		buf_adds(b, atoms[(*s >> 33) % (sizeof atoms / sizeof *atoms)]);
	}
}

static void
test_roundtrip_property(void)
{
	enum { NREC = 10000 };
	struct buf text = BUF_INIT, again = BUF_INIT, fb = BUF_INIT;
	struct buf *fields = NULL;
	size_t *nf = calloc(NREC, sizeof *nf), total = 0, k, i;
	char **f = NULL;
	size_t *len = NULL, maxf = 0, mism = 0;
	uint64_t seed = 20261128;
	struct csvio_rec rec;
	csvio_reader *r;
	const char *path;

	/* Records of 1..8 fields; every record written with csvio_encode. */
	for (k = 0; k < NREC; k++) {
		seed = seed * 6364136223846793005ULL + 1;
		nf[k] = 1 + (size_t)(seed >> 61);
		if (nf[k] > maxf) {
			f = realloc(f, nf[k] * sizeof *f);
			len = realloc(len, nf[k] * sizeof *len);
			fields = realloc(fields, nf[k] * sizeof *fields);
			for (i = maxf; i < nf[k]; i++)
				fields[i] = (struct buf)BUF_INIT;
			maxf = nf[k];
		}
		for (i = 0; i < nf[k]; i++) {
			random_field(&fields[i], &seed);
			f[i] = fields[i].p ? fields[i].p : "";
			len[i] = fields[i].len;
		}
		csvio_encode_record(&text, f, len, nf[k]);
		buf_addc(&text, '\n');
		total += nf[k];
	}
	/* Read it back and write it again: the same bytes. */
	path = file_with(text.p, text.len);
	r = csvio_open(path, ',', '"');
	for (k = 0; csvio_read(r, &rec) == CSVIO_OK; k++) {
		if (k < NREC && rec.n != nf[k])
			mism++;
		csvio_encode_record(&again, rec.f, rec.len, rec.n);
		buf_addc(&again, '\n');
	}
	csvio_close(r);
	CHECK_EQ(k, NREC);
	CHECK_EQ(mism, 0);
	CHECK_EQ(again.len, text.len);
	CHECK(again.len == text.len && memcmp(again.p, text.p, text.len) == 0);
	printf("# %d records, %zu fields, %zu bytes\n", NREC, total, text.len);
	for (i = 0; i < maxf; i++)
		buf_free(&fields[i]);
	free(fields);
	free(f);
	free(len);
	free(nf);
	buf_free(&text);
	buf_free(&again);
	buf_free(&fb);
}

static void
test_writer_errors(void)
{
	int fd = open("/dev/full", O_WRONLY);
	csvio_writer *w;
	char *f[] = { "x" };
	int i, rc = 0;

	if (fd < 0)
		return;
	w = csvio_writer_new(fd);
	for (i = 0; i < 100000 && rc == 0; i++)
		rc = csvio_write(w, f, NULL, 1);
	if (rc == 0)
		rc = csvio_flush(w);
	CHECK_EQ(rc, -1);
	CHECK_EQ(errno, ENOSPC);
	CHECK_EQ(csvio_writer_free(w), -1);	/* sticky */
	close(fd);
}

/* A record that never ends stops at the bound, in both engines. */
static void
test_max_record(void)
{
	static char in[200000];
	int engines[] = { CSVIO_ENGINE_SCAN, CSVIO_ENGINE_LIBCSV }, e;
	struct csvio_rec rec;

	memcpy(in, "a,b\n1,2\n3,\"", 11);
	memset(in + 11, 'x', sizeof in - 11);
	for (e = 0; e < 2; e++) {
		csvio_reader *r = csvio_open_mem(in, sizeof in, "m", ',', '"');
		CHECK_EQ(csvio_set_engine(r, engines[e]), 0);
		CHECK_EQ(csvio_set_chunk(r, 4096), 0);
		CHECK_EQ(csvio_set_max_record(r, 50000), 0);
		CHECK_EQ(csvio_read(r, &rec), CSVIO_OK);
		CHECK_EQ(csvio_read(r, &rec), CSVIO_OK);
		CHECK_EQ(csvio_read(r, &rec), CSVIO_ERR);
		CHECK_STR(csvio_strerror(r), "record 2 is over 50000 bytes (an "
		    "unterminated quote?); it is not read further");
		csvio_close(r);
		/* Unbounded, it is read to the end (and is malformed). */
		r = csvio_open_mem(in, sizeof in, "m", ',', '"');
		CHECK_EQ(csvio_set_engine(r, engines[e]), 0);
		CHECK_EQ(csvio_read(r, &rec), CSVIO_OK);
		CHECK_EQ(csvio_read(r, &rec), CSVIO_OK);
		CHECK_EQ(csvio_read(r, &rec), CSVIO_BAD);
		csvio_close(r);
	}
}

int
main(void)
{
	dir = mkdtemp(tmpl);
	RUN(test_dialect);
	RUN(test_malformed);
	RUN(test_messages);
	RUN(test_quoting);
	RUN(test_quoting_bom);
	RUN(test_roundtrip_property);
	RUN(test_writer_errors);
	RUN(test_max_record);
	{
		char cmd[300];
		snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
		if (system(cmd) != 0)
			return 1;
	}
	return T_DONE();
}
