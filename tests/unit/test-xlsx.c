/* SPDX-License-Identifier: MIT */
/*
 * Unit tests of lib/xlsx: the committed workbooks tests/data/xlsx/p3ke.xlsx
 * (made by make.py) and p3ke-lo.xlsx (the same saved by LibreOffice), and
 * workbooks written here, part by part, into a stored (uncompressed) zip
 * archive: cell corners, broken archives and XML, a 2 MB cell, 20,000 rows.
 * Rows are compared as "num:[f1]|[f2]|..." lines.
 */
#define T_NAME "xlsx"
#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <unistd.h>

#include "xlsx.h"
#include "t.h"

#define NS "xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/" \
	"main\" xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/" \
	"2006/relationships\""
#define RELNS "xmlns=\"http://schemas.openxmlformats.org/package/2006/" \
	"relationships\""
#define RT "http://schemas.openxmlformats.org/officeDocument/2006/" \
	"relationships/"

static char tmpl[] = "/tmp/padu-test-xlsx-XXXXXX";
static char *dir;

static uint32_t
crc32_of(const char *s, size_t n)
{
	static uint32_t tab[256];
	uint32_t c = 0xFFFFFFFFu;
	size_t i;
	int k;

	if (tab[1] == 0)
		for (i = 0; i < 256; i++) {
			uint32_t v = (uint32_t)i;
			for (k = 0; k < 8; k++)
				v = v & 1 ? 0xEDB88320u ^ (v >> 1) : v >> 1;
			tab[i] = v;
		}
	for (i = 0; i < n; i++)
		c = tab[(c ^ (unsigned char)s[i]) & 0xFF] ^ (c >> 8);
	return c ^ 0xFFFFFFFFu;
}

static void
le(struct buf *b, uint32_t v, int n)
{
	while (n-- > 0) {
		buf_addc(b, (int)(v & 0xFF));
		v >>= 8;
	}
}

/*
 * Write a stored zip archive of the parts (name, text, name, text, ...,
 * NULL) to dir/file; return its path (static).
 */
static const char *
zip_of(const char *file, ...)
{
	static char path[256];
	struct buf z = BUF_INIT, cd = BUF_INIT;
	const char *name, *text;
	uint32_t crc, n, nl, cdsize;
	unsigned count = 0;
	va_list ap;
	FILE *fp;

	va_start(ap, file);
	while ((name = va_arg(ap, const char *)) != NULL) {
		text = va_arg(ap, const char *);
		n = (uint32_t)strlen(text);
		nl = (uint32_t)strlen(name);
		crc = crc32_of(text, n);
		/* central directory entry */
		le(&cd, 0x02014b50, 4); le(&cd, 20, 2); le(&cd, 20, 2);
		le(&cd, 0, 2); le(&cd, 0, 2); le(&cd, 0, 2); le(&cd, 0x21, 2);
		le(&cd, crc, 4); le(&cd, n, 4); le(&cd, n, 4); le(&cd, nl, 2);
		le(&cd, 0, 2); le(&cd, 0, 2); le(&cd, 0, 2); le(&cd, 0, 2);
		le(&cd, 0, 4); le(&cd, (uint32_t)z.len, 4);
		buf_add(&cd, name, nl);
		/* local header and data */
		le(&z, 0x04034b50, 4); le(&z, 20, 2); le(&z, 0, 2);
		le(&z, 0, 2); le(&z, 0, 2); le(&z, 0x21, 2);
		le(&z, crc, 4); le(&z, n, 4); le(&z, n, 4); le(&z, nl, 2);
		le(&z, 0, 2);
		buf_add(&z, name, nl);
		buf_add(&z, text, n);
		count++;
	}
	va_end(ap);
	cdsize = (uint32_t)cd.len;
	le(&cd, 0x06054b50, 4); le(&cd, 0, 2); le(&cd, 0, 2);
	le(&cd, count, 2); le(&cd, count, 2);
	le(&cd, cdsize, 4); le(&cd, (uint32_t)z.len, 4); le(&cd, 0, 2);
	snprintf(path, sizeof path, "%s/%s", dir, file);
	fp = fopen(path, "wb");
	fwrite(z.p, 1, z.len, fp);
	fwrite(cd.p, 1, cd.len, fp);
	fclose(fp);
	buf_free(&z);
	buf_free(&cd);
	return path;
}

