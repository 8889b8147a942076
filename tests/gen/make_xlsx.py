#!/usr/bin/env python3
"""tests/gen/make_xlsx.py OUTDIR — writes the workbooks of tests/e2e/xlsx.sh.

Most are written part by part with the standard library's zipfile, so that
each test controls exactly what Excel or WPS would put in the XML (cached
formula values, the 1904 date system, inline strings, hostile members).
Those marked "openpyxl" are written by python3-openpyxl, as a third-party
writer would; they are skipped (and the script says so) when it is
missing. Every workbook carries the same attendance rows as
OUTDIR/same.csv where it says so, so that the test can compare the stored
rows of both."""
import os
import sys
import zipfile
import zlib

OUT = sys.argv[1]
os.makedirs(OUT, exist_ok=True)

NS = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" ' \
     'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"'
CT_MAIN = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml'
CT_MACRO = 'application/vnd.ms-excel.sheet.macroEnabled.main+xml'


def esc(s):
    return s.replace('&', '&amp;').replace('<', '&lt;').replace('>', '&gt;')


def cell(ref, v, style=None):
    """A cell: str → inline string, int/float → number, bool → boolean,
    ('f', formula, cached) → formula with a cached value,
    ('s', i) → shared string i."""
    s = f' s="{style}"' if style is not None else ''
    if isinstance(v, bool):
        return f'<c r="{ref}" t="b"{s}><v>{int(v)}</v></c>'
    if isinstance(v, (int, float)):
        return f'<c r="{ref}"{s}><v>{v}</v></c>'
    if isinstance(v, tuple) and v[0] == 'f':
        if isinstance(v[2], str):
            return f'<c r="{ref}" t="str"{s}><f>{esc(v[1])}</f><v>{esc(v[2])}</v></c>'
        return f'<c r="{ref}"{s}><f>{esc(v[1])}</f><v>{v[2]}</v></c>'
    if isinstance(v, tuple) and v[0] == 's':
        return f'<c r="{ref}" t="s"{s}><v>{v[1]}</v></c>'
    if v is None:
        return f'<c r="{ref}"{s}/>'
    return f'<c r="{ref}" t="inlineStr"{s}><is><t>{esc(v)}</t></is></c>'


def col(i):
    s = ''
    i += 1
    while i:
        i, r = divmod(i - 1, 26)
        s = chr(65 + r) + s
    return s


def sheet_xml(rows, merges=(), dimension=None, doctype=False):
    """rows: list of (rownum, [value or (value, style)])."""
    out = ['<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n']
    if doctype:
        out.append('<!DOCTYPE worksheet [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;">]>\n')
    out.append(f'<worksheet {NS}>')
    if dimension:
        out.append(f'<dimension ref="{dimension}"/>')
    out.append('<sheetData>')
    for r, vals in rows:
        out.append(f'<row r="{r}">')
        for i, v in enumerate(vals):
            st = None
            if isinstance(v, list):
                v, st = v
            if v is None and st is None:
                continue
            out.append(cell(f'{col(i)}{r}', v, st))
        out.append('</row>')
    out.append('</sheetData>')
    if merges:
        out.append(f'<mergeCells count="{len(merges)}">')
        out += [f'<mergeCell ref="{m}"/>' for m in merges]
        out.append('</mergeCells>')
    out.append('</worksheet>')
    return ''.join(out)


STYLES = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
          f'<styleSheet {NS}><numFmts count="2">'
          '<numFmt numFmtId="164" formatCode="yyyy&quot;年&quot;m&quot;月&quot;d&quot;日&quot;"/>'
          '<numFmt numFmtId="165" formatCode="[$-804]hh:mm;@"/></numFmts>'
          '<cellXfs count="6"><xf numFmtId="0"/><xf numFmtId="14"/><xf numFmtId="20"/>'
          '<xf numFmtId="22"/><xf numFmtId="164"/><xf numFmtId="165"/></cellXfs></styleSheet>')
# style indexes in STYLES
GENERAL, DATE, TIME, DATETIME, DATE_ZH, TIME_CUSTOM = range(6)


