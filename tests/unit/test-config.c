/* SPDX-License-Identifier: MIT */
/* Unit tests of lib/config: errors with places, access, cfg_where. */
#define T_NAME "config"
#include <stdlib.h>

#include "config.h"
#include "t.h"

static char *
load_err(const char *text)
{
	char *err = NULL;
	cfg *c = cfg_load_mem("r.json", text, strlen(text), &err);

	cfg_free(c);
	return err;
}

static void
test_syntax_errors(void)
{
	char *e;

	e = load_err("{\"a\": 1,\n \"b\": [1, 2,}");
	CHECK_STR(e, "r.json:2:13: unexpected token near '}'");
	free(e);
	e = load_err("{\"a\": 1, \"a\": 2}");
	CHECK_STR(e, "r.json:1:12: duplicate object key near '\"a\"'");
	free(e);
	e = load_err("{\"x\": 1e309}");
	CHECK_STR(e, "r.json:1:11: real number overflow near '1e309'");
	free(e);
	e = load_err("");
	CHECK_STR(e, "r.json:1:1: '[' or '{' expected near end of file");
	free(e);
	e = load_err("{\"ok\": true}");
	CHECK(e == NULL);
	free(e);
}

static void
test_missing_file(void)
{
	char *err = NULL;
	cfg *c = cfg_load("/nonexistent/rules.json", &err);

	CHECK(c == NULL);
	CHECK_STR(err, "/nonexistent/rules.json: cannot open: No such file "
	    "or directory");
	free(err);
}

static void
test_access_and_where(void)
{
	const char *text =
	    "{\n"
	    "  \"version\": \"1.0\",\n"
	    "  \"columns\": {\n"
	    "    \"nama\": [\"trim\", {\"action\": \"tr\\u00efm\"}],\n"
	    "    \"nik\":  [\"digits\"]\n"
	    "  },\n"
	    "  \"n\": 42, \"r\": 1.5, \"b\": false\n"
	    "}\n";
	char *err = NULL, *w;
	cfg *c = cfg_load_mem("rules.json", text, strlen(text), &err);
	cfg_node *root = cfg_root(c), *cols, *nama, *act;
	void *it;
	int k = 0;

	CHECK(c != NULL);
	CHECK_EQ(cfg_type(root), CFG_OBJECT);
	CHECK_STR(cfg_string(cfg_get(root, "version")), "1.0");
	CHECK_EQ(cfg_integer(cfg_get(root, "n")), 42);
	CHECK(cfg_number(cfg_get(root, "r")) == 1.5);
	CHECK_EQ(cfg_type(cfg_get(root, "b")), CFG_FALSE);
	cols = cfg_get(root, "columns");
	for (it = cfg_iter(cols); it; it = cfg_next(cols, it), k++)
		CHECK_STR(cfg_iter_key(it), k == 0 ? "nama" : "nik");
	CHECK_EQ(k, 2);
	nama = cfg_get(cols, "nama");
	CHECK_EQ(cfg_size(nama), 2);
	act = cfg_get(cfg_at(nama, 1), "action");
	CHECK_STR(cfg_string(act), "trïm");
	w = cfg_where(c, act);
	CHECK_STR(w, "rules.json:4:33");
	free(w);
	w = cfg_where(c, cfg_at(cfg_get(cols, "nik"), 0));
	CHECK_STR(w, "rules.json:5:14");
	free(w);
	w = cfg_where(c, cfg_get(root, "b"));
	CHECK_STR(w, "rules.json:7:27");
	free(w);
	CHECK_STR(cfg_type_name(CFG_ARRAY), "array");
	cfg_free(c);
}

int
main(void)
{
	RUN(test_syntax_errors);
	RUN(test_missing_file);
	RUN(test_access_and_where);
	return T_DONE();
}
