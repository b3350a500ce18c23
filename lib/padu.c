/* SPDX-License-Identifier: MIT */
/*
 * padu: the filter contract (see padu.h): messages, exit codes, operands,
 * standard output checks, rejects, stats and progress.
 */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "padu.h"

const char *padu_progname = "padu";

void
padu_init(const char *argv0)
{
	const char *s;

	if (argv0 == NULL || *argv0 == '\0')
		return;
	s = strrchr(argv0, '/');
	padu_progname = s ? s + 1 : argv0;
}

/*
 * A message is made whole, then written with one write(2): stages that run
 * side by side append to one log (O_APPEND), and a line written in pieces
 * could have another's line land in its middle.
 */
static void
vmsg(const char *fmt, va_list ap)
{
	int e = errno, len;
	size_t n = strlen(fmt), at = 0, size;
	char small[1024], *b = small;
	va_list aq;

	fflush(stdout);
	va_copy(aq, ap);
	len = vsnprintf(NULL, 0, fmt, aq);
	va_end(aq);
	if (len < 0)
		len = 0;
	size = strlen(padu_progname) + 2 + (size_t)len + 2 +
	    strlen(strerror(e)) + 2;
	if (size > sizeof small && (b = malloc(size)) == NULL) {
		b = small;	/* out of memory: the message cut short */
		size = sizeof small;
	}
	at = (size_t)snprintf(b, size, "%s: ", padu_progname);
	if (at < size)
		at += (size_t)vsnprintf(b + at, size - at, fmt, ap);
	if (at < size && n && fmt[n - 1] == ':')
		at += (size_t)snprintf(b + at, size - at, " %s", strerror(e));
	if (at >= size - 1)
		at = size - 2;
	b[at++] = '\n';
	fflush(stderr);
	for (n = 0; n < at;) {
		ssize_t w = write(STDERR_FILENO, b + n, at - n);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			break;
		n += (size_t)w;
	}
	if (b != small)
		free(b);
	errno = e;
}

void
warn(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vmsg(fmt, ap);
	va_end(ap);
}

void
die(int status, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vmsg(fmt, ap);
	va_end(ap);
	exit(status);
}

void *
xmalloc(size_t n)
{
	void *p = malloc(n ? n : 1);

	if (p == NULL)
		die(PADU_EXIT_FAIL, "out of memory");
	return p;
}

void *
xcalloc(size_t n, size_t size)
{
	void *p = calloc(n ? n : 1, size ? size : 1);

	if (p == NULL)
		die(PADU_EXIT_FAIL, "out of memory");
	return p;
}

void *
xrealloc(void *p, size_t n)
{
	if ((p = realloc(p, n ? n : 1)) == NULL)
		die(PADU_EXIT_FAIL, "out of memory");
	return p;
}

char *
xstrdup(const char *s)
{
	char *p = strdup(s);

	if (p == NULL)
		die(PADU_EXIT_FAIL, "out of memory");
	return p;
}

void
padu_bad_option(int c, char **argv, const char *synopsis)
{
	extern int optind, optopt;
	const char *arg = argv[optind - 1];

	if (c == ':')
		fprintf(stderr, "%s: option '%s' needs a value; usage: %s\n",
		    padu_progname, arg, synopsis);
	else if (optopt && !(arg[0] == '-' && arg[1] == '-'))
		fprintf(stderr, "%s: unknown option '-%c'; usage: %s\n",
		    padu_progname, optopt, synopsis);
	else
		fprintf(stderr, "%s: unknown option '%s'; usage: %s\n",
		    padu_progname, arg, synopsis);
	exit(PADU_EXIT_USAGE);
}

long long
padu_number(const char *opt, const char *s, long long min, long long max)
{
	char *end;
	long long v;

	errno = 0;
	v = strtoll(s, &end, 10);
	if (*s == '\0' || *end != '\0' || errno || v < min || v > max)
		die(PADU_EXIT_USAGE, "%s: '%s' is not a number from %lld to %lld",
		    opt, s, min, max);
	return v;
}

