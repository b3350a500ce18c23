/* SPDX-License-Identifier: MIT */
/*
 * libpadufault.so: an LD_PRELOAD shim that makes chosen I/O calls fail, so
 * the tests can see what every filter does when a disk fills up or a read
 * fails (as jq's inject_errors.c does).  Not part of padu; tests only.
 *
 *   PADU_FAULT='write@stdout:1:ENOSPC' padu-clean ... > out
 *
 * PADU_FAULT is a comma-separated list of rules CALL[@CLASS]:N:ERRNO:
 *   CALL   read, write, close or fsync;
 *   CLASS  the descriptors it applies to: stdin (0), stdout (1), file
 *          (3 and above: the files a filter opens), any (all but
 *          standard error, the default) or a file name with a '.' or '/'
 *          in it: the descriptors open(2) returned for that name;
 *   N      the first failing call, counting from 1 the calls of CALL on
 *          CLASS; every later call fails too (a full disk stays full);
 *   ERRNO  ENOSPC, EIO, EPIPE, EBADF, EINTR or a number.
 * A failing call does nothing and returns -1 with errno set (close still
 * closes, as POSIX allows).  stdio output is covered where it can be
 * seen: fflush and fclose of a stream with pending bytes count as one
 * write on its descriptor (the bytes are discarded when it fails), and
 * fclose counts as a close.  Writes that stdio makes inside fputs when
 * its buffer fills are not seen.
 *
 * PADU_FAULT_LOG=FILE appends one line per failed call ("write fd 1 #1
 * ENOSPC"), so a test can tell that the fault fired.
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdio_ext.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

enum call { C_READ, C_WRITE, C_CLOSE, C_FSYNC, NCALL };
enum class { K_ANY, K_STDIN, K_STDOUT, K_FILE, K_PATH };

struct rule {
	enum call call;		/* the call that fails */
	enum class class;	/* on which descriptors */
	unsigned long first;	/* first failing call, from 1 */
	unsigned long seen;	/* matching calls so far */
	int err;		/* errno it fails with */
	const char *path;	/* K_PATH: the name given to open */
};

#define MAXRULES 8
static struct rule rules[MAXRULES];
static int nrules = -1;		/* -1: PADU_FAULT not read yet */
static char spec[1024];		/* PADU_FAULT copied: rules point into it */
#define MAXFD 1024
static unsigned char named[MAXFD];	/* fd → 1 + rule whose path it is */

static const char *const callname[NCALL] = {
	[C_READ] = "read", [C_WRITE] = "write", [C_CLOSE] = "close",
	[C_FSYNC] = "fsync"
};

static const struct {
	const char *name;
	int err;
} errnames[] = {
	{ "ENOSPC", ENOSPC }, { "EIO", EIO }, { "EPIPE", EPIPE },
	{ "EBADF", EBADF }, { "EINTR", EINTR }, { "EDQUOT", EDQUOT }
};

static ssize_t (*real_read)(int, void *, size_t);
static ssize_t (*real_write)(int, const void *, size_t);
static int (*real_close)(int);
static int (*real_fsync)(int);
static int (*real_fflush)(FILE *);
static int (*real_fclose)(FILE *);
static int (*real_open)(const char *, int, ...);

static void *
next(const char *name)
{
	void *p = dlsym(RTLD_NEXT, name);

	if (p == NULL)
		abort();
	return p;
}

static int
parse_rule(char *s, struct rule *r)
{
	char *at, *n, *e, *end;
	size_t i;

	if ((n = strchr(s, ':')) == NULL || (e = strchr(n + 1, ':')) == NULL)
		return -1;
	*n++ = '\0';
	*e++ = '\0';
	r->class = K_ANY;
	if ((at = strchr(s, '@')) != NULL) {
		*at++ = '\0';
		if (strcmp(at, "stdin") == 0)
			r->class = K_STDIN;
		else if (strcmp(at, "stdout") == 0)
			r->class = K_STDOUT;
		else if (strcmp(at, "file") == 0)
			r->class = K_FILE;
		else if (strchr(at, '.') || strchr(at, '/')) {
			r->class = K_PATH;
			r->path = at;
		} else if (strcmp(at, "any") != 0)
			return -1;
	}
	for (i = 0; i < NCALL && strcmp(s, callname[i]) != 0; i++)
		;
	if (i == NCALL)
		return -1;
	r->call = (enum call)i;
	r->first = strtoul(n, &end, 10);
	if (*n == '\0' || *end != '\0' || r->first == 0)
		return -1;
	r->err = 0;
	for (i = 0; i < sizeof errnames / sizeof errnames[0]; i++)
		if (strcmp(e, errnames[i].name) == 0)
			r->err = errnames[i].err;
	if (r->err == 0 && (r->err = atoi(e)) <= 0)
		return -1;
	r->seen = 0;
	return 0;
}

