/* SPDX-License-Identifier: MIT */
/*
 * norm: value normalizers for padu-clean -- yes/no answers, Indonesian and
 * US numbers, dates in the many spellings of the exports (Indonesian month
 * names, Excel serials), the matching key of a person's name, and the
 * structural checks of NIK and No KK (DOMAIN.md 5).  Pure functions over a
 * byte string (not NUL-terminated; n bytes): nothing is read, printed, kept
 * or allocated except into the caller's struct buf.  Input is UTF-8; a NUL
 * byte or malformed UTF-8 never matches a vocabulary word, and no byte past
 * n is read.  Surrounding ASCII white space and U+00A0 are always ignored.
 * The functions writing a buf return -1 (errno ENOMEM, out empty) when it
 * cannot grow.
 */
#ifndef PADU_NORM_H
#define PADU_NORM_H

#include <stddef.h>

#include "buf.h"

enum norm_status {
	NORM_OK = 0,		/* normalized; the result is in the output */
	NORM_EMPTY,		/* empty or only spaces: a missing value */
	NORM_BAD,		/* not a value of this kind */
	NORM_AMBIGUOUS,		/* could be read more than one way */
	NORM_IMPOSSIBLE		/* well-formed but impossible (31/02) */
};

/*
 * norm_yesno: 'Y' for Ya/Y/Iya/Yes/1/TRUE/Benar/Ada/V and check marks
 * (✓ ✔ ☑ √), 'N' for Tidak/T/Tdk/Tak/N/No/0/FALSE/Salah/Bukan/Tidak ada/
 * Tdk ada/- and ✗ ✘; any case, runs of inner space count as one.  0 when
 * empty, -1 when the answer is neither.
 */
int norm_yesno(const char *s, size_t n);

enum norm_locale {
	NORM_LOCALE_ID,		/* 1.250.000,50: '.' groups, ',' decimal */
	NORM_LOCALE_US,		/* 1,250,000.50: ',' groups, '.' decimal */
	NORM_LOCALE_AUTO	/* whichever is unambiguous, else AMBIGUOUS */
};

/*
 * norm_number: a number as written in the exports -- optional sign,
 * "Rp"/"Rp."/"IDR" prefix, spaces, grouping separators of the locale, a
 * decimal part, a ",-" or ".-" or ",00" suffix -- into out as plain
 * decimal text: optional '-', digits, and '.' with the fraction only when
 * it is not zero (trailing zeros dropped): "Rp 1.250.000,-" → "1250000",
 * "1,5" (ID) → "1.5".  Groups must be of three digits.  Scientific
 * notation ("3.31E+15") is NORM_BAD: it is Excel damage, not a number to
 * trust.  Under NORM_LOCALE_AUTO a value such as "1.250" or "1,250" is
 * NORM_AMBIGUOUS; "1.250.000" or "1,5" or "1.250.000,50" are not.  out is
 * reset first and left empty unless NORM_OK.
 *
 * The sign may stand before or after the prefix ("-Rp 5", "Rp -5").  A
 * group separator must stand between groups of three digits after a first
 * group of 1-3 digits not starting with 0, so under NORM_LOCALE_ID "1.5" and
 * "0.250" are NORM_BAD (a typed US decimal is not guessed at), as is "1,5"
 * under NORM_LOCALE_US.  A leading decimal separator is read as "0,5".
 * NORM_LOCALE_AUTO: a ",-" suffix makes ',' the decimal separator; else
 * with both separators the last one is the decimal one; one separator
 * repeated groups; one separator once is a group only if it could be
 * (1-3 digits without a leading zero before it, exactly 3 after it), and
 * then the value is NORM_AMBIGUOUS; otherwise it is decimal ("1.5",
 * "0,250", "1250,500").
 */
int norm_number(const char *s, size_t n, enum norm_locale loc,
    struct buf *out);