def book(path, sheets, date1904=False, sst=None, macro=False, extra=(), styles=STYLES,
         names=None):
    """sheets: list of (name, xml). extra: (member, bytes) pairs added as is."""
    z = zipfile.ZipFile(path, 'w', zipfile.ZIP_DEFLATED)
    ct = ['<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
          '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
          '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
          '<Default Extension="xml" ContentType="application/xml"/>'
          f'<Override PartName="/xl/workbook.xml" ContentType="{CT_MACRO if macro else CT_MAIN}"/></Types>']
    z.writestr('[Content_Types].xml', ''.join(ct))
    z.writestr('_rels/.rels', '<?xml version="1.0" encoding="UTF-8"?>'
               '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
               '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>'
               '</Relationships>')
    rels = []
    sh = []
    for i, (name, _) in enumerate(sheets):
        rels.append(f'<Relationship Id="rId{i + 1}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet{i + 1}.xml"/>')
        sh.append(f'<sheet name="{esc(name)}" sheetId="{i + 1}" r:id="rId{i + 1}"/>')
    rels.append('<Relationship Id="rIdS" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>')
    if sst is not None:
        rels.append('<Relationship Id="rIdT" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="/xl/sharedStrings.xml"/>')
    z.writestr('xl/_rels/workbook.xml.rels', '<?xml version="1.0" encoding="UTF-8"?>'
               '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
               + ''.join(rels) + '</Relationships>')
    z.writestr('xl/workbook.xml', '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
               f'<workbook {NS}>' + ('<workbookPr date1904="1"/>' if date1904 else '<workbookPr/>')
               + '<sheets>' + ''.join(sh) + '</sheets></workbook>')
    z.writestr('xl/styles.xml', styles)
    if sst is not None:
        items = []
        for s in sst:
            if isinstance(s, tuple):   # rich text runs with a phonetic guide that must be skipped
                items.append('<si>' + ''.join(f'<r><rPr><b/></rPr><t xml:space="preserve">{esc(t)}</t></r>' for t in s)
                             + '<rPh sb="0" eb="1"><t>PHONETIC</t></rPh></si>')
            else:
                items.append(f'<si><t xml:space="preserve">{esc(s)}</t></si>')
        z.writestr('xl/sharedStrings.xml', '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
                   f'<sst {NS} count="{len(sst)}" uniqueCount="{len(sst)}">' + ''.join(items) + '</sst>')
    for i, (_, xml) in enumerate(sheets):
        z.writestr(f'xl/worksheets/sheet{i + 1}.xml', xml)
    for name, data in extra:
        z.writestr(name, data)
    z.close()


HEAD = ['员工编号', '日期', '班次开始', '班次结束', '上班打卡', '下班打卡', '备注']

# The attendance rows shared by same.csv and the workbooks: (id, date serial,
# start fraction, end fraction, clock_in serial, clock_out serial, note).
# 46328 = 2026-11-02 in the 1900 system; 44866 in the 1904 system.
ROWS = [
    ('E001', '2026-11-02', '08:00', '17:30', '2026-11-02 07:58', '2026-11-02 17:31', '正常'),
    ('E002', '2026-11-02', '08:00', '17:30', '2026-11-02 08:12', '2026-11-02 17:30', '迟到'),
    ('E003', '2026-11-02', '22:00', '06:00', '2026-11-02 21:55', '2026-11-03 06:02', '夜班'),
    ('E004', '2026-11-03', '08:00', '17:30', '', '2026-11-03 17:45', ''),
]


def serial(date, sys1904=False):
    import datetime
    d = datetime.date.fromisoformat(date)
    base = datetime.date(1904, 1, 1) if sys1904 else datetime.date(1899, 12, 30)
    return (d - base).days


def frac(hm):
    h, m = hm.split(':')
    return (int(h) * 60 + int(m)) / 1440


def dt(s, sys1904=False):
    if not s:
        return None
    d, t = s.split(' ')
    return serial(d, sys1904) + frac(t)


with open(os.path.join(OUT, 'same.csv'), 'w', encoding='utf-8') as f:
    f.write(','.join(HEAD) + '\n')
    for r in ROWS:
        f.write(','.join(r) + '\n')


def typed_rows(sys1904=False, first=3):
    out = []
    for i, (e, d, a, b, ci, co, n) in enumerate(ROWS):
        out.append((first + i, [e, [serial(d, sys1904), DATE], [frac(a), TIME], [frac(b), TIME_CUSTOM],
                                [dt(ci, sys1904), DATETIME] if ci else None,
                                [dt(co, sys1904), DATETIME], n if n else None]))
    return out