static void
setup(void)
{
	const char *env;
	char *s, *tok, *save;

	if (nrules >= 0)
		return;
	real_read = next("read");
	real_write = next("write");
	real_close = next("close");
	real_fsync = next("fsync");
	real_fflush = next("fflush");
	real_fclose = next("fclose");
	real_open = next("open");
	nrules = 0;
	if ((env = getenv("PADU_FAULT")) == NULL || *env == '\0')
		return;
	if (strlen(env) >= sizeof spec)
		goto bad;
	s = strcpy(spec, env);
	for (tok = strtok_r(s, ",", &save); tok;
	    tok = strtok_r(NULL, ",", &save)) {
		if (nrules == MAXRULES || parse_rule(tok, &rules[nrules]) < 0)
			goto bad;
		nrules++;
	}
	return;
bad:
	{
		static const char msg[] = "libpadufault: bad PADU_FAULT\n";
		real_write(2, msg, sizeof msg - 1);
		_exit(98);
	}
}

static int
in_class(int rule, int fd)
{
	switch (rules[rule].class) {
	case K_PATH:
		return fd >= 0 && fd < MAXFD && named[fd] == rule + 1;
	case K_ANY:
		return fd != 2;
	case K_STDIN:
		return fd == 0;
	case K_STDOUT:
		return fd == 1;
	case K_FILE:
		return fd > 2;
	}
	return 0;
}

static void
logfault(enum call c, int fd, unsigned long nth, int err)
{
	const char *path = getenv("PADU_FAULT_LOG");
	char line[128];
	int lfd, n;

	if (path == NULL)
		return;
	n = snprintf(line, sizeof line, "%s fd %d #%lu %s\n", callname[c], fd,
	    nth, strerror(err));
	if ((lfd = open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC,
	    0644)) < 0)
		return;
	(void)real_write(lfd, line, (size_t)n);
	(void)real_close(lfd);
}

/* Count a call of c on fd; its errno if it is to fail, else 0. */
static int
fault(enum call c, int fd)
{
	int i;

	setup();
	for (i = 0; i < nrules; i++) {
		struct rule *r = &rules[i];

		if (r->call != c || !in_class(i, fd))
			continue;
		if (++r->seen >= r->first) {
			logfault(c, fd, r->seen, r->err);
			return r->err;
		}
	}
	return 0;
}

ssize_t
read(int fd, void *buf, size_t n)
{
	int e = fault(C_READ, fd);

	if (e) {
		errno = e;
		return -1;
	}
	return real_read(fd, buf, n);
}

ssize_t
write(int fd, const void *buf, size_t n)
{
	int e = fault(C_WRITE, fd);

	if (e) {
		errno = e;
		return -1;
	}
	return real_write(fd, buf, n);
}

int
open(const char *path, int flags, ...)
{
	va_list ap;
	mode_t mode = 0;
	int fd, i;

	setup();
	if (flags & O_CREAT) {
		va_start(ap, flags);
		mode = va_arg(ap, mode_t);
		va_end(ap);
	}
	fd = real_open(path, flags, mode);
	if (fd >= 0 && fd < MAXFD) {
		named[fd] = 0;
		for (i = 0; i < nrules; i++)
			if (rules[i].class == K_PATH &&
			    strcmp(rules[i].path, path) == 0)
				named[fd] = (unsigned char)(i + 1);
	}
	return fd;
}

int
close(int fd)
{
	int e = fault(C_CLOSE, fd);
	int r = real_close(fd);

	if (fd >= 0 && fd < MAXFD)
		named[fd] = 0;

	if (e) {
		errno = e;
		return -1;
	}
	return r;
}

int
fsync(int fd)
{
	int e = fault(C_FSYNC, fd);

	if (e) {
		errno = e;
		return -1;
	}
	return real_fsync(fd);
}

/* A stdio write: pending bytes of fp about to go to its descriptor. */
static int
stdio_fault(FILE *fp)
{
	int e;

	if (fp == NULL || __fpending(fp) == 0)
		return 0;
	if ((e = fault(C_WRITE, fileno(fp))) != 0)
		__fpurge(fp);
	return e;
}

int
fflush(FILE *fp)
{
	int e;

	setup();
	if ((e = stdio_fault(fp)) != 0) {
		errno = e;
		return EOF;
	}
	return real_fflush(fp);
}

int
fclose(FILE *fp)
{
	int e, ec, r;

	setup();
	e = stdio_fault(fp);
	ec = fault(C_CLOSE, fileno(fp));
	r = real_fclose(fp);
	if (e || ec) {
		errno = e ? e : ec;
		return EOF;
	}
	return r;
}
