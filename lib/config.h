/* SPDX-License-Identifier: MIT */
/*
 * config: padu's JSON configuration files (source profiles, cleaning rules,
 * match rules, codebooks, schemas), read with jansson behind a small API of
 * its own so that no other module includes <jansson.h>.
 *
 * A document is loaded whole and checked before any row is read.  Every
 * error names its place as "file:line:column: reason": syntax errors with
 * the place jansson found, and the filters' own checks ("unknown action")
 * with the place of the offending value, which cfg_where() finds by walking
 * the file's text along the value's path.  Duplicate keys are errors.
 * Object members keep the order of the file.
 */
#ifndef PADU_CONFIG_H
#define PADU_CONFIG_H

#include <stddef.h>

typedef struct cfg cfg;			/* a loaded document */
typedef struct cfg_node cfg_node;	/* a value in it (borrowed) */

enum cfg_type {
	CFG_OBJECT, CFG_ARRAY, CFG_STRING, CFG_INTEGER, CFG_REAL,
	CFG_TRUE, CFG_FALSE, CFG_NULL
};

/*
 * cfg_load: read and parse the JSON file at path.  On failure returns NULL
 * and sets *err to a malloc'd "path:line:column: reason" (or "path: reason"
 * when the file cannot be read); the caller frees it.
 */
cfg *cfg_load(const char *path, char **err);

/* cfg_load_mem: the same for text already in memory, called name. */
cfg *cfg_load_mem(const char *name, const char *text, size_t n, char **err);

/* cfg_free: free a document and all its nodes. NULL is a no-op. */
void cfg_free(cfg *c);

/* cfg_root: the top-level value. */
cfg_node *cfg_root(const cfg *c);

/* cfg_name: the file name the document was loaded from. */
const char *cfg_name(const cfg *c);

enum cfg_type cfg_type(const cfg_node *n);

/* cfg_type_name: "object", "array", "string", "integer", ... */
const char *cfg_type_name(enum cfg_type t);

/* cfg_get: member key of an object, or NULL (also when n is no object). */
cfg_node *cfg_get(const cfg_node *n, const char *key);

/* cfg_size: elements of an array or members of an object, else 0. */
size_t cfg_size(const cfg_node *n);

/* cfg_at: element i of an array, or NULL. */
cfg_node *cfg_at(const cfg_node *n, size_t i);

/*
 * Members of an object in file order:
 *   for (void *it = cfg_iter(obj); it; it = cfg_next(obj, it))
 *           use(cfg_iter_key(it), cfg_iter_value(it));
 */
void *cfg_iter(const cfg_node *obj);
void *cfg_next(const cfg_node *obj, void *it);
const char *cfg_iter_key(void *it);
cfg_node *cfg_iter_value(void *it);

/* Scalar values; the wrong type gives NULL / 0. */
const char *cfg_string(const cfg_node *n);
size_t cfg_string_len(const cfg_node *n);
long long cfg_integer(const cfg_node *n);
double cfg_number(const cfg_node *n);	/* integer or real */
int cfg_bool(const cfg_node *n);	/* true → 1 */

/*
 * cfg_where: "file:line:column" of value n in document c (malloc'd; the
 * caller frees it), or "file" when n is not found.
 */
char *cfg_where(const cfg *c, const cfg_node *n);

/*
 * cfg_dump: append value n to out as compact JSON text (object members in
 * their order, strings with only the escapes JSON requires).  0 or -1.
 */
struct buf;
int cfg_dump(const cfg_node *n, struct buf *out);

/*
 * A record stream: JSON input data rather than configuration.  The input
 * is either one top-level array of objects or JSON Lines (objects one
 * after the other, usually one per line); the first non-blank byte tells
 * which.  Objects are parsed one at a time, so memory holds one record.
 *
 *   cfg_stream *s = cfg_stream_open("p3ke.json", &err);
 *   while ((rc = cfg_stream_next(s, &obj, &err)) > 0)
 *           use(obj);		// valid until the next call
 *
 * A record that is not an object, or JSON Lines text that does not parse,
 * is a bad record (rc == 2, *err says why with its line:column); reading
 * goes on at the next line.  A syntax error inside a top-level array ends
 * the stream (rc == -1), since nothing after it can be trusted.
 */
typedef struct cfg_stream cfg_stream;

/* cfg_stream_open: open path ("-" = standard input), or NULL and *err. */
cfg_stream *cfg_stream_open(const char *path, char **err);

/*
 * cfg_stream_next: the next record in *obj.  Returns 1 (a record), 2 (a
 * bad record: *err, malloc'd, says "file:line:column: reason"), 0 (end of
 * input) or -1 (a fatal error: *err).
 */
int cfg_stream_next(cfg_stream *s, cfg_node **obj, char **err);

/* cfg_stream_num: number of the last record returned, from 1. */
unsigned long long cfg_stream_num(const cfg_stream *s);

/* cfg_stream_line: the line the last record started on, from 1. */
unsigned long long cfg_stream_line(const cfg_stream *s);

/* cfg_stream_close: close and free.  NULL is a no-op. */
void cfg_stream_close(cfg_stream *s);

#endif