struct norm_date_opt {
	int order;		/* 'd': day first (d/m/y, the default); 'm': m/d/y */
	int pivot;		/* two-digit years: yy < pivot → 20yy, else 19yy
				   (e.g. 30); 0 refuses two-digit years */
	int serial;		/* accept Excel serial day numbers */
	int date1904;		/* serials count from 1904-01-01 (Mac Excel) */
	int min_year, max_year;	/* plausible years, e.g. 1880 and 2100;
				   0 leaves that side unbounded */
};

/*
 * norm_date: a date in any of the spellings of the exports into out as
 * ISO "yyyy-mm-dd" (exactly 10 bytes + NUL; out reset first):
 *   dd/mm/yyyy, d-m-yyyy, dd.mm.yyyy (order per opt), each with an optional
 *   time ("0:00:00", "00:00", "12:30:00 PM") that is dropped;
 *   d/m/yy with the pivot year;
 *   yyyy-mm-dd, yyyy/mm/dd, yyyymmdd, ISO with "T..." or " hh:mm:ss";
 *   "6 Des 1980", "06 Desember 1980", "6-Des-80", "Des 6, 1980": Indonesian
 *   month names and abbreviations (Januari/Jan, Februari/Feb/Peb, Maret/
 *   Mar, April/Apr, Mei, Juni/Jun, Juli/Jul, Agustus/Agu/Agt/Ags, September/
 *   Sep/Sept, Oktober/Okt, November/Nov/Nop, Desember/Des) and English ones
 *   (May, Aug, Oct, Dec), any case;
 *   an Excel serial (1..2958465, integer or with a fraction, e.g. "18435"
 *   or "18435.0") when opt->serial: the 1900 system counts 1900-02-29 as
 *   Lotus did (serial 60), so 61 is 1900-03-01.
 * Returns NORM_OK, NORM_EMPTY, NORM_BAD (no spelling matches, or the
 * year is outside [min_year, max_year]), NORM_IMPOSSIBLE (31/02, month
 * 13, 29/02 of a common year), NORM_AMBIGUOUS (never for the forms
 * above when order is given; reserved).
 *
 * Details: opt NULL means day first, no pivot, no serials, no bounds; an
 * order other than 'm' is 'd'.  Eight digits are always yyyymmdd (serials
 * have at most seven); fewer digits, with or without a fraction, are a
 * serial when opt->serial and NORM_BAD otherwise.  The 1900 system runs
 * from serial 1 (1900-01-01); serial 0 is NORM_BAD and serial 60, Lotus's
 * 1900-02-29, is NORM_IMPOSSIBLE.  The 1904 system runs from serial 0
 * (1904-01-01) to 2957003.  The year bounds are checked before the day,
 * so 31/02/1850 with min_year 1880 is NORM_BAD.  A time must be well
 * formed to be dropped (hours 0-24, minutes 0-59; AM/PM; a zone Z, +hh,
 * +hhmm or +hh:mm); the separators of an all-number date must agree
 * (21/06-1950 is NORM_BAD); weekday names are not recognized.
 */
int norm_date(const char *s, size_t n, const struct norm_date_opt *opt,
    struct buf *out);

/*
 * norm_namekey: the matching key of a person's name into out (reset
 * first): accents folded, upper case, titles and degrees removed (prefix
 * H. Hj. Hajjah Haji Dr. dr. Drs. Dra. Ir. Prof. KH. R. Rr. (Raden) ...;
 * suffix after a comma or space: S.Pd. S.Pd.I S.E. S.H. S.Kom. S.T. S.Ag.
 * S.Sos. S.Kep. M.Pd. M.M. M.Si. A.Md. Amd. ...), a leading lone M or
 * M. before more name, Moh./Moch./Mochamad/
 * Mohammad/Muhamad/Muh./Muchammad/Mukhamad/Mhd. → MUHAMMAD, Abd./Abd →
 * ABDUL, then old spelling → EYD in this order: OE→U, DJ→J, TJ→C, NJ→NY,
 * SJ→SY, CH→KH, and J→Y last (so old J and new Y meet, as old DJ and new J
 * do); finally punctuation dropped and runs of space made one space, no
 * space at either end.  "Hj. Siti Djoewarijah, S.Pd." → "SITI YUWARIYAH".
 * Returns NORM_OK, or NORM_EMPTY when nothing is left.
 *
 * Details: words are split at white space, NUL, U+00A0 and punctuation
 * other than dots, apostrophes and hyphens; apostrophes (' ` ’ ‘ ʼ ´) and
 * hyphens/dashes join ("Ma'ruf" → "MARUF", "Siti-Aminah" → "SITIAMINAH").
 * A word with dots is a degree when it spells one without the dots,
 * otherwise it splits at them ("Hj.Siti" → HJ SITI).  Titles, aliases and
 * degrees match whole words only (KH. goes, Khairul stays).  Titles go
 * only from the front and only while more name follows; degrees go at the
 * end or after the first comma; bare spellings that are also names or
 * initials (Ama, SP, SS, MT, BA) go only with dots or after the comma.  A
 * name that is nothing but titles or degrees keeps them ("H." → "H").
 * Digits stay; bytes outside ASCII and Latin (folded by utf8_fold) are
 * kept as they are.  NORM_EMPTY only for blank or all-punctuation input.
 * out needs up to 4n + 17 bytes while working; the key is at most 3n + 2.
 */
