/* SPDX-License-Identifier: MIT */
/*
 * fuzz-config: padu's JSON configuration, lib/config itself and the
 * loaders of the filters that read it.
 *
 * The first byte picks what reads the rest, a JSON document:
 *   0  lib/config: the document is loaded; every value's place is found
 *      (cfg_where) and lies inside the text; its compact dump loads again
 *      and dumps the same; as a record stream (cfg_stream) it is read to
 *      its end;
 *   1  padu-parse's source profile loader;
 *   2  padu-clean's rules loader (a "vocabulary" ending in
 *      vocabulary.schema.json is padu's own, pipelines/schema);
 *   3  padu-dedupe's match rules loader;
 *   4  padu-classify's codebook loader, then its expressions compiled
 *      against the vocabulary's columns (padu-classify --check).
 * A refused document is fine (the loaders die(), which comes back here);
 * a crash, a leak or a sanitizer report is not.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "fuzz.h"
#include "fuzz_config.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char *doc;		/* the input document */
static size_t ndoc;
static struct buf vocab_text;	/* pipelines/schema/vocabulary.schema.json */
static char memfd_path[64];	/* the document as a file, for cfg_stream */

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	FILE *fp = fopen(FUZZ_TOP "/pipelines/schema/vocabulary.schema.json",
	    "rb");
	char b[4096];
	size_t n;

	(void)argc;
	(void)argv;
	if (fp == NULL)
		fuzz_fail(__FILE__, __LINE__, "vocabulary", "%s",
		    "cannot read pipelines/schema/vocabulary.schema.json");
	while ((n = fread(b, 1, sizeof b, fp)) > 0)
		buf_add(&vocab_text, b, n);
	fclose(fp);
	return 0;
}

cfg *
fuzz_cfg_load(const char *path, char **err)
{
	static const char vocab_name[] = "vocabulary.schema.json";
	size_t n = strlen(path), m = sizeof vocab_name - 1;
	struct buf e = BUF_INIT;

	if (strcmp(path, "fuzz.json") == 0)
		return cfg_load_mem(path, doc, ndoc, err);
	if (n >= m && strcmp(path + n - m, vocab_name) == 0)
		return cfg_load_mem(path, vocab_text.p, vocab_text.len, err);
	buf_printf(&e, "%s: No such file or directory", path);
	*err = e.p;
	return NULL;
}

/* Every value of the document: its place is in the text. */
static void
walk(const cfg *c, const cfg_node *n, int depth)
{
	char *where = cfg_where(c, n);
	size_t i;

	fuzz_check(where != NULL && strncmp(where, "fuzz.json", 9) == 0,
	    "where '%s'", where ? where : "(null)");
	free(where);
	if (depth > 64)
		return;
	switch (cfg_type(n)) {
	case CFG_OBJECT:
		for (void *it = cfg_iter(n); it; it = cfg_next(n, it)) {
			fuzz_check(cfg_get(n, cfg_iter_key(it)) ==
			    cfg_iter_value(it), "member '%s'", cfg_iter_key(it));
			walk(c, cfg_iter_value(it), depth + 1);
		}
		break;
	case CFG_ARRAY:
		for (i = 0; i < cfg_size(n); i++)
			walk(c, cfg_at(n, i), depth + 1);
		break;
	case CFG_STRING:
		fuzz_check(cfg_string(n) != NULL, "%s", "string");
		break;
	case CFG_INTEGER:
	case CFG_REAL:
	case CFG_TRUE:
	case CFG_FALSE:
	case CFG_NULL:
		break;
	}
}

/* A record of the stream: an object, its members dumped as parse does. */
static void
walk_record(const cfg_node *obj)
{
	struct buf v = BUF_INIT;

	fuzz_check(cfg_type(obj) == CFG_OBJECT, "record of type %s",
	    cfg_type_name(cfg_type(obj)));
	for (void *it = cfg_iter(obj); it; it = cfg_next(obj, it)) {
		buf_reset(&v);
		fuzz_check(cfg_dump(cfg_iter_value(it), &v) == 0, "%s", "dump");
	}
	buf_free(&v);
}

static void
core(void)
{
	struct buf d1 = BUF_INIT, d2 = BUF_INIT;
	char *err = NULL;
	cfg *c, *again;
	cfg_stream *s;
	cfg_node *obj;
	int rc, k;

	if ((c = cfg_load_mem("fuzz.json", doc, ndoc, &err)) == NULL) {
		fuzz_check(err != NULL, "%s", "no message");
		free(err);
	} else {
		walk(c, cfg_root(c), 0);
		fuzz_check(cfg_dump(cfg_root(c), &d1) == 0, "%s", "dump");
		again = cfg_load_mem("dump", d1.p, d1.len, &err);
		fuzz_check(again != NULL, "the dump '%.200s' does not load: %s",
		    d1.p, err);
		fuzz_check(cfg_dump(cfg_root(again), &d2) == 0 &&
		    d1.len == d2.len && memcmp(d1.p, d2.p, d1.len) == 0,
		    "dumps differ: '%.200s' and '%.200s'", d1.p, d2.p);
		cfg_free(again);
		cfg_free(c);
		buf_free(&d1);
		buf_free(&d2);
	}
	/* The same text as JSON records (padu-parse's JSON input). */
	fuzz_memfd((const uint8_t *)doc, ndoc, memfd_path);
	if ((s = cfg_stream_open(memfd_path, &err)) == NULL) {
		free(err);
		return;
	}
	for (k = 0; k < 100000 && (rc = cfg_stream_next(s, &obj, &err)) != 0;
	    k++) {
		if (rc == 2)
			free(err);
		if (rc < 0) {
			free(err);
			break;
		}
		if (rc == 1)
			walk_record(obj);
	}
	cfg_stream_close(s);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 1)
		return 0;
	doc = (const char *)data + 1;
	ndoc = size - 1;
	switch (data[0] % 5) {
	case 0:
		core();
		break;
	case 1:
		fuzz_profile();
		break;
	case 2:
		fuzz_rules();
		break;
	case 3:
		fuzz_match();
		break;
	case 4:
		fuzz_codebook();
		break;
	}
	return 0;
}
