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

#endif
