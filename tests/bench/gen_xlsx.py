#!/usr/bin/env python3
"""tests/bench/gen_xlsx.py CSV XLSX — writes the rows of the benchmark's
attendance CSV (gen_attendance.py) as a workbook the way Excel stores them:
employee ids in the shared-strings table, dates, times and datetimes as
serial numbers under date/time number formats, the empty note column left
out of the XML. The sheet member is streamed into the archive (deflate
level 6, as Excel writes), so memory stays small for a million rows."""
import datetime
import sys
import zipfile

src, out = sys.argv[1], sys.argv[2]
EPOCH = datetime.date(1899, 12, 30)
NS = ('xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
      'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"')


def serial(d):
    return (datetime.date(int(d[0:4]), int(d[5:7]), int(d[8:10])) - EPOCH).days


def frac(t):
    return (int(t[0:2]) * 3600 + int(t[3:5]) * 60) / 86400


def num(x):
    return repr(x) if isinstance(x, float) else str(x)


sst, index = [], {}
z = zipfile.ZipFile(out, 'w', zipfile.ZIP_DEFLATED, compresslevel=6)
with open(src, encoding='utf-8') as f, z.open('xl/worksheets/sheet1.xml', 'w', force_zip64=True) as w:
    head = f.readline().rstrip('\r\n').split(',')
    buf = ['<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
           f'<worksheet {NS}><sheetData><row r="1">']
    for i, h in enumerate(head):
        buf.append(f'<c r="{chr(65 + i)}1" t="inlineStr"><is><t>{h}</t></is></c>')
    buf.append('</row>')
    r = 1
    for line in f:
        r += 1
        e, d, a, b, ci, co, _ = line.rstrip('\r\n').split(',')
        if e not in index:
            index[e] = len(sst)
            sst.append(e)
        ds = serial(d)
        buf.append(f'<row r="{r}"><c r="A{r}" t="s"><v>{index[e]}</v></c><c r="B{r}" s="1"><v>{ds}</v></c>'
                   f'<c r="C{r}" s="2"><v>{num(frac(a))}</v></c><c r="D{r}" s="2"><v>{num(frac(b))}</v></c>'
                   f'<c r="E{r}" s="3"><v>{num(serial(ci[:10]) + frac(ci[11:]))}</v></c>'
                   f'<c r="F{r}" s="3"><v>{num(serial(co[:10]) + frac(co[11:]))}</v></c></row>')
        if len(buf) > 2000:
            w.write(''.join(buf).encode())
            buf = []
    buf.append('</sheetData></worksheet>')
    w.write(''.join(buf).encode())
z.writestr('[Content_Types].xml', '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/></Types>')
z.writestr('_rels/.rels', '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>')
z.writestr('xl/_rels/workbook.xml.rels', '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/><Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>')
z.writestr('xl/workbook.xml', f'<?xml version="1.0" encoding="UTF-8"?><workbook {NS}><sheets><sheet name="考勤" sheetId="1" r:id="rId1"/></sheets></workbook>')
z.writestr('xl/styles.xml', f'<?xml version="1.0" encoding="UTF-8"?><styleSheet {NS}><cellXfs count="4"><xf numFmtId="0"/><xf numFmtId="14"/><xf numFmtId="20"/><xf numFmtId="22"/></cellXfs></styleSheet>')
z.writestr('xl/sharedStrings.xml', f'<?xml version="1.0" encoding="UTF-8"?><sst {NS} count="{len(sst)}" uniqueCount="{len(sst)}">'
           + ''.join(f'<si><t>{s}</t></si>' for s in sst) + '</sst>')
z.close()
