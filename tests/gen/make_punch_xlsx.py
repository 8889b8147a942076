#!/usr/bin/env python3
"""tests/gen/make_punch_xlsx.py OUT.xlsx [PUNCHES.csv] — writes a punch log
as a time clock's Excel export has it: a merged title row (打卡记录), then
the header 员工编号 / 打卡时间 / 打卡设备 / 来源, one row per clock event with
the instant as a typed Excel date-time (a serial number in the 1900 date
system, format yyyy-mm-dd hh:mm:ss). The rows come from PUNCHES.csv
(employee_id,at,device,source; UTF-8) or, without it, are the three
punches of tests/e2e/punch.sh. Standard library only (zipfile), so that
the test needs no openpyxl and the bytes are the same on every run."""
import csv
import datetime
import sys
import zipfile

NS = ('xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
      'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"')
HEAD = ['员工编号', '打卡时间', '打卡设备', '来源']
ROWS = [
    ('P001', '2026-10-12 07:58:00', '门禁1', '考勤机'),
    ('P001', '2026-10-12 07:58:20', '门禁1', '考勤机'),
    ('P001', '2026-10-12 17:31:00', '门禁1', '考勤机'),
]
FIXED = (2026, 1, 1, 0, 0, 0)   # zip member times: the same bytes on every run


def esc(s):
    return s.replace('&', '&amp;').replace('<', '&lt;').replace('>', '&gt;')


def serial(at):
    """An Excel 1900-system serial for 'YYYY-MM-DD HH:MM[:SS]', exact to the second."""
    d = datetime.datetime.fromisoformat(at)
    delta = d - datetime.datetime(1899, 12, 30)
    return repr(delta.days + delta.seconds / 86400)


def col(i):
    return chr(65 + i)


def sheet(rows):
    out = ['<?xml version="1.0" encoding="UTF-8" standalone="yes"?>',
           f'<worksheet {NS}><sheetData>',
           '<row r="1"><c r="A1" t="inlineStr"><is><t>打卡记录</t></is></c></row>',
           '<row r="2">' + ''.join(f'<c r="{col(i)}2" t="inlineStr"><is><t>{esc(h)}</t></is></c>'
                                   for i, h in enumerate(HEAD)) + '</row>']
    for n, r in enumerate(rows, start=3):
        cells = [f'<c r="A{n}" t="inlineStr"><is><t>{esc(r[0])}</t></is></c>',
                 f'<c r="B{n}" s="1"><v>{serial(r[1])}</v></c>']
        for i in (2, 3):
            if r[i]:
                cells.append(f'<c r="{col(i)}{n}" t="inlineStr"><is><t>{esc(r[i])}</t></is></c>')
        out.append(f'<row r="{n}">' + ''.join(cells) + '</row>')
    out.append('</sheetData><mergeCells count="1"><mergeCell ref="A1:D1"/></mergeCells></worksheet>')
    return ''.join(out)


def member(z, name, text):
    z.writestr(zipfile.ZipInfo(name, FIXED), text, zipfile.ZIP_DEFLATED)


def main():
    out = sys.argv[1]
    rows = ROWS
    if len(sys.argv) > 2:
        with open(sys.argv[2], encoding='utf-8-sig', newline='') as f:
            rows = [tuple(r + [''] * (4 - len(r)))[:4] for r in list(csv.reader(f))[1:] if r]
    with zipfile.ZipFile(out, 'w') as z:
        member(z, '[Content_Types].xml',
               '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
               '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
               '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
               '<Default Extension="xml" ContentType="application/xml"/>'
               '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
               '</Types>')
        member(z, '_rels/.rels',
               '<?xml version="1.0" encoding="UTF-8"?>'
               '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
               '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>'
               '</Relationships>')
        member(z, 'xl/_rels/workbook.xml.rels',
               '<?xml version="1.0" encoding="UTF-8"?>'
               '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
               '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>'
               '<Relationship Id="rIdS" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>'
               '</Relationships>')
        member(z, 'xl/workbook.xml',
               '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
               f'<workbook {NS}><workbookPr/><sheets><sheet name="打卡记录" sheetId="1" r:id="rId1"/></sheets></workbook>')
        member(z, 'xl/styles.xml',
               '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
               f'<styleSheet {NS}><numFmts count="1"><numFmt numFmtId="164" formatCode="yyyy-mm-dd hh:mm:ss"/></numFmts>'
               '<cellXfs count="2"><xf numFmtId="0"/><xf numFmtId="164"/></cellXfs></styleSheet>')
        member(z, 'xl/worksheets/sheet1.xml', sheet(rows))


main()
