/* SPDX-License-Identifier: MIT */
/* Unit tests of lib/rx: compile errors, matching, limits, replacement. */
#define T_NAME "rx"
#include <stdlib.h>

#include "rx.h"
#include "t.h"

static rx *
compile(const char *p, unsigned flags, char **err)
{
	return rx_compile(p, strlen(p), flags, err);
}

static void
test_compile_error(void)
{
	char *err = NULL;
	rx *r = compile("desa (kidul", 0, &err);

	CHECK(r == NULL);
	CHECK_STR(err, "bad pattern 'desa (kidul': missing closing "
	    "parenthesis at offset 11");
	free(err);
	r = compile("[z-a]", 0, &err);
	CHECK(r == NULL);
	CHECK(err && strstr(err, "at offset 3") != NULL);
	free(err);
}

static void
test_match(void)
{
	char *err = NULL;
	rx *r = compile("^(\\d{2})\\.(\\d{2})$", 0, &err);
	size_t ov[6];
	const char *s = "33.10";

	CHECK(r != NULL);
	CHECK_EQ(rx_match(r, s, strlen(s), 0, ov, 3), 3);
	CHECK_EQ(ov[2], 0);
	CHECK_EQ(ov[3], 2);
	CHECK_EQ(ov[4], 3);
	CHECK_EQ(rx_match(r, "3310", 4, 0, NULL, 0), RX_NOMATCH);
	CHECK_EQ(rx_match(r, "\xff", 1, 0, NULL, 0), RX_EUTF);
	rx_free(r);
	r = compile("kebon\\s*dalem", RX_CASELESS, &err);
	CHECK_EQ(rx_match(r, "KEBON DALEM KIDUL", 17, 0, NULL, 0), 1);
	rx_free(r);
	r = compile("É", RX_CASELESS, &err);	/* Unicode-aware caseless */
	CHECK_EQ(rx_match(r, "josé", 5, 0, NULL, 0), 1);
	rx_free(r);
}

static void
test_limits(void)
{
	char *err = NULL, subj[64];
	rx *r = compile("^(a+)+$", 0, &err);	/* catastrophic */
	int rc;

	memset(subj, 'a', 40);
	subj[40] = 'b';
	subj[41] = '\0';
	rc = rx_match(r, subj, strlen(subj), 0, NULL, 0);
	CHECK_EQ(rc, RX_ELIMIT);
	CHECK(strstr(rx_strerror(rc), "limit") != NULL);
	rx_free(r);
}

static void
test_replace(void)
{
	struct buf out = BUF_INIT;
	char *err = NULL;
	rx *r = compile("\\s+", 0, &err);
	const char *s = "  Kebon   Dalem\tKidul ";

	CHECK_EQ(rx_replace(r, s, strlen(s), " ", 1, &out, &err), 4);
	CHECK_STR(out.p, " Kebon Dalem Kidul ");
	rx_free(r);
	r = compile("^(Moh|Muh|Mochamad)\\.?\\s", 0, &err);
	buf_reset(&out);
	CHECK_EQ(rx_replace(r, "Moh. Ali", 8, "Muhammad ", 0, &out, &err), 1);
	CHECK_STR(out.p, "Muhammad Ali");
	buf_reset(&out);
	CHECK_EQ(rx_replace(r, "Siti", 4, "x", 0, &out, &err), 0);
	CHECK_STR(out.p, "Siti");
	buf_reset(&out);
	CHECK(rx_replace(r, "Moh. Ali", 8, "$9", 0, &out, &err) < 0);
	CHECK(err != NULL && strstr(err, "bad replacement") != NULL);
	free(err);
	rx_free(r);
	buf_free(&out);
}

static void
test_check_replacement(void)
{
	char *err;
	const char *pat = "(?<kec>[a-z]+) (\\d+)";
	rx *r = rx_compile(pat, strlen(pat), 0, &err);

	CHECK(r != NULL);
	CHECK_EQ(rx_check_replacement(r, "$1 ${2} ${kec} $kec $$5", &err), 0);
	CHECK_EQ(rx_check_replacement(r, "", &err), 0);
	CHECK_EQ(rx_check_replacement(r, "$3", &err), -1);
	CHECK_STR(err, "bad replacement '$3': group 3 does not exist (the "
	    "pattern has 2)");
	free(err);
	CHECK_EQ(rx_check_replacement(r, "${desa}", &err), -1);
	CHECK_STR(err, "bad replacement '${desa}': the pattern has no group "
	    "named 'desa'");
	free(err);
	CHECK_EQ(rx_check_replacement(r, "${1", &err), -1);
	free(err);
	CHECK_EQ(rx_check_replacement(r, "Rp $ 5", &err), -1);
	free(err);
	rx_free(r);
}

int
main(void)
{
	RUN(test_compile_error);
	RUN(test_match);
	RUN(test_limits);
	RUN(test_replace);
	RUN(test_check_replacement);
	return T_DONE();
}
