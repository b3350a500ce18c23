/* SPDX-License-Identifier: MIT */
/* Unit tests of lib/utf8: validation, decoding, folding. */
#define T_NAME "utf8"
#include <stdlib.h>

#include "utf8.h"
#include "t.h"

static int
valid(const char *s, size_t *bad)
{
	return utf8_valid(s, strlen(s), bad);
}

static void
test_valid(void)
{
	size_t bad = 99;

	CHECK(valid("plain ASCII text, longer than eight bytes", NULL));
	CHECK(valid("Sukoharjo – Klaten ✓ 🙂", NULL));
	CHECK(!valid("abc\xff", &bad));
	CHECK_EQ(bad, 3);
	CHECK(!valid("ab\xC3", &bad));		/* truncated */
	CHECK_EQ(bad, 2);
	CHECK(!valid("\xC0\xAF", &bad));	/* overlong '/' */
	CHECK(!valid("\xED\xA0\x80", &bad));	/* surrogate */
	CHECK(!valid("\xF4\x90\x80\x80", &bad));	/* past U+10FFFF */
	CHECK(!valid("12345678\xE9t\xE9", &bad));	/* Latin-1 */
	CHECK_EQ(bad, 8);
}

static void
test_check(void)
{
	size_t bad = 99;

	CHECK_EQ(utf8_check("Klaten, Jawa Tengah é", 22, &bad), UTF8_OK);
	CHECK_EQ(utf8_check("abcdefghij\0k", 12, &bad), UTF8_ENUL);
	CHECK_EQ(bad, 10);
	CHECK_EQ(utf8_check("\0", 1, &bad), UTF8_ENUL);
	CHECK_EQ(bad, 0);
	CHECK_EQ(utf8_check("abcdefgh\xe9", 9, &bad), UTF8_EBAD);
	CHECK_EQ(bad, 8);
	CHECK(utf8_valid("a\0b", 3, NULL));	/* NUL is valid UTF-8 */
}

static void
test_decode(void)
{
	const char *s = "aé日🙂\xff", *p = s, *e = s + strlen(s);

	CHECK_EQ(utf8_decode(&p, e), 'a');
	CHECK_EQ(utf8_decode(&p, e), 0xE9);
	CHECK_EQ(utf8_decode(&p, e), 0x65E5);
	CHECK_EQ(utf8_decode(&p, e), 0x1F642);
	CHECK_EQ(utf8_decode(&p, e), -1);
	CHECK(p == e);
}

static void
fold(const char *in, unsigned flags, const char *want)
{
	char out[256];

	utf8_fold(out, in, strlen(in), flags);
	CHECK_STR(out, want);
}

static void
test_fold(void)
{
	fold("KEBON DALEM Kidul", UTF8_FOLD_CASE, "kebon dalem kidul");
	fold("JOSÉ Müller ÆSØP", UTF8_FOLD_CASE, "josé müller æsøp");
	fold("JOSÉ Müller ÆSØP", UTF8_FOLD_ACCENT, "JOSE Muller AESOP");
	fold("JOSÉ Müller Straße", UTF8_FOLD_CASE | UTF8_FOLD_ACCENT,
	    "jose muller strasse");
	fold("İstanbul Łódź", UTF8_FOLD_CASE | UTF8_FOLD_ACCENT,
	    "istanbul lodz");
	fold("bad\xff byte 日本", UTF8_FOLD_CASE, "bad\xff byte 日本");
}

int
main(void)
{
	RUN(test_valid);
	RUN(test_check);
	RUN(test_decode);
	RUN(test_fold);
	return T_DONE();
}
