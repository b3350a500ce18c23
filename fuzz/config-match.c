/* SPDX-License-Identifier: MIT */
/* fuzz-config: padu-dedupe's match rules (load_rules). */
#define main dedupe_main
#define cfg_load fuzz_cfg_load
#include "../filters/dedupe.c"
#undef main

#include "fuzz.h"
#include "fuzz_config.h"

static void
free_strings(char **v, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		free(v[i]);
	free(v);
}

static void
free_key(struct key *k)
{
	free_strings(k->col, k->n);
	free_strings(k->unless, k->nunless);
	free(k->slot);
}

/* What load_rules built, which padu-dedupe keeps to its exit. */
static void
free_rules(void)
{
	size_t i;

	for (i = 0; i < R.nexact; i++)
		free_key(&R.exact[i]);
	for (i = 0; i < R.nblock; i++)
		free_key(&R.block[i]);
	for (i = 0; i < R.ndistinct; i++)
		free_key(&R.distinct[i]);
	for (i = 0; i < R.ncmp; i++) {
		free(R.cmp[i].col);
		free_key(&R.cmp[i].unless);
	}
	free(R.exact);
	free(R.block);
	free(R.distinct);
	free(R.cmp);
	free_strings(R.priority, R.npriority);
	free_strings(R.surv_by, R.nsurv_by);
	smap_free(R.surv);
	free_strings(slot_col, nslot);
}

void
fuzz_match(void)
{
	fuzz_arm();
	if (setjmp(fuzz_env) == 0) {
		load_rules("fuzz.json");
		fuzz_disarm();
		free_rules();
		fuzz_forget();
	} else {
		fuzz_disarm();
		fuzz_sweep();
	}
	memset(&R, 0, sizeof R);
	slot_col = NULL;
	nslot = 0;
}
