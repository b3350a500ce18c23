#!/usr/bin/env python3
"""summary.py: bench/RESULTS.md from the benchmark reports bench/RESULTS-*.md.

Each report holds Markdown tables of the form
    | tool | median s | min s | max s | MB/s | peak RSS MB | padu time / tool time |
written by bench/lib.sh from the runs of one `make bench-*` target.  This
script lifts the first table of each task, sets padu beside DuckDB (two
threads, as issue 12 says) and Miller, and checks issue 12's targets.  It
only reads what the reports say: run the benchmarks first (make bench).
"""
import os
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))

# task, report, the table's heading (a regex; None: the first table),
# padu's row, target on padu/duckdb-2t time (None: none), RSS limit MB
TASKS = [
    ("re-emit CSV (padu-cat)", "RESULTS-io.md", None, "padu-cat", 0.5, 20),
    ("parse a Windows-1252 export (padu-parse)", "RESULTS-parse.md", None,
     "padu-parse", None, None),
    ("clean: nama only (padu-clean)", "RESULTS-clean.md", r"^## 1\.",
     "padu-clean", 0.5, 20),
    ("clean: every column (padu-clean)", "RESULTS-clean.md", r"^## 2\.",
     "padu-clean", 0.5, 20),
    ("exact dedupe by nik (padu-dedupe --first)", "RESULTS-dedupe.md",
     r"^## Exact", "padu-dedupe-first", 0.25, 300),
    ("group by desa (padu-aggregate)", "RESULTS-stages.md",
     r"^## padu-aggregate", "padu-aggregate", 1.0, None),
    ("join 200k households onto 2M persons (padu-join)", "RESULTS-stages.md",
     r"^## padu-join", "padu-join", None, None),
    ("Klaten codebook over 2M households (padu-classify)", "RESULTS-stages.md",
     r"^## padu-classify", "padu-classify", None, None),
    ("CSV to JSON Lines (padu-render)", "RESULTS-render.md", None,
     "padu-render", 0.5, None),
]


def table(path, heading):
    """The rows {tool: [median, min, max, MBs, rss]} of the first table
    after the heading (or in the file)."""
    try:
        lines = open(path, encoding="utf-8").read().splitlines()
    except OSError:
        return None
    i = 0
    if heading:
        while i < len(lines) and not re.match(heading, lines[i]):
            i += 1
    rows = {}
    for line in lines[i:]:
        m = re.match(r"^\| ([\w.-]+) \| ([\d.]+) \| ([\d.]+) \| ([\d.]+) \| "
                     r"([\d.]+) \| ([\d.]+) \|", line)
        if m:
            rows[m.group(1)] = [float(x) for x in m.groups()[1:]]
        elif rows:
            break
    return rows or None


def main():
    out = []
    out.append("# padu benchmarks: summary")
    out.append("")
    out.append("Made by `bench/summary.py` (the last step of `make bench`) from the")
    out.append("reports beside it; each report says its machine, data, command lines,")
    out.append("number of runs and statistic (median of 5, min and max, peak RSS; the")
    out.append("pipeline median of 3). Ratios are padu's median time over the peer's:")
    out.append("below 1 padu is faster. Issue 12's targets are against DuckDB on two")
    out.append("threads with padu on one.")
    out.append("")
    out.append("| task | padu s | padu RSS MB | DuckDB 2t s | ratio | DuckDB 1t s | ratio | Miller s | target | met |")
    out.append("|---|---:|---:|---:|---:|---:|---:|---:|---|---|")
    for name, rep, head, padu, target, rss in TASKS:
        rows = table(os.path.join(HERE, rep), head)
        if rows is None or padu not in rows:
            out.append("| %s | not run (%s) | | | | | | | | |" % (name, rep))
            continue
        p = rows[padu]
        d2 = rows.get("duckdb-2t")
        d1 = rows.get("duckdb-1t")
        ml = next((v for k, v in rows.items() if k.startswith("mlr")), None)
        tgt, met = [], []
        if target is not None and d2:
            tgt.append("time <= %g x DuckDB" % target)
            met.append(p[0] <= target * d2[0])
        if rss is not None:
            tgt.append("RSS <= %d MB" % rss)
            met.append(p[4] <= rss)
        out.append("| %s | %.2f | %.1f | %s | %s | %s | %s | %s | %s | %s |" % (
            name, p[0], p[4],
            "%.2f" % d2[0] if d2 else "", "%.2f" % (p[0] / d2[0]) if d2 else "",
            "%.2f" % d1[0] if d1 else "", "%.2f" % (p[0] / d1[0]) if d1 else "",
            "%.2f" % ml[0] if ml else "",
            "; ".join(tgt), ("yes" if all(met) else "no") if met else ""))
    pipe = os.path.join(HERE, "RESULTS-pipeline.md")
    out.append("")
    try:
        text = open(pipe, encoding="utf-8").read()
        m = re.search(r"^Whole run: .*$", text, re.M)
        out.append("The whole Klaten pipeline on fixtures/large (RESULTS-pipeline.md): " +
                   (m.group(0) if m else "no result line") + "")
    except OSError:
        out.append("The whole Klaten pipeline: not run (RESULTS-pipeline.md).")
    if os.path.exists(os.path.join(HERE, "RESULTS-scaling.md")):
        out.append("")
        out.append("How cost grows with rows: RESULTS-scaling.md and scaling.svg.")
    open(os.path.join(HERE, "RESULTS.md"), "w", encoding="utf-8").write(
        "\n".join(out) + "\n")
    sys.stdout.write("\n".join(out) + "\n")


if __name__ == "__main__":
    main()
