#!/usr/bin/env python3
"""brokenids.py DB PDF... — lists every identifier of the database (the id
columns of the record kinds, up to 32 characters) that a PDF breaks across
two lines: the end of one text line and the start of the next, in the
content order `pdftotext -raw` keeps (a cell's lines follow each other),
with or without the continuation mark → at the end of the first.
Prints one line per break, "FILE: 'SJ002499' / '7' (SJ0024997)", and
exits 1 when there is any; prints how many ids and lines it looked at."""
import re
import sqlite3
import subprocess
import sys

COLS = [("employee_data", "employee_id"), ("leave_data", "leave_id"), ("meeting_data", "meeting_id"),
        ("incident_data", "incident_id"), ("customer_data", "customer_id"), ("service_event_data", "event_id"),
        ("callback_data", "callback_id"), ("archive_record_data", "record_id"), ("hold_data", "hold_id"),
        ("borrowing_data", "loan_id"), ("borrowing_data", "item_id"), ("purge_batch", "batch_id")]
TOK = r"[A-Za-z0-9_./:-]+"


def main():
    db = sqlite3.connect(sys.argv[1])
    ids = set()
    for t, c in COLS:
        try:
            for (v,) in db.execute(f"SELECT DISTINCT {c} FROM {t} WHERE {c} IS NOT NULL"):
                v = str(v)
                if 2 <= len(v) <= 32:
                    ids.add(v)
        except sqlite3.OperationalError:
            pass
    prefixes = set()
    for v in ids:
        for k in range(1, len(v)):
            prefixes.add(v[:k])
    tail_re, head_re = re.compile(TOK + "$"), re.compile("^" + TOK)
    bad = nlines = 0
    for pdf in sys.argv[2:]:
        txt = subprocess.run(["pdftotext", "-raw", "-enc", "UTF-8", pdf, "-"], capture_output=True,
                             text=True, check=True).stdout
        lines = txt.split("\n")
        nlines += len(lines)
        for a_line, b_line in zip(lines, lines[1:]):
            # a cut marked with the continuation mark is a break too: only
            # a run longer than a whole line may be cut, and no id of 32
            # characters or less should be
            ma, mb = tail_re.search(a_line.rstrip().removesuffix("\u2192")), head_re.search(b_line)
            if not ma or not mb:
                continue
            a, b = ma.group(0), mb.group(0)
            for k in range(max(0, len(a) - 31), len(a)):
                s = a[k:]
                if s not in prefixes:
                    continue
                for j in range(1, min(len(b), 32 - len(s)) + 1):
                    if s + b[:j] in ids:
                        print(f"{pdf}: '{s}' / '{b[:j]}' ({s + b[:j]})")
                        bad += 1
    print(f"# {len(ids)} ids, {nlines} lines, {bad} broken")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