static const char wb_one[] =
    "<workbook " NS "><sheets><sheet name=\"S\" sheetId=\"1\" r:id=\"rId1\"/>"
    "</sheets></workbook>";
static const char rels_one[] =
    "<Relationships " RELNS "><Relationship Id=\"rId1\" Type=\"" RT
    "worksheet\" Target=\"worksheets/sheet1.xml\"/><Relationship Id=\"rId2\" "
    "Type=\"" RT "sharedStrings\" Target=\"sharedStrings.xml\"/>"
    "</Relationships>";

/* A workbook of one sheet "S" with these rows (inside sheetData). */
static const char *
book(const char *rows, const char *sst)
{
	struct buf s = BUF_INIT;
	const char *path;

	buf_printf(&s, "<?xml version=\"1.0\"?>\n<worksheet " NS
	    ">\n<sheetData>%s</sheetData></worksheet>", rows);
	if (sst)
		path = zip_of("book.xlsx", "xl/workbook.xml", wb_one,
		    "xl/_rels/workbook.xml.rels", rels_one,
		    "xl/worksheets/sheet1.xml", s.p,
		    "xl/sharedStrings.xml", sst, (char *)NULL);
	else
		path = zip_of("book.xlsx", "xl/workbook.xml", wb_one,
		    "xl/_rels/workbook.xml.rels", rels_one,
		    "xl/worksheets/sheet1.xml", s.p, (char *)NULL);
	buf_free(&s);
	return path;
}

/* A message without the temporary directory. */
static const char *
short_name(const char *msg)
{
	size_t n = strlen(dir);

	return strncmp(msg, dir, n) == 0 && msg[n] == '/' ? msg + n + 1 : msg;
}

/*
 * All rows of the sheet as lines "num:[a]|[b]", then "ERR: message" on an
 * error; "OPEN: message" when the workbook does not open.
 */
static void
read_all(const char *path, const char *sheet, struct buf *out)
{
	struct csvio_rec rec;
	char *err = NULL;
	xlsx *x = xlsx_open(path, sheet, &err);
	size_t i;
	int rc;

	buf_reset(out);
	if (x == NULL) {
		buf_printf(out, "OPEN: %s", short_name(err ? err : "(null)"));
		free(err);
		return;
	}
	CHECK(err == NULL);
	while ((rc = xlsx_read(x, &rec)) == CSVIO_OK) {
		CHECK(rec.bad == NULL);
		buf_printf(out, "%llu:", rec.num);
		for (i = 0; i < rec.n; i++) {
			CHECK(rec.f[i][rec.len[i]] == '\0');
			buf_printf(out, "%s[", i ? "|" : "");
			buf_add(out, rec.f[i], rec.len[i]);
			buf_addc(out, ']');
		}
		buf_addc(out, '\n');
	}
	if (rc == CSVIO_ERR) {
		buf_printf(out, "ERR: %s", short_name(xlsx_strerror(x)));
		/* sticky */
		CHECK_EQ(xlsx_read(x, &rec), CSVIO_ERR);
	} else {
		CHECK_EQ(xlsx_read(x, &rec), CSVIO_EOF);
	}
	xlsx_close(x);
}

static const char *
data(const char *file)
{
	static char path[1024];
	const char *top = getenv("PADU_TOP");

	snprintf(path, sizeof path, "%s/tests/data/xlsx/%s", top ? top : ".",
	    file);
	return path;
}

