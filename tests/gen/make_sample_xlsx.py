#!/usr/bin/env python3
"""tests/gen/make_sample_xlsx.py — writes samples/xlsx/, the sample registers
as a department keeps them in Excel: the rows of samples/NN-KIND.csv under
a merged title row, with dates, times and amounts as typed cells (real
Excel dates in a zh-CN date format, numbers as numbers) wherever the CSV
value reads as one. tests/e2e/xlsx.sh ingests each workbook beside its CSV
and requires identical stored rows. Needs python3-openpyxl; run from the
repository root. The output is committed (openpyxl stamps the time it
wrote into docProps, so re-running changes the bytes, not the rows)."""
import csv
import datetime
import io
import os
import re

import openpyxl
from openpyxl.styles import Alignment, Font

SAMPLES = [  # CSV, title, sheet name
    ('01-employee.csv', '员工花名册', '员工'),
    ('03-leave.csv', '请假登记表', '请假'),
    ('07-incident.csv', '违规记录登记表', '违规记录'),
    ('10-callback.csv', '客户回访登记表', '回访记录'),
    ('13-borrowing.csv', '钥匙与档案借用登记表', '借用登记'),
]

DATE = re.compile(r'^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?$')
DATETIME = re.compile(r'^(\d{4})-(\d{2})-(\d{2})[ T](\d{1,2}):(\d{2})(?::(\d{2}))?$')
NUMBER = re.compile(r'^\d+(\.\d+)?$')


def typed(v, col):
    """The cell value: a date, a datetime, or the text as it was. Plain
    numbers stay numbers only in amount columns (ids keep leading zeros)."""
    m = DATETIME.match(v)
    if m:
        return datetime.datetime(*[int(x) for x in m.groups(default='0')]), 'yyyy-mm-dd hh:mm'
    m = DATE.match(v)
    if m:
        return datetime.date(*[int(x) for x in m.groups()]), 'yyyy"年"m"月"d"日"'
    if col in ('amount', '罚款金额', '月工资', '月奖金') and NUMBER.match(v):
        return (float(v) if '.' in v else int(v)), '#,##0.00'
    return v, None


def read(path):
    raw = open(path, 'rb').read()
    try:
        text = raw.decode('utf-8-sig')
    except UnicodeDecodeError:
        text = raw.decode('gb18030')
    delim = '\t' if '\t' in text.split('\n', 1)[0] else ','
    return list(csv.reader(io.StringIO(text, newline=""), delimiter=delim))


os.makedirs('samples/xlsx', exist_ok=True)
for name, title, sheet in SAMPLES:
    rows = read(os.path.join('samples', name))
    head, body = rows[0], [r for r in rows[1:] if r]
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = sheet
    ws.append([title])
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(head))
    ws['A1'].font = Font(bold=True, size=14)
    ws['A1'].alignment = Alignment(horizontal='center')
    ws.append(head)
    for r in body:
        out, fmts = [], []
        for v, col in zip(r, head):
            if v == '':
                out.append(None)
                fmts.append(None)
                continue
            tv, fmt = typed(v, col)
            out.append(tv)
            fmts.append(fmt)
        ws.append(out)
        for i, fmt in enumerate(fmts):
            if fmt:
                ws.cell(row=ws.max_row, column=i + 1).number_format = fmt
    notes = wb.create_sheet('填表说明')
    notes.append(['本表为 kefu 示例；表头可为中文或英文字段名，顺序不限。'])
    wb.save(os.path.join('samples/xlsx', name.replace('.csv', '.xlsx')))
