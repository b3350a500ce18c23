/* SPDX-License-Identifier: MIT */
/* Unit tests of lib/sniff: delimiters, quotes, line ends, encodings. */
#define T_NAME "sniff"
#include "sniff.h"
#include "t.h"

static struct sniff
sn(const char *s, int eof)
{
	struct sniff d;

	sniff_dialect(s, strlen(s), eof, &d);
	return d;
}

static void
test_delimiters(void)
{
	CHECK_EQ(sn("a,b,c\n1,2,3\n", 1).delim, ',');
	CHECK_EQ(sn("nik;nama;alamat\r\n1;Ani;\"Jl. A, 5\"\r\n", 1).delim, ';');
	CHECK_EQ(sn("\"iddtks\"|\"nama\"\n\"1\"|\"Ani, S\"\n", 1).delim, '|');
	CHECK_EQ(sn("a\tb\n1\t2\n", 1).delim, '\t');
	/* Commas inside values do not fool it: ';' is consistent. */
	CHECK_EQ(sn("nama;pendapatan\nAni;1,5\nBudi;2\nCici;3,25,1\n", 1).delim,
	    ';');
	/* A quoted line break does not end a line. */
	CHECK_EQ(sn("a|b\n\"x\ny\"|2\n3|4\n", 1).delim, '|');
	CHECK_EQ(sn("single\n1\n", 1).delim, ',');
}

static void
test_details(void)
{
	struct sniff d = sn("\xEF\xBB\xBF" "a;b\r\n1;2\r\n", 1);

	CHECK(d.bom);
	CHECK(d.crlf);
	CHECK(d.utf8);
	CHECK_EQ(d.delim, ';');
	d = sn("a,b\r1,2\r", 1);
	CHECK(d.cr);
	CHECK(!d.crlf);
	d = sn("nama;desa\nJos\xe9;Wedi\n", 1);	/* Windows-1252 */
	CHECK(!d.utf8);
	d = sn("nama\nJos\xc3", 0);		/* cut é at the sample's end */
	CHECK(d.utf8);
	d = sn("nama\nJos\xc3", 1);		/* ... but not at the input's */
	CHECK(!d.utf8);
	d = sn("'a','b'\n'1','2'\n", 1);
	CHECK_EQ(d.quote, '\'');
	CHECK_EQ(sn("", 1).lines, 0);
	CHECK_EQ(sniff_dialect("", 0, 1, &d), -1);
	CHECK_EQ(sniff_dialect("a,b", 3, 1, &d), 0);	/* no final LF */
	CHECK_EQ(d.lines, 1);
}

static void
test_header(void)
{
	/* Headers over numbers, codes, dates. */
	CHECK(sn("nik,nama\n3310016106500001,Ani\n3310016106500002,Budi\n", 1).header);
	CHECK(sn("\"iddtks\"|\"nama\"\n\"100000001\"|\"Ani\"\n", 1).header);
	CHECK(sn("No,NAMA ,  NIK\n1,Ani,3.31E+15\n2,Budi,3310012309060001\n", 1).header);
	/* Header only, or text everywhere: a header. */
	CHECK(sn("nik;nama;desa\n", 1).header);
	CHECK(sn("nama,desa\nAni,Sengon\nBudi,Wedi\n", 1).header);
	/* A first line of data. */
	CHECK(!sn("3310016106500001,Ani\n3310016106500002,Budi\n", 1).header);
	CHECK(!sn("Ani;21/06/1950;Sengon\nBudi;01/02/1960;Wedi\n", 1).header);
	CHECK(!sn("Ani,Klaten\nBudi,Klaten\n", 1).header);	/* repeats */
	/* Fixed-length codes under a name of another length. */
	CHECK(sn("kode,nama\nAB12,x\nCD34,y\n", 1).header);
	/* A blank header name does not vote. */
	CHECK(sn(",nama\n1,Ani\n", 1).header);
}

int
main(void)
{
	RUN(test_delimiters);
	RUN(test_header);
	RUN(test_details);
	return T_DONE();
}
