/* SPDX-License-Identifier: MIT */
/* strmap: insertion-ordered string → integer map (see strmap.h). */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "strmap.h"

struct entry {
	char *k;		/* key copy, NUL-terminated */
	size_t n;		/* key length */
	unsigned long long h;	/* its hash */
	long v;			/* value */
};

struct strmap {
	struct entry *e;	/* entries in insertion order */
	size_t ne, ecap;
	long *slot;		/* hash table of entry indexes, -1 = empty */
	size_t nslot;		/* power of two */
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
	if ((m->slot = malloc(m->nslot * sizeof *m->slot)) == NULL) {
		free(m);
		return NULL;
	}
	memset(m->slot, 0xff, m->nslot * sizeof *m->slot);
	return m;
}

void
smap_free(strmap *m)
{
	size_t i;

	if (m == NULL)
		return;
	for (i = 0; i < m->ne; i++)
		free(m->e[i].k);
	free(m->e);
	free(m->slot);
	free(m);
}

static size_t
probe(const strmap *m, const char *k, size_t n, unsigned long long h)
{
	size_t mask = m->nslot - 1, i = (size_t)h & mask;

	for (;;) {
		long s = m->slot[i];
		if (s < 0)
			return i;
		if (m->e[s].h == h && m->e[s].n == n &&
		    memcmp(m->e[s].k, k, n) == 0)
			return i;
		i = (i + 1) & mask;
	}
}

static int
grow(strmap *m)
{
	size_t i, ns = m->nslot * 2;
	long *slot = malloc(ns * sizeof *slot);

	if (slot == NULL)
		return -1;
	memset(slot, 0xff, ns * sizeof *slot);
	free(m->slot);
	m->slot = slot;
	m->nslot = ns;
	for (i = 0; i < m->ne; i++) {
		size_t j = (size_t)m->e[i].h & (ns - 1);
		while (slot[j] >= 0)
			j = (j + 1) & (ns - 1);
		slot[j] = (long)i;
	}
	return 0;
}

long
smap_find(const strmap *m, const char *k, size_t n)
{
	return m->slot[probe(m, k, n, smap_hash(k, n))];
}

long
smap_put(strmap *m, const char *k, size_t n, long v, int *added)
{
	unsigned long long h = smap_hash(k, n);
	size_t i = probe(m, k, n, h);
	struct entry *e;

	if (added)
		*added = 0;
	if (m->slot[i] >= 0)
		return m->slot[i];
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
	if ((e->k = malloc(n + 1)) == NULL)
		return -1;
	memcpy(e->k, k, n);
	e->k[n] = '\0';
	e->n = n;
	e->h = h;
	e->v = v;
	m->slot[i] = (long)m->ne;
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
