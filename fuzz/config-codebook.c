/* SPDX-License-Identifier: MIT */
/*
 * fuzz-config: padu-classify's codebook (load_codebook), compiled against
 * the vocabulary's columns as --check does.
 */
#define main classify_main
#define cfg_load fuzz_cfg_load
#include "../filters/classify.c"
#undef main

#include "fuzz.h"
#include "fuzz_config.h"

/* The codebook, which padu-classify keeps to its exit. */
static void
free_codebook(void)
{
	size_t i;

	for (i = 0; i < cb.nparam; i++) {
		free(cb.param[i].name);
		free(cb.param[i].value);
		free(cb.param[i].label);
	}
	for (i = 0; i < cb.nind; i++) {
		struct indicator *d = &cb.ind[i];
		free(d->id);
		free(d->label);
		free(d->description);
		free(d->unit);
		free(d->level);
		free(d->source);
		free(d->text);
		free(d->sql);
		expr_free(d->e);
	}
	free(cb.param);
	free(cb.ind);
	free(cb.id);
	free(cb.title);
	free(cb.version);
	free(cb.description);
	free(cb.source);
	cfg_free(vocab);
	buf_free(&scratch);
}

static void
check(void)
{
	cfg_node *fields = vocab ? cfg_get(cfg_root(vocab), "fields") : NULL;
	size_t nf = fields ? cfg_size(fields) : 0, i, ncol;
	char **names = xcalloc(nf + 1, sizeof *names);

	for (i = 0; i < nf; i++)
		names[i] = (char *)cfg_string(cfg_get(cfg_at(fields, i),
		    "name"));
	compile_all(names, nf, &ncol);
	free(names);
}

void
fuzz_codebook(void)
{
	size_t i;

	fuzz_arm();
	if (setjmp(fuzz_env) == 0) {
		load_codebook("fuzz.json");
		check();
		fuzz_disarm();
		free_codebook();
		fuzz_forget();
	} else {
		fuzz_disarm();
		/* Compiled expressions may hold JIT-compiled patterns. */
		for (i = 0; cb.ind && i < cb.nind; i++)
			expr_free(cb.ind[i].e);
		buf_free(&scratch);
		fuzz_sweep();
	}
	memset(&cb, 0, sizeof cb);
	vocab = NULL;
}
