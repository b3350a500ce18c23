/* SPDX-License-Identifier: MIT */
/*
 * fuzz-parse: padu-parse on one input, in every input format.
 *
 * Byte 0 gives the settings of the command line: bits 0-1 the format
 * (auto, csv, json, xlsx), bits 2-3 the encoding (auto, UTF-8,
 * Windows-1252, Latin-1), bits 4-5 the header (sniffed, none, present),
 * bits 6-7 the dialect (sniffed, ';', '|' with the quote ', tab).  Byte 1
 * picks a source profile of pipelines/profiles (bits 0-2: none, dtks,
 * p3ke-individu, p3ke-keluarga, regsosek, verval-desa) and a --max-field
 * (bit 3: 16 bytes, else the default).  The rest is the file, given to
 * filters/parse.c (compiled in, its main renamed) as a memory file; its
 * canonical stream and rejects go to /dev/null.  Each input is a run of
 * its own (padu_run_begin to padu_run_end).  An input the filter
 * refuses (die) is fine; a crash, a leak, a sanitizer report, or a
 * descriptor left open is not.
 */
#define main parse_main
#include "../filters/parse.c"
#undef main

#include "fuzz.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char *const profile_names[] = { "dtks", "p3ke-individu",
	"p3ke-keluarga", "regsosek", "verval-desa" };
static struct profile *profs[5];

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	size_t i;

	(void)argc;
	(void)argv;
	opt.profile_dir = FUZZ_TOP "/pipelines/profiles";
	fuzz_arm();
	if (setjmp(fuzz_env) != 0)
		fuzz_fail(__FILE__, __LINE__, "profiles", "%s", fuzz_msg);
	for (i = 0; i < 5; i++)
		profs[i] = load_profile(profile_names[i]);
	fuzz_forget();
	return 0;
}

/* What main frees after an input, for a half-opened one too. */
static void
close_input(struct input *in)
{
	size_t i;

	csvio_close(in->csv);
	if (in->fd > 0)
		close(in->fd);
	xlsx_close(in->xl);
	smap_free(in->keys);
	if (in->spool) {
		unlink(in->spool);
		free(in->spool);
	}
	for (i = 0; in->raw && i < in->ncol; i++)
		free(in->raw[i]);
	free(in->raw);
	free(in->map);
	for (i = 0; in->first.f && i < in->first.n; i++)
		free(in->first.f[i]);
	free(in->first.f);
	free(in->first.len);
	free((char *)in->first.bad);
	free(in->own_src);
	memset(in, 0, sizeof *in);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const enum format formats[] = { FMT_AUTO, FMT_CSV, FMT_JSON,
		FMT_XLSX };
	static const int encodings[] = { -1, ENC_UTF8, ENC_CP1252,
		ENC_LATIN1 };
	static const int headers[] = { -1, 0, 1, -1 };
	static const int delims[] = { 0, ';', '|', '\t' };
	static struct input in;
	static char **of;
	static size_t *olen;
	static char path[64];
	size_t ncol;
	int died, p;

	if (size < 2)
		return 0;
	fuzz_memfd(data + 2, size - 2, path);
	memset(&in, 0, sizeof in);
	in.path = path;
	in.fd = -1;
	in.set.format = formats[data[0] & 3];
	in.set.encoding = encodings[(data[0] >> 2) & 3];
	in.set.header = headers[(data[0] >> 4) & 3];
	in.set.delim = delims[(data[0] >> 6) & 3];
	in.set.quote = in.set.delim == '|' ? '\'' : 0;
	p = data[1] & 7;
	in.set.profile = p >= 1 && p <= 5 ? profs[p - 1] : NULL;
	opt.max_field = data[1] & 8 ? 16 : 1024 * 1024;
	of = NULL;
	olen = NULL;

	fuzz_arm();
	if ((died = setjmp(fuzz_env)) == 0) {
		padu_run_begin(&run, "/dev/null", NULL);
		if ((outcols = smap_new()) == NULL)
			die(PADU_EXIT_FAIL, "out of memory");
		smap_put(outcols, "_src", 4, 0, NULL);
		smap_put(outcols, "_row", 4, 1, NULL);
		open_input(&in);
		if ((out = csvio_writer_new(fuzz_devnull())) == NULL)
			die(PADU_EXIT_FAIL, "out of memory");
		ncol = smap_count(outcols);
		of = xcalloc(ncol, sizeof *of);
		olen = xcalloc(ncol, sizeof *olen);
		padu_write_header(out, outcols);
		if (in.format == FMT_JSON)
			rows_json(&in, of, olen, ncol);
		else
			rows_tabular(&in, of, olen, ncol);
	}
	fuzz_disarm();
	if (!died)
		padu_run_end(&run);	/* the run's rejects and counts */
	close_input(&in);
	csvio_writer_free(out);
	out = NULL;
	free(of);
	free(olen);
	smap_free(outcols);
	outcols = NULL;
	buf_free(&scratch);
	if (died)
		fuzz_sweep();
	else
		fuzz_forget();
	return 0;
}
