/* SPDX-License-Identifier: MIT */
/*
 * t.h: the unit tests' assert header.  A test file defines functions
 * `static void test_x(void)` and lists them in main() with RUN(test_x).
 * Each prints "ok - name" or "not ok - name" (TAP style), which the runner
 * counts; CHECK failures print the file, line and expression and go on.
 */
#ifndef PADU_T_H
#define PADU_T_H

#include <stdio.h>
#include <string.h>

static int t_failed;		/* checks failed in the current test */
static int t_bad;		/* tests failed in this program */

#define CHECK(e) do { if (!(e)) { t_failed++; \
	printf("# %s:%d: CHECK(%s) failed\n", __FILE__, __LINE__, #e); } } \
	while (0)
#define CHECK_EQ(a, b) do { long long a_ = (long long)(a), b_ = (long long)(b); \
	if (a_ != b_) { t_failed++; printf("# %s:%d: %s == %lld, expected %lld\n", \
	__FILE__, __LINE__, #a, a_, b_); } } while (0)
#define CHECK_STR(a, b) do { const char *a_ = (a), *b_ = (b); \
	if (a_ == NULL || b_ == NULL || strcmp(a_, b_) != 0) { t_failed++; \
	printf("# %s:%d: %s is \"%s\", expected \"%s\"\n", __FILE__, __LINE__, \
	#a, a_ ? a_ : "(null)", b_ ? b_ : "(null)"); } } while (0)
#define RUN(f) do { t_failed = 0; f(); \
	printf("%s - %s: %s\n", t_failed ? "not ok" : "ok", T_NAME, #f); \
	t_bad += t_failed != 0; fflush(stdout); } while (0)
#define T_DONE() (t_bad ? 1 : 0)

#endif
