#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Differential test of lib/expr against sqlite3.

    expr_diff.py --driver build/obj/tests/test-exprdiff [--seed N]
                 [--rows N] [--exprs N] [--dir DIR] [--show N]

Writes a typed table of random rows (columns of TEXT, INTEGER, REAL,
NUMERIC and BLOB affinity; empty fields are NULL; numeric-looking text,
negative and big numbers, reals, words, LIKE wildcards, non-ASCII) and
random expressions from the grammar lib/expr and SQLite share (everything
but padu's regexp, age and year).  Evaluates every (expression, row) pair
with Python's sqlite3 module on a table declared with those types, and
with padu through the driver, and compares type and value: integers and
text exactly, reals by their IEEE-754 bits and by the text of
CAST(x AS TEXT).

An expression that sqlite3 refuses (it cannot: the generator writes valid
SQL) or that fails at run time (abs() of the smallest integer: SQLite
raises an error, padu returns NULL by design) is left out and counted.

Expressions that sqlite3 cannot prepare (the generator's unparenthesized
operands sometimes make one) must not compile in padu either.

Prints a summary and the first differences; exits 0 when there are none
and at least --min-pairs pairs were compared.  Python 3 standard library only; the
same seed gives the same tables and expressions.
"""
import argparse
import os
import random
import sqlite3
import struct
import subprocess
import sys
import tempfile

COLUMNS = [  # name, declared type (SQLite), affinity (padu)
    ("t1", "TEXT", "text"), ("t2", "TEXT", "text"),
    ("i1", "INTEGER", "integer"), ("i2", "INTEGER", "integer"),
    ("r1", "REAL", "real"), ("r2", "REAL", "real"),
    ("n1", "NUMERIC", "numeric"), ("n2", "NUMERIC", "numeric"),
    ("b1", "BLOB", "none"),
]

WORDS = ["abc", "ABC", "Abc", "x", "y", "ya", "tidak", "Ya", "TIDAK",
         "a%b", "a_b", "%", "_", "héllo", "HÉLLO", "ÀÉÎ", "straße", "日本",
         "Klaten", "klaten", "KLATEN", "Jl. Merdeka 5", "a'b", "\\", "a\\b",
         "2020-02-29", "1990-06-15", "2023-13-01", "0x10", "NaN", "inf",
         "Infinity", "1e", "1e+", ".", "-", "+", "e5", " ", "  ", "-abc"]

NUMERIC_TEXT = ["0", "1", "-1", "2", "3", "10", "42", "100", "007", "-0",
                "+5", " 12 ", "12abc", "1.5abc", "0.0", "-0.0", "1.0",
                "2.50", "3.14", "-2.5", ".5", "5.", "1e3", "1E3", "1.5e-3",
                "-1e-7", "2.5e+2", "1e400", "-1e400", "1e-400",
                "9223372036854775807", "-9223372036854775808",
                "9223372036854775808", "-9223372036854775809",
                "12345678901234567890", "9007199254740993",
                "2251799813685248", "2251799813685247", "4503599627370497",
                "0.1", "0.2", "0.3", "1e15", "1e16", "123456789012345",
                "1234567890123456", "0.000123", "1e-5", "99999999999999999",
                " 7", "7 ", "\t8", "1,5", "1.000.000", "00", "-00.5"]


def rand_number_text(rng):
    k = rng.random()
    if k < 0.3:
        return str(rng.randint(-20, 20))
    if k < 0.45:
        return str(rng.randint(-10**6, 10**6))
    if k < 0.55:
        return str(rng.choice([-1, 1]) * rng.randint(0, 2**63 - 1)
                   >> rng.randint(0, 62))
    if k < 0.7:
        digits = rng.randint(1, 6)
        return "%.*f" % (rng.randint(0, 4),
                         rng.uniform(-10**digits, 10**digits))
    if k < 0.8:
        return repr(rng.uniform(-1000, 1000))     # 17 significant digits
    if k < 0.9:
        return "%de%d" % (rng.randint(-99, 99), rng.randint(-30, 30))
    return repr(rng.choice([-1, 1]) * rng.random() * 10 ** rng.randint(-20,
                                                                       25))


def rand_field(rng):
    k = rng.random()
    if k < 0.15:
        return ""
    if k < 0.45:
        return rng.choice(NUMERIC_TEXT)
    if k < 0.75:
        return rand_number_text(rng)
    return rng.choice(WORDS)


def sql_str(s):
    return "'" + s.replace("'", "''") + "'"


class Gen:
    """Random expressions of the shared grammar."""

    def __init__(self, rng):
        self.rng = rng

    def literal(self):
        r = self.rng
        k = r.random()
        if k < 0.3:
            return str(r.choice([0, 1, 2, 3, 5, 10, 42, 100, 7, 0, 1]))
        if k < 0.4:
            return r.choice(["9223372036854775807", "9223372036854775808",
                             "4611686018427387904", "3037000500",
                             "99999999999999999999", "1000000000000"])
        if k < 0.55:
            return r.choice(["1.5", "0.1", "2.0", "0.5", "1e3", "2.5e-3",
                             "1e20", "3.14159", "0.0", "100.0", "1e308",
                             "123456789012345.0", "1.005", "2.675"])
        if k < 0.85:
            return sql_str(r.choice(WORDS + NUMERIC_TEXT + ["", "ab%", "%b",
                                                           "_b_", "A%",
                                                           "%é%", "1%"]))
        if k < 0.93:
            return "NULL"
        return r.choice(["TRUE", "FALSE"])

    def column(self):
        return self.rng.choice(COLUMNS)[0]

    def leaf(self):
        return self.column() if self.rng.random() < 0.55 else self.literal()

    def sub(self, depth):
        """An operand: a leaf, or an expression, mostly parenthesized
        (unparenthesized ones test the precedence)."""
        if depth <= 0 or self.rng.random() < 0.25:
            return self.leaf()
        e = self.expr(depth)
        return "(" + e + ")" if self.rng.random() < 0.85 else e

    def args(self, depth, n):
        return ", ".join(self.expr(depth) for _ in range(n))

    def func(self, depth):
        r = self.rng
        name = r.choice(["coalesce", "ifnull", "nullif", "lower", "upper",
                         "trim", "ltrim", "rtrim", "length", "substr",
                         "substring", "abs", "round", "min", "max",
                         "typeof", "COALESCE", "Round"])
        low = name.lower()
        if low == "coalesce":
            n = r.randint(2, 4)
        elif low in ("ifnull", "nullif"):
            n = 2
        elif low in ("min", "max"):
            n = r.randint(2, 4)
        elif low in ("trim", "ltrim", "rtrim", "round"):
            n = r.randint(1, 2)
        elif low in ("substr", "substring"):
            n = r.randint(2, 3)
        else:
            n = 1
        if low in ("trim", "ltrim", "rtrim") and n == 2 and r.random() < .7:
            return "%s(%s, %s)" % (name, self.expr(depth),
                                   sql_str(r.choice([" ", "x", "0", "ab",
                                                     "é", " .0", "1-"])))
        if low in ("substr", "substring") and r.random() < 0.7:
            a = [self.expr(depth), str(r.randint(-6, 6))]
            if n == 3:
                a.append(str(r.randint(-6, 6)))
            return "%s(%s)" % (name, ", ".join(a))
        if low == "round" and n == 2 and r.random() < 0.7:
            return "%s(%s, %d)" % (name, self.expr(depth), r.randint(-1, 8))
        return "%s(%s)" % (name, self.args(depth, n))

    def expr(self, depth):
        r = self.rng
        if depth <= 0 or r.random() < 0.2:
            return self.leaf()
        d = depth - 1
        k = r.random()
        if k < 0.06:
            # A space after '-': "--" would start a comment.
            return r.choice(["- ", "+ ", "NOT ", "not "]) + self.sub(d)
        if k < 0.24:
            op = r.choice(["+", "-", "*", "/", "%", "||", "+", "-", "*"])
            return "%s %s %s" % (self.sub(d), op, self.sub(d))
        if k < 0.42:
            op = r.choice(["=", "==", "!=", "<>", "<", "<=", ">", ">=",
                           "IS", "IS NOT", "IS DISTINCT FROM",
                           "IS NOT DISTINCT FROM", "=", "<", ">"])
            return "%s %s %s" % (self.sub(d), op, self.sub(d))
        if k < 0.50:
            op = r.choice(["AND", "OR", "and", "or"])
            return "%s %s %s" % (self.sub(d), op, self.sub(d))
        if k < 0.54:
            op = r.choice(["IS NULL", "IS NOT NULL", "ISNULL", "NOTNULL",
                           "NOT NULL"])
            return "%s %s" % (self.sub(d), op)
        if k < 0.60:
            items = ", ".join(self.expr(d) for _ in range(r.randint(0, 4)))
            return "%s %sIN (%s)" % (self.sub(d),
                                     r.choice(["", "NOT "]), items)
        if k < 0.66:
            return "%s %sBETWEEN %s AND %s" % (
                self.sub(d), r.choice(["", "NOT "]), self.sub(d),
                self.sub(d))
        if k < 0.72:
            if r.random() < 0.6:
                pat = sql_str(r.choice(["a%", "%b%", "_b_", "A_C", "%",
                                        "", "1%", "%.5", "h_llo", "%É%",
                                        "%é%", "k%N", "a\\%b", "a\\_%",
                                        "%\\\\%", "__", "%%a"]))
            else:
                pat = self.sub(d)
            like = "%s %sLIKE %s" % (self.sub(d), r.choice(["", "NOT "]),
                                     pat)
            if r.random() < 0.25:
                # SQLite's ESCAPE operand would take in what follows
                # (x LIKE p ESCAPE '\' < 1); padu wants a literal.
                return "(%s ESCAPE '\\')" % like
            return like
        if k < 0.80:
            whens = " ".join("WHEN %s THEN %s" % (self.expr(d), self.expr(d))
                             for _ in range(r.randint(1, 3)))
            base = self.expr(d) + " " if r.random() < 0.5 else ""
            els = " ELSE " + self.expr(d) if r.random() < 0.6 else ""
            return "CASE %s%s%s END" % (base, whens, els)
        if k < 0.86:
            return "CAST(%s AS %s)" % (self.expr(d), r.choice(
                ["INTEGER", "REAL", "TEXT", "NUMERIC", "int", "VARCHAR",
                 "DOUBLE", "DECIMAL"]))
        return self.func(d)


def canon_sqlite(typ, val, text):
    if typ == b"null":
        return "N"
    if typ == b"integer":
        return "I %d" % val
    if typ == b"real":
        bits = struct.unpack("<Q", struct.pack("<d", val))[0]
        return "R %d %s" % (bits, text.decode())
    return "T " + (val if isinstance(val, bytes) else val.encode()).hex()


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--driver", required=True)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--rows", type=int, default=250)
    ap.add_argument("--exprs", type=int, default=2000)
    ap.add_argument("--depth", type=int, default=5)
    ap.add_argument("--dir", help="keep the inputs and outputs here")
    ap.add_argument("--show", type=int, default=10,
                    help="differences to print")
    ap.add_argument("--min-pairs", type=int, default=1,
                    help="fail unless at least this many pairs compared")
    o = ap.parse_args()
    rng = random.Random(o.seed)

    rows = [[rand_field(rng) for _ in COLUMNS] for _ in range(o.rows)]
    gen = Gen(rng)
    exprs = [gen.expr(rng.randint(1, o.depth)) for _ in range(o.exprs)]

    con = sqlite3.connect(":memory:")
    con.text_factory = bytes
    con.execute("CREATE TABLE t(%s)" % ", ".join(
        "%s %s" % (n, t) for n, t, _ in COLUMNS))
    con.executemany("INSERT INTO t VALUES (%s)" % ", ".join(
        "?" * len(COLUMNS)), [[v if v != "" else None for v in row]
                              for row in rows])
    kept, expected, refused, invalid = [], [], {}, []
    for e in exprs:
        try:
            con.execute("EXPLAIN SELECT %s FROM t" % e)
        except sqlite3.Error as err:
            invalid.append(e)       # padu must refuse it too
            continue
        try:
            res = con.execute("SELECT typeof(%s), %s, CAST(%s AS TEXT) "
                              "FROM t ORDER BY rowid" % (e, e, e)).fetchall()
        except sqlite3.Error as err:
            refused[str(err)] = refused.get(str(err), 0) + 1
            continue
        kept.append(e)
        expected.extend(canon_sqlite(*r) for r in res)

    work = o.dir or tempfile.mkdtemp(prefix="expr-diff.")
    os.makedirs(work, exist_ok=True)
    rpath = os.path.join(work, "rows.tsv")
    epath = os.path.join(work, "exprs.txt")
    with open(rpath, "w", encoding="utf-8") as f:
        f.write("\t".join("%s:%s" % (n, a) for n, _, a in COLUMNS) + "\n")
        for row in rows:
            f.write("\t".join(v.encode().hex() for v in row) + "\n")
    with open(epath, "w", encoding="utf-8") as f:
        for e in kept:
            f.write(e + "\n")
    ipath = os.path.join(work, "invalid.txt")
    with open(ipath, "w", encoding="utf-8") as f:
        for e in invalid:
            f.write(e + "\n")
    out = subprocess.run([o.driver, rpath, epath], stdout=subprocess.PIPE,
                         check=False)
    if out.returncode != 0:
        print("driver exited %d" % out.returncode)
        return 1
    got = out.stdout.decode("utf-8", "replace").split("\n")[:-1]
    # Expressions sqlite3 cannot prepare: padu must refuse them too.
    out = subprocess.run([o.driver, rpath, ipath], stdout=subprocess.PIPE,
                         check=False)
    accepted = [e for i, e in enumerate(invalid)
                if not out.stdout.split(b"\n")[i * o.rows].startswith(b"E")]
    if o.dir:
        with open(os.path.join(work, "expected.txt"), "w") as f:
            f.write("\n".join(expected) + "\n")
    else:
        for p in (rpath, epath, ipath):
            os.unlink(p)
        os.rmdir(work)

    pairs = len(expected)
    bad = 0
    bad_exprs = set()
    for i, (want, have) in enumerate(zip(expected, got)):
        if want != have:
            bad += 1
            e = kept[i // o.rows]
            if bad <= o.show:
                row = rows[i % o.rows]
                print("DIFF expr: %s" % e)
                print("     row:  %s" % ", ".join(
                    "%s=%r" % (c[0], v) for c, v in zip(COLUMNS, row)))
                print("     sqlite3: %s" % want)
                print("     padu:    %s" % have)
            bad_exprs.add(e)
    if len(got) != pairs:
        print("padu wrote %d results, sqlite3 %d" % (len(got), pairs))
        bad += 1
    for e in accepted[:o.show]:
        print("ACCEPTED by padu, refused by sqlite3: %s" % e)
    bad += len(accepted)
    print("sqlite %s, seed %d: %d rows x %d expressions = %d pairs, "
          "%d differ (in %d expressions); %d invalid expressions, all "
          "refused by both%s; %d left out (a run-time error in sqlite3) %s"
          % (sqlite3.sqlite_version, o.seed, o.rows, len(kept), pairs, bad,
             len(bad_exprs), len(invalid), " but %d" % len(accepted)
             if accepted else "", len(exprs) - len(kept) - len(invalid),
             refused or ""))
    if pairs < o.min_pairs:
        print("only %d pairs, fewer than %d" % (pairs, o.min_pairs))
        return 1
    return 0 if bad == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
