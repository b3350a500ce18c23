/* SPDX-License-Identifier: MIT */
/*
 * fuzz-xlsx: lib/xlsx, the XLSX sheet reader (padu-parse's XLSX input).
 *
 * Mutating a zip archive mostly breaks its checksums, so the input is
 * the XML parts themselves, separated by NUL bytes: xl/workbook.xml,
 * xl/_rels/workbook.xml.rels, xl/sharedStrings.xml,
 * xl/worksheets/sheet1.xml, xl/worksheets/sheet2.xml (an empty part is
 * left out of the archive).  Byte 0 picks the sheet asked for (the
 * first, "Keluarga", "Individu", "Sheet1").  The target stores the parts
 * in a zip archive (method "stored", written here) in a memory file and
 * reads it with xlsx_open and xlsx_read to the end: every record's fields
 * NUL-terminated, record numbers increasing, and an error only once.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <zlib.h>

#include "buf.h"
#include "fuzz.h"
#include "xlsx.h"

static const char *const parts[] = { "xl/workbook.xml",
	"xl/_rels/workbook.xml.rels", "xl/sharedStrings.xml",
	"xl/worksheets/sheet1.xml", "xl/worksheets/sheet2.xml" };
#define NPARTS (sizeof parts / sizeof *parts)

static void
le(struct buf *b, uint32_t v, int n)
{
	while (n--) {
		buf_addc(b, (int)(v & 0xFF));
		v >>= 8;
	}
}

/* A zip archive of the given parts, stored, into z. */
static void
zip(struct buf *z, const char *const *name, const char *const *p,
    const size_t *n, size_t k)
{
	static struct buf cd;
	uint32_t off[NPARTS], crc;
	size_t i, nent = 0, cdoff;

	buf_reset(z);
	buf_reset(&cd);
	for (i = 0; i < k; i++) {
		if (n[i] == 0)
			continue;
		crc = (uint32_t)crc32(0, (const Bytef *)p[i], (uInt)n[i]);
		off[i] = (uint32_t)z->len;
		le(z, 0x04034b50, 4);
		le(z, 20, 2);			/* version needed */
		le(z, 0, 2);			/* flags */
		le(z, 0, 2);			/* stored */
		le(z, 0, 2);			/* time */
		le(z, 0x21, 2);			/* date: 1980-01-01 */
		le(z, crc, 4);
		le(z, (uint32_t)n[i], 4);
		le(z, (uint32_t)n[i], 4);
		le(z, (uint32_t)strlen(name[i]), 2);
		le(z, 0, 2);
		buf_adds(z, name[i]);
		buf_add(z, p[i], n[i]);

		le(&cd, 0x02014b50, 4);
		le(&cd, 20, 2);
		le(&cd, 20, 2);
		le(&cd, 0, 2);
		le(&cd, 0, 2);
		le(&cd, 0, 2);
		le(&cd, 0x21, 2);
		le(&cd, crc, 4);
		le(&cd, (uint32_t)n[i], 4);
		le(&cd, (uint32_t)n[i], 4);
		le(&cd, (uint32_t)strlen(name[i]), 2);
		le(&cd, 0, 2);			/* extra */
		le(&cd, 0, 2);			/* comment */
		le(&cd, 0, 2);			/* disk */
		le(&cd, 0, 2);			/* internal attributes */
		le(&cd, 0, 4);			/* external attributes */
		le(&cd, off[i], 4);
		buf_adds(&cd, name[i]);
		nent++;
	}
	cdoff = z->len;
	buf_add(z, cd.p ? cd.p : "", cd.len);
	le(z, 0x06054b50, 4);
	le(z, 0, 2);
	le(z, 0, 2);
	le(z, (uint32_t)nent, 2);
	le(z, (uint32_t)nent, 2);
	le(z, (uint32_t)cd.len, 4);
	le(z, (uint32_t)cdoff, 4);
	le(z, 0, 2);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const sheets[] = { NULL, "Keluarga", "Individu",
		"Sheet1" };
	static struct buf z;
	const char *p[NPARTS], *s, *end, *q;
	size_t n[NPARTS], i, f;
	struct csvio_rec rec;
	unsigned long long last = 0;
	char path[64], *err = NULL;
	int rc, first = 1;
	xlsx *x;

	if (size < 1)
		return 0;
	s = (const char *)data + 1;
	end = (const char *)data + size;
	for (i = 0; i < NPARTS; i++) {
		q = s < end ? memchr(s, '\0', (size_t)(end - s)) : NULL;
		if (q == NULL)
			q = end;
		p[i] = s;
		n[i] = (size_t)(q - s);
		s = q < end ? q + 1 : end;
	}
	zip(&z, parts, p, n, NPARTS);
	fuzz_memfd((const uint8_t *)z.p, z.len, path);

	fuzz_arm();
	x = xlsx_open(path, sheets[data[0] & 3], &err);
	if (x == NULL) {
		fuzz_check(err == NULL || strncmp(err, path, strlen(path)) == 0,
		    "message '%s' does not name the file", err);
		free(err);
		fuzz_disarm();
		fuzz_forget();
		return 0;
	}
	for (i = 0; i < xlsx_nsheets(x); i++)
		fuzz_check(xlsx_sheet_name(x, i) != NULL, "sheet %zu", i);
	while ((rc = xlsx_read(x, &rec)) == CSVIO_OK) {
		fuzz_check(first || rec.num > last, "record %llu after %llu",
		    rec.num, last);
		first = 0;
		last = rec.num;
		fuzz_check(rec.n > 0 && rec.bad == NULL, "%zu fields", rec.n);
		for (f = 0; f < rec.n; f++)
			fuzz_check(rec.f[f][rec.len[f]] == '\0', "field %zu", f);
	}
	fuzz_check(rc == CSVIO_EOF || rc == CSVIO_ERR, "status %d", rc);
	if (rc == CSVIO_ERR) {
		fuzz_check(xlsx_strerror(x) != NULL, "%s", "no message");
		fuzz_check(xlsx_read(x, &rec) == CSVIO_ERR, "%s",
		    "the error is not sticky");
	}
	xlsx_close(x);
	fuzz_disarm();
	fuzz_forget();	/* a descriptor left open fails here */
	return 0;
}
