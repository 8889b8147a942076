#!/usr/bin/env python3
"""tests/reportfmt.py — a report's CSV and xlsx tables against its PDF.

Usage: reportfmt.py REPORT.pdf REPORT.csv REPORT.xlsx

Prints one "ok"/"not ok" line per comparison (TAP-like, as
tests/reconcile.py) and exits 1 when any fails:
  - the CSV (kefu report --format csv) and the workbook (--format xlsx)
    hold the same tables, headings, rows and row kinds, every workbook
    cell a string cell;
  - each table's rows, in order, are on the PDF's pages (pdftotext
    -layout): for each row, its figures (cells that are a number, a date
    or an amount, like 2,500.00) and, for a group heading or a total, its
    label appear on one line of the PDF, in the row's order, each line
    after the previous row's. A row the PDF lacks, an extra or a changed
    figure, or rows out of order fail it.
"""
import csv
from collections import Counter
import re
import subprocess
import sys

import openpyxl

FIG = re.compile(r"^-?[0-9][0-9,.:/%\-]*$")
AMOUNT = re.compile(r"^-?[0-9]{1,3}(,[0-9]{3})*\.[0-9][0-9]$")
WINDOW = 400   # tokens a row's figures may spread over (wrapped cells, landscape pages)
results = []


def check(name, cond, detail=""):
    results.append(cond)
    print(("ok " if cond else "not ok ") + name + ("" if cond else ": " + detail))


def unneutral(v):
    # util_csv_cell_safe puts "'" before = + - @ tab CR
    return v[1:] if len(v) > 1 and v[0] == "'" and v[1] in "=+-@\t\r" else v


def read_csv(path):
    tabs = {}
    order = []
    with open(path, newline="", encoding="utf-8") as f:
        for rec in csv.reader(f):
            name, kind, cells = rec[0], rec[1], [unneutral(c) for c in rec[2:]]
            if kind == "head":
                tabs[name] = {"head": cells, "rows": []}
                order.append(name)
            else:
                while cells and cells[-1] == "":
                    cells.pop()
                tabs[name]["rows"].append((kind, cells))
    return order, tabs


def read_xlsx(path):
    wb = openpyxl.load_workbook(path)
    tabs = {}
    nonstr = []
    for ws in wb.worksheets:
        rows = list(ws.iter_rows())
        head = [c.value or "" for c in rows[0]]
        body = []
        for r in rows[1:]:
            for c in r:
                if c.value is not None and c.data_type != "s":
                    nonstr.append("%s!%s" % (ws.title, c.coordinate))
            vals = [c.value if c.value is not None else "" for c in r]
            vals += [""] * (len(head) - len(vals))
            kind, vals = vals[-1], vals[:-1]
            while vals and vals[-1] == "":
                vals.pop()
            body.append((kind, vals))
        tabs[ws.title] = {"head": head[:-1], "rows": body}
    return wb.sheetnames, tabs, nonstr


def tokens(text):
    return text.split()


def main():
    pdf, csvp, xlsxp = sys.argv[1:4]
    order, ct = read_csv(csvp)
    xorder, xt, nonstr = read_xlsx(xlsxp)
    check("the workbook's sheets are the CSV's tables", order == xorder, "%s vs %s" % (order, xorder))
    check("every workbook cell is a string cell", not nonstr, " ".join(nonstr[:5]))
    for name in order:
        if name not in xt:
            continue
        same = ct[name]["head"] == xt[name]["head"] and ct[name]["rows"] == xt[name]["rows"]
        detail = ""
        if not same:
            for a, b in zip(ct[name]["rows"], xt[name]["rows"]):
                if a != b:
                    detail = "%r vs %r" % (a, b)
                    break
            detail = detail or "%d vs %d rows" % (len(ct[name]["rows"]), len(xt[name]["rows"]))
        check("table %s: CSV and xlsx rows equal (%d rows)" % (name, len(ct[name]["rows"])), same, detail)
    text = subprocess.run(["pdftotext", "-layout", pdf, "-"], capture_output=True, check=True,
                          text=True).stdout
    stream = tokens(text)
    pos = 0
    first, last = None, 0
    for name in order:
        matched = 0
        rows = ct[name]["rows"]
        for kind, cells in rows:
            keys = [c for c in cells if c and FIG.match(c)]
            if kind in ("group", "total", "note"):
                keys = [c for c in cells if c]
            want = [t for k in keys for t in tokens(k)]
            if not want:
                matched += 1
                continue
            # the first figure at or after pos whose row follows within WINDOW
            found = end = -1
            for i in range(pos, len(stream)):
                if stream[i] != want[0]:
                    continue
                j, w = i + 1, 1
                while w < len(want) and j < min(len(stream), i + WINDOW):
                    if stream[j] == want[w]:
                        w += 1
                    j += 1
                if w == len(want):
                    found, end = i, j
                    break
            if found < 0:
                check("table %s: row %r is in the PDF after token %d" % (name, cells, pos), False, "not found")
                break
            pos = found + 1
            first = found if first is None else first
            last = max(last, end)
            matched += 1
        if matched == len(rows):
            check("table %s: all %d rows are the PDF's, in order" % (name, len(rows)), True)
    # the other way round: every amount the PDF shows between the first
    # and the last row found is in a cell of the tables (as many times), so
    # a total or a row the tables lack fails too
    if first is not None:
        pdf_amounts = Counter(t for t in stream[first:last] if AMOUNT.match(t))
        tab_amounts = Counter(t for name in order for _, cells in ct[name]["rows"] for c in cells
                              for t in tokens(c) if AMOUNT.match(t))
        extra = pdf_amounts - tab_amounts
        check("every amount in the PDF's tables is in the tables (%d)" % sum(pdf_amounts.values()), not extra,
              "only in the PDF: %s" % dict(list(extra.items())[:8]))
    sys.exit(0 if all(results) else 1)


main()
