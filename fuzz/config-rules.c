/* SPDX-License-Identifier: MIT */
/* fuzz-config: padu-clean's cleaning rules (load_rules). */
#define main clean_main
#define cfg_load fuzz_cfg_load
#include "../filters/clean.c"
#undef main

#include "fuzz.h"
#include "fuzz_config.h"

void
fuzz_rules(void)
{
	size_t i, j;

	fuzz_arm();
	if (setjmp(fuzz_env) == 0) {
		load_rules("fuzz.json");
		fuzz_disarm();
		free_all();
		fuzz_forget();
	} else {
		fuzz_disarm();
		/* The compiled patterns hold JIT memory: free them as such;
		 * the rest of the half-loaded rules is swept. */
		for (i = 0; rules && i < nrules; i++)
			for (j = 0; rules[i].act && j < rules[i].nact; j++)
				rx_free(rules[i].act[j].re);
		buf_free(&scratch);
		fuzz_sweep();
	}
	rules = NULL;
	nrules = 0;
	memset(&reg, 0, sizeof reg);
	lists = NULL;
	codelists = NULL;
	ncodelists = 0;
	vocab_fields = NULL;
	vocab = NULL;
	cols = NULL;
}
