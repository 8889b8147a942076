#!/usr/bin/env python3
"""make_large.py — writes a LARGE department's year of form exports for kefu's
benchmarks (`make bench`: tests/bench/bench-check.sh, tests/bench/bench-run.sh).

A property-management service centre (物业服务中心) with three departments
(客服部, 工程部, 秩序维护部, the default policy's), 2026-01-01 … 2026-11-25,
as of 2026-11-26. At --scale 1:

  500 employees (one gm, center_director, cs_supervisor, cs_chief, and one
  dept_head per department; front-desk, office, engineering duty and
  three-shift guard rosters), ≈ 108,000 attendance rows with small rates of
  lateness, early leaving, missing punches, absence and leave; leaves;
  weekly morning meetings per department, monthly meetings, trainings and
  topic meetings with their sign-in rows; weekly and monthly report
  submissions; ≈ 3,000 incidents; 50,000 households, 2,000 projects, 5,000
  members and 500 leads; 300,000 service events; 1,000,000 callbacks (event
  callbacks, complaint progress calls, recurring household and project
  visits; ≈ 10 % unreachable or rescheduled; mostly at 08:30–11:45 and
  14:15–20:30, ≈ 1 % in quiet hours); 100,000 archive records created
  2011–2026 (a share past retention); 300 holds; 2,000 borrowings.

Files are OUTDIR/NN-kind.csv|xml, 01 … 13 in the order of SPEC §3 (a
directory ingest loads employees first), in the formats of samples/ (CSV or
XML per kind), UTF-8, canonical English headers / elements. Every row is
valid: `kefu ingest OUTDIR` must reject nothing (the rule breaches are
findings, not errors).

    python3 tests/gen/make_large.py OUTDIR [--scale S]
    python3 tests/gen/make_large.py OUTDIR --attendance-only N [--scale S]
    python3 tests/gen/make_large.py OUTDIR --visits-only [--callbacks N]
            [--events N] [--households N]

--scale S            multiplies every count (0.1 for quick runs).
--attendance-only N  only the fines side: employees, exactly N attendance
                     rows, and leaves, meetings, meeting sign-ins, reports
                     and incidents in proportion. The year stays 2026 (the
                     policy calendar covers 2025–2026 only); the roster
                     grows instead: N / ≈ 216 employees (1,000,000 rows =
                     4,635 employees — a service group's three departments
                     across many estates; office staff ≈ 225 shifts a year,
                     guards ≈ 247, duty engineers ≈ 165, minus turnover). The last employee's left_on is
                     set so that the count is exact.
--visits-only        only the visits side: employees, customers, service
                     events and callbacks; defaults 1,000,000 callbacks,
                     300,000 events, 20,000 households (projects, members
                     and leads in proportion to the households); exact
                     counts of events and callbacks.

Deterministic: fixed seeds, no clock, no environment, no iteration over
sets; two runs write byte-identical files. Progress and a summary go to
stderr; stdout gets one line per file: "NAME ROWS BYTES".

Only the Python 3 standard library is used.
"""
import argparse
import datetime as dt
import os
import random
import sys
import time

SEED = 20261126
D = dt.date
EPOCH = D(2025, 1, 1)                 # minute 0 = 2025-01-01 00:00
YEAR_FROM = D(2026, 1, 1)
DATA_TO = D(2026, 11, 25)
AS_OF = D(2026, 11, 26)
DAYMIN = 1440


def didx(d):
    return (d - EPOCH).days


I_FROM, I_TO, I_ASOF = didx(YEAR_FROM), didx(DATA_TO), didx(AS_OF)
DAYSTR = [(EPOCH + dt.timedelta(days=i)).isoformat() for i in range(0, 3 * 366)]
HM = ["%02d:%02d" % divmod(m, 60) for m in range(DAYMIN)]


def fdt(m):
    """minutes since EPOCH → 'YYYY-MM-DD HH:MM'"""
    d, r = divmod(m, DAYMIN)
    return DAYSTR[d] + " " + HM[r]


def fday(i):
    return DAYSTR[i]


def rng_for(part):
    return random.Random("%d/%s" % (SEED, part))


# ---------------------------------------------------------------------------
# Calendar (docs/calendar-cn.md; the default policy's <calendar>)

def _span(a, b):
    return [a + dt.timedelta(days=k) for k in range((b - a).days + 1)]


HOLIDAYS = set()
for a, b in [(D(2025, 1, 1), D(2025, 1, 1)), (D(2025, 1, 28), D(2025, 2, 4)), (D(2025, 4, 4), D(2025, 4, 6)),
             (D(2025, 5, 1), D(2025, 5, 5)), (D(2025, 5, 31), D(2025, 6, 2)), (D(2025, 10, 1), D(2025, 10, 8)),
             (D(2026, 1, 1), D(2026, 1, 3)), (D(2026, 2, 15), D(2026, 2, 23)), (D(2026, 4, 4), D(2026, 4, 6)),
             (D(2026, 5, 1), D(2026, 5, 5)), (D(2026, 6, 19), D(2026, 6, 21)), (D(2026, 9, 25), D(2026, 9, 27)),
             (D(2026, 10, 1), D(2026, 10, 7))]:
    for d in _span(a, b):
        HOLIDAYS.add(didx(d))
MAKEUP = {didx(d) for d in [D(2025, 1, 26), D(2025, 2, 8), D(2025, 4, 27), D(2025, 9, 28), D(2025, 10, 11),
                            D(2026, 1, 4), D(2026, 2, 14), D(2026, 2, 28), D(2026, 5, 9), D(2026, 9, 20),
                            D(2026, 10, 10)]}
WORKDAY = [False] * len(DAYSTR)
for i in range(len(DAYSTR)):
    wd = (EPOCH + dt.timedelta(days=i)).weekday()
    WORKDAY[i] = i in MAKEUP or (i not in HOLIDAYS and wd < 5)
WEEKDAY = [(EPOCH.weekday() + i) % 7 for i in range(len(DAYSTR))]


def next_workday(i):
    while not WORKDAY[i]:
        i += 1
    return i


def add_months(d, n):
    y, m = divmod(d.month - 1 + n, 12)
    y += d.year
    m += 1
    last = [31, 29 if (y % 4 == 0 and (y % 100 != 0 or y % 400 == 0)) else 28,
            31, 30, 31, 30, 31, 31, 30, 31, 30, 31][m - 1]
    return D(y, m, min(d.day, last))


# ---------------------------------------------------------------------------
# Writers

def csv_field(s):
    if not s:
        return ""
    if "," in s or '"' in s or "\n" in s or "\r" in s or "\t" in s:
        return '"' + s.replace('"', '""') + '"'
    return s


def xml_esc(s):
    if "&" in s or "<" in s or ">" in s:
        s = s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return s


class Out:
    """One export file, written in chunks."""

    def __init__(self, outdir, name, kind, fields, fmt, delim=",", eol="\r\n"):
        self.path = os.path.join(outdir, name)
        self.name, self.kind, self.fields, self.fmt = name, kind, fields, fmt
        self.delim, self.eol = delim, eol
        self.f = open(self.path, "w", encoding="utf-8", newline="")
        self.buf = []
        self.rows = 0
        if fmt == "csv":
            self.f.write(delim.join(fields) + eol)
        else:
            self.f.write('<?xml version="1.0" encoding="UTF-8"?>\n<%s>\n' % kind)
            self.open_tags = ["<%s>" % f for f in fields]
            self.close_tags = ["</%s>" % f for f in fields]
            self.empty_tags = ["<%s/>" % f for f in fields]

    def row(self, vals):
        """vals: strings, already valid; text fields are quoted / escaped here."""
        if self.fmt == "csv":
            d = self.delim
            self.buf.append(d.join([v if (d not in v and '"' not in v and "\n" not in v) else csv_field(v)
                                   for v in vals]) + self.eol)
        else:
            parts = ["  <record>"]
            ot, ct, et = self.open_tags, self.close_tags, self.empty_tags
            for k, v in enumerate(vals):
                if v:
                    parts.append(ot[k] + xml_esc(v) + ct[k])
                else:
                    parts.append(et[k])
            parts.append("</record>\n")
            self.buf.append("".join(parts))
        self.rows += 1
        if len(self.buf) >= 20000:
            self.f.write("".join(self.buf))
            self.buf = []

    def close(self):
        self.f.write("".join(self.buf))
        self.buf = []
        if self.fmt == "xml":
            self.f.write("</%s>\n" % self.kind)
        self.f.close()
        size = os.path.getsize(self.path)
        print("%s %d %d" % (self.name, self.rows, size))
        sys.stdout.flush()
        return size


