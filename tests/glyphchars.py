#!/usr/bin/env python3
"""glyphchars.py ROOT — prints (UTF-8, no newline) every distinct character
kefu's PDFs can show besides the GB2312 level-1 hanzi: printable ASCII, the
characters of templates/ (report templates and policy packs), of samples/
(CSV and XML; GB18030 exports decoded with glibc's iconv, which takes Excel's
0x80 euro byte where Python's strict codec does not) and of the string
literals in src/*.c. tests/e2e/glyphs.sh puts them in the glyph grid."""
import glob
import os
import re
import subprocess
import sys

LITERAL = re.compile(r'"((?:[^"\\\n]|\\.)*)"')


def text(path):
    data = open(path, "rb").read()
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        out = subprocess.run(["iconv", "-c", "-f", "GB18030", "-t", "UTF-8"],
                             input=data, capture_output=True, check=False).stdout
        return out.decode("utf-8", "ignore")


def main():
    root = sys.argv[1]
    chars = set(chr(c) for c in range(0x21, 0x7F))
    for pattern in ("templates/**/*.xml", "samples/**/*.csv", "samples/**/*.xml"):
        for path in sorted(glob.glob(os.path.join(root, pattern), recursive=True)):
            chars.update(text(path))
    for path in sorted(glob.glob(os.path.join(root, "src", "*.c"))):
        with open(path, encoding="utf-8") as f:
            for m in LITERAL.finditer(f.read()):
                chars.update(m.group(1))
    shown = sorted(c for c in chars if ord(c) > 0x20 and ord(c) != 0x7F)
    sys.stdout.write("".join(shown))


if __name__ == "__main__":
    main()
