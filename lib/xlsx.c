/* SPDX-License-Identifier: MIT */
/*
 * xlsx: a streaming reader of one sheet of a workbook, on libzip and expat
 * (see xlsx.h for the contract).
 *
 * Every part is read the same way: zip_fread() fills expat's own buffer
 * (XML_GetBuffer) 64 KB at a time and expat calls back per element.  The
 * small parts (workbook, its relationships, the shared strings) are parsed
 * whole when the workbook is opened.  The sheet is parsed one chunk per
 * call to xlsx_read() when its queue is empty: the callbacks append the
 * fields of finished cells to one byte buffer and queue finished rows, and
 * before the next chunk the fields of the row in progress are moved to the
 * front, as csvio does, so the buffer holds one chunk's rows at most.
 *
 * Expat runs with namespace processing and elements are matched by local
 * name and nesting (row in sheetData, c in row, v and is in c), so that a
 * prefixed document (<x:row>) or the Strict namespaces read the same.
 * A handler that finds an error writes the message and stops the parser.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <expat.h>
#include <zip.h>

#include "utf8.h"
#include "xlsx.h"

#define CHUNK 65536		/* bytes of a part decompressed at a time */
#define NSSEP '\n'		/* between namespace URI and local name */
#define MAXCOL 16384		/* column XFD, the format's last */

enum ctype {
	T_NUM,			/* no t, t="n" (or unknown): <v> as stored */
	T_SST,			/* t="s": <v> is a shared string index */
	T_STR,			/* t="str": a formula's string result */
	T_INLINE,		/* t="inlineStr": <is><t> */
	T_BOOL,			/* t="b": 1 or 0 */
	T_ERR			/* t="e": #N/A, #DIV/0!, ... */
};

struct part {
	XML_Parser p;		/* expat, NULL when closed */
	zip_file_t *zf;		/* the part in the archive */
	char *name;		/* its path, for messages */
	int done;		/* the last chunk has been parsed */
};

struct qrow {
	size_t first;		/* index of its first field */
	size_t n;		/* number of fields */
	unsigned long long num;	/* spreadsheet row number - 1 */
};

struct rel {
	char *id;		/* Id: rId1 */
	char *type;		/* Type: .../relationships/worksheet */
	char *target;		/* Target: worksheets/sheet1.xml */
	int external;		/* TargetMode="External" */
};

struct xlsx {
	char *name;		/* the file, for messages */
	zip_t *za;		/* the archive */
	struct buf err;		/* last error message */
	int stop;		/* a handler failed: err says why */
	int failed;		/* a CSVIO_ERR is pending (sticky) */
	char **sheets;		/* sheet names, workbook order */
	char **rids;		/* their relationship ids (or NULL) */
	size_t nsheets, sheetcap;	/* sheets, allocated */
	size_t sheet;		/* index of the sheet read */
	struct buf sst;		/* shared strings, each NUL-terminated */
	size_t *sst_off;	/* string i: sst_off[i] up to sst_off[i+1]-1 */
	size_t nsst, sstcap;	/* strings, offsets allocated */
	struct part pt;		/* the part being parsed */
	unsigned long depth;	/* element depth in the sheet */
	unsigned long d_sd;	/* depth of <sheetData>, 0 outside */
	unsigned long d_row;	/* depth of the open <row>, or 0 */
	unsigned long d_c;	/* depth of the open <c>, or 0 */
	unsigned long d_is;	/* depth of the open <is>, or 0 */
	unsigned long d_rph;	/* depth of an open <rPh>, or 0 */
	unsigned long d_text;	/* depth of the <v> or <t> collected, or 0 */
	unsigned long long row;	/* number of the open row, from 1 */
	unsigned long long prev;	/* number of the last row, 0 at first */
	unsigned long col;	/* column of the row's last cell, 0 at first */
	unsigned long ccol;	/* column of the open cell, from 1 */
	enum ctype type;	/* type of the open cell */
	struct buf cell;	/* text of the open cell */
	struct buf data;	/* field bytes, each NUL-terminated */
	size_t *off, *len;	/* field i: data.p + off[i], len[i] bytes */
	size_t nf, fcap;	/* fields queued, allocated */
	size_t cur;		/* first field of the row in progress */
	struct qrow *q;		/* finished rows */
	size_t qn, qpos, qcap;	/* queued, next to hand out, allocated */
	char **fp;		/* pointers handed out in a csvio_rec */
	size_t fpcap;		/* allocated */
};