/* p3ke.xlsx: the first sheet, every kind of cell (see make.py). */
static void
test_p3ke_cells(void)
{
	struct buf b = BUF_INIT;

	read_all(data("p3ke.xlsx"), NULL, &b);
	CHECK_STR(b.p,
	    "0:[id_keluarga]|[nik]|[nama]|[penghasilan]|[rasio]|[pkh]|[desil]"
	    "|[catatan]\n"
	    "1:[3310010001]|[3.3101141078E+15]|[Siti Aminah]|[1250000]|[0.5]"
	    "|[TRUE]|[#N/A]|[selesai]\n"
	    "2:[]|[baris1\r\nbaris2]|[]|[  spasi  ]|[]|[FALSE]|[]|[inline]\n"
	    "7:[_x000D_ tetap]|[42]|[]|[]|[7]|[8]\n"
	    "8:[]|[]|[]|[]|[]|[]|[]|[]|[]|[]|[]|[]|[]|[]|[]|[]|[]|[]|[]|[]"
	    "|[]|[]|[]|[]|[]|[]|[Sarjono & Sumirah <KK> Ngadirejo]\n"
	    "9:[W\xC3\xB6hrle-\xC3\x91usantara]\n");
	read_all(data("p3ke.xlsx"), "Keluarga", &b);
	CHECK(strncmp(b.p, "0:[id_keluarga]", 15) == 0);
	buf_free(&b);
}

/* The second sheet by name: absolute target, prefixed elements. */
static void
test_p3ke_sheets(void)
{
	struct buf b = BUF_INIT;
	char *err = NULL;
	xlsx *x = xlsx_open(data("p3ke.xlsx"), "Individu", &err);

	CHECK(x != NULL);
	if (x) {
		CHECK_EQ(xlsx_nsheets(x), 2);
		CHECK_STR(xlsx_sheet_name(x, 0), "Keluarga");
		CHECK_STR(xlsx_sheet_name(x, 1), "Individu");
		CHECK(xlsx_sheet_name(x, 2) == NULL);
		xlsx_close(x);
	}
	read_all(data("p3ke.xlsx"), "Individu", &b);
	CHECK_STR(b.p, "0:[nik]|[nama]|[tgl_lahir]\n"
	    "1:[3310114107800001]|[Siti Aminah]|[45292]\n");
	read_all(data("p3ke.xlsx"), "Keluarga ", &b);
	CHECK(strstr(b.p, "/p3ke.xlsx: no sheet named 'Keluarga ' (sheets: "
	    "'Keluarga', 'Individu')") != NULL);
	buf_free(&b);
}

/*
 * p3ke-lo.xlsx: LibreOffice's save of p3ke.xlsx.  It turned the damaged
 * NIK into the number it reads as, dropped the CR before the LF, and made
 * every string shared; the reader shows what it wrote.
 */
static void
test_libreoffice(void)
{
	struct buf b = BUF_INIT;

	read_all(data("p3ke-lo.xlsx"), NULL, &b);
	CHECK_STR(b.p,
	    "0:[id_keluarga]|[nik]|[nama]|[penghasilan]|[rasio]|[pkh]|[desil]"
	    "|[catatan]\n"
	    "1:[3310010001]|[3310114107800000]|[Siti Aminah]|[1250000]|[0.5]"
	    "|[TRUE]|[#N/A]|[selesai]\n"
	    "2:[]|[baris1\nbaris2]|[]|[  spasi  ]|[]|[FALSE]|[]|[inline]\n"
	    "7:[_x000D_ tetap]|[42]|[]|[]|[7]|[8]\n"
	    "8:[]|[]|[]|[]|[]|[]|[]|[]|[]|[]|[]|[]|[]|[]|[]|[]|[]|[]|[]|[]"
	    "|[]|[]|[]|[]|[]|[]|[Sarjono & Sumirah <KK> Ngadirejo]\n"
	    "9:[W\xC3\xB6hrle-\xC3\x91usantara]\n");
	read_all(data("p3ke-lo.xlsx"), "Individu", &b);
	CHECK_STR(b.p, "0:[nik]|[nama]|[tgl_lahir]\n"
	    "1:[3310114107800001]|[Siti Aminah]|[45292]\n");
	buf_free(&b);
}

