#!/usr/bin/env python3
"""Writes N attendance rows as CSV (argv[2]) and as XML (argv[3]) for the
ingest benchmark: 500 employees, consecutive days, one day shift each, a
punch pair per row; deterministic (no randomness beyond a fixed LCG)."""
import datetime
import sys

def main():
    n = int(sys.argv[1])
    csv_path, xml_path = sys.argv[2], sys.argv[3]
    emps = 500
    days = (n + emps - 1) // emps
    base = datetime.date(2020, 1, 1)
    with open(csv_path, "w", encoding="utf-8", newline="") as c, \
         open(xml_path, "w", encoding="utf-8") as x:
        c.write("employee_id,date,shift_start,shift_end,clock_in,clock_out,note\r\n")
        x.write('<?xml version="1.0" encoding="UTF-8"?>\n<attendance>\n')
        seed = 12345
        written = 0
        for d in range(days):
            date = (base + datetime.timedelta(days=d)).isoformat()
            for e in range(emps):
                if written == n:
                    break
                seed = (seed * 1103515245 + 12345) & 0x7FFFFFFF
                late = seed % 7
                cin = "%s 08:%02d" % (date, 25 + late)
                cout = "%s 17:%02d" % (date, 30 + seed % 11)
                eid = "E%04d" % e
                c.write("%s,%s,08:30,17:30,%s,%s,\r\n" % (eid, date, cin, cout))
                x.write("<record><employee_id>%s</employee_id><date>%s</date><shift_start>08:30</shift_start>"
                        "<shift_end>17:30</shift_end><clock_in>%s</clock_in><clock_out>%s</clock_out>"
                        "<note/></record>\n" % (eid, date, cin, cout))
                written += 1
        x.write("</attendance>\n")

main()