static void seterr(xlsx *x, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* The message "file: ..." into x->err; left empty when out of memory. */
static void
seterr(xlsx *x, const char *fmt, ...)
{
	va_list ap;
	int n;

	buf_reset(&x->err);
	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0 || buf_printf(&x->err, "%s: ", x->name) < 0 ||
	    buf_reserve(&x->err, (size_t)n) < 0) {
		buf_reset(&x->err);
		return;
	}
	va_start(ap, fmt);
	vsnprintf(x->err.p + x->err.len, (size_t)n + 1, fmt, ap);
	va_end(ap);
	x->err.len += (size_t)n;
}

/* From a handler: fail with the message already set, stop the parser. */
static void
hstop(xlsx *x)
{
	x->stop = 1;
	XML_StopParser(x->pt.p, XML_FALSE);
}

static void
hnomem(xlsx *x)
{
	seterr(x, "out of memory");
	hstop(x);
}

/* The local part of an expanded name ("uri\nrow" → "row"). */
static const char *
local(const char *name)
{
	const char *s = strrchr(name, NSSEP);

	return s ? s + 1 : name;
}

/* The value of the attribute without namespace called name, or NULL. */
static const char *
attr(const char **a, const char *name)
{
	for (; a[0]; a += 2)
		if (strcmp(a[0], name) == 0)
			return a[1];
	return NULL;
}

/* The value of a namespaced attribute with local name name (r:id). */
static const char *
attr_ns(const char **a, const char *name)
{
	for (; a[0]; a += 2)
		if (strchr(a[0], NSSEP) && strcmp(local(a[0]), name) == 0)
			return a[1];
	return NULL;
}

/* Parse a positive decimal number, digits only. 0 or -1. */
static int
parse_num(const char *s, unsigned long long *v)
{
	unsigned long long n = 0;

	if (*s == '\0')
		return -1;
	for (; *s; s++) {
		if (*s < '0' || *s > '9' || n > (ULLONG_MAX - 9) / 10)
			return -1;
		n = n * 10 + (unsigned)(*s - '0');
	}
	*v = n;
	return 0;
}

/* The column of a cell reference ("AA12" → 27), or 0 when malformed. */
static unsigned long
parse_ref(const char *r)
{
	unsigned long col = 0;
	int k = 0;

	for (; (*r >= 'A' && *r <= 'Z') || (*r >= 'a' && *r <= 'z'); r++)
		if (++k > 3)
			return 0;
		else
			col = col * 26 + (unsigned long)((*r | 0x20) - 'a' + 1);
	if (k == 0 || col > MAXCOL || *r < '1' || *r > '9')
		return 0;
	while (*r >= '0' && *r <= '9')
		r++;
	return *r ? 0 : col;
}

/* Column number to letters (27 → "AA"); out has room for 4. */
static void
col_name(unsigned long col, char *out)
{
	char t[4];
	int n = 0, i;

	while (col > 0 && n < 3) {
		t[n++] = (char)('A' + (col - 1) % 26);
		col = (col - 1) / 26;
	}
	for (i = 0; i < n; i++)
		out[i] = t[n - 1 - i];
	out[n] = '\0';
}

static int
hex4(const char *s, size_t n, size_t i)
{
	int v = 0, k;

	if (i + 7 > n || s[i] != '_' || s[i + 1] != 'x' || s[i + 6] != '_')
		return -1;
	for (k = 2; k < 6; k++) {
		int c = (unsigned char)s[i + k];
		if (c >= '0' && c <= '9')
			c -= '0';
		else if ((c | 0x20) >= 'a' && (c | 0x20) <= 'f')
			c = (c | 0x20) - 'a' + 10;
		else
			return -1;
		v = v * 16 + c;
	}
	return v;
}

/*
 * Decode Office's _xHHHH_ escapes (ST_Xstring) in place: a UTF-16 code
 * unit, so a surrogate pair is two escapes; a lone surrogate stays as
 * text.  The output is never longer.  Returns the new length.
 */