F_EMPLOYEE = ["employee_id", "name", "dept", "role", "monthly_wage", "monthly_bonus", "hired_on", "left_on",
              "id_number", "phone"]
F_ATT = ["employee_id", "date", "shift_start", "shift_end", "clock_in", "clock_out", "note"]
F_LEAVE = ["leave_id", "employee_id", "type", "start_date", "end_date", "approved_by", "certificate", "note"]
F_MEETING = ["meeting_id", "type", "date", "start", "end", "title"]
F_MATT = ["meeting_id", "employee_id", "arrived", "left", "excused", "disruption"]
F_REPORT = ["dept", "report_type", "period", "submitted_at"]
F_INCIDENT = ["incident_id", "employee_id", "date", "offense", "amount", "recorded_by", "note"]
F_CUSTOMER = ["customer_id", "name", "kind", "address", "phone", "since"]
F_EVENT = ["event_id", "kind", "customer_id", "opened_at", "dispatched_at", "arrived_at", "resolved_at",
           "registered_at", "valid", "staff_id", "summary"]
F_CALLBACK = ["callback_id", "event_id", "customer_id", "at", "channel", "outcome", "staff_id", "note"]
F_ARCHIVE = ["record_id", "category", "owner", "title", "created_on", "closed_on", "location", "confidential",
             "file"]
F_HOLD = ["hold_id", "record_id", "category", "owner", "reason", "placed_on", "lifted_on", "placed_by"]
F_BORROW = ["loan_id", "item_type", "item_id", "borrower", "external", "approved_by", "out_at", "returned_at",
            "purpose"]

# the formats of samples/ (NN, kind, format, delimiter, line end)
LAYOUT = {
    "employee": ("01-employee.csv", "csv", ",", "\r\n", F_EMPLOYEE),
    "attendance": ("02-attendance.xml", "xml", None, None, F_ATT),
    "leave": ("03-leave.csv", "csv", ",", "\r\n", F_LEAVE),
    "meeting": ("04-meeting.csv", "csv", "\t", "\n", F_MEETING),
    "meeting_attendance": ("05-meeting_attendance.xml", "xml", None, None, F_MATT),
    "report_submission": ("06-report_submission.csv", "csv", ",", "\n", F_REPORT),
    "incident": ("07-incident.csv", "csv", ",", "\r\n", F_INCIDENT),
    "customer": ("08-customer.csv", "csv", ",", "\r\n", F_CUSTOMER),
    "service_event": ("09-service_event.xml", "xml", None, None, F_EVENT),
    "callback": ("10-callback.csv", "csv", "\t", "\r\n", F_CALLBACK),
    "archive_record": ("11-archive_record.csv", "csv", ",", "\r\n", F_ARCHIVE),
    "hold": ("12-hold.xml", "xml", None, None, F_HOLD),
    "borrowing": ("13-borrowing.csv", "csv", ",", "\r\n", F_BORROW),
}


def out_for(outdir, kind):
    name, fmt, delim, eol, fields = LAYOUT[kind]
    return Out(outdir, name, kind, fields, fmt, delim or ",", eol or "\n")


# ---------------------------------------------------------------------------
# People

SURNAMES = list("王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢"
                "姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤")
GIVEN = ["建华", "秀英", "志明", "丽华", "国强", "桂英", "建军", "淑珍", "玉兰", "海燕", "春梅", "晓明", "文杰", "子涵",
         "雨桐", "浩然", "欣怡", "梓轩", "思远", "佳怡", "立新", "红霞", "振华", "美华", "德明", "金凤", "宏伟", "丽娜",
         "小红", "俊杰", "建平", "雪梅", "家豪", "慧敏", "永红", "敏", "静", "磊", "勇", "杰", "军", "芳", "强", "艳",
         "涛", "超", "霞", "鹏", "洁", "斌", "婷", "辉", "志刚", "晓东", "海涛", "国栋", "丽娟", "婷婷", "晓燕", "志强"]
REGIONS = ["440305", "440304", "440303", "440306", "440307", "440106", "441302", "445202", "430102", "360102",
           "450103", "510104", "441802", "440513", "441422", "431003", "420106", "350102", "411302", "440882"]
W_ID = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
PHONE_PFX = ["138", "139", "136", "135", "137", "150", "151", "158", "186", "189", "177", "199"]


def person_name(r):
    return r.choice(SURNAMES) + r.choice(GIVEN)


def id_number(r, birth, male):
    seq = r.randint(0, 499) * 2 + (1 if male else 0)
    body = "%s%s%03d" % (r.choice(REGIONS), birth.strftime("%Y%m%d"), seq)
    s = sum(int(c) * w for c, w in zip(body, W_ID)) % 11
    return body + "10X98765432"[s]


def phone(r):
    return r.choice(PHONE_PFX) + "%08d" % r.randint(0, 99999999)


DEPTS = ["客服部", "工程部", "秩序维护部"]

# Shift templates: name → (start minute, end minute)
SHIFTS = {
    "office": (8 * 60 + 30, 17 * 60 + 30),     # 客服部 office 08:30–17:30
    "eng": (8 * 60, 17 * 60),                  # 工程部 day 08:00–17:00
    "desk_e": (8 * 60, 17 * 60),               # 前台 early 08:00–17:00
    "desk_l": (12 * 60, 21 * 60),              # 前台 late 12:00–21:00
    "d12": (8 * 60, 20 * 60),                  # 工程值班 day 08:00–20:00
    "n12": (20 * 60, 8 * 60),                  # 工程值班 night 20:00–08:00 (+1 day)
    "g_e": (7 * 60, 15 * 60),                  # 秩序维护 早班 07:00–15:00
    "g_m": (15 * 60, 23 * 60),                 # 中班 15:00–23:00
    "g_n": (23 * 60, 7 * 60),                  # 夜班 23:00–07:00 (+1 day)
}


def shift_minutes(day, sh):
    s, e = SHIFTS[sh]
    a = day * DAYMIN + s
    b = day * DAYMIN + e
    if b <= a:
        b += DAYMIN
    return a, b


class Emp:
    __slots__ = ("id", "name", "male", "dept", "role", "wage", "bonus", "hired", "left", "roster", "offset",
                 "idno", "phone", "shifts", "leave_days", "absent", "lead", "quitter")