unsigned long long
padu_size(const char *opt, const char *s)
{
	char *end;
	unsigned long long v;
	int shift = 0;

	errno = 0;
	v = strtoull(s, &end, 10);
	if (*end == 'K' || *end == 'k')
		shift = 10;
	else if (*end == 'M' || *end == 'm')
		shift = 20;
	else if (*end == 'G' || *end == 'g')
		shift = 30;
	if (shift)
		end++;
	if (*s < '0' || *s > '9' || *end != '\0' || errno ||
	    v > (~0ULL >> 1) >> shift || (v << shift) < 1024)
		die(PADU_EXIT_USAGE, "%s: '%s' is not a size (bytes, or a "
		    "number with K, M or G; at least 1K)", opt, s);
	return v << shift;
}

static unsigned long long mem_cap;	/* bytes, or 0: no cap */
static const char *mem_cap_text;	/* as it was given */
static const char *mem_cap_from;	/* "--max-memory" or the variable */

void
padu_mem_cap(const char *opt_value)
{
	const char *env = getenv("PADU_MAX_MEMORY");

	if (opt_value) {
		mem_cap_from = "--max-memory";
		mem_cap_text = opt_value;
	} else if (env && *env) {
		mem_cap_from = "PADU_MAX_MEMORY";
		mem_cap_text = env;
	} else {
		return;
	}
	mem_cap = padu_size(mem_cap_from, mem_cap_text);
}

void
padu_mem_check(unsigned long long bytes, unsigned long long n,
    const char *what)
{
	if (mem_cap == 0 || bytes <= mem_cap)
		return;
	die(PADU_EXIT_FAIL, "memory cap: %llu %s take %llu bytes, over %s %s; "
	    "raise it, or split the input (by region)", n, what, bytes,
	    mem_cap_from, mem_cap_text);
}

char **
padu_operands(int argc, char **argv, int *n)
{
	static char *dash[] = { "-", NULL };

	if (argc > 0) {
		*n = argc;
		return argv;
	}
	*n = 1;
	return dash;
}

void
padu_write_error(void)
{
	if (errno == EPIPE)
		exit(PADU_EXIT_FAIL);
	die(PADU_EXIT_FAIL, "stdout: write error:");
}

void
padu_write_header(csvio_writer *w, const strmap *cols)
{
	size_t i, n = smap_count(cols);
	char **f;
	size_t *len;

	if (n == 0)
		return;
	f = xmalloc(n * sizeof *f);
	len = xmalloc(n * sizeof *len);
	for (i = 0; i < n; i++) {
		f[i] = (char *)smap_key(cols, i);
		len[i] = smap_keylen(cols, i);
	}
	if (csvio_write(w, f, len, n) < 0)
		padu_write_error();
	free(f);
	free(len);
}

void
padu_private_fd(int fd)
{
	struct stat st;

	if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode))
		(void)fchmod(fd, 0600);
}

int
padu_close_stdout(void)
{
	int bad = ferror(stdout);

	if (fflush(stdout) != 0)
		bad = 1;
	if (fclose(stdout) != 0)
		bad = 1;
	if (!bad)
		return 0;
	if (errno != EPIPE)
		warn("stdout: write error:");
	return PADU_EXIT_FAIL;
}

static double
now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static const char *const rejects_header[] = {
	"_filter", "_src", "_row", "_reason", "_record"
};

