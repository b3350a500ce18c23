/* SPDX-License-Identifier: MIT */
/*
 * buf: a growable byte buffer, the one piece of memory management every lib
 * module shares.  Growth is geometric, so appending n bytes one at a time is
 * O(n).  Functions return 0 or -1 (ENOMEM); they never print and never exit.
 * The contents are kept NUL-terminated whenever cap > 0 so that a buffer can
 * be handed to C string functions, but len is authoritative (data may hold
 * NUL bytes).
 */
#ifndef PADU_BUF_H
#define PADU_BUF_H

#include <stddef.h>
#include <string.h>

struct buf {
	char *p;		/* bytes, NUL-terminated after len when cap > 0 */
	size_t len;		/* bytes in use */
	size_t cap;		/* bytes allocated */
};

#define BUF_INIT { NULL, 0, 0 }

/* buf_reserve: make room for at least n more bytes plus a NUL. 0 or -1. */
int buf_reserve(struct buf *b, size_t n);

/* buf_free: release the memory and reset to empty. */
void buf_free(struct buf *b);

/* buf_add: append n bytes from p. 0 or -1. */
static inline int
buf_add(struct buf *b, const void *p, size_t n)
{
	if (b->cap - b->len <= n && buf_reserve(b, n) < 0)
		return -1;
	if (n)
		memcpy(b->p + b->len, p, n);
	b->len += n;
	b->p[b->len] = '\0';
	return 0;
}

/* buf_addc: append one byte. 0 or -1. */
static inline int
buf_addc(struct buf *b, int c)
{
	if (b->cap - b->len <= 1 && buf_reserve(b, 1) < 0)
		return -1;
	b->p[b->len++] = (char)c;
	b->p[b->len] = '\0';
	return 0;
}

/* buf_adds: append a NUL-terminated string. 0 or -1. */
static inline int
buf_adds(struct buf *b, const char *s)
{
	return buf_add(b, s, strlen(s));
}

/* buf_printf: append formatted text. 0 or -1. */
int buf_printf(struct buf *b, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* buf_reset: empty the buffer, keeping its memory. */
static inline void
buf_reset(struct buf *b)
{
	b->len = 0;
	if (b->cap)
		b->p[0] = '\0';
}

#endif