# 1. title.xlsx — a title merged over the header, a blank row, typed
#    cells, a formula note with its cached value, empty trailing rows with
#    styles only; a second sheet of notes that is skipped.
rows = [(1, ['2026年11月 考勤表 (客服中心)']), (2, [None])] + [(3, HEAD)] + typed_rows(first=4)
rows[-1][1][6] = ('f', 'IF(1,"补卡","")', '补卡')
rows += [(9, [[None, DATE], [None, TIME]]), (10, [[None, GENERAL]])]
book(os.path.join(OUT, 'title.xlsx'),
     [('打卡记录', sheet_xml(rows, merges=['A1:G1'], dimension='A1:G10')),
      ('说明', sheet_xml([(1, ['本表由考勤机导出,请勿修改'])]))])
with open(os.path.join(OUT, 'title.expect'), 'w', encoding='utf-8') as f:
    rows_expect = list(ROWS)
    rows_expect[3] = ROWS[3][:6] + ('补卡',)
    for r in rows_expect:
        f.write('|'.join(r) + '\n')

# 2. d1904.xlsx — the same rows in the 1904 date system, shared strings
#    (one with rich-text runs and a phonetic guide), header in row 1.
sst = [HEAD[i] for i in range(7)] + ['E001', 'E002', 'E003', 'E004', ('正', '常'), '迟到', '夜班']
def sref(v):
    return ('s', sst.index(v)) if v in sst else v
rows = [(1, [('s', i) for i in range(7)])]
for i, (e, d, a, b, ci, co, n) in enumerate(ROWS):
    note = ('s', 11) if n == '正常' else sref(n) if n else None
    rows.append((2 + i, [sref(e), [serial(d, True), DATE_ZH], [frac(a), TIME], [frac(b), TIME],
                         [dt(ci, True), DATETIME] if ci else None, [dt(co, True), DATETIME], note]))
book(os.path.join(OUT, 'd1904.xlsx'), [('Sheet1', sheet_xml(rows))], date1904=True, sst=sst)

# 3. leap1900.xlsx — serial 60 is Excel's fictitious 1900-02-29; 59 and 61
#    are the days around it. A bad time and a text in a date column.
rows = [(1, ['employee_id', 'date', 'shift_start', 'shift_end']),
        (2, ['E1', [59, DATE], '08:00', '17:00']),
        (3, ['E1', [61, DATE], '08:00', '17:00']),
        (4, ['E1', [60, DATE], '08:00', '17:00']),
        (5, ['E1', '2026-11-02', 'abc', '17:00'])]
book(os.path.join(OUT, 'leap1900.xlsx'), [('考勤', sheet_xml(rows))])

# 4. two.xlsx — two registers in one workbook: key loans and callbacks,
#    booleans as Excel booleans; --sheet picks one.
rows_b = [(1, ['钥匙借用登记表']), (2, ['借用编号', '物品类型', '物品编号', '借用人', '外部人员', '借出时间', '归还时间']),
          (3, ['L001', '钥匙', 'K-101', '张三', True, [46328 + 0.375, DATETIME], [46328 + 0.5, DATETIME]]),
          (4, ['L002', '钥匙', 'K-102', '李四', False, [46329 + 0.375, DATETIME], None])]
rows_c = [(1, ['回访编号', '客户编号', '回访时间', '回访方式', '回访结果']),
          (2, ['CB1', 'C001', [46328 + 0.6, DATETIME], '电话', '满意'])]
book(os.path.join(OUT, 'two.xlsx'), [('借用', sheet_xml(rows_b)), ('回访', sheet_xml(rows_c))])

# --- hostile workbooks ---
# 5. bomb.xlsx — a sheet member of 200 MB of zeros (about 200 KB deflated).
zb = zlib.compressobj(9, zlib.DEFLATED, -15)
chunks = [zb.compress(b'<worksheet><sheetData>')]
zero = b' ' * (1 << 20)
for _ in range(200):
    chunks.append(zb.compress(zero))