static size_t
unescape(char *s, size_t n)
{
	size_t i, o;
	int c, c2;

	if (memchr(s, '_', n) == NULL)
		return n;
	for (i = o = 0; i < n; ) {
		if (s[i] != '_' || (c = hex4(s, n, i)) < 0) {
			s[o++] = s[i++];
			continue;
		}
		if (c >= 0xD800 && c <= 0xDBFF &&
		    (c2 = hex4(s, n, i + 7)) >= 0xDC00 && c2 <= 0xDFFF) {
			c = 0x10000 + ((c - 0xD800) << 10) + (c2 - 0xDC00);
			i += 14;
		} else if (c >= 0xD800 && c <= 0xDFFF) {
			s[o++] = s[i++];
			continue;
		} else
			i += 7;
		o += utf8_encode(c, s + o);
	}
	s[o] = '\0';
	return o;
}

/*
 * Parts.
 */

/*
 * Open part name for parsing with handlers on ud.  0, 1 absent, or -1.
 * Part names are case-insensitive (OPC), so the lookup is too.
 */
static int
part_open(xlsx *x, const char *name, void *ud, XML_StartElementHandler st,
    XML_EndElementHandler en, XML_CharacterDataHandler ch)
{
	struct part *pt = &x->pt;
	zip_int64_t i;

	memset(pt, 0, sizeof *pt);
	x->stop = 0;
	if ((i = zip_name_locate(x->za, name, ZIP_FL_NOCASE)) < 0)
		return 1;
	if ((pt->name = strdup(name)) == NULL ||
	    (pt->p = XML_ParserCreateNS(NULL, NSSEP)) == NULL) {
		seterr(x, "out of memory");
		return -1;
	}
	if ((pt->zf = zip_fopen_index(x->za, (zip_uint64_t)i, 0)) == NULL) {
		seterr(x, "%s: cannot read: %s", name,
		    zip_error_strerror(zip_get_error(x->za)));
		return -1;
	}
	XML_SetUserData(pt->p, ud);
	XML_SetElementHandler(pt->p, st, en);
	XML_SetCharacterDataHandler(pt->p, ch);
	return 0;
}

static void
part_close(struct part *pt)
{
	if (pt->p)
		XML_ParserFree(pt->p);
	if (pt->zf)
		zip_fclose(pt->zf);
	free(pt->name);
	memset(pt, 0, sizeof *pt);
}

/* Read and parse the next chunk of the part.  0, or -1 with the message. */
static int
part_feed(xlsx *x)
{
	struct part *pt = &x->pt;
	void *b;
	zip_int64_t n;

	if ((b = XML_GetBuffer(pt->p, CHUNK)) == NULL) {
		seterr(x, "out of memory");
		return -1;
	}
	if ((n = zip_fread(pt->zf, b, CHUNK)) < 0) {
		seterr(x, "%s: read error: %s", pt->name,
		    zip_file_strerror(pt->zf));
		return -1;
	}
	if (XML_ParseBuffer(pt->p, (int)n, n == 0) != XML_STATUS_OK) {
		if (!x->stop)
			seterr(x, "%s:%lu:%lu: %s", pt->name,
			    (unsigned long)XML_GetCurrentLineNumber(pt->p),
			    (unsigned long)XML_GetCurrentColumnNumber(pt->p) + 1,
			    XML_ErrorString(XML_GetErrorCode(pt->p)));
		return -1;
	}
	if (n == 0)
		pt->done = 1;
	return 0;
}

/* Parse a whole part.  0, 1 absent, or -1 with the message. */
static int
part_parse(xlsx *x, const char *name, void *ud, XML_StartElementHandler st,
    XML_EndElementHandler en, XML_CharacterDataHandler ch)
{
	int rc = part_open(x, name, ud, st, en, ch);

	while (rc == 0 && !x->pt.done)
		if (part_feed(x) < 0)
			rc = -1;
	part_close(&x->pt);
	return rc;
}

/*
 * The workbook: sheet names and relationship ids, in order.
 */

struct wbctx {
	xlsx *x;		/* the reader */
	unsigned long depth;	/* element depth */
	unsigned long d_sheets;	/* depth of <sheets>, or 0 */
};

