/* SPDX-License-Identifier: MIT */
/*
 * strmap: a map from byte strings to integers, for header indexes, key
 * sets and counters.  Entries are kept in insertion order and iterated in
 * that order (smap_key(m, i) for i < smap_count(m)), so nothing built on a
 * strmap ever depends on hash order.  Open addressing, power-of-two table,
 * grown at 50% load; keys are copied.
 */
#ifndef PADU_STRMAP_H
#define PADU_STRMAP_H

#include <stddef.h>

typedef struct strmap strmap;

/* smap_new: an empty map, or NULL when out of memory. */
strmap *smap_new(void);

/* smap_free: free the map and its keys. NULL is a no-op. */
void smap_free(strmap *m);

/*
 * smap_put: the entry index of key (k, n), added with value v if absent.
 * *added (if not NULL) tells whether it was added.  -1 when out of memory.
 */
long smap_put(strmap *m, const char *k, size_t n, long v, int *added);

/* smap_find: the entry index of key (k, n), or -1 if absent. */
long smap_find(const strmap *m, const char *k, size_t n);

/* smap_count: number of entries. */
size_t smap_count(const strmap *m);

/*
 * smap_key / smap_keylen / smap_val: entry i, in insertion order.  A key's
 * address does not change while the map lives (keys are never moved).
 */
const char *smap_key(const strmap *m, size_t i);
size_t smap_keylen(const strmap *m, size_t i);
long *smap_val(strmap *m, size_t i);

/* smap_hash: the hash function used, exposed for tests and partitioning. */
unsigned long long smap_hash(const char *k, size_t n);

/*
 * For a batch of keys far larger than the caches: smap_put_hashed and
 * smap_find_hashed take the key's smap_hash; smap_prefetch(m, h, step)
 * for step 0, 1 and 2, each over the whole batch before the next, brings
 * in the key's slot, then its entry, then its bytes, so that the puts or
 * finds that follow do not wait on memory.
 */
long smap_put_hashed(strmap *m, const char *k, size_t n, unsigned long long h,
    long v, int *added);
long smap_find_hashed(const strmap *m, const char *k, size_t n,
    unsigned long long h);
void smap_prefetch(const strmap *m, unsigned long long h, int step);

#endif
