/* SPDX-License-Identifier: MIT */
/*
 * fuzz-config's parts: each config-*.c compiles one filter with its
 * loader and offers it here.  Their cfg_load is fuzz_cfg_load, which
 * gives them the fuzzed document as "fuzz.json".
 */
#ifndef PADU_FUZZ_FUZZ_CONFIG_H
#define PADU_FUZZ_FUZZ_CONFIG_H

#include "config.h"

/*
 * fuzz_cfg_load: cfg_load for the loaders: "fuzz.json" is the input; a
 * path ending in vocabulary.schema.json is padu's vocabulary; anything
 * else is a file that does not exist (no file is read from the fuzz).
 */
cfg *fuzz_cfg_load(const char *path, char **err);

void fuzz_profile(void);	/* config-profile.c: padu-parse's profiles */
void fuzz_rules(void);		/* config-rules.c: padu-clean's rules */
void fuzz_match(void);		/* config-match.c: padu-dedupe's rules */
void fuzz_codebook(void);	/* config-codebook.c: padu-classify's */

#endif