chunks.append(zb.flush())
data = b''.join(chunks)
book(os.path.join(OUT, 'bomb.xlsx'), [('Sheet1', sheet_xml([(1, HEAD)]))])
# replace sheet1 with the bomb: rewrite the archive with a raw deflated member
src = zipfile.ZipFile(os.path.join(OUT, 'bomb.xlsx'))
members = [(i, src.read(i.filename)) for i in src.infolist()]
src.close()
with zipfile.ZipFile(os.path.join(OUT, 'bomb.xlsx'), 'w', zipfile.ZIP_DEFLATED) as z:
    for info, body in members:
        if info.filename != 'xl/worksheets/sheet1.xml':
            z.writestr(info, body)
    # a stored-then-patched member: write the compressed bytes as the body of a deflated entry
    zi = zipfile.ZipInfo('xl/worksheets/sheet1.xml')
    zi.compress_type = zipfile.ZIP_DEFLATED
    crc = zlib.crc32(b'<worksheet><sheetData>')
    for _ in range(200):
        crc = zlib.crc32(zero, crc)
    size = len(b'<worksheet><sheetData>') + 200 * len(zero)
    # zipfile cannot take precompressed data; write the local header and data by hand
    z.fp.seek(z.start_dir)
    zi.header_offset = z.fp.tell()
    zi.CRC = crc
    zi.compress_size = len(data)
    zi.file_size = size
    z.fp.write(zi.FileHeader(False))
    z.fp.write(data)
    z.start_dir = z.fp.tell()
    z.filelist.append(zi)
    z.NameToInfo[zi.filename] = zi

# 6. doctype.xlsx — a sheet with a DOCTYPE and entities.
book(os.path.join(OUT, 'doctype.xlsx'), [('Sheet1', sheet_xml([(1, HEAD)], doctype=True))])

# 7. dotdot.xlsx — a member named ../../evil.
book(os.path.join(OUT, 'dotdot.xlsx'), [('Sheet1', sheet_xml([(1, HEAD)]))],
     extra=[('../../evil.sh', 'echo owned\n')])

# 8. macro.xlsm — a vbaProject part.
book(os.path.join(OUT, 'macro.xlsm'), [('Sheet1', sheet_xml([(1, HEAD)]))], macro=True,
     extra=[('xl/vbaProject.bin', b'\xd0\xcf\x11\xe0 not really')])

# 9. huge-dim.xlsx — a dimension past Excel's last row.
book(os.path.join(OUT, 'huge-dim.xlsx'), [('Sheet1', sheet_xml([(1, HEAD)], dimension='A1:G99999999'))])

# 9b. sheets that are not well-formed XML, refused by the sheet scanner
#    (src/xscan.c) with the cause: tags that do not nest, an entity no DTD
#    declares, bytes that are not UTF-8 — each after a good header row.
def bad_row(text):
    return sheet_xml([(1, HEAD)]).replace(
        '</sheetData>', f'<row r="2"><c r="A2" t="inlineStr"><is><t>{text}</t></is></c></row></sheetData>')


book(os.path.join(OUT, 'mismatch.xlsx'), [('Sheet1', bad_row('E1</is></c><c>'))])
book(os.path.join(OUT, 'entity.xlsx'), [('Sheet1', bad_row('&x;'))])
book(os.path.join(OUT, 'badutf8.xlsx'), [('Sheet1', bad_row('\udcc3(').encode('utf-8', 'surrogateescape'))])
# a cell of 70,000 bytes, past the 64 KiB field limit, in CDATA cut by reads
book(os.path.join(OUT, 'bigcell.xlsx'), [('Sheet1', bad_row('<![CDATA[' + 'x' * 70000 + ']]>'))])


# 10./11. compound files: an encrypted workbook and an old .xls. A minimal
#    CFB: header, one FAT sector, one directory sector.
def cfb(path, names):
    ss = 512
    hdr = bytearray(512)
    hdr[0:8] = bytes([0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1])
    hdr[0x18:0x1A] = (0x3E).to_bytes(2, 'little')
    hdr[0x1A:0x1C] = (3).to_bytes(2, 'little')
    hdr[0x1C:0x1E] = (0xFFFE).to_bytes(2, 'little')
    hdr[0x1E:0x20] = (9).to_bytes(2, 'little')
    hdr[0x20:0x22] = (6).to_bytes(2, 'little')
    hdr[0x2C:0x30] = (1).to_bytes(4, 'little')        # one FAT sector
    hdr[0x30:0x34] = (1).to_bytes(4, 'little')        # directory at sector 1
    hdr[0x38:0x3C] = (4096).to_bytes(4, 'little')
    hdr[0x3C:0x40] = (0xFFFFFFFE).to_bytes(4, 'little')
    hdr[0x44:0x48] = (0xFFFFFFFE).to_bytes(4, 'little')
    for i in range(109):
        hdr[0x4C + 4 * i:0x50 + 4 * i] = (0 if i == 0 else 0xFFFFFFFF).to_bytes(4, 'little')
    fat = bytearray(b'\xff' * ss)
    fat[0:4] = (0xFFFFFFFD).to_bytes(4, 'little')     # sector 0: FAT
    fat[4:8] = (0xFFFFFFFE).to_bytes(4, 'little')     # sector 1: directory, end of chain
    d = bytearray(ss)
    for i, (nm, typ) in enumerate([('Root Entry', 5)] + [(n, 2) for n in names]):
        e = bytearray(128)
        u = nm.encode('utf-16-le') + b'\0\0'
        e[0:len(u)] = u
        e[64:66] = len(u).to_bytes(2, 'little')
        e[66] = typ
        d[128 * i:128 * (i + 1)] = e
    with open(path, 'wb') as f:
        f.write(bytes(hdr) + bytes(fat) + bytes(d))