void
padu_run_begin(struct padu_run *run, const char *rejects_path,
    const char *stats_path)
{
	memset(run, 0, sizeof *run);
	run->rejects_fd = -1;
	run->stats_path = stats_path;
	run->rejects_path = rejects_path;
	if ((run->flags = smap_new()) == NULL)
		die(PADU_EXIT_FAIL, "out of memory");
	run->t0 = run->tick = now();
	run->progress = isatty(2);
	if (rejects_path == NULL)
		return;
	run->rejects_fd = open(rejects_path,
	    O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
	if (run->rejects_fd < 0)
		die(PADU_EXIT_FAIL, "cannot create rejects file '%s':",
		    rejects_path);
	/* Rejected rows hold personal data: owner only, even if it existed. */
	padu_private_fd(run->rejects_fd);
	if ((run->rejects = csvio_writer_new(run->rejects_fd)) == NULL)
		die(PADU_EXIT_FAIL, "out of memory");
	if (csvio_write(run->rejects, (char *const *)rejects_header, NULL, 5))
		die(PADU_EXIT_FAIL, "%s: write error:", rejects_path);
}

void
padu_run_inputs(struct padu_run *run, char **names, int n)
{
	run->inputs = names;
	run->ninputs = n;
}

void
padu_reject(struct padu_run *run, const char *file, unsigned long long num,
    const char *src, const char *row, const char *reason, char *const *f,
    const size_t *len, size_t n)
{
	char *fields[5];

	run->rejected++;
	if (run->rejects == NULL) {
		if (run->progress)
			fputs("\r\033[K", stderr);
		warn("%s:%llu: %s", file, num, reason);
		return;
	}
	buf_reset(&run->scratch);
	if (csvio_encode_record(&run->scratch, f, len, n) < 0)
		die(PADU_EXIT_FAIL, "out of memory");
	fields[0] = (char *)padu_progname;
	fields[1] = (char *)src;
	fields[2] = (char *)row;
	fields[3] = (char *)reason;
	fields[4] = run->scratch.p ? run->scratch.p : "";
	{
		size_t l[5] = { strlen(fields[0]), strlen(src), strlen(row),
		    strlen(reason), run->scratch.len };
		if (csvio_write(run->rejects, fields, l, 5) < 0)
			die(PADU_EXIT_FAIL, "%s: write error:",
			    run->rejects_path);
	}
}

void
padu_flag(struct padu_run *run, const char *name)
{
	long i = smap_put(run->flags, name, strlen(name), 0, NULL);

	if (i < 0)
		die(PADU_EXIT_FAIL, "out of memory");
	++*smap_val(run->flags, (size_t)i);
}

void
padu_progress(struct padu_run *run, unsigned long long bytes)
{
	double t, dt;

	if (!run->progress || (run->in & 0x3FFF) != 0)
		return;
	t = now();
	if (t - run->tick < 0.5)
		return;
	run->tick = t;
	dt = t - run->t0;
	fprintf(stderr, "\r\033[K%s: %llu rows, %.1f MB, %.1f MB/s",
	    padu_progname, run->in, (double)bytes / 1e6,
	    dt > 0 ? (double)bytes / 1e6 / dt : 0.0);
}

/* Append s as a JSON string. */
static void
json_str(struct buf *b, const char *s)
{
	const unsigned char *p = (const unsigned char *)s;

	buf_addc(b, '"');
	for (; *p; p++) {
		if (*p == '"' || *p == '\\') {
			buf_addc(b, '\\');
			buf_addc(b, *p);
		} else if (*p < 0x20) {
			buf_printf(b, "\\u%04x", *p);
		} else {
			buf_addc(b, *p);
		}
	}
	buf_addc(b, '"');
}

static int
cmp_idx(const void *a, const void *b, void *m)
{
	return strcmp(smap_key(m, *(const size_t *)a),
	    smap_key(m, *(const size_t *)b));
}

/* qsort_r is glibc's; a tiny insertion sort keeps this portable. */
static void
sort_flags(size_t *idx, size_t n, strmap *m)
{
	size_t i, j;

	for (i = 1; i < n; i++) {
		size_t v = idx[i];
		for (j = i; j > 0 && cmp_idx(&idx[j - 1], &v, m) > 0; j--)
			idx[j] = idx[j - 1];
		idx[j] = v;
	}
}

static void
write_stats(struct padu_run *run, const char *path, int status)
{
	struct buf b = BUF_INIT;
	size_t i, n = smap_count(run->flags);
	size_t *idx = xmalloc((n ? n : 1) * sizeof *idx);
	int fd;
	ssize_t w;

	buf_adds(&b, "{\"filter\":");
	json_str(&b, padu_progname);
	buf_adds(&b, ",\"version\":");
	json_str(&b, PADU_VERSION);
	buf_adds(&b, ",\"inputs\":[");
	for (i = 0; i < (size_t)run->ninputs; i++) {
		if (i)
			buf_addc(&b, ',');
		json_str(&b, strcmp(run->inputs[i], "-") == 0 ? "<stdin>" :
		    run->inputs[i]);
	}
	buf_printf(&b, "],\"in\":%llu,\"out\":%llu,\"rejected\":%llu,"
	    "\"merged\":%llu,\"flags\":{", run->in, run->out, run->rejected,
	    run->merged);
	for (i = 0; i < n; i++)
		idx[i] = i;
	sort_flags(idx, n, run->flags);
	for (i = 0; i < n; i++) {
		if (i)
			buf_addc(&b, ',');
		json_str(&b, smap_key(run->flags, idx[i]));
		buf_printf(&b, ":%ld", *smap_val(run->flags, idx[i]));
	}
	buf_printf(&b, "},\"seconds\":%.3f,\"status\":%d}\n",
	    now() - run->t0, status);
	free(idx);
	if (b.p == NULL)
		die(PADU_EXIT_FAIL, "out of memory");
	/*
	 * One write with O_APPEND: steps sharing a stats file never
	 * interleave.  Stats hold counts and file names, never values; the
	 * file is still created owner-only, like every file a filter makes.
	 */
	fd = open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0600);
	if (fd < 0)
		die(PADU_EXIT_FAIL, "cannot open stats file '%s':", path);
	w = write(fd, b.p, b.len);
	if (w < 0 || (size_t)w != b.len || close(fd) != 0)
		die(PADU_EXIT_FAIL, "%s: write error:", path);
	buf_free(&b);
}

