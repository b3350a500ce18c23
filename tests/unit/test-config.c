/* SPDX-License-Identifier: MIT */
/* Unit tests of lib/config: errors with places, access, cfg_where. */
#define T_NAME "config"
#include <stdlib.h>
#include <unistd.h>

#include "buf.h"

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

/* Write text to a file and stream its records as "n:line:json" lines. */
static void
stream(const char *text, struct buf *out)
{
	char path[] = "/tmp/padu-test-stream-XXXXXX";
	int fd = mkstemp(path), rc;
	cfg_stream *s;
	cfg_node *obj;
	char *err;

	if (write(fd, text, strlen(text)) < 0)
		return;
	close(fd);
	buf_reset(out);
	s = cfg_stream_open(path, &err);
	while ((rc = cfg_stream_next(s, &obj, &err)) != 0) {
		if (rc == 1) {
			buf_printf(out, "%llu:%llu:", cfg_stream_num(s),
			    cfg_stream_line(s));
			cfg_dump(obj, out);
		} else {
			/* drop the temp path from the message */
			buf_printf(out, "%s%s", rc < 0 ? "FATAL " : "BAD ",
			    strchr(err, ':') + 1);
		}
		buf_addc(out, '\n');
		free(err);
		if (rc < 0)
			break;
	}
	cfg_stream_close(s);
	unlink(path);
}

static void
test_stream(void)
{
	struct buf b = BUF_INIT;

	stream("[{\"a\": 1, \"b\": {\"c\": [1, \"x\"]}},\n {\"a\": 2}]\n", &b);
	CHECK_STR(b.p, "1:1:{\"a\":1,\"b\":{\"c\":[1,\"x\"]}}\n2:2:{\"a\":2}\n");
	stream("{\"a\":1}\n{\"a\":2}{\"a\":3}\n\n{\"z\":\"\u00e9\"}", &b);
	CHECK_STR(b.p, "1:1:{\"a\":1}\n2:2:{\"a\":2}\n3:2:{\"a\":3}\n"
	    "4:4:{\"z\":\"\u00e9\"}\n");
	stream("{\"a\":1}\n{\"a\":,}\n[1]\n\"s\"\n{\"a\":4}\n", &b);
	CHECK_STR(b.p, "1:1:{\"a\":1}\n"
	    "BAD 2:6: unexpected token near ','\n"
	    "BAD 3:1: record 3 is an array, not an object\n"
	    "BAD 4:1: record 4 is a string, not an object\n"
	    "5:5:{\"a\":4}\n");
	stream("[{\"a\":1},\n {\"a\" 2}]", &b);
	CHECK_STR(b.p, "1:1:{\"a\":1}\nFATAL 2:7: ':' expected near '2'\n");
	stream("[{\"a\":1} {\"a\":2}]", &b);
	CHECK_STR(b.p, "1:1:{\"a\":1}\nFATAL 1:10: ',' or ']' expected after record 1\n");
	stream("[{\"a\":1},", &b);
	CHECK_STR(b.p, "1:1:{\"a\":1}\nFATAL 1:10: the top-level array is not closed\n");
	stream("\xEF\xBB\xBF" "[]", &b);
	CHECK_STR(b.p, "");
	stream("", &b);
	CHECK_STR(b.p, "");
	stream("[] x", &b);
	CHECK_STR(b.p, "FATAL 1:4: text after the top-level array\n");
	buf_free(&b);
}

int
main(void)
{
	RUN(test_syntax_errors);
	RUN(test_missing_file);
	RUN(test_access_and_where);
	RUN(test_stream);
	return T_DONE();
}
