#!/usr/bin/env python3
"""cjkcheck.py DB POLICY PDF... — the English reports hold no Chinese
of kefu's own (issue 12): every run of CJK characters in a PDF's text
(`pdftotext`) must be part of a value the report may print as it is — a
text value stored in the database (names, titles, departments, file
names; not the findings' details, which are kefu's words) or a citation, quote, assumption or
the organisation's name in the policy. Anything else — a label, heading,
sanction, status word, role or category name — is kefu's own words left
untranslated. POLICY is a pack file, or a directory of packs (a pack may
adopt rules, and print their citations, from another). Prints one line per such run ("FILE: '冻结' (3×)") and exits
1 when there is any; prints how many runs it looked at."""
import glob
import os
import re
import sqlite3
import subprocess
import sys
import xml.etree.ElementTree as ET

# Han, CJK symbols and punctuation, fullwidth forms, CJK compatibility
CJK = re.compile(r"[\u2e80-\u2fff\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\ufe30-\ufe4f\uff00-\uffef]+")
# columns holding kefu's own words, not the data's: a finding's detail is
# composed by the check in Chinese and must be put into English
KEFU_WORDS = {("finding", "detail")}
POLICY_ATTRS = ("article", "quote", "assumed", "wording", "reason", "procedure", "publication")


def allowed_text(db_path, policy_path):
    vals = []
    db = sqlite3.connect(db_path)
    tables = [r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
    for t in tables:
        if t in ("audit",):
            continue
        cols = [r[1] for r in db.execute(f'PRAGMA table_info("{t}")') if r[2].upper() in ("TEXT", "")
                and (t, r[1]) not in KEFU_WORDS]
        for c in cols:
            for (v,) in db.execute(f'SELECT DISTINCT "{c}" FROM "{t}" WHERE typeof("{c}") = \'text\''):
                if CJK.search(v):
                    vals.append(v)
    paths = sorted(glob.glob(os.path.join(policy_path, "*.xml"))) if os.path.isdir(policy_path) else [policy_path]
    for path in paths:
        for el in ET.parse(path).getroot().iter():
            for a, v in el.attrib.items():
                if a in POLICY_ATTRS or (el.tag == "organization" and a == "name"):
                    vals.append(v)
    # one string to search; whitespace removed, as pdftotext breaks lines
    return "\x00".join(re.sub(r"\s+", "", v) for v in vals)


def main():
    if len(sys.argv) < 4:
        print(__doc__, file=sys.stderr)
        return 2
    allowed = allowed_text(sys.argv[1], sys.argv[2])
    bad = nruns = 0
    for pdf in sys.argv[3:]:
        txt = subprocess.run(["pdftotext", "-enc", "UTF-8", pdf, "-"], capture_output=True, text=True,
                             check=True).stdout
        counts = {}
        for m in CJK.finditer(txt):
            counts[m.group(0)] = counts.get(m.group(0), 0) + 1
        for run, n in sorted(counts.items(), key=lambda x: -x[1]):
            nruns += n
            if run not in allowed:
                print(f"{pdf}: '{run}' ({n}x)")
                bad += 1
    print(f"# {nruns} CJK runs, {bad} not a data value, citation or quote")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