/* Cells: gaps, missing r, column letters, types, empty and missing rows. */
#define E3 "|[]|[]|[]"
#define E23 E3 E3 E3 E3 E3 E3 E3 "|[]|[]"
#define E24 E23 "|[]"
static void
test_cells(void)
{
	struct buf b = BUF_INIT;
	const char *want;

	read_all(book(
	    "<row r=\"1\"><c r=\"A1\"><v>1</v></c><c r=\"C1\"><v>3</v></c>"
	    "<c r=\"AA1\" t=\"str\"><v>aa</v></c></row>"
	    "<row r=\"2\"><c r=\"Z2\"><v>z</v></c><c><v>aa</v></c>"
	    "<c r=\"AZ2\"><v>az</v></c><c><v>ba</v></c></row>"
	    "<row><c><v>a</v></c><c><v>b</v></c></row>"
	    "<row r=\"6\"><c r=\"XFD6\" t=\"e\"><v>#REF!</v></c></row>"
	    "<row r=\"7\"></row>"
	    "<row r=\"8\"><c r=\"A8\" t=\"s\"/><c r=\"B8\" t=\"str\"><f>\"\"</f>"
	    "<v></v></c><c r=\"C8\" t=\"inlineStr\"><is><t/></is></c></row>"
	    "<row r=\"1048576\"><c r=\"B1048576\" t=\"b\"><v>0</v></c></row>",
	    NULL), NULL, &b);
	want = "0:[1]|[]|[3]" E23 "|[aa]\n"
	    "1:[]" E24 "|[z]|[aa]" E24 "|[az]|[ba]\n"
	    "2:[a]|[b]\n"
	    "5:";
	CHECK(strncmp(b.p, want, strlen(want)) == 0);
	CHECK(strstr(b.p, "[#REF!]\n1048575:[]|[FALSE]\n") != NULL);
	{	/* XFD is column 16384; the end as above */
		const char *p = strstr(b.p, "\n5:");
		size_t n = 0;
		for (p = p ? p + 3 : ""; *p && *p != '\n'; p++)
			n += *p == '[';
		CHECK_EQ(n, 16384);
		CHECK_STR(p, "\n1048575:[]|[FALSE]\n");
	}
	buf_free(&b);
}

/* Shared and inline strings: runs, phonetics, escapes, entities. */
static void
test_strings(void)
{
	struct buf b = BUF_INIT;
	const char *sst =
	    "<sst " NS "><si><t>a_x000D__x000A_b</t></si>"
	    "<si><r><t>x</t></r><rPh><t>NO</t></rPh><r><t xml:space=\"preserve\""
	    "> y </t></r></si>"
	    "<si><t>_xD83D__xDE00_ _xd800_ _x00e9_ _x12_ _x005f_ _X0041_</t></si>"
	    "<si><t>&#x1F600; &amp;&lt;&gt;&quot;&apos; caf\xC3\xA9</t></si>"
	    "<si><t>nul_x0000_nul</t></si>"
	    "<si><t></t></si>"
	    "<si/></sst>";

	read_all(book("<row r=\"1\">"
	    "<c r=\"A1\" t=\"s\"><v>0</v></c><c r=\"B1\" t=\"s\"><v>1</v></c>"
	    "<c r=\"C1\" t=\"s\"><v>2</v></c><c r=\"D1\" t=\"s\"><v>3</v></c>"
	    "<c r=\"E1\" t=\"s\"><v>5</v></c><c r=\"F1\" t=\"s\"><v>6</v></c>"
	    "<c r=\"G1\" t=\"inlineStr\"><is><t>i_x0009_j</t></is></c>"
	    "<c r=\"H1\" t=\"str\"><v>s_x000D_</v></c>"
	    "<c r=\"I1\"><v>n_x000D_</v></c></row>"
	    "<row r=\"2\"><c r=\"A2\" t=\"s\"><v>4</v></c></row>", sst),
	    NULL, &b);
	CHECK_STR(b.p, "0:[a\r\nb]|[x y ]|[\xF0\x9F\x98\x80 _xd800_ \xC3\xA9"
	    " _x12_ _ _X0041_]|[\xF0\x9F\x98\x80 &<>\"' caf\xC3\xA9]|[]|[]"
	    "|[i\tj]|[s\r]|[n_x000D_]\n1:[nul");
	/* the NUL of _x0000_ is kept: the field is 7 bytes */
	{
		struct csvio_rec rec;
		xlsx *x = xlsx_open(book("<row r=\"2\"><c r=\"A2\" t=\"s\">"
		    "<v>4</v></c></row>", sst), NULL, NULL);
		CHECK(x != NULL);
		if (x) {
			CHECK_EQ(xlsx_read(x, &rec), CSVIO_OK);
			CHECK_EQ(rec.n, 1);
			CHECK_EQ(rec.len[0], 7);
			CHECK(memcmp(rec.f[0], "nul\0nul", 8) == 0);
			CHECK_EQ(rec.num, 1);
			xlsx_close(x);
		}
	}
	buf_free(&b);
}

