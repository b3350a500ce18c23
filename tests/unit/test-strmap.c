/* SPDX-License-Identifier: MIT */
/* Unit tests of lib/strmap: insertion order, growth, binary keys. */
#define T_NAME "strmap"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "strmap.h"
#include "t.h"

static void
test_order_and_growth(void)
{
	strmap *m = smap_new();
	char k[32];
	int i, added, bad = 0;

	for (i = 0; i < 100000; i++) {
		snprintf(k, sizeof k, "key%d", (i * 7919) % 100000);
		if (smap_put(m, k, strlen(k), i, &added) != i || !added)
			bad++;
	}
	CHECK_EQ(bad, 0);
	CHECK_EQ(smap_count(m), 100000);
	CHECK_STR(smap_key(m, 0), "key0");
	CHECK_STR(smap_key(m, 1), "key7919");
	CHECK_EQ(smap_find(m, "key7919", 7), 1);
	CHECK_EQ(smap_find(m, "nope", 4), -1);
	CHECK_EQ(smap_put(m, "key0", 4, 5, &added), 0);
	CHECK_EQ(added, 0);
	CHECK_EQ(*smap_val(m, 0), 0);
	smap_free(m);
}

static void
test_binary_keys(void)
{
	strmap *m = smap_new();

	CHECK_EQ(smap_put(m, "a\0b", 3, 1, NULL), 0);
	CHECK_EQ(smap_put(m, "a\0c", 3, 2, NULL), 1);
	CHECK_EQ(smap_put(m, "", 0, 3, NULL), 2);
	CHECK_EQ(smap_find(m, "a\0c", 3), 1);
	CHECK_EQ(smap_find(m, "a", 1), -1);
	CHECK_EQ(smap_keylen(m, 0), 3);
	smap_free(m);
}

/*
 * The hashed calls with the prefetch passes between them (batches of 32,
 * as padu-join's table): the same entries, in the same order, as plain
 * puts, over a table that grows many times during the batches; the
 * prefetches of keys absent or of an empty map read nothing they may not.
 */
static void
test_hashed_batches(void)
{
	strmap *a = smap_new(), *b = smap_new();
	char k[32][32];
	unsigned long long h[32];
	int i, j, n, step, bad = 0, added, addedb;

	smap_prefetch(b, smap_hash("x", 1), 0);
	smap_prefetch(b, smap_hash("x", 1), 1);
	smap_prefetch(b, smap_hash("x", 1), 2);
	for (i = 0; i < 200000; i += 32) {
		for (j = 0; j < 32; j++) {
			/* Every key twice, the second time much later. */
			n = i + j;
			snprintf(k[j], sizeof k[j], "k%d", n % 2 ? (n / 2) :
			    (n / 2 + 50000) % 100000);
			h[j] = smap_hash(k[j], strlen(k[j]));
			smap_prefetch(b, h[j], 0);
		}
		for (step = 1; step <= 2; step++)
			for (j = 0; j < 32; j++)
				smap_prefetch(b, h[j], step);
		for (j = 0; j < 32; j++) {
			long pa = smap_put(a, k[j], strlen(k[j]), i + j, &added);
			long pb = smap_put_hashed(b, k[j], strlen(k[j]), h[j],
			    i + j, &addedb);
			if (pa != pb || added != addedb ||
			    smap_find_hashed(b, k[j], strlen(k[j]), h[j]) != pb)
				bad++;
		}
	}
	CHECK_EQ(bad, 0);
	CHECK_EQ(smap_count(b), 100000);
	CHECK_EQ(smap_count(a), smap_count(b));
	for (i = 0; i < 100000; i++)
		if (strcmp(smap_key(a, (size_t)i), smap_key(b, (size_t)i)) != 0 ||
		    *smap_val(a, (size_t)i) != *smap_val(b, (size_t)i))
			bad++;
	CHECK_EQ(bad, 0);
	CHECK_EQ(smap_find_hashed(b, "nope", 4, smap_hash("nope", 4)), -1);
	smap_free(a);
	smap_free(b);
}

int
main(void)
{
	RUN(test_order_and_growth);
	RUN(test_binary_keys);
	RUN(test_hashed_batches);
	return T_DONE();
}
