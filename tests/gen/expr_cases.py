#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Check the expectations of tests/unit/test-expr.c against sqlite3.

    expr_cases.py tests/unit/test-expr.c

Reads the `cases` table ({ "expression", "want" } rows, want being N, I:..,
R:.. or T:.. as sqlite3's CAST AS TEXT writes the value), evaluates each
expression with Python's sqlite3 module on the table the file's comment
declares, and prints every row whose expectation is not sqlite3's answer.
So the unit test cannot drift into testing padu against itself.  Exits 0
when all agree.  Python 3 standard library only.
"""
import re
import sqlite3
import sys

TABLE = ("CREATE TABLE t(i INTEGER, t TEXT, r REAL, n NUMERIC, e TEXT, "
         "d TEXT, s TEXT, b BLOB, m INTEGER, tx NUMERIC, big NUMERIC, "
         "nik TEXT)")
ROW = ("INSERT INTO t VALUES('5', '5', '2.5', '12', NULL, '1990-06-15', "
       "'Héllo Wörld', '5', '-9223372036854775808', '12abc', "
       "'9223372036854775807', '3310016106500001')")


def c_string(s):
    """The bytes of a C string literal's body, as UTF-8 text."""
    out, i = bytearray(), 0
    while i < len(s):
        if s[i] == "\\":
            nxt = s[i + 1]
            if nxt == "x":
                j = i + 2
                while j < len(s) and s[j] in "0123456789abcdefABCDEF":
                    j += 1
                out.append(int(s[i + 2:j], 16))
                i = j
                continue
            out += {"n": b"\n", "t": b"\t", "\\": b"\\", '"': b'"',
                    "'": b"'"}[nxt]
            i += 2
        else:
            out += s[i].encode()
            i += 1
    return out.decode("utf-8")


def main():
    src = open(sys.argv[1], encoding="utf-8").read()
    body = src[src.index("static const struct kase cases[] = {"):]
    body = body[:body.index("\n};")]
    pairs = re.findall(r'\{ "((?:[^"\\]|\\.)*)",\s*"((?:[^"\\]|\\.)*)" \}',
                       body)
    con = sqlite3.connect(":memory:")
    con.execute(TABLE)
    con.execute(ROW)
    bad = 0
    for e, want in pairs:
        e, want = c_string(e), c_string(want)
        try:
            typ, txt = con.execute("SELECT typeof(%s), CAST(%s AS TEXT) "
                                   "FROM t" % (e, e)).fetchone()
            got = {"null": "N", "integer": "I:%s" % txt,
                   "real": "R:%s" % txt, "text": "T:%s" % txt}[typ]
        except sqlite3.Error as err:
            got = "E:%s" % err
        if got != want:
            bad += 1
            print("%r: sqlite3 gives %r, the table says %r" % (e, got, want))
    print("sqlite %s: %d cases, %d differ" % (sqlite3.sqlite_version,
                                              len(pairs), bad))
    return 1 if bad or not pairs else 0


if __name__ == "__main__":
    sys.exit(main())
