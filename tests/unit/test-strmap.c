/* SPDX-License-Identifier: MIT */
/* Unit tests of lib/strmap: insertion order, growth, binary keys. */
#define T_NAME "strmap"
#include <stdlib.h>

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

int
main(void)
{
	RUN(test_order_and_growth);
	RUN(test_binary_keys);
	return T_DONE();
}