/* Errors inside the sheet: rows before the error come out first. */
static void
test_sheet_errors(void)
{
	static const struct {
		const char *rows;	/* the sheetData */
		const char *want;	/* the rows, then the error */
	} t[] = {
		{ "<row r=\"1\"><c r=\"A1\" t=\"s\"><v>1</v></c></row>"
		  "<row r=\"2\"><c r=\"A2\" t=\"s\"><v>0</v></c>"
		  "<c r=\"B2\" t=\"s\"><v>2</v></c></row>",
		  "0:[b]\nERR: book.xlsx: sheet 'S', cell B2: shared string "
		  "index '2' out of range (2 strings)" },
		{ "<row r=\"1\"><c r=\"A1\" t=\"s\"><v>x1</v></c></row>",
		  "ERR: book.xlsx: sheet 'S', cell A1: shared string index "
		  "'x1' out of range (2 strings)" },
		{ "<row r=\"1\"><c r=\"A1\"><v>1</v></c></row>\n"
		  "<row r=\"2\"><c r=\"A2\"><v>2</c></row>",
		  "0:[1]\nERR: book.xlsx: xl/worksheets/sheet1.xml:4:28: "
		  "mismatched tag" },
		{ "<row r=\"3\"><c><v>1</v></c></row><row r=\"2\"/>",
		  "2:[1]\nERR: book.xlsx: sheet 'S': row 2 after row 3 (rows "
		  "out of order)" },
		{ "<row r=\"1\"><c r=\"B1\"><v>1</v></c><c r=\"A1\">"
		  "<v>2</v></c></row>",
		  "ERR: book.xlsx: sheet 'S': cell A1 after B1 (cells out of "
		  "order)" },
		{ "<row r=\"x\"/>",
		  "ERR: book.xlsx: sheet 'S': bad row number 'x'" },
		{ "<row r=\"1\"><c r=\"XFE1\"><v>1</v></c></row>",
		  "ERR: book.xlsx: sheet 'S', row 1: bad cell reference "
		  "'XFE1'" },
		{ "<row r=\"1\"><c r=\"1A\"><v>1</v></c></row>",
		  "ERR: book.xlsx: sheet 'S', row 1: bad cell reference '1A'" },
		{ "<row r=\"1\"><c r=\"XFD1\"><v>1</v></c><c><v>2</v></c>"
		  "</row>",
		  "ERR: book.xlsx: sheet 'S', row 1: more than 16384 "
		  "columns" },
	};
	struct buf b = BUF_INIT;
	const char *sst = "<sst " NS "><si><t>a</t></si><si><t>b</t></si></sst>";
	size_t i;

	for (i = 0; i < sizeof t / sizeof t[0]; i++) {
		read_all(book(t[i].rows, sst), NULL, &b);
		CHECK_STR(b.p, t[i].want);
	}
	/* a sheet cut short */
	read_all(zip_of("cut.xlsx", "xl/workbook.xml", wb_one,
	    "xl/_rels/workbook.xml.rels", rels_one, "xl/worksheets/sheet1.xml",
	    "<worksheet " NS ">\n<sheetData><row r=\"1\"><c><v>1</v></c></row>"
	    "<row r=\"2\"><c><v>2", (char *)NULL), NULL, &b);
	CHECK_STR(b.p, "0:[1]\nERR: cut.xlsx: xl/worksheets/sheet1.xml:2:62: "
	    "no element found");
	/* a damaged archive: the CRC check fails after the last row */
	{
		const char *p = book("<row r=\"1\"><c><v>1</v></c></row>", sst);
		char *at = NULL, *z;
		long n, k;
		FILE *fp = fopen(p, "r+b");

		z = malloc(1 << 16);
		n = (long)fread(z, 1, 1 << 16, fp);
		for (k = 0; at == NULL && k + 8 <= n; k++)	/* in the sheet */
			if (memcmp(z + k, "<v>1</v>", 8) == 0)
				at = z + k;
		CHECK(at != NULL);
		if (at) {
			fseek(fp, (long)(at - z) + 3, SEEK_SET);
			fputc('7', fp);
		}
		fclose(fp);
		free(z);
		read_all(p, NULL, &b);
		CHECK_STR(b.p, "0:[7]\nERR: book.xlsx: xl/worksheets/sheet1.xml: "
		    "read error: CRC error");
	}
	/* no sharedStrings part: no index is in range */
	read_all(book("<row r=\"1\"><c r=\"C1\" t=\"s\"><v>0</v></c></row>",
	    NULL), NULL, &b);
	CHECK_STR(b.p, "ERR: book.xlsx: sheet 'S', cell C1: shared string "
	    "index '0' out of range (0 strings)");
	buf_free(&b);
}

