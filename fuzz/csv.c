/* SPDX-License-Identifier: MIT */
/*
 * fuzz-csv: lib/csvio's reader and writer, and lib/sniff.
 *
 * The first byte picks the dialect (delimiter , ; | tab, quote " or '),
 * the encoding (UTF-8, Windows-1252, Latin-1) and a read chunk size; the
 * rest is the input.  It is read by padu's scanner with the default
 * chunk, and again by libcsv and by the scanner at the chosen chunk: all
 * three must give the same records (status, fields, numbers, reasons).
 * The well-formed records are then written with csvio_encode_record and
 * read back in the canonical dialect: the same fields must come back.
 * sniff_dialect looks at the input too.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "csvio.h"
#include "fuzz.h"
#include "sniff.h"

static const int delims[] = { ',', ';', '|', '\t' };
static const int quotes[] = { '"', '\'' };
static const int encs[] = { CSVIO_ENC_UTF8, CSVIO_ENC_CP1252,
	CSVIO_ENC_LATIN1, CSVIO_ENC_UTF8 };
static const size_t chunks[] = { 1, 2, 3, 7, 64, 4093, 65536, 0 };

/* Every record read, serialized: status, number, fields, reason. */
static void
put(struct buf *b, const void *p, size_t n)
{
	fuzz_check(buf_add(b, &n, sizeof n) == 0 && buf_add(b, p, n) == 0,
	    "%s", "out of memory");
}

static size_t
read_all(const char *s, size_t n, int delim, int quote, int enc, int engine,
    size_t chunk, struct buf *out, struct buf *fields)
{
	struct csvio_rec rec;
	csvio_reader *r = csvio_open_mem(s, n, "fuzz", delim, quote);
	size_t i, k, nrec = 0;
	int rc;

	fuzz_check(r != NULL, "%s", "csvio_open_mem");
	fuzz_check(csvio_set_engine(r, engine) == 0, "engine %d", engine);
	fuzz_check(csvio_set_encoding(r, enc) == 0, "encoding %d", enc);
	fuzz_check(chunk == 0 || csvio_set_chunk(r, chunk) == 0, "chunk %zu",
	    chunk);
	buf_reset(out);
	while ((rc = csvio_read(r, &rec)) != CSVIO_EOF) {
		fuzz_check(rc == CSVIO_OK || rc == CSVIO_BAD, "status %d: %s",
		    rc, rc == CSVIO_ERR ? csvio_strerror(r) : "");
		put(out, &rc, sizeof rc);
		put(out, &rec.num, sizeof rec.num);
		put(out, &rec.n, sizeof rec.n);
		for (i = 0; i < rec.n; i++) {
			fuzz_check(rec.f[i][rec.len[i]] == '\0', "field %zu "
			    "not NUL-terminated", i);
			for (k = 0; rec.ascii && k < rec.len[i]; k++)
				fuzz_check(rec.f[i][k] != '\0' &&
				    (unsigned char)rec.f[i][k] < 0x80, "record "
				    "%llu handed out as ASCII, field %zu byte "
				    "%zu is not", rec.num, i, k);
			put(out, rec.f[i], rec.len[i]);
		}
		if (rc == CSVIO_BAD)
			put(out, rec.bad, strlen(rec.bad));
		{
			/* The reader-aware encoder: the same bytes. */
			struct buf e1 = BUF_INIT, e2 = BUF_INIT;
			fuzz_check(csvio_encode_read(&e1, r, &rec) == 0 &&
			    csvio_encode_record(&e2, rec.f, rec.len, rec.n) ==
			    0, "%s", "encode");
			fuzz_check(e1.len == e2.len && (e1.len == 0 ||
			    memcmp(e1.p, e2.p, e1.len) == 0), "record %llu: "
			    "csvio_encode_read differs from "
			    "csvio_encode_record", rec.num);
			buf_free(&e1);
			buf_free(&e2);
		}
		/* The well-formed records, encoded, for the round trip. */
		if (fields && rc == CSVIO_OK) {
			fuzz_check(csvio_encode_record(fields, rec.f, rec.len,
			    rec.n) == 0 && buf_addc(fields, '\n') == 0, "%s",
			    "encode");
		}
		nrec++;
	}
	csvio_close(r);
	return nrec;
}

static int
same(const struct buf *a, const struct buf *b)
{
	return a->len == b->len && (a->len == 0 ||
	    memcmp(a->p, b->p, a->len) == 0);
}

/* The well-formed records again, from their encoding. */
static void
round_trip(const char *s, size_t n, int delim, int quote, int enc,
    const struct buf *enc_rec)
{
	struct csvio_rec a, b;
	csvio_reader *ra = csvio_open_mem(s, n, "fuzz", delim, quote);
	csvio_reader *rb = csvio_open_mem(enc_rec->p ? enc_rec->p : "",
	    enc_rec->len, "encoded", ',', '"');
	size_t i;
	int rc;

	fuzz_check(ra && rb, "%s", "csvio_open_mem");
	csvio_set_encoding(ra, enc);
	for (;;) {
		while ((rc = csvio_read(ra, &a)) == CSVIO_BAD)
			;
		if (rc != CSVIO_OK)
			break;
		fuzz_check(csvio_read(rb, &b) == CSVIO_OK, "record %llu did "
		    "not come back", a.num);
		fuzz_check(a.n == b.n, "record %llu: %zu fields, %zu back",
		    a.num, a.n, b.n);
		for (i = 0; i < a.n; i++)
			fuzz_check(a.len[i] == b.len[i] &&
			    memcmp(a.f[i], b.f[i], a.len[i]) == 0,
			    "record %llu field %zu changed in the round trip",
			    a.num, i);
	}
	fuzz_check(csvio_read(rb, &b) == CSVIO_EOF, "%s", "extra records");
	csvio_close(ra);
	csvio_close(rb);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct buf a, b, enc_rec;
	struct sniff sn;
	const char *s;
	size_t n, na, nb;
	int delim, quote, enc;
	size_t chunk;

	if (size < 1)
		return 0;
	delim = delims[data[0] & 3];
	quote = quotes[(data[0] >> 2) & 1];
	enc = encs[(data[0] >> 3) & 3];
	chunk = chunks[(data[0] >> 5) & 7];
	s = (const char *)data + 1;
	n = size - 1;

	buf_reset(&enc_rec);
	na = read_all(s, n, delim, quote, enc, CSVIO_ENGINE_SCAN, 0, &a,
	    &enc_rec);
	nb = read_all(s, n, delim, quote, enc, CSVIO_ENGINE_LIBCSV, chunk, &b,
	    NULL);
	fuzz_check(na == nb && same(&a, &b), "scanner (%zu records) and libcsv "
	    "(%zu records, chunk %zu) differ", na, nb, chunk);
	nb = read_all(s, n, delim, quote, enc, CSVIO_ENGINE_SCAN, chunk, &b,
	    NULL);
	fuzz_check(na == nb && same(&a, &b), "scanner at chunk %zu differs",
	    chunk);
	round_trip(s, n, delim, quote, enc, &enc_rec);

	if (sniff_dialect(s, n, 1, &sn) == 0)
		fuzz_check(strchr(",;|\t", sn.delim) != NULL &&
		    (sn.quote == '"' || sn.quote == '\''), "sniffed %d %d",
		    sn.delim, sn.quote);
	sniff_dialect(s, n / 2, 0, &sn);
	return 0;
}