void
padu_run_stats(struct padu_run *run, const char *path,
    unsigned long long out, unsigned long long merged)
{
	struct padu_run r = *run;

	r.out = out;
	r.merged = merged;
	write_stats(&r, path, run->rejects == NULL && run->rejected ?
	    PADU_EXIT_FAIL : PADU_EXIT_OK);
}

int
padu_run_end(struct padu_run *run)
{
	int status = PADU_EXIT_OK;

	if (run->progress && run->in >= 0x4000)
		fputs("\r\033[K", stderr);
	if (run->rejects) {
		if (csvio_writer_free(run->rejects) < 0)
			die(PADU_EXIT_FAIL, "%s: write error:",
			    run->rejects_path);
		if (close(run->rejects_fd) != 0)
			die(PADU_EXIT_FAIL, "%s: write error:",
			    run->rejects_path);
		run->rejects = NULL;
	} else if (run->rejected) {
		status = PADU_EXIT_FAIL;
	}
	if (run->stats_path)
		write_stats(run, run->stats_path, status);
	smap_free(run->flags);
	buf_free(&run->scratch);
	return status;
}

void
padu_reject_stream(struct padu_run *run, const char *file,
    const struct csvio_rec *rec, long src_col, long row_col,
    const char *reason)
{
	char src[256], row[64];
	const char *sp = file;

	snprintf(row, sizeof row, "%llu", rec->num);
	if (src_col >= 0 && (size_t)src_col < rec->n &&
	    rec->len[src_col] < sizeof src) {
		memcpy(src, rec->f[src_col], rec->len[src_col]);
		src[rec->len[src_col]] = '\0';
		sp = src;
	}
	if (row_col >= 0 && (size_t)row_col < rec->n &&
	    rec->len[row_col] < sizeof row) {
		memcpy(row, rec->f[row_col], rec->len[row_col]);
		row[rec->len[row_col]] = '\0';
	}
	padu_reject(run, file, rec->num, sp, row, reason, rec->f, rec->len,
	    rec->n);
}

void
padu_read_ahead(csvio_reader *rd)
{
	const char *j = getenv("PADU_JOBS");

	if (j != NULL && strtol(j, NULL, 10) == 1)
		return;
	if (sysconf(_SC_NPROCESSORS_ONLN) > 1)
		(void)csvio_read_ahead(rd);
}
