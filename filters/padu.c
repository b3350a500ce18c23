/* SPDX-License-Identifier: MIT */
/*
 * padu: the thin front.  `padu VERB ARGS...` runs `padu-VERB ARGS...`, as
 * git runs its commands: first from the directory padu itself lives in (so
 * a build tree runs its own filters), then from PATH.
 *
 *   padu cat dtks.csv p3ke.csv > semua.csv
 */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "padu.h"

#define SYNOPSIS "padu [-hV] VERB [ARG]..."

/* The verbs, one row each: name and what it does. */
static const struct verb {
	const char *name;	/* runs padu-NAME */
	const char *what;	/* one line for --help */
} verbs[] = {
	{ "aggregate", "indicator tables per desa, kecamatan and kabupaten "
	    "(rollup, FGT, Alkire-Foster)" },
	{ "cat", "concatenate canonical CSV streams (union of headers)" },
	{ "classify", "evaluate the indicator codebook on every row" },
	{ "clean", "normalize values by rules (yes/no, numbers, dates, codes, "
	    "NIK, regions)" },
	{ "dedupe", "find the same person or household within and across "
	    "sources" },
	{ "join", "attach the columns of one stream to another by key" },
	{ "mask", "pseudonymize NIK and No KK (keyed hash), drop or mask names "
	    "and addresses" },
	{ "parse", "read raw exports (CSV, JSON, XLSX) into the canonical stream" },
	{ "render", "an indicator table as Markdown, JSON, HTML report or XLSX" },
};

static void
usage(void)
{
	size_t i;

	printf("usage: %s\n"
	    "Run a padu filter: `padu VERB ARG...` runs `padu-VERB ARG...`.\n"
	    "\n"
	    "Verbs:\n", SYNOPSIS);
	for (i = 0; i < sizeof verbs / sizeof verbs[0]; i++)
		printf("  %-10s %s\n", verbs[i].name, verbs[i].what);
	printf("\n"
	    "  padu help VERB    show the help of a verb\n"
	    "  -h, --help        show this help and exit\n"
	    "  -V, --version     show the version and exit\n"
	    "\n"
	    "Every filter reads CSV files (or standard input) and writes the\n"
	    "canonical CSV stream on standard output; see padu(7).\n");
}

/* Run padu-VERB from our own directory, else from PATH. */
static void
run_verb(const char *verb, char **argv)
{
	char self[PATH_MAX], *slash, *prog;
	ssize_t n;
	size_t len;

	if (strchr(verb, '/') || verb[0] == '-' || verb[0] == '\0')
		goto unknown;
	len = strlen("padu-") + strlen(verb) + 1;
	prog = xmalloc(len);
	snprintf(prog, len, "padu-%s", verb);
	argv[0] = prog;
	n = readlink("/proc/self/exe", self, sizeof self - 1);
	if (n > 0) {
		self[n] = '\0';
		if ((slash = strrchr(self, '/')) != NULL &&
		    (size_t)(slash - self) + 1 + len <= sizeof self) {
			strcpy(slash + 1, prog);
			if (access(self, X_OK) == 0) {
				execv(self, argv);
				die(PADU_EXIT_FAIL, "cannot run '%s':", self);
			}
		}
	}
	execvp(prog, argv);
	if (errno != ENOENT)
		die(PADU_EXIT_FAIL, "cannot run '%s':", prog);
unknown:
	fprintf(stderr, "%s: '%s' is not a padu verb; usage: %s\n",
	    padu_progname, verb, SYNOPSIS);
	exit(PADU_EXIT_USAGE);
}

int
main(int argc, char **argv)
{
	char *help[3];

	padu_init(argv[0]);
	if (argc < 2) {
		fprintf(stderr, "%s: no verb given; usage: %s\n", padu_progname,
		    SYNOPSIS);
		return PADU_EXIT_USAGE;
	}
	if (strcmp(argv[1], "-h") == 0 || strcmp(argv[1], "--help") == 0) {
		usage();
		return padu_close_stdout();
	}
	if (strcmp(argv[1], "-V") == 0 || strcmp(argv[1], "--version") == 0) {
		printf("padu %s\n", PADU_VERSION);
		return padu_close_stdout();
	}
	if (argv[1][0] == '-') {
		fprintf(stderr, "%s: unknown option '%s'; usage: %s\n",
		    padu_progname, argv[1], SYNOPSIS);
		return PADU_EXIT_USAGE;
	}
	if (strcmp(argv[1], "help") == 0) {
		if (argc < 3) {
			usage();
			return padu_close_stdout();
		}
		help[0] = argv[2];
		help[1] = "--help";
		help[2] = NULL;
		run_verb(argv[2], help);
	}
	run_verb(argv[1], argv + 1);
	return PADU_EXIT_FAIL;
}