static void
wb_start(void *ud, const char *name, const char **a)
{
	struct wbctx *w = ud;
	xlsx *x = w->x;
	const char *ln = local(name), *nm, *rid;

	if (x->stop)
		return;
	w->depth++;
	if (w->depth == 2 && strcmp(ln, "sheets") == 0)
		w->d_sheets = w->depth;
	if (!w->d_sheets || w->depth != w->d_sheets + 1 ||
	    strcmp(ln, "sheet") != 0)
		return;
	if ((nm = attr(a, "name")) == NULL) {
		seterr(x, "%s:%lu: a sheet without a name", x->pt.name,
		    (unsigned long)XML_GetCurrentLineNumber(x->pt.p));
		hstop(x);
		return;
	}
	rid = attr_ns(a, "id");
	if (x->nsheets == x->sheetcap) {
		size_t cap = x->sheetcap ? 2 * x->sheetcap : 8;
		char **s = realloc(x->sheets, cap * sizeof *s);
		if (s == NULL)
			goto nomem;
		x->sheets = s;
		if ((s = realloc(x->rids, cap * sizeof *s)) == NULL)
			goto nomem;
		x->rids = s;
		x->sheetcap = cap;
	}
	x->sheets[x->nsheets] = strdup(nm);
	x->rids[x->nsheets] = rid ? strdup(rid) : NULL;
	if (x->sheets[x->nsheets] == NULL || (rid && !x->rids[x->nsheets])) {
		free(x->sheets[x->nsheets]);
		free(x->rids[x->nsheets]);
		goto nomem;
	}
	x->nsheets++;
	return;
nomem:
	hnomem(x);
}

static void
wb_end(void *ud, const char *name)
{
	struct wbctx *w = ud;

	(void)name;
	if (w->depth == w->d_sheets)
		w->d_sheets = 0;
	w->depth--;
}

/*
 * Relationships (xl/_rels/workbook.xml.rels).
 */

struct relctx {
	xlsx *x;		/* the reader */
	struct rel *r;		/* relationships */
	size_t n, cap;		/* in use, allocated */
};

static void
rel_start(void *ud, const char *name, const char **a)
{
	struct relctx *c = ud;
	const char *id, *type, *target, *mode;
	struct rel *r;

	if (c->x->stop || strcmp(local(name), "Relationship") != 0)
		return;
	id = attr(a, "Id");
	type = attr(a, "Type");
	target = attr(a, "Target");
	mode = attr(a, "TargetMode");
	if (!id || !type || !target)
		return;
	if (c->n == c->cap) {
		size_t cap = c->cap ? 2 * c->cap : 8;
		if ((r = realloc(c->r, cap * sizeof *r)) == NULL) {
			hnomem(c->x);
			return;
		}
		c->r = r;
		c->cap = cap;
	}
	r = &c->r[c->n];
	r->id = strdup(id);
	r->type = strdup(type);
	r->target = strdup(target);
	r->external = mode && strcmp(mode, "External") == 0;
	if (!r->id || !r->type || !r->target) {
		free(r->id);
		free(r->type);
		free(r->target);
		hnomem(c->x);
		return;
	}
	c->n++;
}

static void
rel_free(struct relctx *c)
{
	size_t i;

	for (i = 0; i < c->n; i++) {
		free(c->r[i].id);
		free(c->r[i].type);
		free(c->r[i].target);
	}
	free(c->r);
}

/* Whether a relationship type URI ends in /what. */
static int
rel_is(const struct rel *r, const char *what)
{
	const char *s = strrchr(r->type, '/');

	return s && strcmp(s + 1, what) == 0;
}

/*
 * The part a target names: relative to xl/, or absolute from the root;
 * "." and ".." segments resolved.  Malloc'd, or NULL.
 */
static char *
resolve(const char *target)
{
	size_t n = strlen(target), o = 0, i, k;
	char *out = malloc(n + 4);

	if (out == NULL)
		return NULL;
	if (target[0] == '/')
		target++;
	else
		o = (size_t)sprintf(out, "xl/");
	for (i = 0; target[i]; i = target[i + k] ? i + k + 1 : i + k) {
		k = strcspn(target + i, "/");
		if (k == 0 || (k == 1 && target[i] == '.'))
			continue;
		if (k == 2 && target[i] == '.' && target[i + 1] == '.') {
			while (o > 0 && out[o - 1] == '/')
				o--;
			while (o > 0 && out[o - 1] != '/')
				o--;
			continue;
		}
		memcpy(out + o, target + i, k);
		o += k;
		if (target[i + k] == '/')
			out[o++] = '/';
	}
	out[o] = '\0';
	return out;
}

/*
 * Shared strings: the text of each <si>, its runs concatenated, phonetic
 * runs (<rPh>) left out.
 */