/* Opening: not a workbook, missing parts, the sheet by name. */
static void
test_open_errors(void)
{
	struct buf b = BUF_INIT;
	char path[512], *err = NULL;
	const char *p, *s;
	FILE *fp;

	read_all("/nonexistent/p3ke.xlsx", NULL, &b);
	CHECK_STR(b.p, "OPEN: /nonexistent/p3ke.xlsx: cannot open: No such "
	    "file or directory");
	read_all(dir, NULL, &b);
	CHECK(strstr(b.p, ": cannot open: Is a directory") != NULL);
	snprintf(path, sizeof path, "%s/p3ke.csv", dir);
	fp = fopen(path, "w");
	fputs("nik,nama\n3310,Siti\n", fp);
	fclose(fp);
	read_all(path, NULL, &b);
	CHECK_STR(b.p, "OPEN: p3ke.csv: not an XLSX workbook (not a zip "
	    "archive)");
	fp = fopen(path, "w");
	fputs("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1 and more bytes of an xls", fp);
	fclose(fp);
	read_all(path, NULL, &b);
	CHECK_STR(b.p, "OPEN: p3ke.csv: not an XLSX workbook (an OLE2 file: an "
	    "Excel 97-2003 .xls, or an encrypted workbook)");
	fp = fopen(path, "w");
	fclose(fp);
	read_all(path, NULL, &b);
	CHECK_STR(b.p, "OPEN: p3ke.csv: not an XLSX workbook (not a zip "
	    "archive)");

	p = zip_of("p3ke.xlsx", "word/document.xml", "<w/>", (char *)NULL);
	read_all(p, NULL, &b);
	CHECK_STR(b.p, "OPEN: p3ke.xlsx: not an XLSX workbook (no "
	    "xl/workbook.xml)");
	p = zip_of("p3ke.xlsx", "xl/workbook.xml", wb_one, (char *)NULL);
	read_all(p, NULL, &b);
	CHECK_STR(b.p, "OPEN: p3ke.xlsx: not an XLSX workbook (no "
	    "xl/_rels/workbook.xml.rels)");
	p = zip_of("p3ke.xlsx", "xl/workbook.xml", wb_one,
	    "xl/_rels/workbook.xml.rels", rels_one, (char *)NULL);
	read_all(p, NULL, &b);
	CHECK_STR(b.p, "OPEN: p3ke.xlsx: sheet 'S': no part "
	    "xl/worksheets/sheet1.xml in the workbook");
	p = zip_of("p3ke.xlsx", "xl/workbook.xml", "<workbook " NS "><sheets>"
	    "</sheets></workbook>", (char *)NULL);
	read_all(p, NULL, &b);
	CHECK_STR(b.p, "OPEN: p3ke.xlsx: the workbook has no sheets");
	p = zip_of("p3ke.xlsx", "xl/workbook.xml", "<workbook " NS "><sheets>"
	    "<sheet name=\"A\" r:id=\"rId1\"/>\n<sheet name=\"B\" r:id=\"rId1\""
	    "></sheet", (char *)NULL);
	read_all(p, NULL, &b);
	CHECK_STR(b.p, "OPEN: p3ke.xlsx: xl/workbook.xml:2:29: unclosed token");

	/* sheets by name; a chartsheet; a sheet without relationship */
	s = "<workbook " NS "><sheets>"
	    "<sheet name=\"Sheet1\" sheetId=\"1\" r:id=\"rId1\"/>"
	    "<sheet name=\"Grafik\" sheetId=\"2\" r:id=\"rId2\"/>"
	    "<sheet name=\"Individu\" sheetId=\"3\" r:id=\"rId3\"/>"
	    "<sheet name=\"Lost\" sheetId=\"4\" r:id=\"rId9\"/>"
	    "<sheet name=\"Web\" sheetId=\"5\" r:id=\"rId4\"/>"
	    "</sheets></workbook>";
	p = zip_of("two.xlsx", "xl/workbook.xml", s,
	    "xl/_rels/workbook.xml.rels", "<Relationships " RELNS ">"
	    "<Relationship Id=\"rId1\" Type=\"" RT "worksheet\" "
	    "Target=\"./worksheets/../worksheets/a.xml\"/>"
	    "<Relationship Id=\"rId2\" Type=\"" RT "chartsheet\" "
	    "Target=\"chartsheets/sheet1.xml\"/>"
	    "<Relationship Id=\"rId3\" Type=\"" RT "worksheet\" "
	    "Target=\"/data/b.xml\"/>"
	    "<Relationship Id=\"rId4\" Type=\"" RT "worksheet\" "
	    "Target=\"http://example.org/s.xml\" TargetMode=\"External\"/>"
	    "</Relationships>",
	    "xl/worksheets/a.xml", "<worksheet " NS "><sheetData><row r=\"1\">"
	    "<c t=\"inlineStr\"><is><t>a</t></is></c></row></sheetData>"
	    "</worksheet>",
	    "data/b.xml", "<worksheet " NS "><sheetData><row r=\"1\">"
	    "<c t=\"inlineStr\"><is><t>b</t></is></c></row></sheetData>"
	    "</worksheet>", (char *)NULL);
	read_all(p, NULL, &b);
	CHECK_STR(b.p, "0:[a]\n");
	read_all(p, "Individu", &b);
	CHECK_STR(b.p, "0:[b]\n");
	read_all(p, "Grafik", &b);
	CHECK_STR(b.p, "OPEN: two.xlsx: sheet 'Grafik' is not a worksheet "
	    "(chartsheet)");
	read_all(p, "Web", &b);
	CHECK_STR(b.p, "OPEN: two.xlsx: sheet 'Web' is not a worksheet "
	    "(external)");
	read_all(p, "Lost", &b);
	CHECK_STR(b.p, "OPEN: two.xlsx: sheet 'Lost': no relationship 'rId9' in "
	    "xl/_rels/workbook.xml.rels");
	CHECK(xlsx_open(p, "Keluarga", &err) == NULL);
	CHECK(err && strstr(err, "/two.xlsx: no sheet named 'Keluarga' "
	    "(sheets: 'Sheet1', 'Grafik', 'Individu', 'Lost', 'Web')") != NULL);
	free(err);
	CHECK(xlsx_open(p, "individu", NULL) == NULL);	/* names are exact */

	/* broken shared strings are an error at open */
	p = zip_of("p3ke.xlsx", "xl/workbook.xml", wb_one,
	    "xl/_rels/workbook.xml.rels", rels_one,
	    "xl/sharedStrings.xml", "<sst><si><t>a</si></sst>",
	    "xl/worksheets/sheet1.xml", "<worksheet/>", (char *)NULL);
	read_all(p, NULL, &b);
	CHECK_STR(b.p, "OPEN: p3ke.xlsx: xl/sharedStrings.xml:1:16: mismatched "
	    "tag");
	buf_free(&b);
}