int norm_namekey(const char *s, size_t n, struct buf *out);

/* Problems of a NIK or No KK, as bits (norm_nik). */
enum norm_nik_bits {
	NIK_EMPTY = 1 << 0,	/* missing */
	NIK_EXPONENT = 1 << 1,	/* Excel scientific notation: 3.31E+15 */
	NIK_FLOAT = 1 << 2,	/* a decimal part or separator: 3310...0.0 */
	NIK_CHARS = 1 << 3,	/* characters other than digits */
	NIK_LENGTH = 1 << 4,	/* not 16 digits */
	NIK_PROVINCE = 1 << 5,	/* digits 1-2 not a province code */
	NIK_DATE = 1 << 6,	/* digits 7-12 not a date (day 01-31/41-71) */
	NIK_SERIAL = 1 << 7,	/* digits 13-16 are 0000 (often Excel's lost
				   last digit) */
	NIK_DUMMY = 1 << 8	/* one digit repeated, or a run such as
				   1234567890123456 */
};

struct norm_nik {
	unsigned bits;		/* enum norm_nik_bits */
	char digits[17];	/* the 16 digits when the value is 16 digits
				   after trimming and removing inner spaces,
				   dots, commas or dashes (or a float's
				   integer part is); else "" */
	int day, month, yy;	/* birth date part (day without the +40) */
	int female;		/* day was 41-71 */
};

/*
 * norm_nik: check s as a NIK (kk = 0) or a No KK (kk = 1) and fill *out.
 * Both: 16 ASCII digits after trimming, a province code that exists
 * (11-19, 21, 31-36, 51-53, 61-65, 71-76, 81-82, 91-97), serial not 0000,
 * not a dummy.  NIK only: digits 7-12 a birth date DDMMYY with DD 01-31 or
 * 41-71 (women), MM 01-12, and the day possible in that month (29 Feb
 * allowed).  No KK: digits 7-12 not checked as a date.  Returns out->bits
 * (0 = valid).
 *
 * Details: a leading apostrophe (Excel's text mark) is dropped.  Spaces,
 * U+00A0, dots, commas and dashes inside are display grouping and are
 * removed ("3310 0121 0650 0001"), except that a single '.' or ',' before
 * a fraction of at most three digits or of zeros only is NIK_FLOAT
 * ("3310...01.0"); then digits holds the integer part when that is 16
 * digits, and the other checks run on it.  NIK_EXPONENT comes alone (the
 * digits are lost).  NIK_CHARS for any other character; NIK_LENGTH when
 * the digits are not 16, counting only digits; with either, digits is ""
 * and nothing more is checked.  NIK_DUMMY: one digit 16 times, a run up or
 * down (mod 10) over all 16, or a region code followed by ten zeros.
 * day, month, yy and female are filled for a NIK of 16 digits, also when
 * NIK_DATE (then day may be out of range); they are 0 for a No KK.
 */
unsigned norm_nik(const char *s, size_t n, int kk, struct norm_nik *out);

#endif