cfb(os.path.join(OUT, 'encrypted.xlsx'), ['EncryptionInfo', 'EncryptedPackage'])
cfb(os.path.join(OUT, 'old.xls'), ['Workbook', '\x05SummaryInformation'])

# 13. spill.xlsx — 160,000 attendance rows whose notes are all different
#     shared strings of 114 bytes: 18.2 MB of shared strings, past
#     the 16 MiB kept in memory, so the reader spills them to a temporary
#     file (XLSX_SST_MEM) and reads them back from there.
N_SPILL = 160000
z = zipfile.ZipFile(os.path.join(OUT, 'spill.xlsx'), 'w', zipfile.ZIP_DEFLATED)
sst_sp = [h for h in HEAD] + ['E%03d' % e for e in range(100)]
base = len(sst_sp)
with z.open('xl/sharedStrings.xml', 'w') as w:
    w.write(('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
             f'<sst {NS}>' + ''.join(f'<si><t>{esc(s)}</t></si>' for s in sst_sp)).encode())
    for i in range(N_SPILL):
        w.write(f'<si><t>备注 {i:06d} ' .encode() + b'x' * 100 + b'</t></si>')
    w.write(b'</sst>')
with z.open('xl/worksheets/sheet1.xml', 'w') as w:
    w.write((f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><worksheet {NS}><sheetData><row r="1">'
             + ''.join(f'<c r="{col(i)}1" t="s"><v>{i}</v></c>' for i in range(7)) + '</row>').encode())
    for i in range(N_SPILL):
        r = i + 2
        d = 46000 + i // 100
        w.write((f'<row r="{r}"><c r="A{r}" t="s"><v>{7 + i % 100}</v></c><c r="B{r}" s="1"><v>{d}</v></c>'
                 f'<c r="C{r}" s="2"><v>0.3333333333333333</v></c><c r="D{r}" s="2"><v>0.7291666666666666</v></c>'
                 f'<c r="G{r}" t="s"><v>{base + N_SPILL - 1 - i}</v></c></row>').encode())
    w.write(b'</sheetData></worksheet>')
z.writestr('[Content_Types].xml', '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="xml" ContentType="application/xml"/></Types>')
z.writestr('_rels/.rels', '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>')
z.writestr('xl/_rels/workbook.xml.rels', '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/><Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>')
z.writestr('xl/workbook.xml', f'<?xml version="1.0" encoding="UTF-8"?><workbook {NS}><sheets><sheet name="考勤" sheetId="1" r:id="rId1"/></sheets></workbook>')
z.writestr('xl/styles.xml', STYLES)
z.close()

# 12. openpyxl.xlsx — written by python3-openpyxl (a merged title, dates as
#    Python dates): skipped when openpyxl is missing.
try:
    import datetime
    import openpyxl
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = '考勤'
    ws.append(['2026年11月考勤'])
    ws.merge_cells('A1:G1')
    ws.append(HEAD)
    for e, d, a, b, ci, co, n in ROWS:
        def p(s):
            return datetime.datetime.strptime(s, '%Y-%m-%d %H:%M') if s else None
        ws.append([e, datetime.date.fromisoformat(d), datetime.datetime.strptime(a, '%H:%M').time(),
                   datetime.datetime.strptime(b, '%H:%M').time(), p(ci), p(co), n or None])
    ws.append([])
    wb.save(os.path.join(OUT, 'openpyxl.xlsx'))
except ImportError:
    print('make_xlsx.py: python3-openpyxl is missing: openpyxl.xlsx not written', file=sys.stderr)
