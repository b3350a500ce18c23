/* SPDX-License-Identifier: MIT */
/*
 * padu: the filter contract, written once.  Every padu filter gets from here
 * its program name, its messages (`padu-cat: dtks.csv:120: reason`), its
 * exit codes, its operand list, the checks on standard output at exit, the
 * rejects and stats of a run, range-checked option numbers and progress on a
 * terminal.  This is the one lib module that prints and exits: it is the
 * error vocabulary the others return into.
 */
#ifndef PADU_PADU_H
#define PADU_PADU_H

#include <stddef.h>

#include "csvio.h"
#include "strmap.h"

#ifndef PADU_VERSION
#define PADU_VERSION "unknown"
#endif

/* Exit codes, documented in padu(7). */
enum {
	PADU_EXIT_OK = 0,	/* done, every row accounted for */
	PADU_EXIT_FAIL = 1,	/* failed: data (rejected rows) or I/O */
	PADU_EXIT_USAGE = 2	/* bad usage or bad configuration */
};

extern const char *padu_progname;

/* padu_init: set the program name from argv[0] (its last component). */
void padu_init(const char *argv0);

/*
 * warn / die: print "prog: " and the message to standard error; a format
 * ending in ':' gets ": strerror(errno)" appended.  die exits with status.
 */