/* A 2 MB cell, shared and inline: no fixed limits. */
static void
test_huge_cell(void)
{
	struct buf big = BUF_INIT, rows = BUF_INIT, sst = BUF_INIT;
	struct csvio_rec rec;
	size_t i, n = 2 * 1024 * 1024;
	xlsx *x;

	for (i = 0; i < n; i++)
		buf_addc(&big, 'a' + (int)(i % 26));
	buf_printf(&sst, "<sst " NS "><si><t>%s</t></si></sst>", big.p);
	buf_printf(&rows, "<row r=\"1\"><c t=\"s\"><v>0</v></c>"
	    "<c t=\"inlineStr\"><is><t>%s</t></is></c><c><v>1</v></c></row>"
	    "<row r=\"2\"><c><v>2</v></c></row>", big.p);
	x = xlsx_open(book(rows.p, sst.p), NULL, NULL);
	CHECK(x != NULL);
	if (x) {
		CHECK_EQ(xlsx_read(x, &rec), CSVIO_OK);
		CHECK_EQ(rec.n, 3);
		CHECK_EQ(rec.len[0], n);
		CHECK_EQ(rec.len[1], n);
		CHECK(rec.n == 3 && memcmp(rec.f[0], big.p, n) == 0);
		CHECK(rec.n == 3 && memcmp(rec.f[1], big.p, n) == 0);
		CHECK(rec.n == 3 && strcmp(rec.f[2], "1") == 0);
		CHECK_EQ(xlsx_read(x, &rec), CSVIO_OK);
		CHECK_EQ(rec.num, 1);
		CHECK_EQ(xlsx_read(x, &rec), CSVIO_EOF);
		xlsx_close(x);
	}
	buf_free(&big);
	buf_free(&rows);
	buf_free(&sst);
}

