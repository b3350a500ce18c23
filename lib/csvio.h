/* SPDX-License-Identifier: MIT */
/*
 * csvio: padu's CSV stream, read and written.
 *
 * The reader is a pull parser on libcsv: csvio_read() hands out one record
 * at a time, whatever the length of its fields or the number of its columns.
 * Inside, libcsv is fed a chunk at a time and the records it completes are
 * queued, so memory is bounded by one chunk plus the longest record.
 * Quoting is strict (RFC 4180): a quote inside an unquoted field, or text
 * after a closing quote, makes the record malformed; the reader then
 * resynchronizes at the next line end and returns the record as
 * CSVIO_BAD with a reason, so that the filter can reject it and go on.
 * Field bytes are never trimmed or altered; CRLF, LF and CR all end records;
 * a UTF-8 byte order mark at the start of the input is dropped; blank lines
 * are not records.  Input in Windows-1252 or Latin-1 is converted to UTF-8
 * inside the reader, a chunk at a time, before it is parsed
 * (csvio_set_encoding), so records are UTF-8 whatever the input.
 *
 * The writer quotes a field only when it must (delimiter, quote, CR, LF,
 * leading or trailing space or tab, a leading U+FEFF, which a reader would
 * drop as a byte order mark at the start of a stream, or the lone empty
 * field of a one-column record, which would otherwise be a blank line),
 * ends records with LF, and
 * buffers its output: identical records give identical bytes.
 *
 * Records are numbered from 0 as they appear in the input, so with a header
 * the first data record is record 1: the number padu writes to _row and
 * names in messages.
 *
 * Nothing here prints or exits: functions return a status and the reader
 * keeps a message for csvio_strerror().
 *
 * For every dialect whose delimiter and quote are two different bytes,
 * neither CR nor LF (',' ';' '|' or tab, '"' or '\''), the reader does not
 * use libcsv but a scanner of its own, several times faster, that gives
 * the same records for every input, malformed ones included (same fields,
 * numbers, statuses and reasons); a differential test holds the two
 * engines to each other.  Any other dialect is read by libcsv.
 */
#ifndef PADU_CSVIO_H
#define PADU_CSVIO_H

#include <stddef.h>

#include "buf.h"

enum csvio_status {
	CSVIO_ERR = -1,		/* I/O or memory error: see csvio_strerror */
	CSVIO_EOF = 0,		/* no more records */
	CSVIO_OK = 1,		/* a well-formed record */
	CSVIO_BAD = 2		/* a malformed record: rec.bad says why */
};

struct csvio_rec {
	size_t n;		/* number of fields */
	char **f;		/* field i, NUL-terminated (may hold NULs) */
	size_t *len;		/* length of field i in bytes */
	unsigned long long num;	/* record number, from 0 */
	const char *bad;	/* CSVIO_BAD: why the record is malformed */
	int ascii;		/* 1: every byte of every field is ASCII and
				   none is NUL, so utf8_check() would pass
				   them all; 0: not known */
};

typedef struct csvio_reader csvio_reader;

/*
 * csvio_open: open path for reading ("-" or NULL is standard input); name is
 * what messages call it.  The reader reads delim-separated fields with the
 * given quote character (',' and '"' for the canonical stream).  Returns
 * NULL with errno set when the file cannot be opened.
 */
csvio_reader *csvio_open(const char *path, int delim, int quote);

/*
 * csvio_open_fd: a reader of the open descriptor fd that first reads the n
 * bytes at prefix (copied: bytes already read from fd, say to sniff it)
 * and then fd from where it stands to its end; fd -1 is no more than the
 * prefix.  name is what messages call it.  This is how standard input is
 * sniffed and then read without being spooled.  The reader does not close
 * fd.  Returns NULL (ENOMEM).
 */
csvio_reader *csvio_open_fd(int fd, const char *name, const void *prefix,
    size_t n, int delim, int quote);

/*
 * csvio_open_mem: a reader over the n bytes at p, which are not copied and
 * must stay unchanged until csvio_close; name is what messages call it.
 * It reads as csvio_open does, a chunk at a time (csvio_regular is 0).
 * Returns NULL (ENOMEM).
 */
csvio_reader *csvio_open_mem(const void *p, size_t n, const char *name,
    int delim, int quote);

/*
 * csvio_read_ahead: read the input ahead of the parser, in a thread of its
 * own, a chunk at a time (at most four chunks ahead), so that copying the
 * file's bytes in and parsing them overlap.  Only for a regular file (a
 * read of a pipe or a terminal could block csvio_close); call it before
 * the first csvio_read.  Returns 1 when the thread runs, else 0 (the
 * reader reads as before).  Records, errors and EOF are the same.
 */
int csvio_read_ahead(csvio_reader *r);

/*
 * csvio_read: the next record into *rec.  The record's memory belongs to the
 * reader and stays valid until the next call.  Returns a csvio_status.
 */
int csvio_read(csvio_reader *r, struct csvio_rec *rec);

/* csvio_strerror: the message for the last CSVIO_ERR. */
const char *csvio_strerror(const csvio_reader *r);

/* csvio_name: the input's name for messages ("<stdin>" for standard input). */
const char *csvio_name(const csvio_reader *r);

/* csvio_bytes: bytes read from the input so far. */
unsigned long long csvio_bytes(const csvio_reader *r);

/* csvio_regular: 1 when the input is a regular file (it can be reopened). */
int csvio_regular(const csvio_reader *r);

/* csvio_close: close the input and free the reader. NULL is a no-op. */
void csvio_close(csvio_reader *r);