struct sstctx {
	xlsx *x;		/* the reader */
	unsigned long depth;	/* element depth */
	unsigned long d_si;	/* depth of the open <si>, or 0 */
	unsigned long d_rph;	/* depth of an open <rPh>, or 0 */
	unsigned long d_t;	/* depth of the open <t>, or 0 */
	struct buf s;		/* text of the open <si> */
};

static void
sst_start(void *ud, const char *name, const char **a)
{
	struct sstctx *c = ud;
	const char *ln = local(name);

	(void)a;
	if (c->x->stop)
		return;
	c->depth++;
	if (!c->d_si) {
		if (strcmp(ln, "si") == 0) {
			c->d_si = c->depth;
			buf_reset(&c->s);
		}
	} else if (!c->d_rph && !c->d_t) {
		if (strcmp(ln, "rPh") == 0)
			c->d_rph = c->depth;
		else if (strcmp(ln, "t") == 0)
			c->d_t = c->depth;
	}
}

static void
sst_end(void *ud, const char *name)
{
	struct sstctx *c = ud;
	xlsx *x = c->x;
	size_t n;

	(void)name;
	if (x->stop)
		return;
	if (c->depth == c->d_t)
		c->d_t = 0;
	else if (c->depth == c->d_rph)
		c->d_rph = 0;
	else if (c->depth == c->d_si) {
		c->d_si = 0;
		if (x->nsst + 2 > x->sstcap) {
			size_t cap = x->sstcap ? 2 * x->sstcap : 256;
			size_t *o = realloc(x->sst_off, cap * sizeof *o);
			if (o == NULL) {
				hnomem(x);
				return;
			}
			x->sst_off = o;
			x->sstcap = cap;
		}
		n = c->s.len ? unescape(c->s.p, c->s.len) : 0;
		x->sst_off[x->nsst] = x->sst.len;
		if (buf_add(&x->sst, c->s.p, n) < 0 ||
		    buf_addc(&x->sst, '\0') < 0) {
			hnomem(x);
			return;
		}
		x->sst_off[++x->nsst] = x->sst.len;
	}
	c->depth--;
}

static void
sst_chars(void *ud, const char *s, int len)
{
	struct sstctx *c = ud;

	if (c->d_t && !c->x->stop && buf_add(&c->s, s, (size_t)len) < 0)
		hnomem(c->x);
}

/*
 * The sheet.
 */

static const char *
sheet_name(const xlsx *x)
{
	return x->sheets[x->sheet];
}

static int
add_field(xlsx *x, const char *s, size_t n)
{
	if (x->nf == x->fcap) {
		size_t cap = x->fcap ? x->fcap * 2 : 256;
		size_t *o = realloc(x->off, cap * sizeof *o);
		if (o == NULL)
			return -1;
		x->off = o;
		if ((o = realloc(x->len, cap * sizeof *o)) == NULL)
			return -1;
		x->len = o;
		x->fcap = cap;
	}
	x->off[x->nf] = x->data.len;
	x->len[x->nf] = n;
	if (buf_add(&x->data, s, n) < 0 || buf_addc(&x->data, '\0') < 0)
		return -1;
	x->nf++;
	return 0;
}

static void
row_start(xlsx *x, const char **a)
{
	const char *r = attr(a, "r");
	unsigned long long n = x->prev + 1;

	if (r && (parse_num(r, &n) < 0 || n == 0)) {
		seterr(x, "sheet '%s': bad row number '%s'", sheet_name(x), r);
		hstop(x);
		return;
	}
	if (n <= x->prev) {
		seterr(x, "sheet '%s': row %llu after row %llu (rows out of "
		    "order)", sheet_name(x), n, x->prev);
		hstop(x);
		return;
	}
	x->row = n;
	x->col = 0;
	x->d_row = x->depth;
}

static void
row_end(xlsx *x)
{
	x->d_row = 0;
	x->prev = x->row;
	if (x->nf == x->cur)
		return;		/* no values: no record */
	if (x->qn == x->qcap) {
		size_t cap = x->qcap ? x->qcap * 2 : 64;
		struct qrow *q = realloc(x->q, cap * sizeof *q);
		if (q == NULL) {
			hnomem(x);
			return;
		}
		x->q = q;
		x->qcap = cap;
	}
	x->q[x->qn].first = x->cur;
	x->q[x->qn].n = x->nf - x->cur;
	x->q[x->qn].num = x->row - 1;
	x->qn++;
	x->cur = x->nf;
}

