/* SPDX-License-Identifier: MIT */
/* strmap: insertion-ordered string → integer map (see strmap.h). */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "strmap.h"

struct entry {
	char *k;		/* key copy, NUL-terminated, in a key block */
	size_t n;		/* key length */
	unsigned long long h;	/* its hash */
	long v;			/* value */
};

/*
 * A slot is 0 (empty) or the high 32 bits of its key's hash over its entry
 * index + 1: a probe passes keys of another hash without reading their
 * entries.  Keys are copied into blocks that never move, so that a key's
 * address stays what smap_key gave.
 */
#define SLOT(h, i) ((uint64_t)((h) >> 32) << 32 | ((uint64_t)(i) + 1))
#define SLOT_TAG(s) ((s) >> 32)
#define SLOT_ENTRY(s) ((size_t)((s) & 0xffffffffu) - 1)
#define KEYBLOCK ((size_t)64 << 10)	/* bytes of a key block, at least */

struct strmap {
	struct entry *e;	/* entries in insertion order */
	size_t ne, ecap;
	uint64_t *slot;		/* hash table of SLOTs */
	size_t nslot;		/* power of two */
	char **blk;		/* key blocks, the last being filled */
	size_t nblk;
	char *next;		/* its first free byte */
	size_t left;		/* and how many are free */
};

unsigned long long
smap_hash(const char *k, size_t n)
{
	/* FNV-1a over 64 bits, then a final avalanche (splitmix64). */
	unsigned long long h = 0xcbf29ce484222325ULL;
	size_t i;

	for (i = 0; i < n; i++) {
		h ^= (unsigned char)k[i];
		h *= 0x100000001b3ULL;
	}
	h ^= h >> 30;
	h *= 0xbf58476d1ce4e5b9ULL;
	h ^= h >> 27;
	h *= 0x94d049bb133111ebULL;
	h ^= h >> 31;
	return h;
}

strmap *
smap_new(void)
{
	strmap *m = calloc(1, sizeof *m);

	if (m == NULL)
		return NULL;
	m->nslot = 16;
	if ((m->slot = calloc(m->nslot, sizeof *m->slot)) == NULL) {
		free(m);
		return NULL;
	}
	return m;
}

void
smap_free(strmap *m)
{
	size_t i;

	if (m == NULL)
		return;
	for (i = 0; i < m->nblk; i++)
		free(m->blk[i]);
	free(m->blk);
	free(m->e);
	free(m->slot);
	free(m);
}

static size_t
probe(const strmap *m, const char *k, size_t n, unsigned long long h)
{
	size_t mask = m->nslot - 1, i = (size_t)h & mask;
	uint64_t tag = (uint64_t)(h >> 32), s;

	for (;;) {
		s = m->slot[i];
		if (s == 0)
			return i;
		if (SLOT_TAG(s) == tag) {
			const struct entry *e = &m->e[SLOT_ENTRY(s)];
			if (e->n == n && memcmp(e->k, k, n) == 0)
				return i;
		}
		i = (i + 1) & mask;
	}
}

static int
grow(strmap *m)
{
	size_t i, ns = m->nslot * 2;
	uint64_t *slot = calloc(ns, sizeof *slot);

	if (slot == NULL)
		return -1;
	free(m->slot);
	m->slot = slot;
	m->nslot = ns;
	for (i = 0; i < m->ne; i++) {
		size_t j = (size_t)m->e[i].h & (ns - 1);
		while (slot[j] != 0)
			j = (j + 1) & (ns - 1);
		slot[j] = SLOT(m->e[i].h, i);
	}
	return 0;
}

/* A copy of key (k, n), NUL-terminated, in the key blocks; NULL when out
 * of memory. */
static char *
key_copy(strmap *m, const char *k, size_t n)
{
	char **blk, *p;
	size_t sz;

	if (n + 1 > m->left) {
		sz = n + 1 > KEYBLOCK ? n + 1 : KEYBLOCK;
		if ((blk = realloc(m->blk, (m->nblk + 1) * sizeof *blk)) == NULL)
			return NULL;
		m->blk = blk;
		if ((p = malloc(sz)) == NULL)
			return NULL;
		m->blk[m->nblk++] = p;
		m->left = sz;
		m->next = p;
	}
	p = m->next;
	memcpy(p, k, n);
	p[n] = '\0';
	m->next += n + 1;
	m->left -= n + 1;
	return p;
}

long
smap_find(const strmap *m, const char *k, size_t n)
{
	return smap_find_hashed(m, k, n, smap_hash(k, n));
}

long
smap_find_hashed(const strmap *m, const char *k, size_t n,
    unsigned long long h)
{
	uint64_t s = m->slot[probe(m, k, n, h)];

	return s == 0 ? -1 : (long)SLOT_ENTRY(s);
}

/*
 * The prefetches of a batch of keys, each pass a step further: the slot,
 * then the entry its tag points to (when it agrees), then that entry's
 * key bytes.  Only hints: nothing is read that may not be.
 */
void
smap_prefetch(const strmap *m, unsigned long long h, int step)
{
	uint64_t s = 0;

	if (step == 0) {
		__builtin_prefetch(&m->slot[(size_t)h & (m->nslot - 1)]);
		return;
	}
	s = m->slot[(size_t)h & (m->nslot - 1)];
	if (s == 0 || SLOT_TAG(s) != (uint64_t)(h >> 32))
		return;
	if (step == 1)
		__builtin_prefetch(&m->e[SLOT_ENTRY(s)]);
	else
		__builtin_prefetch(m->e[SLOT_ENTRY(s)].k);
}

long
smap_put(strmap *m, const char *k, size_t n, long v, int *added)
{
	return smap_put_hashed(m, k, n, smap_hash(k, n), v, added);
}

long
smap_put_hashed(strmap *m, const char *k, size_t n, unsigned long long h,
    long v, int *added)
{
	size_t i = probe(m, k, n, h);
	struct entry *e;

	if (added)
		*added = 0;
	if (m->slot[i] != 0)
		return (long)SLOT_ENTRY(m->slot[i]);
	if (m->ne >= 0xffffffffu - 1)
		return -1;	/* an entry index must fit a slot */
	if ((m->ne + 1) * 2 > m->nslot) {
		if (grow(m) < 0)
			return -1;
		i = probe(m, k, n, h);
	}
	if (m->ne == m->ecap) {
		size_t cap = m->ecap ? m->ecap * 2 : 16;
		if ((e = realloc(m->e, cap * sizeof *e)) == NULL)
			return -1;
		m->e = e;
		m->ecap = cap;
	}
	e = &m->e[m->ne];
	if ((e->k = key_copy(m, k, n)) == NULL)
		return -1;
	e->n = n;
	e->h = h;
	e->v = v;
	m->slot[i] = SLOT(h, m->ne);
	if (added)
		*added = 1;
	return (long)m->ne++;
}

size_t
smap_count(const strmap *m)
{
	return m->ne;
}

const char *
smap_key(const strmap *m, size_t i)
{
	return m->e[i].k;
}

size_t
smap_keylen(const strmap *m, size_t i)
{
	return m->e[i].n;
}

long *
smap_val(strmap *m, size_t i)
{
	return &m->e[i].v;
}