enum csvio_engine {
	CSVIO_ENGINE_SCAN = 1,	/* padu's scanner: delimiter and quote two
				   different bytes, neither CR nor LF */
	CSVIO_ENGINE_LIBCSV = 2	/* libcsv: any dialect */
};

/*
 * csvio_set_engine: read r with the given csvio_engine; call it before the
 * first csvio_read.  The csvio_open functions already pick the scanner for
 * every dialect it reads and libcsv for the others: this is for tests and
 * measurements.  Returns 0, or -1 with errno EINVAL when reading has
 * begun, the engine is unknown, or the scanner is asked to read a dialect
 * it cannot.
 */
int csvio_set_engine(csvio_reader *r, int engine);

enum csvio_encoding {
	CSVIO_ENC_UTF8 = 0,	/* UTF-8, the default: bytes as they come */
	CSVIO_ENC_CP1252 = 1,	/* Windows-1252 */
	CSVIO_ENC_LATIN1 = 2	/* Latin-1 (ISO-8859-1) */
};

/*
 * csvio_set_encoding: r's input is text in the given csvio_encoding; call
 * it before the first csvio_read.  Each chunk is converted to UTF-8 as it
 * is read (a table of 256 UTF-8 sequences), before it is parsed, so the
 * delimiter and quote are found in UTF-8 and must be ASCII, and records
 * hold UTF-8.  A Windows-1252 byte that has no character (0x81 0x8D 0x8F
 * 0x90 0x9D) is kept as it is: a lone byte that is never valid UTF-8, so
 * that a check of the field (utf8_check) finds it at its place with its
 * original value and can reject the record.  Only UTF-8 input loses a
 * byte order mark (in the others its bytes are characters: "ï»¿").
 * csvio_bytes counts input bytes, before conversion.  Returns 0, or -1
 * with errno EINVAL when reading has begun, the encoding is unknown, or
 * a conversion is asked with a delimiter or quote that is not ASCII.
 */
int csvio_set_encoding(csvio_reader *r, int enc);

/*
 * csvio_set_chunk: read the input at most n bytes at a time (n >= 1)
 * instead of 256 KiB; call it before the first csvio_read.  For tests
 * only: small chunks put a chunk boundary at every byte of the input, and
 * records must not depend on where they fall.  Returns 0, or -1 with errno
 * EINVAL (reading has begun, or n is 0 or absurdly large).
 */
int csvio_set_chunk(csvio_reader *r, size_t n);

/*
 * csvio_set_max_record: bound the memory a record may take: when the
 * record in progress holds more than max bytes (a field that never ends,
 * an unterminated quote in a large file), csvio_read returns CSVIO_ERR,
 * "record N is over MAX bytes".  It is checked each time the reader needs
 * more input, so a record up to max plus one chunk may still be read.
 * 0, the default, is no bound.  Returns 0.
 */
int csvio_set_max_record(csvio_reader *r, size_t max);

/*
 * csvio_encode_field: append field f (n bytes) to out, quoted if it must be;
 * lone is true when it is the only field of its record.  0 or -1 (ENOMEM).
 */
int csvio_encode_field(struct buf *out, const char *f, size_t n, int lone);

/*
 * csvio_encode_record: append fields f[0..n) (lengths len, or strlen when
 * len is NULL) separated by commas, without a line end.  0 or -1.
 */
int csvio_encode_record(struct buf *out, char *const *f, const size_t *len,
    size_t n);

/*
 * csvio_encode_read: csvio_encode_record of rec, the record just read by r
 * (before r is read again), the same bytes, faster: in the canonical
 * dialect the scanner knows which fields were quoted, and a run of fields
 * that were not, and need not be, is copied at once.
 */
int csvio_encode_read(struct buf *out, const csvio_reader *r,
    const struct csvio_rec *rec);

typedef struct csvio_writer csvio_writer;

/* csvio_writer_new: a buffered writer on fd (not closed by the writer); a
 * pipe is grown to 1 MB where the kernel allows (so is a pipe read by
 * csvio_open and csvio_open_fd). */
csvio_writer *csvio_writer_new(int fd);

/*
 * csvio_write: write one record and its LF.  Returns 0, or -1 with errno
 * set on a write error; errors are sticky, so checking the last call (or
 * csvio_flush) is enough.
 */
int csvio_write(csvio_writer *w, char *const *f, const size_t *len, size_t n);

/* csvio_write_read: csvio_write of rec, just read by r (csvio_encode_read). */
int csvio_write_read(csvio_writer *w, const csvio_reader *r,
    const struct csvio_rec *rec);

/* csvio_encode_read_more: csvio_encode_record of rec's fields, just read
 * by r (as csvio_encode_read), followed by the n fields f (lengths len,
 * or strlen when len is NULL).  csvio_write_read_more writes it. */
int csvio_encode_read_more(struct buf *out, const csvio_reader *r,
    const struct csvio_rec *rec, char *const *f, const size_t *len,
    size_t n);
int csvio_write_read_more(csvio_writer *w, const csvio_reader *r,
    const struct csvio_rec *rec, char *const *f, const size_t *len,
    size_t n);

/* csvio_write_raw: write n bytes as they are (a pre-encoded record). */
int csvio_write_raw(csvio_writer *w, const char *p, size_t n);

/* csvio_flush: write out the buffer. 0, or -1 with errno set. */
int csvio_flush(csvio_writer *w);

/* csvio_writer_free: flush, free, and return the flush status. */
int csvio_writer_free(csvio_writer *w);

#endif