static void
cell_start(xlsx *x, const char **a)
{
	const char *r = attr(a, "r"), *t = attr(a, "t");
	unsigned long col = x->col + 1;
	char prev[4];

	if (r && (col = parse_ref(r)) == 0) {
		seterr(x, "sheet '%s', row %llu: bad cell reference '%s'",
		    sheet_name(x), x->row, r);
		hstop(x);
		return;
	}
	if (col > MAXCOL) {
		seterr(x, "sheet '%s', row %llu: more than %d columns",
		    sheet_name(x), x->row, MAXCOL);
		hstop(x);
		return;
	}
	if (col <= x->col) {
		col_name(x->col, prev);
		seterr(x, "sheet '%s': cell %s after %s%llu (cells out of "
		    "order)", sheet_name(x), r, prev, x->row);
		hstop(x);
		return;
	}
	x->ccol = col;
	x->type = T_NUM;
	if (t == NULL || strcmp(t, "n") == 0)
		;
	else if (strcmp(t, "s") == 0)
		x->type = T_SST;
	else if (strcmp(t, "str") == 0)
		x->type = T_STR;
	else if (strcmp(t, "inlineStr") == 0)
		x->type = T_INLINE;
	else if (strcmp(t, "b") == 0)
		x->type = T_BOOL;
	else if (strcmp(t, "e") == 0)
		x->type = T_ERR;
	buf_reset(&x->cell);
	x->d_c = x->depth;
}

static void
cell_end(xlsx *x)
{
	const char *v = x->cell.len ? x->cell.p : "";
	size_t n = x->cell.len;
	unsigned long long i;
	char ref[4];

	x->d_c = 0;
	switch (x->type) {
	case T_SST:
		if (n == 0)
			break;
		if (parse_num(v, &i) < 0 || i >= x->nsst) {
			col_name(x->ccol, ref);
			seterr(x, "sheet '%s', cell %s%llu: shared string "
			    "index '%s' out of range (%zu strings)",
			    sheet_name(x), ref, x->row, v, x->nsst);
			hstop(x);
			return;
		}
		v = x->sst.p + x->sst_off[i];
		n = x->sst_off[i + 1] - x->sst_off[i] - 1;
		break;
	case T_BOOL:
		if (strcmp(v, "1") == 0)
			v = "TRUE", n = 4;
		else if (strcmp(v, "0") == 0)
			v = "FALSE", n = 5;
		break;
	case T_STR:
	case T_INLINE:
		n = n ? unescape(x->cell.p, n) : 0;
		break;
	case T_NUM:
	case T_ERR:
		break;
	}
	x->col = x->ccol;
	if (n == 0)
		return;		/* empty cells extend no row */
	while (x->nf - x->cur < x->ccol - 1)
		if (add_field(x, "", 0) < 0)
			goto nomem;
	if (add_field(x, v, n) < 0)
		goto nomem;
	return;
nomem:
	hnomem(x);
}

static void
sheet_start(void *ud, const char *name, const char **a)
{
	xlsx *x = ud;
	const char *ln = local(name);

	if (x->stop)
		return;
	x->depth++;
	if (!x->d_sd) {
		if (strcmp(ln, "sheetData") == 0)
			x->d_sd = x->depth;
	} else if (!x->d_row) {
		if (x->depth == x->d_sd + 1 && strcmp(ln, "row") == 0)
			row_start(x, a);
	} else if (!x->d_c) {
		if (x->depth == x->d_row + 1 && strcmp(ln, "c") == 0)
			cell_start(x, a);
	} else if (x->depth == x->d_c + 1) {
		if (strcmp(ln, "v") == 0)
			x->d_text = x->depth;
		else if (strcmp(ln, "is") == 0)
			x->d_is = x->depth;
	} else if (x->d_is && !x->d_rph && !x->d_text) {
		if (strcmp(ln, "rPh") == 0)
			x->d_rph = x->depth;
		else if (strcmp(ln, "t") == 0)
			x->d_text = x->depth;
	}
}

static void
sheet_end(void *ud, const char *name)
{
	xlsx *x = ud;

	(void)name;
	if (x->stop)
		return;
	if (x->depth == x->d_text)
		x->d_text = 0;
	else if (x->depth == x->d_rph)
		x->d_rph = 0;
	else if (x->depth == x->d_is)
		x->d_is = 0;
	else if (x->depth == x->d_c)
		cell_end(x);
	else if (x->depth == x->d_row)
		row_end(x);
	else if (x->depth == x->d_sd)
		x->d_sd = 0;
	x->depth--;
}

