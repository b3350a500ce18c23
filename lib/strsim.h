/* SPDX-License-Identifier: MIT */
/*
 * strsim: string similarity for matching -- edit distances bounded by a
 * maximum (so that comparing a key with thousands of candidates stays
 * cheap), and the Jaro-Winkler similarity that record linkage uses for
 * names.  Two strings are compared by Unicode code points when both are
 * valid UTF-8, else byte by byte; a NUL byte is a character like any other
 * (lengths are explicit).  Pure functions: nothing is allocated for short
 * strings (up to 255 code points or bytes each); longer ones are compared
 * in a heap buffer or, when that fails, reported as far apart (see each
 * function).  Nothing here prints or exits.
 */
#ifndef PADU_STRSIM_H
#define PADU_STRSIM_H

#include <stddef.h>

/*
 * strsim_osa: the optimal string alignment distance (Damerau-Levenshtein
 * where an adjacent transposition counts one edit and no substring is
 * edited twice) between a[0..an) and b[0..bn), or max + 1 when it is over
 * max (the computation stops as soon as that is certain).  max < 0 means
 * no bound.  Symmetric in a and b.  Out of memory (long strings only):
 * max + 1, or with no bound the longer string's length.
 */
int strsim_osa(const char *a, size_t an, const char *b, size_t bn, int max);

/*
 * strsim_levenshtein: the same without transpositions (an adjacent swap
 * counts two edits).
 */
int strsim_levenshtein(const char *a, size_t an, const char *b, size_t bn,
    int max);

/*
 * strsim_jaro_winkler: the Jaro-Winkler similarity in [0, 1] (1 = equal;
 * two empty strings are 1, one empty string 0), with the usual prefix
 * scale 0.1 over at most 4 common leading characters and no threshold.
 * Characters match within max(an, bn) / 2 - 1 positions; the transpositions
 * are half the matched characters out of order (a real number, so 3 out of
 * order count 1.5).  Out of memory (long strings only): 0.
 */
double strsim_jaro_winkler(const char *a, size_t an, const char *b,
    size_t bn);

/*
 * strsim_sig: a signature of a[0..an) for strsim_sig_bound: its bytes
 * counted by (byte & 7), eight counts of a byte each (stopped at 255), or
 * STRSIM_SIG_NONE when a byte is not ASCII (edit distances then count
 * code points, which a byte count does not bound) -- or, by chance, when
 * all eight counts reach 255.
 * strsim_sig_bound: a lower bound of strsim_osa and strsim_levenshtein of
 * two strings from their signatures (neither STRSIM_SIG_NONE): half the
 * sum of the counts' differences, rounded up.  A substitution moves at most
 * two counts by one, an insertion or deletion one, a transposition none;
 * folding bytes together or stopping counts only makes the sum smaller.
 * Computed once per value, it rejects most far pairs before any table.
 */
#define STRSIM_SIG_NONE ((unsigned long long)-1)
unsigned long long strsim_sig(const char *a, size_t an);
unsigned strsim_sig_bound(unsigned long long a, unsigned long long b);

/*
 * strsim_jaro_winkler_reaches: strsim_jaro_winkler(a, an, b, bn) >= min,
 * the same answer, sooner for unlike strings (a bound from the characters
 * they share is tried first).
 */
int strsim_jaro_winkler_reaches(const char *a, size_t an, const char *b,
    size_t bn, double min);

#endif
