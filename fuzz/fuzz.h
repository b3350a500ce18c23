/* SPDX-License-Identifier: MIT */
/*
 * fuzz: what padu's libFuzzer targets share.
 *
 * The filters report a bad configuration or a bad input with die(), which
 * exits; a fuzz target cannot exit.  So a target is linked with a die()
 * of its own (lib/padu.c is compiled with its die renamed): inside
 * FUZZ_TRY it jumps back to the target instead, which then releases what
 * the run had allocated.  What is reachable from the filter's globals the
 * target frees with the filter's own code; what only the abandoned stack
 * frames held (the document being loaded, a half-built list) is found by
 * an allocation tracker: while armed, the sanitizer's malloc hooks record
 * every block allocated and not yet freed, and fuzz_sweep() frees them and
 * closes the descriptors opened since.  On the normal path nothing is
 * swept, so a block the code forgets to free is a leak LeakSanitizer
 * reports, as it should.
 *
 *	fuzz_arm();
 *	if (setjmp(fuzz_env) == 0) {
 *		load_rules(...);
 *		fuzz_disarm();
 *		free_rules();
 *	} else {
 *		fuzz_disarm();
 *		free_rules();	// what the globals reach
 *		fuzz_sweep();	// and what only the lost frames did
 *	}
 *
 * warn() is quiet (the message is formatted, then dropped).  Nothing here
 * writes outside /tmp; the data files a target needs are read from the
 * source tree (FUZZ_TOP).
 */
#ifndef PADU_FUZZ_H
#define PADU_FUZZ_H

#include <setjmp.h>
#include <stddef.h>
#include <stdint.h>

#ifndef FUZZ_TOP
#define FUZZ_TOP "."
#endif

extern jmp_buf fuzz_env;
extern char fuzz_msg[1024];		/* the last die() message */

/* fuzz_arm: record allocations and descriptors until fuzz_disarm. */
void fuzz_arm(void);

/* fuzz_disarm: stop recording (frees still unrecord what they free). */
void fuzz_disarm(void);

/*
 * fuzz_sweep: free every block recorded and not freed since, and close
 * the descriptors opened since fuzz_arm; then forget them.
 */
void fuzz_sweep(void);

/*
 * fuzz_forget: forget the recorded blocks without freeing them (the normal
 * path), after checking that no descriptor opened since fuzz_arm is still
 * open: one that is, is a leak, and aborts.
 */
void fuzz_forget(void);

/*
 * fuzz_memfd: a memory file (no disk) holding data[0..n), its path as
 * /proc/self/fd/N in path (room for 64).  The same file is rewritten on
 * every call.  Returns its descriptor.
 */
int fuzz_memfd(const uint8_t *data, size_t n, char *path);

/* fuzz_devnull: a descriptor on /dev/null, for the filters' output. */
int fuzz_devnull(void);

/* fuzz_check: abort with a message when cond is false (a broken invariant). */
#define fuzz_check(cond, ...) \
	((cond) ? (void)0 : fuzz_fail(__FILE__, __LINE__, #cond, __VA_ARGS__))
void fuzz_fail(const char *file, int line, const char *cond,
    const char *fmt, ...) __attribute__((format(printf, 4, 5), noreturn));

#endif
