/* SPDX-License-Identifier: MIT */
/*
 * fuzz: die() and warn() for the fuzz targets, the allocation tracker
 * that lets a target recover from die() without leaking, and small
 * helpers (see fuzz.h).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>

#include <sanitizer/allocator_interface.h>

#include "fuzz.h"
#include "padu.h"

jmp_buf fuzz_env;
char fuzz_msg[1024];

/*
 * The blocks allocated while armed and not freed: an open-addressing set
 * of pointers (linear probing, deletion by backward shift) in static
 * memory, since the hooks run inside malloc and must not call it.
 */
#define TRACK_BITS 18
#define TRACK_SIZE (1u << TRACK_BITS)
#define TRACK_MAX (TRACK_SIZE / 2)
static const void *track[TRACK_SIZE];
static size_t ntrack;
static int armed;			/* recording allocations */
static int hooked;			/* the hooks are installed */

#define FD_SPAN 64
static int fd_lo = -1;			/* lowest free descriptor at fuzz_arm */
static unsigned char fd_open[FD_SPAN];	/* fd_lo + i was open then */

static size_t
slot(const void *p)
{
	uint64_t h = (uint64_t)(uintptr_t)p * 0x9E3779B97F4A7C15ull;

	return (size_t)(h >> (64 - TRACK_BITS));
}

static void
on_malloc(const volatile void *vp, size_t n)
{
	const void *p = (const void *)vp;
	size_t i;

	(void)n;
	if (!armed || p == NULL)
		return;
	if (ntrack >= TRACK_MAX) {
		static const char m[] = "fuzz: too many live allocations "
		    "to track\n";
		(void)!write(2, m, sizeof m - 1);
		abort();
	}
	for (i = slot(p); track[i]; i = (i + 1) & (TRACK_SIZE - 1))
		if (track[i] == p)
			return;
	track[i] = p;
	ntrack++;
}

static void
on_free(const volatile void *vp)
{
	const void *p = (const void *)vp;
	size_t i, j, k;

	if (ntrack == 0 || p == NULL)
		return;
	for (i = slot(p); track[i] != p; i = (i + 1) & (TRACK_SIZE - 1))
		if (track[i] == NULL)
			return;
	/* Backward shift: move up the entries that probed past slot i. */
	for (j = i;;) {
		track[i] = NULL;
		for (;;) {
			j = (j + 1) & (TRACK_SIZE - 1);
			if (track[j] == NULL) {
				ntrack--;
				return;
			}
			k = slot(track[j]);
			/* k cyclically in (i, j]: the entry stays. */
			if (i <= j ? (i < k && k <= j) : (i < k || k <= j))
				continue;
			break;
		}
		track[i] = track[j];
		i = j;
	}
}

/*
 * What the C library allocates once and keeps (the time zone libzip's
 * mktime reads, stdio's buffers) is allocated here, before any run, so
 * that a sweep never takes it.
 */
static void
warm(void)
{
	static char out[BUFSIZ];
	struct tm tm;
	time_t t = 0;

	/* Without TZ, every mktime (libzip's) frees and strdups the zone's
	 * name again. */
	setenv("TZ", "UTC", 1);
	tzset();
	localtime_r(&t, &tm);
	(void)mktime(&tm);
	setvbuf(stdout, out, _IOFBF, sizeof out);
}

static int
fd_is_open(int fd)
{
	return fcntl(fd, F_GETFD) != -1;
}

void
fuzz_arm(void)
{
	int i;

	if (!hooked) {
		if (!__sanitizer_install_malloc_and_free_hooks(on_malloc,
		    on_free))
			fuzz_fail(__FILE__, __LINE__, "hooks", "cannot install "
			    "the malloc hooks");
		hooked = 1;
		warm();
	}
	(void)fuzz_devnull();	/* opened once, not by the run */
	if ((fd_lo = fcntl(0, F_DUPFD_CLOEXEC, 0)) < 0)
		fd_lo = 3;
	else
		close(fd_lo);
	for (i = 0; i < FD_SPAN; i++)
		fd_open[i] = (unsigned char)fd_is_open(fd_lo + i);
	armed = 1;
}

void
fuzz_disarm(void)
{
	armed = 0;
}

static void
clear(void)
{
	size_t i;

	if (ntrack)
		for (i = 0; i < TRACK_SIZE; i++)
			track[i] = NULL;
	ntrack = 0;
}

void
fuzz_sweep(void)
{
	size_t i;
	int f;

	armed = 0;
	for (i = 0; i < TRACK_SIZE && ntrack; i++)
		if (track[i]) {
			void *p = (void *)track[i];
			/* free() shifts the set: look at this slot again. */
			free(p);
			if (track[i] != p)
				i--;
		}
	clear();
	for (f = 0; fd_lo >= 0 && f < FD_SPAN; f++)
		if (!fd_open[f] && fd_is_open(fd_lo + f))
			close(fd_lo + f);
}

void
fuzz_forget(void)
{
	int f;

	armed = 0;
	clear();
	for (f = 0; fd_lo >= 0 && f < FD_SPAN; f++)
		if (!fd_open[f] && fd_is_open(fd_lo + f))
			fuzz_fail(__FILE__, __LINE__, "no descriptor leak",
			    "descriptor %d left open", fd_lo + f);
}

void
fuzz_fail(const char *file, int line, const char *cond, const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "%s:%d: check failed: %s: ", file, line, cond);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	abort();
}

/* The filters' die(): back to the target, or a failure outside one. */
void
die(int status, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(fuzz_msg, sizeof fuzz_msg, fmt, ap);
	va_end(ap);
	if (!armed)
		fuzz_fail(__FILE__, __LINE__, "armed", "die(%d) outside "
		    "FUZZ_TRY: %s", status, fuzz_msg);
	longjmp(fuzz_env, status + 1);
}

void
warn(const char *fmt, ...)
{
	static char m[1024];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(m, sizeof m, fmt, ap);
	va_end(ap);
}

int
fuzz_memfd(const uint8_t *data, size_t n, char *path)
{
	static int fd = -1;

	if (fd < 0 && (fd = memfd_create("padu-fuzz", MFD_CLOEXEC)) < 0)
		fuzz_fail(__FILE__, __LINE__, "memfd", "memfd_create: %s",
		    strerror(errno));
	if (ftruncate(fd, 0) != 0 ||
	    (n && pwrite(fd, data, n, 0) != (ssize_t)n))
		fuzz_fail(__FILE__, __LINE__, "memfd", "write: %s",
		    strerror(errno));
	snprintf(path, 64, "/proc/self/fd/%d", fd);
	return fd;
}

int
fuzz_devnull(void)
{
	static int fd = -1;

	if (fd < 0 && (fd = open("/dev/null", O_WRONLY | O_CLOEXEC)) < 0)
		fuzz_fail(__FILE__, __LINE__, "devnull", "/dev/null: %s",
		    strerror(errno));
	return fd;
}