void warn(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void die(int status, const char *fmt, ...)
    __attribute__((format(printf, 2, 3), noreturn));

/* Allocation that dies (exit 1, "out of memory") instead of failing. */
void *xmalloc(size_t n);
void *xcalloc(size_t n, size_t size);
void *xrealloc(void *p, size_t n);
char *xstrdup(const char *s);

/*
 * padu_bad_option: report a getopt_long failure in one line, naming the
 * option and the usage synopsis, and exit 2.  Call with opterr = 0 when
 * getopt_long returns '?' or ':'.
 */
void padu_bad_option(int c, char **argv, const char *synopsis)
    __attribute__((noreturn));

/*
 * padu_number: parse option value s for option opt as a decimal integer in
 * [min, max], or exit 2 naming the option and the range.
 */
long long padu_number(const char *opt, const char *s, long long min,
    long long max);

/*
 * padu_size: parse option value s for option opt as a size in bytes: a
 * decimal integer with an optional K, M or G (powers of 1024), at least
 * 1K; or exit 2 naming the option.
 */
unsigned long long padu_size(const char *opt, const char *s);

/*
 * The memory cap of a filter that holds state (dedupe, aggregate): the
 * bytes its own structures hold are counted by the filter, and going over
 * the cap exits 1 with a clear message instead of waiting for the kernel's
 * out-of-memory killer.
 * padu_mem_cap: set the cap from opt_value (--max-memory SIZE), else from
 * $PADU_MAX_MEMORY, else none.  Exits 2 on a bad size.
 * padu_mem_check: exit 1 when bytes is over the cap; n and what say what
 * holds them (120000, "rows"), for the message.  Cheap: call it as the
 * state grows.
 */
void padu_mem_cap(const char *opt_value);
void padu_mem_check(unsigned long long bytes, unsigned long long n,
    const char *what);

/*
 * padu_operands: the inputs named by argv[0..argc): itself, or {"-"} when
 * argc is 0.  *n gets the count.  The array is static-duration (argv or a
 * constant).
 */
char **padu_operands(int argc, char **argv, int *n);

/*
 * padu_write_error: report a failed write to standard output ("stdout:
 * write error: reason") and exit 1;
 * a closed pipe (EPIPE) exits quietly.
 */
void padu_write_error(void) __attribute__((noreturn));

/*
 * padu_write_header: write the names of cols (in insertion order) as the
 * header record to w; exits through padu_write_error on a write error.
 * Writes nothing when cols is empty (an input without columns).
 */
void padu_write_header(csvio_writer *w, const strmap *cols);

/*
 * padu_private_fd: make the open file fd owner-only (mode 0600) when it is
 * a regular file, even one that existed with a wider mode; a device, FIFO
 * or socket (--rejects /dev/null, say) is left as it is: fchmod would
 * change /dev/null for every user of the machine when run as root.
 */
void padu_private_fd(int fd);

/*
 * padu_close_stdout: flush and close stdio's standard output; on failure
 * report "stdout: write error: reason" (quietly for EPIPE) and return 1, else 0.  Every
 * filter returns `status | padu_close_stdout()`.
 */
int padu_close_stdout(void);

/*
 * padu_read_ahead: read rd (a regular file, not yet read) ahead in a thread
 * of its own (csvio_read_ahead), so that the kernel's copy of the file and
 * the parse overlap, when more than one processor is online and
 * PADU_JOBS is not 1.  The records are the same either way.
 */
void padu_read_ahead(csvio_reader *rd);

/*
 * A run: the accounting every filter keeps and reports with --stats, and
 * its rejects.  in = out + rejected + merged must hold at the end.
 */
struct padu_run {
	unsigned long long in;		/* data rows read */
	unsigned long long out;		/* rows written */
	unsigned long long rejected;	/* rows rejected */
	unsigned long long merged;	/* rows merged into others (dedupe) */
	strmap *flags;			/* flag name → count */
	char **inputs;			/* input names for the stats */
	int ninputs;
	const char *stats_path;		/* --stats FILE, or NULL */
	const char *rejects_path;	/* --rejects FILE, or NULL */
	int rejects_fd;			/* its descriptor, or -1 */
	csvio_writer *rejects;		/* writer on it */
	struct buf scratch;		/* encoding of rejected records */
	double t0;			/* start, monotonic seconds */
	double tick;			/* last progress output */
	int progress;			/* standard error is a terminal */
};

/*
 * padu_run_begin: start a run; open the rejects file (mode 0600, truncated)
 * and write its header.  Exits 1 if it cannot be created.
 */
void padu_run_begin(struct padu_run *run, const char *rejects_path,
    const char *stats_path);

/* padu_run_inputs: record the inputs' names for the stats. */
void padu_run_inputs(struct padu_run *run, char **names, int n);

/*
 * padu_reject: account for a rejected row, record num of input file.  It is
 * written to the rejects file as _filter,_src,_row,_reason,_record (src and
 * row name the row's origin: the raw source and record it came from when
 * the stream carries them, else file and num), or, without a rejects file,
 * reported on standard error as "prog: file:num: reason".  f, len, n are
 * the row's original fields.
 */
void padu_reject(struct padu_run *run, const char *file,
    unsigned long long num, const char *src, const char *row,
    const char *reason, char *const *f, const size_t *len, size_t n);

/*
 * padu_reject_stream: padu_reject for a record of a canonical stream: its
 * origin is the record's own _src and _row (columns src_col and row_col,
 * -1 when the stream has none; then file and the record number).
 */
void padu_reject_stream(struct padu_run *run, const char *file,
    const struct csvio_rec *rec, long src_col, long row_col,
    const char *reason);

/* padu_flag: count one occurrence of quality flag name in the stats. */
void padu_flag(struct padu_run *run, const char *name);

/*
 * padu_progress: report progress on a terminal (rows read, MB/s from bytes,
 * the input bytes read so far), at most twice a second; cheap enough to
 * call for every row.
 */
void padu_progress(struct padu_run *run, unsigned long long bytes);

/*
 * padu_run_end: close the rejects file, append the stats object, and return
 * the run's exit status: 1 when rows were rejected without --rejects, else
 * 0.  Exits 1 when the rejects or stats file cannot be written.
 */
int padu_run_end(struct padu_run *run);

/*
 * padu_run_stats: append to path the record --stats would get, with out
 * and merged as given: the accounting of a second output of the run (a
 * filter's status, as padu_run_end will find it).  Call before
 * padu_run_end.
 */
void padu_run_stats(struct padu_run *run, const char *path,
    unsigned long long out, unsigned long long merged);

#endif