def roster_shifts(e):
    """[(day index, shift name)] within the data year, hired_on … left_on."""
    lo = max(I_FROM, didx(e.hired))
    hi = min(I_TO, didx(e.left)) if e.left else I_TO
    out = []
    kind, off = e.roster, e.offset
    for i in range(lo, hi + 1):
        if kind == "office":
            if WORKDAY[i]:
                out.append((i, "eng" if e.dept == "工程部" else "office"))
        elif kind == "desk":
            k = (i + off) % 7                  # 5 on, 2 off, all week round
            if k < 5:
                out.append((i, "desk_e" if ((i + off) // 7) % 2 == 0 else "desk_l"))
        elif kind == "duty":
            k = (i + off) % 4                  # day, night, off, off
            if k == 0:
                out.append((i, "d12"))
            elif k == 1:
                out.append((i, "n12"))
        elif kind == "guard":
            k = (i + off) % 8                  # 早早中中夜夜休休
            if k < 6:
                out.append((i, ("g_e", "g_e", "g_m", "g_m", "g_n", "g_n")[k]))
    return out


SPECIALS = [  # role, dept, wage range, bonus range
    ("gm", "客服部", (12000, 15000), (3000, 5000)),
    ("center_director", "客服部", (9000, 11000), (1500, 2500)),
    ("dept_head", "客服部", (7500, 8500), (1000, 1500)),
    ("cs_supervisor", "客服部", (6500, 7500), (800, 1200)),
    ("cs_chief", "客服部", (5800, 6500), (600, 900)),
    ("dept_head", "工程部", (7500, 8500), (1000, 1500)),
    ("dept_head", "秩序维护部", (6800, 7800), (800, 1200)),
]


def emp_stream():
    """Employees in a fixed order: the managers, then staff in the
    proportions 客服部 30 %, 工程部 24 %, 秩序维护部 46 %."""
    r = rng_for("employees")
    n = 0

    def mk(role, dept, wage_rng, bonus_rng, roster):
        nonlocal n
        n += 1
        e = Emp()
        e.id = "E%04d" % n if n < 10000 else "E%d" % n
        e.male = r.random() < (0.35 if dept == "客服部" else 0.9)
        e.name = person_name(r)
        e.dept, e.role = dept, role
        e.wage = r.randrange(wage_rng[0], wage_rng[1] + 1, 50)
        e.bonus = r.randrange(bonus_rng[0], bonus_rng[1] + 1, 50) if bonus_rng[1] else 0
        if role == "staff":
            y = r.choice([2012, 2014, 2016, 2018, 2019, 2020, 2021, 2022, 2023, 2024, 2024, 2025, 2025, 2026])
        else:
            y = r.randint(2011, 2018)
        e.hired = D(y, r.randint(1, 12), r.randint(1, 28))
        if e.hired > D(2026, 10, 31):
            e.hired = D(2026, 10, r.randint(1, 28))
        e.left = None
        e.quitter = False
        if role == "staff" and r.random() < 0.07:          # turnover during the year
            e.left = D(2026, 1, 15) + dt.timedelta(days=r.randint(0, 300))
            if e.left <= e.hired:
                e.left = None
            elif r.random() < 0.12:
                e.quitter = True                           # 自离: an absence run before left_on
        e.roster = roster
        e.offset = r.randrange(8)
        age = r.randint(22, 55)
        e.idno = id_number(r, D(2026 - age, r.randint(1, 12), r.randint(1, 28)), e.male)
        e.phone = phone(r)
        e.lead = False
        return e

    for role, dept, w, b in SPECIALS:
        yield mk(role, dept, w, b, "office")
    k = 0
    while True:
        k += 1
        x = r.random()
        if x < 0.30:
            dept = "客服部"
            roster = "desk" if r.random() < 0.35 else "office"
            e = mk("staff", dept, (3800, 5200), (200, 600), roster)
        elif x < 0.54:
            dept = "工程部"
            roster = "duty" if r.random() < 0.2 else "office"
            e = mk("staff", dept, (4500, 6200), (300, 700), roster)
        else:
            dept = "秩序维护部"
            e = mk("staff", dept, (3600, 4600), (200, 500), "guard")
        e.lead = (k % 12 == 1)                             # 班组长: at the monthly meeting
        yield e


def build_roster(n_emps=None, n_rows=None):
    """Employees with their shifts; either the first n_emps, or as many as
    make exactly n_rows attendance rows (the last one leaves early)."""
    emps, total = [], 0
    for e in emp_stream():
        sh = roster_shifts(e)
        if n_rows is not None and len(sh) > n_rows - total:
            sh = sh[:n_rows - total]
            if not sh:
                break
            e.left = EPOCH + dt.timedelta(days=sh[-1][0])      # leaves: the count is exact
            e.quitter = False
        e.shifts = sh
        emps.append(e)
        total += len(sh)
        if n_emps is not None and len(emps) >= n_emps:
            break
        if n_rows is not None and total >= n_rows:
            break
    return emps


def managers(emps):
    m = {}
    for e in emps:
        if e.role == "dept_head":
            m["head:" + e.dept] = e
        elif e.role != "staff":
            m[e.role] = e
    return m


# ---------------------------------------------------------------------------
# Fines side: leaves, attendance, meetings, reports, incidents

LEAVE_ZH = {"personal": "事假", "sick": "病假", "annual": "年假", "marriage": "婚假", "maternity": "产假",
            "bereavement": "丧假", "comp": "调休", "injury": "工伤假", "paid": "带薪假"}
LEAVE_NOTES = {"personal": ["家中有事", "回老家办事", "孩子开家长会", "办理房产手续", "陪家人看病"],
               "sick": ["感冒发烧", "急性肠胃炎，附医院诊断证明", "腰肌劳损", "牙科手术", "发热门诊就诊"],
               "annual": ["年休假", "年休假，回老家探亲", "年休假旅游"],
               "comp": ["节假日值班调休", "加班调休"],
               "marriage": ["婚假"], "maternity": ["产假"], "bereavement": ["直系亲属丧事"],
               "injury": ["工作中扭伤脚踝，工伤认定中"], "paid": ["带薪培训"]}


def plan_leaves(emps, mgr):
    """Per employee: leave rows and the shift days they cover.
    Returns [(leave_id, eid, type, start_i, end_i, approver, cert, note)]."""
    r = rng_for("leaves")
    gm = mgr["gm"].id
    rows = []
    seq = 0
    for e in emps:
        e.leave_days = {}
        e.absent = set()
        if not e.shifts or e.role == "gm":
            continue
        days = [s[0] for s in e.shifts]
        dayset = set(days)
        head = gm if e.role == "dept_head" else mgr["head:" + e.dept].id
        wants = []
        if r.random() < 0.65:
            wants.append(("annual", r.randint(3, 5)))
        for _ in range(r.choice([0, 0, 1, 1, 1, 2])):
            wants.append(("sick", r.randint(1, 3)))
        for _ in range(r.choice([0, 1, 1, 2])):
            wants.append(("personal", r.randint(1, 3)))
        if r.random() < 0.05:
            wants.append(("personal", r.randint(4, 6)))
        if r.random() < 0.35:
            wants.append(("comp", 1))
        x = r.random()
        if x < 0.008:
            wants.append(("marriage", 10))
        elif x < 0.012 and not e.male:
            wants.append(("maternity", 98))
        elif x < 0.02:
            wants.append(("bereavement", 3))
        elif x < 0.022:
            wants.append(("injury", 7))
        for typ, n in wants:
            # calendar span starting on a rostered day
            for _try in range(6):
                start = r.choice(days)
                end = start + n - 1
                if end > I_TO:
                    continue
                covered = [i for i in range(start, end + 1) if i in dayset]
                if any(i in e.leave_days for i in range(start - 1, end + 2)):
                    continue
                if not covered:
                    continue
                break
            else:
                continue
            seq += 1
            lid = "QJ2026-%05d" % seq
            appr = head
            cert = "是" if typ == "sick" else ""
            if typ == "personal" and n >= 4:
                appr = gm if r.random() < 0.8 else head          # 20 %: invalid (needs the gm)
            if typ == "sick" and r.random() < 0.1:
                cert = "否"                                       # invalid: no certificate
            if r.random() < 0.01:
                appr = ""                                         # invalid: no approver
            note = r.choice(LEAVE_NOTES[typ])
            rows.append((lid, e.id, typ, start, end, appr, cert, note))
            valid = appr != "" and not (typ == "sick" and cert != "是") and not (
                typ == "personal" and n >= 4 and appr != gm)
            for i in covered:
                e.leave_days[i] = (lid, typ, valid)
    return rows


def plan_absences(emps):
    r = rng_for("absence")
    for e in emps:
        free = [s[0] for s in e.shifts if s[0] not in e.leave_days]
        if not free:
            continue
        if e.quitter and e.left:
            # 自离: absent for the last rostered shifts before left_on
            run = r.choice([3, 5, 8, 12, 16])
            for i in free[-run:]:
                e.absent.add(i)
        for i in free:
            if r.random() < 0.002:
                e.absent.add(i)
        if r.random() < 0.01 and len(free) > 20:               # a short run of 2–6 shifts
            k = r.randrange(len(free) - 8)
            for i in free[k:k + r.randint(2, 6)]:
                e.absent.add(i)


def write_attendance(out, emps):
    r = rng_for("attendance")
    rnd = r.random
    ri = r.randint
    for e in emps:
        eid = e.id
        for day, sh in e.shifts:
            s_str, e_str = HM[SHIFTS[sh][0]], HM[SHIFTS[sh][1]]
            a, b = shift_minutes(day, sh)
            lv = e.leave_days.get(day)
            if lv:
                out.row([eid, DAYSTR[day], s_str, e_str, "", "", "%s %s" % (LEAVE_ZH[lv[1]], lv[0])])
                continue
            if day in e.absent:
                out.row([eid, DAYSTR[day], s_str, e_str, "", "", ""])
                continue
            x = rnd()
            note = ""
            cin = a - (0 if x < 0.04 else ri(1, 25))
            cout = b + ri(0, 40)
            y = rnd()
            if y < 0.02:
                cin = a + ri(1, 30)                                # late
            elif y < 0.027:
                cout = b - ri(5, 90)                               # early
            elif y < 0.029:
                cin = None
                note = "未打上班卡"
            elif y < 0.033:
                cout = None
                note = "忘记打卡"
            out.row([eid, DAYSTR[day], s_str, e_str, fdt(cin) if cin is not None else "",
                     fdt(cout) if cout is not None else "", note])


def write_leaves(out, rows):
    for lid, eid, typ, s, e, appr, cert, note in rows:
        out.row([lid, eid, typ, DAYSTR[s], DAYSTR[e], appr, cert, note])


def last_saturday_meeting(y, m):
    d = add_months(D(y, m, 1), 1) - dt.timedelta(days=1)
    while d.weekday() != 5:
        d -= dt.timedelta(days=1)
    i = didx(d)
    if i in HOLIDAYS:
        i = next_workday(i)
    return i


def write_meetings(out_m, out_a, emps, mgr):
    """Weekly morning meetings per department, the monthly meeting, a
    quarterly training per department, a monthly topic meeting."""
    r = rng_for("meetings")
    shifts_on = {}                                   # day → [(emp, shift)]
    for e in emps:
        for day, sh in e.shifts:
            shifts_on.setdefault(day, []).append((e, sh))
    code = {"客服部": "CS", "工程部": "EN", "秩序维护部": "SE"}

    def sign(mid, e, day, st, en):
        if day in e.absent:
            return                                   # absent from work: the attendance finding covers it
        lv = e.leave_days.get(day)
        if lv:
            if lv[2]:
                out_a.row([mid, e.id, "", "", "Y", "N"])     # on valid leave: excused
            return                                   # invalid leave: judged absent from work
        x = r.random()
        arrived = st - r.choice([0, 0, 1, 2, 3, 5, 8])
        left = en + r.choice([0, 0, 0, 2, 5])
        exc = dis = "N"
        if x < 0.004:
            out_a.row([mid, e.id, "", "", "N", "N"])  # absent, not excused
            return
        if x < 0.02:
            arrived = st + r.randint(1, 12)
        elif x < 0.025:
            left = en - r.randint(5, 30)
        elif x < 0.026:
            dis = "Y"
        out_a.row([mid, e.id, HM[arrived], HM[left], exc, dis])

    # morning meetings: the first working day of each ISO week
    week_first = {}
    for i in range(I_FROM, I_TO + 1):
        if WORKDAY[i]:
            iso = (EPOCH + dt.timedelta(days=i)).isocalendar()[:2]
            week_first.setdefault(iso, i)
    for iso, day in week_first.items():
        for dept in DEPTS:
            if dept == "秩序维护部":
                st, en, want = 7 * 60, 7 * 60 + 15, ("g_e",)
            elif dept == "工程部":
                st, en, want = 8 * 60, 8 * 60 + 15, ("eng", "d12")
            else:
                st, en, want = 8 * 60 + 30, 8 * 60 + 45, ("office", "desk_e")
            mid = "CH-%s-%s" % (code[dept], DAYSTR[day].replace("-", ""))
            out_m.row([mid, "morning", DAYSTR[day], HM[st], HM[en], "%s晨会（第%d周）" % (dept, iso[1])])
            for e, sh in shifts_on.get(day, []):
                if e.dept == dept and sh in want:
                    sign(mid, e, day, st, en)
    # monthly meetings (月分析例会): managers and team leaders
    attendees = [e for e in emps if e.role != "staff" or e.lead]
    for m in range(1, 12):
        day = last_saturday_meeting(2026, m)
        mid = "YL-2026%02d" % m
        out_m.row([mid, "monthly", DAYSTR[day], "09:00", "11:00", "%d月份月分析例会" % m])
        if day > I_TO:
            continue                                 # not held yet
        for e in attendees:
            if didx(e.hired) <= day and (e.left is None or didx(e.left) >= day):
                sign(mid, e, day, 9 * 60, 11 * 60)
    # quarterly training per department; a monthly topic meeting in 客服部
    titles = ["消防安全及应急预案培训", "服务礼仪培训", "投诉处理技巧培训", "设备设施安全操作培训"]
    for q in range(4):
        for k, dept in enumerate(DEPTS):
            day = next_workday(didx(D(2026, 3 * q + 2, 10 + 3 * k)))
            if day > I_TO:
                continue
            mid = "PX-%s-2026Q%d" % (code[dept], q + 1)
            out_m.row([mid, "training", DAYSTR[day], "14:00", "16:00", "%s%s" % (dept, titles[q])])
            for e, sh in shifts_on.get(day, []):
                if e.dept == dept and sh in ("office", "eng", "desk_e", "d12", "g_e") and r.random() < 0.5:
                    sign(mid, e, day, 14 * 60, 16 * 60)
    topics = ["楼上装修噪音投诉处理", "地库积水应急处置", "物业费催缴工作部署", "电梯困人事件复盘",
              "业主满意度调查部署", "台风季防汛准备", "春节安保部署", "消防通道整治"]
    cs = [e for e in emps if e.dept == "客服部"]
    for m in range(1, 12):
        day = next_workday(didx(D(2026, m, 12)))
        if day > I_TO:
            continue
        mid = "ZT-2026%02d" % m
        out_m.row([mid, "topic", DAYSTR[day], "14:00", "15:00", "专题会：%s" % topics[m % len(topics)]])
        on = {e.id for e, sh in shifts_on.get(day, [])}
        for e in cs:
            if e.id in on and (e.role != "staff" or e.lead or r.random() < 0.15):
                sign(mid, e, day, 14 * 60, 15 * 60)


def write_reports(out):
    r = rng_for("reports")
    # weekly: ISO weeks 2026-W01 … the last week ending before the as-of date
    y = 2026
    for w in range(1, 53):
        mon = D.fromisocalendar(y, w, 1)
        nxt = didx(mon) + 7
        if nxt > I_ASOF:
            break
        due = next_workday(nxt) * DAYMIN + 9 * 60
        for dept in DEPTS:
            x = r.random()
            if x < 0.01:
                continue                                       # missing
            if x < 0.05:
                t = due + r.randint(10, 2 * DAYMIN)              # late
            elif x < 0.6:
                fri = didx(mon) + 4
                t = fri * DAYMIN + r.randint(15 * 60, 17 * 60 + 50)
            else:
                t = due - r.randint(5, 60)
            if t > I_ASOF * DAYMIN + 20 * 60:
                continue
            out.row([dept, "weekly", "%d-W%02d" % (y, w), fdt(t)])
    for m in range(1, 12):
        meet = last_saturday_meeting(2026, m)
        due_end = meet * DAYMIN                                  # end of the day before
        for dept in DEPTS:
            x = r.random()
            if x < 0.05:
                t = due_end + r.randint(30, 20 * 60)             # late
            else:
                t = due_end - r.randint(2 * 60, 3 * DAYMIN)
                if not WORKDAY[t // DAYMIN] and r.random() < 0.7:
                    t -= DAYMIN
            if t > I_ASOF * DAYMIN + 17 * 60:
                continue                                       # not yet submitted
            out.row([dept, "monthly", "2026-%02d" % m, fdt(t)])


# The property pack fines one offence of its own text, 议论客户 (规章制度1
# 接待来访客户管理规定 3); the appearance, post, phone, sleeping, eating,
# uniform and receipt offences are the hospital's and the club's (issue 11)
# and the default policy rejects them.
OFFENSES = [("gossip", 1)]   # code, weight
OFF_NOTES = {"gossip": ["在前台议论业主家事", "在电梯厅议论业主装修纠纷", "在岗亭取笑来访客户"]}


def write_incidents(out, emps, mgr, n):
    r = rng_for("incidents")
    staff = [e for e in emps if e.role == "staff" and e.shifts]
    if not staff:
        return
    codes = [c for c, w in OFFENSES]
    weights = [w for c, w in OFFENSES]
    workdays = {}
    for k in range(1, n + 1):
        e = r.choice(staff)
        off = r.choices(codes, weights)[0]
        days = workdays.get(e.id)
        if days is None:
            days = workdays[e.id] = [d for d, sh in e.shifts if d not in e.absent and d not in e.leave_days]
        if not days:
            continue
        day = r.choice(days)
        amount = ""
        rec = mgr["cs_chief"].id if e.dept == "客服部" else mgr["head:" + e.dept].id
        note = r.choice(OFF_NOTES[off]) if r.random() < 0.7 else ""
        out.row(["WG2026-%05d" % k, e.id, DAYSTR[day], off, amount, rec, note])


def write_employees(out, emps):
    for e in emps:
        out.row([e.id, e.name, e.dept, e.role, "%d.00" % e.wage, "%d.00" % e.bonus if e.bonus else "",
                 e.hired.isoformat(), e.left.isoformat() if e.left else "", e.idno, e.phone])


# ---------------------------------------------------------------------------
# Visits side: customers, events, callbacks

OK_WIN = ((8 * 60 + 30, 11 * 60 + 45), (14 * 60 + 15, 20 * 60 + 30))
QUIET_TIMES = (12 * 60 + 10, 12 * 60 + 40, 13 * 60 + 20, 21 * 60 + 10, 21 * 60 + 40, 7 * 60 + 40)


def tod_ok(m):
    t = m % DAYMIN
    return 510 <= t <= 705 or 855 <= t <= 1230


def next_ok(m):
    """The first minute at or after m within the callback hours."""
    t = m % DAYMIN
    if t < 510:
        return m + 510 - t
    if 705 < t < 855:
        return m + 855 - t
    if t > 1230:
        return m + DAYMIN - t + 510
    return m


SUMMARY = {
    "membership": ["办理会所年卡", "会员续费", "会员积分兑换", "会员卡挂失补办", "升级金卡会员", "预约游泳馆"],
    "complaint": ["楼上装修噪音扰民", "地下车库照明不足", "垃圾清运不及时", "宠物粪便无人清理", "邻居占用消防通道堆放杂物",
                  "保安态度差", "电梯频繁停运", "小区绿化带被踩踏", "快递柜收费不合理", "夜间广场舞噪音"],
    "repair": ["厨房水龙头漏水", "卫生间下水道堵塞", "客厅灯不亮", "门禁卡失灵", "空调冷凝水管漏水", "阳台推拉门卡住",
               "入户门锁损坏", "热水器打不着火", "墙面渗水", "电闸跳闸"],
    "reception": ["咨询物业费缴纳", "办理门禁卡", "咨询装修手续", "领取快递", "看房咨询", "办理车位月卡", "开具出入证明",
                  "咨询停水通知"],
    "delivery": ["交付保洁服务方案", "交付月度服务报告", "交付绿化养护计划", "交付设备巡检记录"],
}
COMPANIES = ["华信", "宏达", "鹏程", "南山", "前海", "科兴", "金地", "中深", "粤海", "海岸", "天安", "蛇口", "星河", "卓越",
             "创维", "赛格", "深业", "招商", "万科", "佳兆业"]
TRADES = ["科技有限公司", "物流有限公司", "商贸有限公司", "实业有限公司", "医疗器械有限公司", "电子有限公司"]
PROJ_KIND = ["保洁项目", "安保项目", "设备维保项目", "绿化养护项目", "综合物业服务项目"]
AREAS = "ABCDEF"
REACHED = ("satisfied", "satisfied", "satisfied", "satisfied", "satisfied", "satisfied", "satisfied",
           "neutral", "neutral", "unsatisfied")
NOT_REACHED = ("unreachable", "unreachable", "unreachable", "rescheduled")


class Visits:
    def __init__(self, emps, n_households, n_projects, n_members, n_leads, n_events, n_callbacks):
        self.r = rng_for("visits")
        self.cs = [e.id for e in emps if e.dept == "客服部" and e.role in ("staff", "cs_chief")] or [emps[0].id]
        self.eng = [e.id for e in emps if e.dept == "工程部" and e.role == "staff"] or [emps[0].id]
        self.mgr = [e.id for e in emps if e.role in ("dept_head", "cs_supervisor", "cs_chief")][:4] or [emps[0].id]
        self.nh, self.np, self.nm, self.nl = n_households, n_projects, n_members, n_leads
        self.nev, self.ncb = n_events, n_callbacks
        self.cbs = []           # (minute, customer, event, channel, outcome, staff, note)

    # -- time helpers
    def ok_time(self, lo, hi):
        """A minute in [lo, hi] within 08:30–11:45 / 14:15–20:30, or None."""
        if hi < lo:
            return None
        ri = self.r.randint
        for _ in range(8):
            t = ri(lo, hi)
            if tod_ok(t):
                return t
        t = next_ok(t)
        if t <= hi:
            return t
        t = next_ok(lo)
        return t if t <= hi else None

    def cb(self, t, cust, ev, outcome, channel=None, note=""):
        r = self.r
        if channel is None:
            channel = r.choice(("phone", "phone", "phone", "phone", "phone", "phone", "visit", "sms", "online"))
        self.cbs.append((t, cust, ev, channel, outcome, r.choice(self.cs), note))

    def quietify(self, t):
        """~1 % of callbacks: moved into quiet hours on the same day, if that stays after t0."""
        return (t // DAYMIN) * DAYMIN + self.r.choice(QUIET_TIMES)

    def event_callback(self, ev, cust, anchor, within, late_p, miss_p, note=""):
        """A reached callback in (anchor, anchor + within], sometimes after an
        unreachable try; or late, or missed. Nothing after the as-of date."""
        r = self.r
        dl = anchor + within
        limit = I_ASOF * DAYMIN + 20 * 60
        x = r.random()
        lo = anchor + 15
        if x < miss_p:
            if r.random() < 0.5:
                t = self.ok_time(lo, min(dl, limit))
                if t is not None:
                    self.cb(t, cust, ev, r.choice(NOT_REACHED), "phone")
            return
        if x < miss_p + late_p:
            t = self.ok_time(dl + 60, min(dl + 3 * DAYMIN, limit))
            if t is not None:
                self.cb(t, cust, ev, r.choice(REACHED), note=note)
            return
        if r.random() < 0.25:
            t1 = self.ok_time(lo, lo + within // 3)
            if t1 is not None and t1 <= limit:
                self.cb(t1, cust, ev, r.choice(NOT_REACHED), "phone")
                lo = t1 + 30
        t = self.ok_time(lo, dl - 5)
        if t is None or t > limit:
            return
        if r.random() < 0.01:
            q = self.quietify(t)
            if anchor < q <= dl and q <= limit:
                t = q
        self.cb(t, cust, ev, r.choice(REACHED), note=note)

    # -- customers
    def customers(self, out):
        r = self.r
        addrs = []
        per_area = (self.nh + len(AREAS) - 1) // len(AREAS)
        for a in AREAS:
            blocks = max(1, min(40, per_area // 360 + 1))
            for b in range(1, blocks + 1):
                for u in range(1, 4):
                    for f in range(2, 32):
                        for room in range(1, 5):
                            addrs.append("%s区%d栋%d单元%d%02d" % (a, b, u, f, room))
        r.shuffle(addrs)
        while len(addrs) < self.nh:
            addrs.append("G区%d号" % len(addrs))
        self.hh = []
        for k in range(1, self.nh + 1):
            cid = "H%06d" % k
            y = r.choice([2011, 2012, 2013, 2014, 2015, 2016, 2017, 2018, 2019, 2020, 2021, 2022, 2023, 2024,
                          2025, 2026])
            since = D(y, r.randint(1, 12), r.randint(1, 28))
            if since > D(2026, 11, 20):
                since = D(2026, r.randint(1, 10), r.randint(1, 28))
            name = person_name(r)
            self.hh.append((cid, since, name, addrs[k - 1]))
            out.row([cid, name, "household", addrs[k - 1], phone(r), since.isoformat()])
        self.proj = []
        for k in range(1, self.np + 1):
            cid = "P%05d" % k
            since = D(r.choice([2019, 2020, 2021, 2022, 2023, 2024, 2025, 2025, 2026]), r.randint(1, 12),
                      r.randint(1, 28))
            if r.random() < 0.05:                              # month ends: windows clamp
                since = add_months(D(since.year, since.month, 1), 1) - dt.timedelta(days=1)
            if since > D(2026, 11, 1):
                since = D(2026, r.randint(1, 10), 15)
            name = "深圳市%s%s %s" % (r.choice(COMPANIES), r.choice(TRADES), r.choice(PROJ_KIND))
            self.proj.append((cid, since))
            out.row([cid, name, "project", "", phone(r), since.isoformat()])
        self.mem = []
        for k in range(1, self.nm + 1):
            cid = "M%05d" % k
            since = D(r.randint(2020, 2026), r.randint(1, 12), r.randint(1, 28))
            if since > D(2026, 11, 20):
                since = D(2026, 11, r.randint(1, 20))
            self.mem.append(cid)
            out.row([cid, person_name(r), "member", "", phone(r), since.isoformat()])
        self.leads = []
        for k in range(1, self.nl + 1):
            cid = "L%05d" % k
            self.leads.append(cid)
            out.row([cid, person_name(r), "lead", "", phone(r), D(2026, r.randint(1, 11), r.randint(1, 25)).isoformat()])

    # -- events
    def events(self, out):
        r = self.r
        ri, rnd = r.randint, r.random
        n = self.nev
        mix = [("repair", 0.37), ("reception", 0.33), ("complaint", 0.10), ("membership", 0.10),
               ("delivery", 0.10)]
        counts = {k: int(n * w) for k, w in mix}
        counts["repair"] += n - sum(counts.values())
        kinds = []
        for k, _ in mix:
            kinds += [k] * counts[k]
        r.shuffle(kinds)
        span = I_TO - I_FROM + 1
        hh_ids = [h[0] for h in self.hh] or ["H000001"]
        mem_pool = self.mem + self.leads[: len(self.leads) // 4] or hh_ids
        proj_ids = [p[0] for p in self.proj] or hh_ids
        rec_pool_n = len(hh_ids)
        limit = I_ASOF * DAYMIN
        for k, kind in enumerate(kinds, 1):
            eid = "SJ%07d" % k
            day = I_FROM + ri(0, span - 1)
            summ = r.choice(SUMMARY[kind])
            disp = arr = res = reg = None
            valid = ""
            if kind == "repair":
                cust = hh_ids[ri(0, rec_pool_n - 1)]
                opened = day * DAYMIN + ri(7 * 60, 21 * 60 - 1)
                staff = r.choice(self.eng)
                x = rnd()
                if x < 0.03:
                    arr = opened + ri(5, 14)                   # no dispatch recorded
                else:
                    disp = opened + ri(2, 20)
                    y = rnd()
                    arr = disp + (ri(4, 15) if y < 0.92 else ri(16, 50)) if y < 0.985 else None
                res = (arr or opened + 40) + ri(20, 240)
                if rnd() < 0.01 or res > limit + 22 * 60:
                    res = None
                out.row([eid, "repair", cust, fdt(opened), fdt(disp) if disp else "", fdt(arr) if arr else "",
                         fdt(res) if res else "", "", "", staff, summ])
                if res is not None:
                    self.event_callback(eid, cust, res, 3 * DAYMIN, 0.04, 0.03)
            elif kind == "reception":
                x = rnd()
                cust = hh_ids[ri(0, rec_pool_n - 1)] if x < 0.8 else r.choice(mem_pool)
                opened = day * DAYMIN + ri(9 * 60, 18 * 60 - 1)
                res = opened + ri(8, 60)
                y = rnd()
                reg = res + ri(0, 10) if y < 0.95 else (res + ri(11, 45) if y < 0.99 else None)
                staff = r.choice(self.cs)
                out.row([eid, "reception", cust, fdt(opened), "", "", fdt(res), fdt(reg) if reg else "", "", staff,
                         summ])
                if rnd() < 0.08:                               # satisfaction survey by SMS
                    t = self.ok_time(res + 60, res + 2 * DAYMIN)
                    if t is not None and t <= limit + 20 * 60:
                        self.cb(t, cust, eid, r.choice(REACHED + NOT_REACHED[:1]), "sms", "来访满意度调查")
            elif kind == "complaint":
                cust = hh_ids[ri(0, rec_pool_n - 1)] if rnd() < 0.9 else r.choice(mem_pool)
                opened = day * DAYMIN + ri(8 * 60, 21 * 60 - 1)
                valid = "是" if rnd() < 0.93 else "否"
                staff = r.choice(self.cs)
                x = rnd()
                if x < 0.15:
                    res = opened + ri(3 * DAYMIN, 10 * DAYMIN)   # long: progress calls every < 2 days
                else:
                    res = opened + ri(2 * 60, 40 * 60)
                if res > limit + 20 * 60 or rnd() < 0.01:
                    res = None
                out.row([eid, "complaint", cust, fdt(opened), "", "", fdt(res) if res else "", "", valid, staff,
                         summ])
                end = res if res is not None else limit + 20 * 60
                if end - opened > 2 * DAYMIN:
                    skip = rnd() < 0.05
                    t = opened
                    while t + 2 * DAYMIN < end and not skip:
                        lo = t + 20 * 60
                        if rnd() < 0.05:
                            c = self.ok_time(t + 2 * DAYMIN + 120, t + 3 * DAYMIN)   # late progress call
                        else:
                            c = self.ok_time(lo, t + 2 * DAYMIN - 15)
                        if c is None or c >= end:
                            break
                        self.cb(c, cust, eid, r.choice(("neutral", "neutral", "satisfied", "unsatisfied")),
                                "phone", "处理进度回访")
                        t = c
                if res is not None:
                    self.event_callback(eid, cust, res, DAYMIN, 0.04, 0.03, "投诉处理结果回访")
            elif kind == "membership":
                cust = r.choice(mem_pool)
                opened = day * DAYMIN + ri(9 * 60, 18 * 60 - 1)
                staff = r.choice(self.cs)
                out.row([eid, "membership", cust, fdt(opened), "", "", "", "", "", staff, summ])
                self.event_callback(eid, cust, opened, 3 * DAYMIN, 0.04, 0.03)
            else:
                cust = r.choice(proj_ids)
                opened = day * DAYMIN + ri(9 * 60, 17 * 60 - 1)
                res = opened + ri(60, 72 * 60) if rnd() < 0.9 else None
                if res is not None and res > limit + 20 * 60:
                    res = None
                out.row([eid, "delivery", cust, fdt(opened), "", "", fdt(res) if res else "", "", "",
                         r.choice(self.mgr), summ])
                if res is not None and rnd() < 0.3:
                    t = self.ok_time(res + 60, res + 5 * DAYMIN)
                    if t is not None and t <= limit + 20 * 60:
                        self.cb(t, cust, eid, r.choice(REACHED), "phone", "项目交付回访")

    # -- recurring coverage, then fill to the exact callback count
    def recurring(self):
        r = self.r
        ri, rnd = r.randint, r.random
        want = self.ncb - len(self.cbs)
        if want < 0:
            # more event callbacks than asked for: drop the latest generated
            del self.cbs[self.ncb:]
            return
        start, limit = I_FROM * DAYMIN, I_ASOF * DAYMIN + 10 * 60
        windows = []        # (customer, lo minute, hi minute, note, channel-is-visit)
        for cid, since, _n, _a in self.hh:
            q = D(since.year, 3 * ((since.month - 1) // 3) + 1, 1)
            if q < since:
                q = add_months(q, 3)
            q = max(q, YEAR_FROM)
            while q <= AS_OF:
                b = add_months(q, 3)
                windows.append((cid, didx(q) * DAYMIN, min(didx(b) * DAYMIN - 1, limit), "物管员季度走访", True))
                q = b
        for cid, since in self.proj:
            k = 0
            while True:
                if k < 12:
                    a, b = add_months(since, k), add_months(since, k + 1)
                else:
                    j = k - 12
                    a, b = add_months(since, 12 + 3 * j), add_months(since, 12 + 3 * (j + 1))
                k += 1
                if a > AS_OF:
                    break
                if b <= YEAR_FROM:
                    continue
                note = "项目月度回访" if k <= 12 else "项目季度回访"
                windows.append((cid, max(didx(a) * DAYMIN, start), min(didx(b) * DAYMIN - 1, limit), note, False))
        # each window: a reached visit (98 %), sometimes after an unreachable try;
        # the current window (containing the as-of date) only in 70 % of cases
        cap = want
        made = 0
        for cid, lo, hi, note, visit in windows:
            if made >= cap:
                break
            if rnd() < 0.02:
                continue                                    # missed on purpose
            if hi >= I_ASOF * DAYMIN and rnd() < 0.3:
                continue                                    # still pending
            if rnd() < 0.12 and hi - lo > 5 * DAYMIN and made + 2 <= cap:
                t0 = self.ok_time(lo, lo + 3 * DAYMIN)
                if t0 is not None:
                    self.cb(t0, cid, "", r.choice(NOT_REACHED), "phone")
                    made += 1
                    lo = t0 + 60
            t = self.ok_time(lo, hi)
            if t is None:
                continue
            if rnd() < 0.01:
                q = self.quietify(t)
                if lo <= q <= hi:
                    t = q
            ch = "visit" if visit and rnd() < 0.6 else r.choice(("phone", "phone", "online", "letter"))
            self.cb(t, cid, "", r.choice(REACHED), ch, note)
            made += 1
        # the rest: follow-up calls (费用提醒, 满意度调查, 走访后跟进) to households and projects
        rest = cap - made
        pool = [h[0] for h in self.hh] + [p[0] for p in self.proj]
        if not pool:
            pool = self.mem or ["H000001"]
        notes = ("走访后电话跟进", "物业费缴纳提醒", "满意度调查", "", "", "")
        span = (I_ASOF - I_FROM) * DAYMIN + 10 * 60
        np = len(pool)
        for _ in range(rest):
            cid = pool[ri(0, np - 1)]
            t = start + ri(0, span)
            if not tod_ok(t):
                d0 = t - t % DAYMIN
                if rnd() < 0.98:
                    t = self.ok_time(d0, min(d0 + DAYMIN - 1, limit)) or limit
                else:
                    t = min(self.quietify(t), limit)
            outc = r.choice(REACHED) if rnd() < 0.9 else r.choice(NOT_REACHED)
            self.cb(t, cid, "", outc, None, r.choice(notes))

    def write_callbacks(self, out):
        self.cbs.sort(key=lambda c: (c[0], c[1], c[2]))
        for k, (t, cust, ev, ch, outc, staff, note) in enumerate(self.cbs, 1):
            out.row(["HF%07d" % k, ev, cust, fdt(t), ch, outc, staff, note])
        n = len(self.cbs)
        self.cbs = []
        return n


# ---------------------------------------------------------------------------
# Archive records, holds, borrowings

CATS = [("move_in", 30), ("renovation", 15), ("daily", 5), ("fee_notice", 15), ("lawyer_letter", 2),
        ("outsourcing_contract", 1), ("visitor_register", 12), ("repair_order", 20)]
VENDORS = ["深圳市洁美保洁服务有限公司", "深圳市绿源园林绿化工程有限公司", "深圳市安居电梯维保有限公司",
           "深圳市华安消防设备维护有限公司", "深圳市净源二次供水服务有限公司", "深圳市捷达停车场管理有限公司",
           "深圳市康虫害防治有限公司", "深圳市迅通弱电工程有限公司"]


def rand_date(r, a, b):
    return a + dt.timedelta(days=r.randint(0, (b - a).days))


def write_archive(out_a, out_h, out_b, n, n_holds, n_loans, owners, emps, mgr):
    r = rng_for("archive")
    if not owners:
        owners = ["%s(%s区%d栋%d单元%d%02d)" % (person_name(r), r.choice(AREAS), r.randint(1, 30), r.randint(1, 3),
                                             r.randint(2, 31), r.randint(1, 4)) for _ in range(2000)]
    total_w = sum(w for _, w in CATS)
    counts = {c: n * w // total_w for c, w in CATS}
    counts["move_in"] += n - sum(counts.values())
    recs = []
    for cat, _w in CATS:
        for _ in range(counts[cat]):
            created = rand_date(r, D(2011, 1, 1), D(2026, 11, 20))
            closed = None
            owner = r.choice(owners)
            addr = owner.split("(")[1].rstrip(")")
            conf = False
            if cat == "move_in":
                title = "%s 入住资料（交房验收单、业主信息表）" % addr
                conf = r.random() < 0.1
            elif cat == "renovation":
                if r.random() < 0.85:
                    closed = created + dt.timedelta(days=r.randint(30, 120))
                title = "%s 装修申请及验收资料" % addr
            elif cat == "daily":
                owner = ""
                title = "%d年%d月 客服部日常工作资料（值班记录、交接班记录）" % (created.year, created.month)
            elif cat == "fee_notice":
                if r.random() < 0.6:
                    closed = created + dt.timedelta(days=r.randint(5, 90))
                title = "催费通知书：%s 欠缴物业管理费 %d 个月" % (addr, r.randint(2, 14))
            elif cat == "lawyer_letter":
                if r.random() < 0.7:
                    closed = created + dt.timedelta(days=r.randint(60, 400))
                conf = True
                title = "律师函：关于%s 长期欠缴物业费事宜" % addr
            elif cat == "outsourcing_contract":
                owner = r.choice(VENDORS)
                created = D(r.randint(2011, 2026), r.randint(1, 10), 1)
                closed = add_months(created, 36) - dt.timedelta(days=1)
                conf = r.random() < 0.5
                title = "外判服务合同：%s（%d–%d年）" % (owner, created.year, created.year + 3)
            elif cat == "visitor_register":
                owner = ""
                closed = add_months(D(created.year, 3 * ((created.month - 1) // 3) + 1, 1), 3) - dt.timedelta(days=1)
                title = "来访客户登记表 %d年第%d季度 第%d册" % (created.year, (created.month - 1) // 3 + 1,
                                                      r.randint(1, 40))
            else:
                closed = created + dt.timedelta(days=r.randint(0, 7))
                title = "维修服务通知单：%s %s" % (addr, r.choice(SUMMARY["repair"]))
            if closed is not None and closed > AS_OF:
                closed = None
            recs.append([cat, created, closed, owner, title, conf])
    recs.sort(key=lambda x: (x[1], x[0], x[4]))
    seq = {}
    ids = []
    for rec in recs:
        y = rec[1].year
        seq[y] = seq.get(y, 0) + 1
        rid = "DA%d-%06d" % (y, seq[y])
        ids.append(rid)
        cat, created, closed, owner, title, conf = rec
        if cat == "lawyer_letter" or (cat == "outsourcing_contract" and conf):
            loc = "机要柜%d号" % r.randint(1, 6)
        else:
            loc = "档案室%s-%02d柜" % (r.choice("ABCDEFGH"), r.randint(1, 60))
        out_a.row([rid, cat, owner, title, created.isoformat(), closed.isoformat() if closed else "", loc,
                   "是" if conf else "否", ""])
    # holds: by record (most), by owner, by category
    reasons_r = ["欠费诉讼进行中，法院要求保全证据", "保险理赔取证", "公安机关调查取证", "审计抽查", "业主申请复核"]
    placers = [mgr[k].id for k in ("cs_chief", "cs_supervisor", "center_director") if k in mgr] or ["E0001"]
    old = [k for k, rec in enumerate(recs) if rec[1] < D(2021, 1, 1)] or list(range(len(recs)))
    for k in range(1, n_holds + 1):
        x = r.random()
        placed = rand_date(r, D(2024, 1, 1), D(2026, 11, 20))
        lifted = ""
        if r.random() < 0.3:
            # ingest never lifts a hold (issue 13): the draw stays so the
            # rest of the data is unchanged, the lift is left to `hold lift`
            r.randint(30, 400)
        hid = "DJ%d-%04d" % (placed.year, k)
        if x < 0.85 and recs:
            i = r.choice(old)
            out_h.row([hid, ids[i], "", "", r.choice(reasons_r), placed.isoformat(), lifted, r.choice(placers)])
        elif x < 0.99 or not recs:
            out_h.row([hid, "", "", r.choice(owners), "业主房屋产权纠纷，仲裁未结", placed.isoformat(), lifted,
                       r.choice(placers)])
        else:
            out_h.row([hid, "", r.choice(["lawyer_letter", "fee_notice"]), "", "年度审计期间暂停处置",
                       placed.isoformat(), lifted, r.choice(placers)])
    # borrowings
    eng = [e.id for e in emps if e.dept == "工程部" and e.role == "staff"] or ["E0001"]
    cs = [e.id for e in emps if e.dept == "客服部" and e.role == "staff"] or ["E0001"]
    chief = mgr["cs_chief"].id if "cs_chief" in mgr else "E0001"
    director = mgr["center_director"].id if "center_director" in mgr else "E0001"
    conf_ids = [ids[k] for k, rec in enumerate(recs) if rec[5]]
    plain_ids = [ids[k] for k, rec in enumerate(recs) if not rec[5] and rec[0] in ("move_in", "renovation")] or ids
    purposes_k = ["入户维修水管", "更换门锁", "空房巡查", "空置房通风", "业主委托装修放行", "水泵房巡检", "消防检查"]
    purposes_a = ["业主查阅入住资料", "装修验收复核", "物业费纠纷取证", "律师调阅", "内部审计"]
    limit = I_ASOF * DAYMIN
    for k in range(1, n_loans + 1):
        day = I_FROM + r.randint(0, I_TO - I_FROM)
        out_t = day * DAYMIN + r.randint(8 * 60, 17 * 60)
        if r.random() < 0.75:
            item = "KEY-%s%d-%d-%d%02d" % (r.choice(AREAS), r.randint(1, 30), r.randint(1, 3), r.randint(2, 31),
                                          r.randint(1, 4))
            external = r.random() < 0.15
            borrower = "装修公司 %s师傅" % r.choice(SURNAMES) if external else r.choice(eng)
            appr = (director if r.random() < 0.9 else chief) if external else chief
            x = r.random()
            ret = out_t + r.randint(30, 300) if x < 0.95 else (out_t + DAYMIN + r.randint(0, 300) if x < 0.98 else None)
            if ret is not None and (ret // DAYMIN != out_t // DAYMIN) and x < 0.95:
                ret = day * DAYMIN + 23 * 60 + 30
            if ret is not None and ret > limit:
                ret = None
            out_b.row(["JY2026-%05d" % k, "key", item, borrower, "是" if external else "否", appr, fdt(out_t),
                       fdt(ret) if ret is not None else "", r.choice(purposes_k)])
        else:
            conf = r.random() < 0.02 and conf_ids
            item = r.choice(conf_ids) if conf else r.choice(plain_ids)
            external = r.random() < 0.2
            borrower = "%s律师" % person_name(r) if external and r.random() < 0.5 else (
                "业主 %s" % person_name(r) if external else r.choice(cs))
            appr = (director if r.random() < 0.9 else chief) if external else chief
            x = r.random()
            ret = out_t + r.randint(60, 6 * DAYMIN) if x < 0.93 else (
                out_t + r.randint(8 * DAYMIN, 20 * DAYMIN) if x < 0.98 else None)
            if ret is not None and ret > limit:
                ret = None
            out_b.row(["JY2026-%05d" % k, "archive", item, borrower, "是" if external else "否", appr, fdt(out_t),
                       fdt(ret) if ret is not None else "", r.choice(purposes_a)])


# ---------------------------------------------------------------------------

def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("outdir")
    ap.add_argument("--scale", type=float, default=1.0)
    ap.add_argument("--attendance-only", type=int, metavar="N")
    ap.add_argument("--visits-only", action="store_true")
    ap.add_argument("--callbacks", type=int, help="--visits-only: callbacks (default 1,000,000 × scale)")
    ap.add_argument("--events", type=int, help="--visits-only: service events (default 300,000 × scale)")
    ap.add_argument("--households", type=int, help="--visits-only: households (default 20,000 × scale)")
    a = ap.parse_args()
    if a.attendance_only is not None and a.visits_only:
        ap.error("--attendance-only and --visits-only exclude each other")
    if a.scale <= 0:
        ap.error("--scale must be positive")
    os.makedirs(a.outdir, exist_ok=True)
    s = a.scale

    def sc(n, lo=1):
        return max(lo, int(round(n * s)))

    t0 = time.time()
    summary = []

    def done(o):
        summary.append((o.name, o.rows, o.close()))

    def log(msg):
        sys.stderr.write("make_large: %s (%.1f s)\n" % (msg, time.time() - t0))
        sys.stderr.flush()

    fines = not a.visits_only
    visits = a.attendance_only is None
    if a.attendance_only is not None:
        emps = build_roster(n_rows=a.attendance_only)
    else:
        emps = build_roster(n_emps=max(len(SPECIALS) + 3, sc(500)))
    mgr = managers(emps)
    o = out_for(a.outdir, "employee")
    write_employees(o, emps)
    done(o)
    log("%d employees" % len(emps))

    if fines:
        leaves = plan_leaves(emps, mgr)
        plan_absences(emps)
        o = out_for(a.outdir, "attendance")
        write_attendance(o, emps)
        done(o)
        log("%d attendance rows" % o.rows)
        o = out_for(a.outdir, "leave")
        write_leaves(o, leaves)
        done(o)
        om, oa = out_for(a.outdir, "meeting"), out_for(a.outdir, "meeting_attendance")
        write_meetings(om, oa, emps, mgr)
        done(om)
        done(oa)
        o = out_for(a.outdir, "report_submission")
        write_reports(o)
        done(o)
        o = out_for(a.outdir, "incident")
        n_inc = int(round(3000 * len(emps) / 500.0)) if a.attendance_only is not None else sc(3000)
        write_incidents(o, emps, mgr, n_inc)
        done(o)
        log("leaves, meetings, reports, incidents")

    owners = []
    if visits:
        if a.visits_only:
            nh = a.households if a.households is not None else sc(20000)
            nev = a.events if a.events is not None else sc(300000)
            ncb = a.callbacks if a.callbacks is not None else sc(1000000)
        else:
            nh, nev, ncb = sc(50000), sc(300000), sc(1000000)
        ratio = nh / 50000.0
        v = Visits(emps, nh, max(1, int(round(2000 * ratio))), max(1, int(round(5000 * ratio))),
                   max(1, int(round(500 * ratio))), nev, ncb)
        o = out_for(a.outdir, "customer")
        v.customers(o)
        done(o)
        o = out_for(a.outdir, "service_event")
        v.events(o)
        done(o)
        log("customers, %d service events (%d event callbacks)" % (o.rows, len(v.cbs)))
        v.recurring()
        o = out_for(a.outdir, "callback")
        v.write_callbacks(o)
        done(o)
        log("%d callbacks" % o.rows)
        owners = ["%s(%s)" % (h[2], h[3]) for h in v.hh[:50000]]
        del v

    if fines and visits:
        oa, oh, ob = out_for(a.outdir, "archive_record"), out_for(a.outdir, "hold"), out_for(a.outdir, "borrowing")
        write_archive(oa, oh, ob, sc(100000), sc(300), sc(2000), owners, emps, mgr)
        done(oa)
        done(oh)
        done(ob)
        log("archive records, holds, borrowings")

    tot_rows = sum(x[1] for x in summary)
    tot_bytes = sum(x[2] for x in summary)
    log("%d files, %d rows, %.1f MiB in %s" % (len(summary), tot_rows, tot_bytes / 1048576.0, a.outdir))


if __name__ == "__main__":
    main()