/* 20,000 rows stream through (make valgrind watches the memory). */
static void
test_many_rows(void)
{
	struct buf rows = BUF_INIT;
	struct csvio_rec rec;
	unsigned long long k = 0, bad = 0;
	char want[64];
	xlsx *x;
	int rc;

	buf_printf(&rows, "<row r=\"1\"><c t=\"inlineStr\"><is><t>nik</t></is>"
	    "</c><c t=\"inlineStr\"><is><t>nama</t></is></c></row>");
	for (k = 2; k <= 20001; k++)
		buf_printf(&rows, "<row r=\"%llu\"><c r=\"A%llu\"><v>%llu</v></c>"
		    "<c r=\"C%llu\" t=\"inlineStr\"><is><t>Warga %llu</t></is>"
		    "</c></row>", k, k, 3310000000000000ULL + k, k, k);
	x = xlsx_open(book(rows.p, NULL), NULL, NULL);
	CHECK(x != NULL);
	if (x == NULL)
		return;
	k = 0;
	while ((rc = xlsx_read(x, &rec)) == CSVIO_OK) {
		if (rec.num != k)
			bad++;
		if (k > 0) {
			snprintf(want, sizeof want, "Warga %llu", k + 1);
			if (rec.n != 3 || rec.len[1] != 0 ||
			    strcmp(rec.f[2], want) != 0)
				bad++;
		}
		k++;
	}
	CHECK_EQ(rc, CSVIO_EOF);
	CHECK_EQ(k, 20001);
	CHECK_EQ(bad, 0);
	xlsx_close(x);
	buf_free(&rows);
}

int
main(void)
{
	char cmd[512];
	int bad;

	dir = mkdtemp(tmpl);
	if (dir == NULL)
		return 1;
	RUN(test_p3ke_cells);
	RUN(test_p3ke_sheets);
	RUN(test_libreoffice);
	RUN(test_cells);
	RUN(test_strings);
	RUN(test_sheet_errors);
	RUN(test_open_errors);
	RUN(test_huge_cell);
	RUN(test_many_rows);
	bad = T_DONE();
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
	if (system(cmd) != 0)
		bad = 1;
	return bad;
}
