/* SPDX-License-Identifier: MIT */
/*
 * region: the region reference table of a regency (or a province) and the
 * matching of whatever a source writes for a place -- a Kemendagri code
 * with or without dots, a BPS code, a desa name in any case, spacing,
 * punctuation or old spelling, with or without its kecamatan, or with a
 * one- or two-letter typo -- to the reference's codes.
 *
 * The table comes from two CSV files (pipelines/schema/region.schema.json
 * and region-aliases.schema.json):
 *   regions.csv  kode,tingkat,induk,nama,jenis,kode_bps
 *                one row per region; tingkat is provinsi, kabupaten,
 *                kecamatan or desa; induk the kode of the parent
 *   aliases.csv  kode,nama,sumber   (optional) other spellings of a name
 * Names match by key: accents folded, upper case, everything but letters
 * and digits removed ("Kebon Dalem Kidul" = "KEBONDALEM-KIDUL"), a leading
 * "DESA", "DS.", "KELURAHAN", "KEL.", "KECAMATAN" or "KEC." word dropped
 * when a name is left after it (never from the kelurahan named
 * "Kabupaten" or "Klaten": only those prefix words are dropped, and only
 * as whole words: "Desamulya" keeps its DESA).  At the kabupaten level
 * only, "KABUPATEN", "KAB." and "KOTA" are dropped too, and then only a
 * region of that jenis matches: Kota Magelang and Kabupaten Magelang are
 * both "Magelang", which alone is ambiguous.
 *
 * A wrong code is worse than no code: a name that fits more than one
 * region, or a typo within reach of two, is REGION_AMBIGUOUS, never a
 * guess.  Fuzzy matching is Damerau-Levenshtein (optimal string
 * alignment: a transposition is one edit) over keys: distance 1 for keys
 * of 5 to 7 characters, up to 2 for 8 or more, none below 5, the shorter
 * of the two keys counting; the best candidate must be unique and every
 * other candidate at least one edit further.  Candidates are every name
 * and alias key of the regions in scope.  When a kecamatan is given and
 * matches, desa are looked for in it only.
 *
 * The table holds O(regions) memory; matching allocates nothing per call
 * beyond what the table keeps for scratch (so a table is not for sharing
 * between threads).  Nothing here prints or exits.
 */
#ifndef PADU_REGION_H
#define PADU_REGION_H

#include <stddef.h>

enum region_level {
	REGION_PROVINSI,
	REGION_KABUPATEN,
	REGION_KECAMATAN,
	REGION_DESA
};

enum region_how {
	REGION_NONE = 0,	/* nothing given (empty) */
	REGION_CODE,		/* by a Kemendagri code */
	REGION_CODE_BPS,	/* by a BPS code */
	REGION_NAME,		/* by its reference name's key */
	REGION_ALIAS,		/* by the key of a known other spelling */
	REGION_FUZZY,		/* by a key within the typo distance */
	REGION_AMBIGUOUS,	/* fits more than one region: no answer */
	REGION_UNKNOWN		/* fits none: no answer */
};

struct region {
	const char *kode;	/* Kemendagri code with dots: 33.10.01.2001 */
	const char *kode_bps;	/* BPS code, digits only, or "" */
	const char *nama;	/* reference name */
	const char *jenis;	/* desa, kelurahan, kecamatan, ... */
	enum region_level level;
	long parent;		/* index of the parent region, or -1 */
};

typedef struct region_table region_table;

/*
 * region_load: read regions (and aliases, when not NULL) into a table.
 * On error returns NULL and sets *err to a malloc'd message naming file
 * and record ("regions.csv:12: induk '33.99' is not a region"; missing
 * column; duplicate kode or kode_bps; an alias naming an unknown kode).
 * Two regions of one level and one parent with the same name key is an
 * error too (at the kabupaten level, only when of the same jenis); an
 * alias may share a key with another region, which makes the key
 * ambiguous.  The regions.csv columns jenis and kode_bps are optional,
 * the aliases.csv column sumber is not read; columns go by name, in any
 * order.  *err is NULL on success (and when even the message could not
 * be allocated).
 */
region_table *region_load(const char *regions, const char *aliases,
    char **err);

/* region_free: release a table (NULL is fine). */
void region_free(region_table *t);

/* region_count: the number of regions; region_at: region i (0 ≤ i < count). */
size_t region_count(const region_table *t);
const struct region *region_at(const region_table *t, size_t i);

/*
 * region_by_code: the region whose Kemendagri code is s[0..n), written with
 * or without dots ("3310012001" = "33.10.01.2001"), or, when bps is set,
 * whose BPS code is s (digits, dots ignored).  Returns its index or -1.
 * With bps = -1 both are tried: an index when exactly one region answers
 * (its how in *how: REGION_CODE or REGION_CODE_BPS), else -1 with *how =
 * REGION_AMBIGUOUS or REGION_UNKNOWN.  A Kemendagri code written with dots
 * must have them where the code does ("3310.01.2001" is no code), and is
 * then not tried as a BPS code.  Spaces and tabs around s are ignored;
 * nothing else is allowed; blank s gives -1 with REGION_NONE.  how may be
 * NULL.
 */
long region_by_code(const region_table *t, const char *s, size_t n, int bps,
    enum region_how *how);

/*
 * region_match: the region of the given level named s[0..n) under the
 * region parent (an index, or -1 for anywhere in the table; a parent
 * more than one level up, such as the kabupaten of a desa, means anywhere
 * inside it).  Returns its index, with *how one of REGION_NAME,
 * REGION_ALIAS (only an alias key matched), REGION_FUZZY; or -1 with *how
 * REGION_NONE (s has no letters or digits), REGION_AMBIGUOUS or
 * REGION_UNKNOWN (also for a bad level or parent).
 * Exact keys (name or alias) win over fuzzy ones; fuzzy matching follows
 * the rule above.  *dist, when not NULL, gets the edit distance (0 unless
 * fuzzy).
 */
long region_match(region_table *t, enum region_level level, long parent,
    const char *s, size_t n, enum region_how *how, int *dist);

/*
 * region_find_desa: the desa of a row from its names: desa s[0..n) and,
 * when kn > 0, kecamatan k[0..kn).  The kecamatan is matched first
 * (region_match, level kecamatan, anywhere); when it matches, the desa is
 * looked for in it only (name, alias, then fuzzy).  When the kecamatan
 * matches but the desa is not in it by name or alias, while an exact
 * (name or alias) desa of that name exists elsewhere, the answer is -1
 * with *how REGION_AMBIGUOUS and *kec_conflict set: the row contradicts
 * itself, and a wrong code is worse than none.  This is decided before
 * typos are tried in the kecamatan: "Karanglo" said to be in Karanganom
 * is a conflict, not a typo of its Karangan.  When no kecamatan is given,
 * or it matches nothing (or several), the desa is looked for in the whole
 * table.  Returns the desa index or -1, *how as region_match; how and
 * kec_conflict may be NULL.
 */
long region_find_desa(region_table *t, const char *s, size_t n,
    const char *k, size_t kn, enum region_how *how, int *kec_conflict);

#endif