static void
sheet_chars(void *ud, const char *s, int len)
{
	xlsx *x = ud;

	if (x->d_text && !x->stop && buf_add(&x->cell, s, (size_t)len) < 0)
		hnomem(x);
}

/*
 * Opening.
 */

/* Open the archive; -1 with the message. */
static int
open_zip(xlsx *x, const char *path)
{
	struct stat st;
	zip_error_t ze;
	unsigned char magic[8];
	int fd, code = 0;

	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) < 0) {
		seterr(x, "cannot open: %s", strerror(errno));
		return -1;
	}
	if (fstat(fd, &st) == 0 && S_ISDIR(st.st_mode)) {
		seterr(x, "cannot open: %s", strerror(EISDIR));
		close(fd);
		return -1;
	}
	if ((x->za = zip_fdopen(fd, ZIP_RDONLY, &code)) != NULL)
		return 0;
	if (code == ZIP_ER_NOZIP) {
		if (pread(fd, magic, 8, 0) == 8 &&
		    memcmp(magic, "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8) == 0)
			seterr(x, "not an XLSX workbook (an OLE2 file: an Excel "
			    "97-2003 .xls, or an encrypted workbook)");
		else
			seterr(x, "not an XLSX workbook (not a zip archive)");
	} else {
		zip_error_init_with_code(&ze, code);
		seterr(x, "cannot open: %s", zip_error_strerror(&ze));
		zip_error_fini(&ze);
	}
	close(fd);
	return -1;
}

/* Pick the sheet; -1 with the message. */
static int
pick_sheet(xlsx *x, const char *sheet)
{
	struct buf list = BUF_INIT;
	size_t i;

	if (x->nsheets == 0) {
		seterr(x, "the workbook has no sheets");
		return -1;
	}
	if (sheet == NULL) {
		x->sheet = 0;
		return 0;
	}
	for (i = 0; i < x->nsheets; i++)
		if (strcmp(x->sheets[i], sheet) == 0) {
			x->sheet = i;
			return 0;
		}
	for (i = 0; i < x->nsheets; i++)
		buf_printf(&list, "%s'%s'", i ? ", " : "", x->sheets[i]);
	seterr(x, "no sheet named '%s' (sheets: %s)", sheet,
	    list.p ? list.p : "");
	buf_free(&list);
	return -1;
}

/* Load the relationships, shared strings and open the sheet; -1. */
static int
open_sheet(xlsx *x)
{
	static const char rels[] = "xl/_rels/workbook.xml.rels";
	struct relctx rc = { x, NULL, 0, 0 };
	struct sstctx sc = { x, 0, 0, 0, 0, BUF_INIT };
	const struct rel *ws = NULL, *ss = NULL;
	char *part = NULL;
	size_t i;
	int rc_ = -1, k;

	if ((k = part_parse(x, rels, &rc, rel_start, NULL, NULL)) != 0) {
		if (k > 0)
			seterr(x, "not an XLSX workbook (no %s)", rels);
		goto out;
	}
	for (i = 0; i < rc.n; i++) {
		if (x->rids[x->sheet] &&
		    strcmp(rc.r[i].id, x->rids[x->sheet]) == 0)
			ws = &rc.r[i];
		if (!ss && rel_is(&rc.r[i], "sharedStrings") &&
		    !rc.r[i].external)
			ss = &rc.r[i];
	}
	if (ws == NULL) {
		seterr(x, "sheet '%s': no relationship '%s' in %s",
		    sheet_name(x), x->rids[x->sheet] ? x->rids[x->sheet] : "",
		    rels);
		goto out;
	}
	if (!rel_is(ws, "worksheet") || ws->external) {
		seterr(x, "sheet '%s' is not a worksheet (%s)", sheet_name(x),
		    ws->external ? "external" : strrchr(ws->type, '/') ?
		    strrchr(ws->type, '/') + 1 : ws->type);
		goto out;
	}
	/* Shared strings: optional (a workbook of numbers has none). */
	if ((part = resolve(ss ? ss->target : "sharedStrings.xml")) == NULL)
		goto nomem;
	if (part_parse(x, part, &sc, sst_start, sst_end, sst_chars) < 0)
		goto out;
	free(part);
	if ((part = resolve(ws->target)) == NULL)
		goto nomem;
	if ((k = part_open(x, part, x, sheet_start, sheet_end,
	    sheet_chars)) != 0) {
		if (k > 0)
			seterr(x, "sheet '%s': no part %s in the workbook",
			    sheet_name(x), part);
		goto out;
	}
	rc_ = 0;
	goto out;
nomem:
	seterr(x, "out of memory");
out:
	free(part);
	buf_free(&sc.s);
	rel_free(&rc);
	return rc_;
}

xlsx *
xlsx_open(const char *path, const char *sheet, char **err)
{
	struct wbctx wc;
	xlsx *x;
	int k;

	if (err)
		*err = NULL;
	if ((x = calloc(1, sizeof *x)) == NULL)
		return NULL;
	if ((x->name = strdup(path)) == NULL) {
		free(x);
		return NULL;
	}
	if (open_zip(x, path) < 0)
		goto fail;
	memset(&wc, 0, sizeof wc);
	wc.x = x;
	if ((k = part_parse(x, "xl/workbook.xml", &wc, wb_start, wb_end,
	    NULL)) != 0) {
		if (k > 0)
			seterr(x, "not an XLSX workbook (no xl/workbook.xml)");
		goto fail;
	}
	if (pick_sheet(x, sheet) < 0 || open_sheet(x) < 0)
		goto fail;
	return x;
fail:
	if (err && x->err.len)
		*err = strdup(x->err.p);
	xlsx_close(x);
	return NULL;
}

/* Move the fields of the row in progress to the front of the buffer. */
static void
compact(xlsx *x)
{
	size_t i, base, keep;

	x->qn = x->qpos = 0;
	if (x->cur == 0)
		return;
	base = x->cur < x->nf ? x->off[x->cur] : x->data.len;
	keep = x->data.len - base;
	if (keep)
		memmove(x->data.p, x->data.p + base, keep);
	x->data.len = keep;
	if (x->data.cap)
		x->data.p[keep] = '\0';
	for (i = x->cur; i < x->nf; i++) {
		x->off[i - x->cur] = x->off[i] - base;
		x->len[i - x->cur] = x->len[i];
	}
	x->nf -= x->cur;
	x->cur = 0;
}

int
xlsx_read(xlsx *x, struct csvio_rec *rec)
{
	struct qrow *q;
	size_t i;

	while (x->qpos == x->qn) {
		if (x->failed)
			return CSVIO_ERR;
		if (x->pt.done)
			return CSVIO_EOF;
		compact(x);
		if (part_feed(x) < 0)
			x->failed = 1;	/* after the rows already queued */
	}
	q = &x->q[x->qpos];
	if (q->n > x->fpcap) {
		size_t cap = q->n > 2 * x->fpcap ? q->n : 2 * x->fpcap;
		char **fp = realloc(x->fp, cap * sizeof *fp);
		if (fp == NULL) {
			seterr(x, "out of memory");
			x->failed = 1;
			x->qpos = x->qn;
			return CSVIO_ERR;
		}
		x->fp = fp;
		x->fpcap = cap;
	}
	x->qpos++;
	for (i = 0; i < q->n; i++)
		x->fp[i] = x->data.p + x->off[q->first + i];
	rec->n = q->n;
	rec->f = x->fp;
	rec->len = x->len + q->first;
	rec->num = q->num;
	rec->bad = NULL;
	return CSVIO_OK;
}

const char *
xlsx_strerror(const xlsx *x)
{
	return x->err.len ? x->err.p : "out of memory";
}

size_t
xlsx_nsheets(const xlsx *x)
{
	return x->nsheets;
}

const char *
xlsx_sheet_name(const xlsx *x, size_t i)
{
	return i < x->nsheets ? x->sheets[i] : NULL;
}

void
xlsx_close(xlsx *x)
{
	size_t i;

	if (x == NULL)
		return;
	part_close(&x->pt);
	if (x->za)
		zip_discard(x->za);
	for (i = 0; i < x->nsheets; i++) {
		free(x->sheets[i]);
		free(x->rids[i]);
	}
	free(x->sheets);
	free(x->rids);
	buf_free(&x->sst);
	free(x->sst_off);
	buf_free(&x->cell);
	buf_free(&x->data);
	free(x->off);
	free(x->len);
	free(x->q);
	free(x->fp);
	buf_free(&x->err);
	free(x->name);
	free(x);
}
