/* SPDX-License-Identifier: MIT */
/* fuzz-config: padu-parse's source profiles (load_profile). */
#define main parse_main
#define cfg_load fuzz_cfg_load
#include "../filters/parse.c"
#undef main

#include "fuzz.h"
#include "fuzz_config.h"

void
fuzz_profile(void)
{
	size_t i;

	fuzz_arm();
	if (setjmp(fuzz_env) == 0) {
		load_profile("fuzz.json");
		fuzz_disarm();
		for (i = 0; i < nprofiles; i++)
			free_profile(profiles[i]);
		free(profiles);
		fuzz_forget();
	} else {
		fuzz_disarm();
		/* Nothing here holds more than memory. */
		fuzz_sweep();
	}
	profiles = NULL;
	nprofiles = 0;
}
