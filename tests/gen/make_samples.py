#!/usr/bin/env python3
"""make_samples.py — writes the sample department of kefu under samples/.

A small property-management customer-service department (物业服务中心 客服部,
工程部, 秩序维护部), as of 2026-11-26: one file per record kind, named
samples/NN-<kind>.<csv|xml> in the order of SPEC §3, in a variety of
formats, encodings and header languages, plus samples/attachments/ and
samples/README.md (the file table and the deliberate rule breaches).

Every row is valid; the rule breaches are findings, not errors.  The
generator is deterministic (a fixed seed, no clock, no environment): two
runs write byte-identical files.

    python3 tests/gen/make_samples.py [OUTDIR]      (default: samples/)

Only the Python 3 standard library is used.
"""
import csv
import datetime as dt
import io
import os
import random
import struct
import sys
import zlib
from fractions import Fraction
from xml.sax.saxutils import escape

SEED = 20261126
AS_OF = dt.date(2026, 11, 26)
AS_OF_END = dt.datetime(2026, 11, 27, 0, 0)      # end of the as-of date
DATA_FROM = dt.date(2026, 10, 1)                  # attendance period
DATA_TO = dt.date(2026, 11, 25)
REC_FROM = dt.datetime(2026, 7, 1)                # recurring callbacks kept from here

D = dt.date
T = dt.datetime
MIN = dt.timedelta(minutes=1)
HOUR = dt.timedelta(hours=1)
DAY = dt.timedelta(days=1)

rng = random.Random(SEED)

# ---------------------------------------------------------------------------
# Calendar (docs/calendar-cn.md, 2026)

HOLIDAYS_2026 = set()
for a, b in [(D(2026, 1, 1), D(2026, 1, 3)), (D(2026, 2, 15), D(2026, 2, 23)),
             (D(2026, 4, 4), D(2026, 4, 6)), (D(2026, 5, 1), D(2026, 5, 5)),
             (D(2026, 6, 19), D(2026, 6, 21)), (D(2026, 9, 25), D(2026, 9, 27)),
             (D(2026, 10, 1), D(2026, 10, 7))]:
    d = a
    while d <= b:
        HOLIDAYS_2026.add(d)
        d += DAY
MAKEUP_2026 = {D(2026, 1, 4), D(2026, 2, 14), D(2026, 2, 28), D(2026, 5, 9),
               D(2026, 9, 20), D(2026, 10, 10)}


def is_workday(d):
    if d in MAKEUP_2026:
        return True
    if d in HOLIDAYS_2026:
        return False
    return d.weekday() < 5


def next_workday(d):
    while not is_workday(d):
        d += DAY
    return d


def daterange(a, b):
    d = a
    while d <= b:
        yield d
        d += DAY


def add_months(d, n):
    y, m = divmod(d.month - 1 + n, 12)
    y += d.year
    m += 1
    last = [31, 29 if (y % 4 == 0 and (y % 100 != 0 or y % 400 == 0)) else 28,
            31, 30, 31, 30, 31, 31, 30, 31, 30, 31][m - 1]
    return D(y, m, min(d.day, last))


# ---------------------------------------------------------------------------
# Value formatting

def fdate(d, style="iso"):
    if style == "iso":
        return d.isoformat()
    if style == "slash":
        return "%d/%02d/%02d" % (d.year, d.month, d.day)
    if style == "slash1":                      # as Excel writes it: 2026/1/5
        return "%d/%d/%d" % (d.year, d.month, d.day)
    if style == "dot":
        return "%d.%02d.%02d" % (d.year, d.month, d.day)
    if style == "zh":
        return "%d年%d月%d日" % (d.year, d.month, d.day)
    raise ValueError(style)


def fdt(t, style="iso"):
    if t is None:
        return ""
    if style == "iso":
        return t.strftime("%Y-%m-%d %H:%M")
    if style == "sec":
        return t.strftime("%Y-%m-%d %H:%M:%S")
    if style == "T":
        return t.strftime("%Y-%m-%dT%H:%M:%S")
    if style == "slash":
        return "%d/%02d/%02d %s" % (t.year, t.month, t.day, t.strftime("%H:%M"))
    raise ValueError(style)


def ftime(tm, short=False):
    s = "%02d:%02d" % (tm.hour, tm.minute)
    if short and s[0] == "0":
        s = s[1:]
    return s


def yuan(n, style):
    """Money in a given style: plain, comma, yen, yuan, fwyen."""
    if style == "plain":
        return "%d" % n
    if style == "comma":
        return "{:,.2f}".format(n)
    if style == "yen":
        return "¥{:,.2f}".format(n)
    if style == "fwyen":                       # full-width, as GBK Excel writes it
        return "￥{:,.2f}".format(n)
    if style == "yuan":
        return "%d元" % n
    raise ValueError(style)


def half_up_fen(fr):
    """Fraction of fen → integer fen, half up."""
    return int((fr * 2 + 1) // 2)


def fen_str(fen):
    return "{:,}.{:02d}".format(fen // 100, fen % 100)


# ---------------------------------------------------------------------------
# People

REGIONS = ["440305", "440304", "440303", "440306", "440307", "440106", "441302",
           "445202", "430102", "360102", "450103", "510104", "441802", "440513",
           "441422", "431003"]
W_ID = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]


def id_number(region, birth, male, want_x=False):
    for _ in range(2000):
        seq = rng.randint(1, 499) * 2 + (1 if male else 0)
        if seq > 999:
            continue
        body = "%s%s%03d" % (region, birth.strftime("%Y%m%d"), seq)
        s = sum(int(c) * w for c, w in zip(body, W_ID)) % 11
        check = "10X98765432"[s]
        if (check == "X") == want_x:
            return body + check
    raise RuntimeError("no id number")


def phone(prefix=None):
    p = prefix or rng.choice(["138", "138", "138", "139", "136", "135", "150", "186", "189", "137"])
    return p + "%08d" % rng.randint(0, 99999999)


DEPTS = ["客服部", "工程部", "秩序维护部"]
ROLE_ZH = {"staff": "员工", "cs_chief": "客服主任", "cs_supervisor": "客户服务部主管",
           "dept_head": "部门负责人", "center_director": "服务中心主任", "gm": "总经理"}

# id, name, sex, dept, role, wage, bonus, hired_on, left_on, roster
#   roster: office | rot<offset> | none
EMP_TABLE = [
    ("E001", "陈建国", "M", "客服部", "gm", 9000, 3000, D(2012, 3, 1), None, "office"),
    ("E002", "林美玲", "F", "客服部", "center_director", 8200, 1500, D(2014, 7, 15), None, "office"),
    ("E003", "黄志强", "M", "客服部", "dept_head", 7200, 1000, D(2015, 4, 1), None, "office"),
    ("E004", "吴晓燕", "F", "客服部", "cs_supervisor", 6500, 800, D(2016, 9, 12), None, "office"),
    ("E005", "郑丽娟", "F", "客服部", "cs_chief", 5800, 600, D(2017, 2, 20), None, "office"),
    ("E006", "刘婷婷", "F", "客服部", "staff", 4350, 300, D(2019, 3, 15), None, "office"),
    ("E007", "张伟", "M", "客服部", "staff", 4200, 300, D(2020, 6, 1), None, "office"),
    ("E008", "李娜", "F", "客服部", "staff", 4500, None, D(2018, 11, 5), None, "office"),
    ("E009", "王芳", "F", "客服部", "staff", 4100, 200, D(2021, 4, 19), None, "office"),
    ("E010", "杨帆", "M", "客服部", "staff", 4300, 300, D(2022, 2, 14), None, "office"),
    ("E011", "赵敏", "F", "客服部", "staff", 4000, 200, D(2023, 7, 3), None, "office"),
    ("E012", "周杰", "M", "客服部", "staff", 4600, 400, D(2019, 10, 8), None, "office"),
    ("E013", "徐静", "F", "客服部", "staff", 4400, 300, D(2020, 12, 1), None, "office"),
    ("E014", "孙浩", "M", "客服部", "staff", 4200, 500, D(2024, 3, 11), None, "office"),
    ("E015", "马丽", "F", "客服部", "staff", 3900, 200, D(2025, 5, 6), None, "office"),
    ("E016", "郭永强", "M", "工程部", "dept_head", 7000, 1000, D(2013, 8, 1), None, "office"),
    ("E017", "何俊", "M", "工程部", "staff", 5200, 500, D(2018, 5, 21), None, "office"),
    ("E018", "高磊", "M", "工程部", "staff", 5000, 400, D(2019, 9, 2), None, "office"),
    ("E019", "罗志刚", "M", "工程部", "staff", 5400, 600, D(2016, 3, 28), None, "office"),
    ("E020", "梁晓东", "M", "工程部", "staff", 4800, 300, D(2021, 11, 15), None, "office"),
    ("E021", "谢文斌", "M", "工程部", "staff", 4900, 300, D(2022, 8, 8), None, "office"),
    ("E022", "宋海涛", "M", "工程部", "staff", 5100, 400, D(2020, 1, 6), None, "office"),
    ("E023", "唐国栋", "M", "秩序维护部", "dept_head", 6200, 800, D(2015, 10, 10), None, "office"),
    ("E024", "许亮", "M", "秩序维护部", "staff", 3900, 300, D(2023, 4, 1), None, "rot0"),
    ("E025", "韩冬", "M", "秩序维护部", "staff", 3800, 300, D(2024, 1, 15), None, "rot1"),
    ("E026", "冯建军", "M", "秩序维护部", "staff", 3850, 250, D(2021, 6, 20), None, "rot2"),
    ("E027", "邓超", "M", "秩序维护部", "staff", 3800, 200, D(2025, 2, 10), None, "rot3"),
    ("E028", "曹雷", "M", "秩序维护部", "staff", 3950, 300, D(2022, 9, 1), None, "rot0"),
    ("E029", "彭勇", "M", "秩序维护部", "staff", 3800, 200, D(2024, 8, 19), None, "rot2"),
    ("E030", "曾志明", "M", "秩序维护部", "staff", 4000, 200, D(2019, 5, 13), None, "office"),
    ("E031", "肖雨", "F", "客服部", "staff", 3800, 200, D(2023, 3, 1), D(2026, 9, 30), "none"),
]


class Emp:
    pass


EMPS = []
EMP = {}
for row in EMP_TABLE:
    e = Emp()
    (e.id, e.name, e.sex, e.dept, e.role, e.wage, e.bonus, e.hired, e.left, e.roster) = row
    age = rng.randint(23, 52) if e.role == "staff" else rng.randint(35, 55)
    birth = D(2026 - age, rng.randint(1, 12), rng.randint(1, 28))
    e.idno = id_number(rng.choice(REGIONS), birth, e.sex == "M", want_x=(e.id == "E020"))
    e.phone = phone("138" if int(e.id[1:]) % 3 else None)
    EMPS.append(e)
    EMP[e.id] = e

# ---------------------------------------------------------------------------
# Findings bookkeeping (for README)

BREACHES = []   # (area, rule, source, expectation)


def breach(area, rule, source, expect):
    BREACHES.append((area, rule, source, expect))


def wb(e):
    return e.wage, (e.bonus or 0)


def run_cost_fen(e, length):
    w, b = wb(e)
    if length <= 2:
        return half_up_fen(Fraction(2 * length * (w + b) * 100 * 100, 2175))
    if length <= 5:
        return half_up_fen(Fraction((w + b) * 100, 2))
    if length <= 10:
        return (w + b) * 100
    return (w + 2 * b) * 100


# ---------------------------------------------------------------------------
# Attendance

OFFICE = ("08:30", "17:30")
DAYSHIFT = ("08:00", "20:00")
NIGHTSHIFT = ("20:00", "08:00")


def roster(e):
    """[(date, start, end)] for the attendance period."""
    out = []
    if e.roster == "office":
        for d in daterange(DATA_FROM, DATA_TO):
            if is_workday(d):
                out.append((d, OFFICE[0], OFFICE[1]))
    elif e.roster.startswith("rot"):
        off = int(e.roster[3:])
        for d in daterange(DATA_FROM, DATA_TO):
            k = ((d - DATA_FROM).days + off) % 4
            if k == 0:
                out.append((d, DAYSHIFT[0], DAYSHIFT[1]))
            elif k == 1:
                out.append((d, NIGHTSHIFT[0], NIGHTSHIFT[1]))
    return out


def shift_bounds(d, s, en):
    hs, ms = map(int, s.split(":"))
    he, me = map(int, en.split(":"))
    start = T(d.year, d.month, d.day, hs, ms)
    end = T(d.year, d.month, d.day, he, me)
    if end <= start:
        end += DAY
    return start, end


def on_shift(eid, d):
    return any(x[0] == d for x in roster(EMP[eid]))


def shift_of(eid, d):
    for x in roster(EMP[eid]):
        if x[0] == d:
            return x
    raise KeyError((eid, d))


# Deliberate attendance cases: (eid, date) → ('late', minutes) | ('early', minutes)
# | ('no_out',) | ('no_in',) | ('absent', reason)
ATT = {}


def mark(eid, d, what):
    assert on_shift(eid, d), (eid, d)
    assert (eid, d) not in ATT, (eid, d)
    ATT[(eid, d)] = what


# --- late arrivals: E007 seven times in October (3rd and 6th → absence days)
e7_late = [(D(2026, 10, 9), 5), (D(2026, 10, 13), 11), (D(2026, 10, 15), 3),
           (D(2026, 10, 20), 8), (D(2026, 10, 22), 1), (D(2026, 10, 27), 15),
           (D(2026, 10, 29), 6)]
for d, m in e7_late:
    mark("E007", d, ("late", m))
# --- E008: two late arrivals in October (no absence day), one early leave in November
mark("E008", D(2026, 10, 16), ("late", 10))
mark("E008", D(2026, 10, 23), ("late", 2))
mark("E008", D(2026, 11, 13), ("early", 25))
# --- E009: missing single punches in different months
mark("E009", D(2026, 10, 14), ("no_out",))
mark("E009", D(2026, 11, 10), ("no_in",))
# --- E018: three occurrences in November (late, early, missing clock-out) → 1 absence day
mark("E018", D(2026, 11, 3), ("late", 20))
mark("E018", D(2026, 11, 12), ("early", 60))
mark("E018", D(2026, 11, 19), ("no_out",))
# --- E025: night shifts (20:00–08:00, end the next day): late in Oct, early in Nov
mark("E025", D(2026, 10, 13), ("late", 12))
mark("E025", D(2026, 11, 10), ("early", 25))
assert shift_of("E025", D(2026, 10, 13))[1] == "20:00"
assert shift_of("E025", D(2026, 11, 10))[1] == "20:00"

# --- absence runs (no leave)
ABS_RUNS = {
    "E010": [D(2026, 10, 22)],
    "E011": [D(2026, 11, 5), D(2026, 11, 6)],
    "E012": [D(2026, 11, 12), D(2026, 11, 13), D(2026, 11, 16), D(2026, 11, 17)],
    "E019": [D(2026, 10, 19), D(2026, 10, 20), D(2026, 10, 21), D(2026, 10, 22),
             D(2026, 10, 23), D(2026, 10, 26), D(2026, 10, 27)],
    "E014": [d for d in daterange(D(2026, 11, 2), D(2026, 11, 23)) if is_workday(d)],
}
assert len(ABS_RUNS["E014"]) == 16
for eid, days in ABS_RUNS.items():
    for d in days:
        mark(eid, d, ("absent", None))

# --- leave
# id, eid, type(zh), start, end, approver, certificate, note, valid?, why-invalid
LEAVES = [
    ("QJ2026-101", "E013", "事假", D(2026, 10, 12), D(2026, 10, 14), "E003", "", "家中老人住院陪护", True, ""),
    ("QJ2026-102", "E020", "病假", D(2026, 11, 9), D(2026, 11, 10), "E016", "是", "急性肠胃炎，附市人民医院诊断证明", True, ""),
    ("QJ2026-103", "E023", "事假", D(2026, 10, 15), D(2026, 10, 16), "E001", "", "部门负责人请假，总经理批准", True, ""),
    ("QJ2026-104", "E006", "年假", D(2026, 11, 18), D(2026, 11, 20), "E003", "", "年休假", True, ""),
    ("QJ2026-105", "E028", "病假", D(2026, 11, 2), D(2026, 11, 4), "E023", "√", "腰伤，医院证明已交部门", True, ""),
    ("QJ2026-106", "E030", "调休", D(2026, 10, 30), D(2026, 10, 30), "E023", "", "国庆值班调休", True, ""),
    ("QJ2026-107", "E015", "事假", D(2026, 10, 26), D(2026, 10, 29), "E003", "", "回老家办理房产过户，\n共4天", False,
     "personal leave of 4 days approved only by the dept_head (needs the gm)"),
    ("QJ2026-108", "E017", "病假", D(2026, 10, 20), D(2026, 10, 21), "E016", "否", "感冒发烧，未提供医院证明", False,
     "sick leave without a hospital certificate"),
    ("QJ2026-109", "E021", "事假", D(2026, 11, 16), D(2026, 11, 16), "", "", "临时有事，未找到领导签字", False,
     "no approver"),
    ("QJ2026-110", "E022", "事假", D(2026, 11, 23), D(2026, 11, 24), "E003", "", "孩子开家长会, 客服部黄经理代签", False,
     "approver E003 is the dept_head of 客服部, not of the requester's department 工程部"),
]
# When each leave was asked for (申请时间, leave.requested_at, issue 11):
# 办公环境管理规定 1 wants it a day ahead, read as by 23:59:59 of the day
# before the first day. Three were asked on their first day (late); the
# sick leave QJ2026-108 has none recorded (not judged, as old data).
REQUESTED = {
    "QJ2026-101": "2026-10-09 16:20", "QJ2026-102": "2026-11-09 08:30", "QJ2026-103": "2026-10-13 10:00",
    "QJ2026-104": "2026-11-10 09:15", "QJ2026-105": "2026-11-02 09:10", "QJ2026-106": "2026-10-29 17:45",
    "QJ2026-107": "2026-10-23 11:00", "QJ2026-108": "", "QJ2026-109": "2026-11-16 08:05",
    "QJ2026-110": "2026-11-22 21:00",
}
assert set(REQUESTED) == {lv[0] for lv in LEAVES}
LEAVE_BY = {}
for lv in LEAVES:
    lid, eid, typ, a, b, appr, cert, note, valid, why = lv
    days = [d for d in daterange(a, b) if on_shift(eid, d)]
    assert days, lid
    for d in days:
        mark(eid, d, ("leave", lid))
    LEAVE_BY[lid] = (lv, days)

# ---------------------------------------------------------------------------
# Attendance rows


def punches(e, d, s, en):
    start, end = shift_bounds(d, s, en)
    what = ATT.get((e.id, d))
    if what and what[0] in ("absent", "leave"):
        return None, None, what
    r = rng.random()
    if r < 0.04:
        cin = start                             # exactly on time
    else:
        cin = start - rng.randint(1, 22) * MIN
    cout = end + rng.randint(0, 35) * MIN
    if what:
        if what[0] == "late":
            cin = start + what[1] * MIN
        elif what[0] == "early":
            cout = end - what[1] * MIN
        elif what[0] == "no_out":
            cout = None
        elif what[0] == "no_in":
            cin = None
    return cin, cout, what


ATT_ROWS = []
for e in EMPS:
    for d, s, en in roster(e):
        cin, cout, what = punches(e, d, s, en)
        note = ""
        if what and what[0] == "leave":
            lv = LEAVE_BY[what[1]][0]
            note = "%s %s" % (lv[2], lv[0])
        elif what and what[0] in ("no_in", "no_out"):
            note = "忘记打卡" if what[0] == "no_out" else "未打上班卡"
        ATT_ROWS.append((e.id, d, s, en, cin, cout, note))

# the attendance breaches for README
e7 = EMP["E007"]
breach("attendance", "第三十三条 late/early → absence days",
       "02-attendance.xml: E007 late on 2026-10-09, 13, 15, 20, 22, 27, 29 (7 occurrences in October)",
       "7 late occurrences; the 3rd (2026-10-15) and 6th (2026-10-27) become absence days, each a run of 1: "
       "2 × 2·D = 2 × %s yuan (W 4200 + B 300)" % fen_str(run_cost_fen(e7, 1)))
breach("attendance", "第三十三条 late/early",
       "02-attendance.xml: E008 late 2026-10-16 (08:40), 2026-10-23 (08:32); early 2026-11-13 (17:05)",
       "3 occurrences, but 2 in October and 1 in November: no absence day")
breach("attendance", "第三十三条 missing single punch",
       "02-attendance.xml: E009 2026-10-14 no clock_out; 2026-11-10 no clock_in",
       "2 occurrences (early, late) in different months: no absence day")
breach("attendance", "第三十三条 late/early → absence day",
       "02-attendance.xml: E018 late 2026-11-03 (08:50), early 2026-11-12 (16:30), no clock_out 2026-11-19",
       "3 occurrences in November → 1 absence day dated 2026-11-19, run of 1: %s yuan"
       % fen_str(run_cost_fen(EMP["E018"], 1)))
breach("attendance", "第三十三条 night shift",
       "02-attendance.xml: E025 night shift 2026-10-13 20:00–08:00 clock_in 20:12; night shift 2026-11-10 "
       "clock_out 2026-11-11 07:35",
       "1 late (October) and 1 early (November; the shift ends the next day): no absence day")
for eid, days in ABS_RUNS.items():
    e = EMP[eid]
    L = len(days)
    extra = ""
    if L >= 15:
        extra = "; plus a dismissal finding (run ≥ 15: \"meets the regulation's dismissal threshold — for HR review\")"
    formula = "2·L·D" if L <= 2 else "(W+B)/2" if L <= 5 else "W+B" if L <= 10 else "W+2B"
    breach("attendance", "第三十一条 absence run",
           "02-attendance.xml: %s absent %s … %s (%d rostered shifts%s, no leave)"
           % (eid, days[0], days[-1], L, ", weekend inside" if eid == "E012" else ""),
           "run of %d, dated %s: %s = %s yuan (W %d, B %d)%s"
           % (L, days[-1], formula, fen_str(run_cost_fen(e, L)), e.wage, e.bonus or 0, extra))
for lid, (lv, days) in LEAVE_BY.items():
    _, eid, typ, a, b, appr, cert, note, valid, why = lv
    e = EMP[eid]
    if valid:
        breach("attendance", "第三十条/第三十四条 valid leave",
               "03-leave.csv %s: %s %s %s…%s approved by %s%s; 02-attendance.xml shifts %s without punches"
               % (lid, eid, typ, a, b, appr, " (certificate)" if cert else "",
                  ", ".join(str(x) for x in days)),
               "on leave: no finding")
    else:
        L = len(days)
        formula = "2·L·D" if L <= 2 else "(W+B)/2"
        breach("attendance", "第三十条/第三十四条 invalid leave → absent",
               "03-leave.csv %s: %s %s %s…%s, approver '%s'; 02-attendance.xml shifts %s without punches"
               % (lid, eid, typ, a, b, appr or "(none)", ", ".join(str(x) for x in days)),
               "leave invalid (%s): absent run of %d dated %s, %s = %s yuan; the finding names %s"
               % (why, L, days[-1], formula, fen_str(run_cost_fen(e, L)), lid))

for lv in LEAVES:
    lid, eid, typ, a = lv[0], lv[1], lv[2], lv[3]
    req = REQUESTED[lid]
    if not req:
        breach("leave", "办公环境管理规定 1 leave a day ahead",
               "03-leave.csv %s: %s %s from %s, no 申请时间" % (lid, eid, typ, a),
               "not judged (a leave without requested_at is old data)")
    elif dt.date.fromisoformat(req[:10]) >= a:
        breach("leave", "办公环境管理规定 1 leave a day ahead",
               "03-leave.csv %s: %s %s from %s, 申请时间 %s" % (lid, eid, typ, a, req),
               "leave_late_request, a warning of 0 yuan dated %s (deadline %s 23:59:59)"
               % (a, a - dt.timedelta(days=1)))

# ---------------------------------------------------------------------------
# Meetings

MEETINGS = []      # id, type(code), date, start, end, title
MATT = []          # meeting_id, eid, arrived, left, excused, disruption
CS_STAFF = ["E%03d" % i for i in range(3, 16)]   # 客服部 dept head, supervisor, chief, staff


def unavailable(eid, d):
    w = ATT.get((eid, d))
    return w and w[0] in ("absent", "leave")


def leave_valid_on(eid, d):
    w = ATT.get((eid, d))
    return w and w[0] == "leave" and LEAVE_BY[w[1]][0][8]


def add_meeting(mid, typ, d, s, en, title, people, special, r=None):
    """r: the random source of the arrival and leaving times (rng unless given)."""
    r = r or rng
    MEETINGS.append((mid, typ, d, s, en, title))
    hs, ms = map(int, s.split(":"))
    he, me = map(int, en.split(":"))
    for eid in people:
        if (mid, eid) in special:
            arrived, left, exc, dis = special[(mid, eid)]
        elif unavailable(eid, d):
            if leave_valid_on(eid, d):
                arrived, left, exc, dis = "", "", "Y", "N"
            else:
                continue       # not expected: absent from work (the attendance finding covers it)
        else:
            early = r.choice([0, 0, 1, 2, 3, 5, 8])
            t0 = T(2000, 1, 1, hs, ms) - early * MIN
            arrived = ftime(t0)
            t1 = T(2000, 1, 1, he, me) + r.choice([0, 0, 0, 2, 5]) * MIN
            left = ftime(t1)
            exc, dis = "N", "N"
        MATT.append((mid, eid, arrived, left, exc, dis))


morning_days = [D(2026, 10, 8)] + [d for d in daterange(D(2026, 10, 12), DATA_TO) if d.weekday() == 0]
SPECIAL = {
    ("CH-20261019", "E008"): ("", "", "N", "N"),
    ("YL-202610", "E010"): ("09:12", "11:00", "N", "N"),
    ("YL-202610", "E009"): ("08:55", "11:00", "N", "Y"),
    ("YL-202610", "E011"): ("", "", "Y", "N"),
    ("ZT-20261111", "E011"): ("13:58", "14:40", "N", "N"),
    ("ZT-20261111", "E015"): ("", "", "N", "N"),
    ("PX-20261021", "E021"): ("14:10", "15:30", "N", "N"),
}
# The 晨会 is held every working day (会议制度管理规定 1, the required-meeting
# rule of issue 11), except on the days below. The Monday ones and 8 Oct
# draw from rng as they always did; the others have their own source, so
# that every row generated after them stays as it was.
MORNING_RNG = random.Random(SEED + 11)
MORNING_NOT_HELD = [D(2026, 10, 10), D(2026, 11, 20)]
for d in daterange(D(2026, 10, 1), DATA_TO):
    if not is_workday(d) or d in MORNING_NOT_HELD:
        continue
    add_meeting("CH-%s" % d.strftime("%Y%m%d"), "morning", d, "08:30", "08:45",
                "客服部晨会" + ("（节后第一天）" if d == D(2026, 10, 8) else ""), CS_STAFF, SPECIAL,
                None if d in morning_days else MORNING_RNG)
add_meeting("PX-20261021", "training", D(2026, 10, 21), "14:00", "16:00", "消防安全及应急预案培训",
            ["E016", "E017", "E018", "E019", "E020", "E021", "E022", "E023", "E030"], SPECIAL)
add_meeting("YL-202610", "monthly", D(2026, 10, 31), "09:00", "11:00", "10月份月分析例会",
            ["E001", "E002", "E003", "E004", "E005", "E016", "E023"] + ["E%03d" % i for i in range(6, 16)],
            SPECIAL)
add_meeting("ZT-20261111", "topic", D(2026, 11, 11), "14:00", "15:00", "投诉处理专题会：楼上装修噪音投诉",
            CS_STAFF, SPECIAL)
add_meeting("YL-202611", "monthly", D(2026, 11, 28), "09:00", "11:00", "11月份月分析例会（未召开）", [], SPECIAL)
assert D(2026, 10, 31).weekday() == 5 and D(2026, 11, 28).weekday() == 5
assert ("CH-20261012", "E013") in [(m[0], m[1]) for m in MATT if m[4] == "Y"]

breach("meetings", "会议制度 absent, not excused", "05-meeting_attendance.xml CH-20261019 / E008; ZT-20261111 / E015",
       "20 yuan each")
breach("meetings", "会议制度 excused", "05-meeting_attendance.xml CH-20261012 / E013 (on valid leave QJ2026-101); "
       "YL-202610 / E011", "excused: no finding")
breach("meetings", "会议制度 arrived late", "05-meeting_attendance.xml YL-202610 / E010 arrived 09:12 (start 09:00)",
       "10 yuan")
breach("meetings", "会议制度 left early", "05-meeting_attendance.xml ZT-20261111 / E011 left 14:40 (end 15:00)",
       "10 yuan")
breach("meetings", "会议制度 late and early", "05-meeting_attendance.xml PX-20261021 / E021 arrived 14:10, left 15:30 "
       "(14:00–16:00)", "20 yuan (10 + 10)")
breach("meetings", "会议制度 disruption", "05-meeting_attendance.xml YL-202610 / E009 disruption = Y", "20 yuan")
breach("meetings", "晨会 not held (会议制度管理规定 1: every working day)",
       "04-meeting.csv has no 晨会 on the make-up working Saturday 2026-10-10 nor on Fri 2026-11-20",
       "meeting_not_held, 客服部, warning 0, one each (the other 34 working days of 10-08 … 11-25 have theirs; "
       "国庆 10-01 … 10-07 owe none)")
breach("meetings", "月分析例会 held (会议制度管理规定 1: the last Saturday)",
       "04-meeting.csv YL-202610 on Sat 2026-10-31; September's (moved to Mon 09-28, 中秋) and November's "
       "(11-28) fall outside the 客服部's attendance data (10-01 … 11-25)", "nothing")
breach("meetings", "monthly meeting after the as-of date", "04-meeting.csv YL-202611 (2026-11-28), no attendance rows",
       "nothing")

# ---------------------------------------------------------------------------
# Report submissions

REPORTS = []   # dept, type, period, submitted_at(datetime or None)


def weekly_deadline(year, week):
    monday = dt.date.fromisocalendar(year, week, 1) + 7 * DAY
    d = next_workday(monday)
    return T(d.year, d.month, d.day, 9, 0)


rep_special = {
    ("秩序维护部", "2026-W40"): T(2026, 10, 8, 9, 30),
    ("工程部", "2026-W40"): T(2026, 10, 6, 15, 0),
    ("客服部", "2026-W40"): T(2026, 10, 8, 8, 45),
    ("工程部", "2026-W43"): T(2026, 10, 26, 9, 15),
    ("秩序维护部", "2026-W45"): "skip",
    ("工程部", "2026-W46"): None,
    ("客服部", "2026-W46"): T(2026, 11, 16, 9, 0),
    ("客服部", "2026-W47"): T(2026, 11, 24, 10, 20),
}
for week in range(40, 48):
    for dept in DEPTS:
        period = "2026-W%02d" % week
        key = (dept, period)
        if key in rep_special:
            v = rep_special[key]
            if v == "skip":
                continue
            REPORTS.append((dept, "weekly", period, v))
            continue
        dl = weekly_deadline(2026, week)
        if rng.random() < 0.5:
            # Friday afternoon of the week itself
            fri = dt.date.fromisocalendar(2026, week, 5)
            t = T(fri.year, fri.month, fri.day, rng.randint(15, 17), rng.randint(0, 59))
        else:
            t = dl - rng.randint(5, 55) * MIN
        REPORTS.append((dept, "weekly", period, t))
REPORTS += [
    ("客服部", "monthly", "2026-09", T(2026, 9, 24, 16, 5)),
    ("工程部", "monthly", "2026-09", T(2026, 9, 27, 20, 30)),
    ("秩序维护部", "monthly", "2026-09", T(2026, 9, 28, 8, 50)),
    ("客服部", "monthly", "2026-10", T(2026, 10, 30, 16, 20)),
    ("工程部", "monthly", "2026-10", T(2026, 10, 29, 17, 0)),
    ("秩序维护部", "monthly", "2026-10", T(2026, 10, 31, 8, 30)),
    ("客服部", "monthly", "2026-11", T(2026, 11, 25, 17, 40)),
]
breach("reports", "报表制度 weekly, Monday is a holiday",
       "06-report_submission.csv 秩序维护部 2026-W40 submitted 2026-10-08 09:30",
       "late (deadline moved from Mon 2026-10-05, a holiday, to 2026-10-08 09:00): 10 yuan, department finding")
breach("reports", "报表制度 weekly, Monday is a holiday",
       "06-report_submission.csv 客服部 2026-W40 at 2026-10-08 08:45, 工程部 2026-W40 at 2026-10-06 15:00",
       "on time (only because the deadline moved): no finding")
breach("reports", "报表制度 weekly late", "06-report_submission.csv 工程部 2026-W43 submitted 2026-10-26 09:15",
       "late: 10 yuan")
breach("reports", "报表制度 weekly late", "06-report_submission.csv 客服部 2026-W47 submitted 2026-11-24 10:20",
       "late: 10 yuan")
breach("reports", "报表制度 weekly missing", "06-report_submission.csv: no row for 秩序维护部 2026-W45",
       "missing: 10 yuan")
breach("reports", "报表制度 weekly missing", "06-report_submission.csv 工程部 2026-W46 with empty submitted_at",
       "missing: 10 yuan")
breach("reports", "报表制度 weekly exactly at the deadline",
       "06-report_submission.csv 客服部 2026-W46 submitted 2026-11-16 09:00:00", "on time: no finding")
breach("reports", "报表制度 monthly late", "06-report_submission.csv 秩序维护部 2026-10 submitted 2026-10-31 08:30",
       "late (due by the end of 2026-10-30, the day before the monthly meeting on Sat 2026-10-31): 10 yuan")
breach("reports", "报表制度 monthly, last Saturday a holiday",
       "06-report_submission.csv 2026-09: 工程部 2026-09-27 20:30 (on time), 秩序维护部 2026-09-28 08:50",
       "last Saturday 2026-09-26 is 中秋 → meeting Mon 2026-09-28 → due by the end of 2026-09-27: "
       "秩序维护部 late, 10 yuan")
breach("reports", "报表制度 not yet due",
       "weekly 2026-W48 (due 2026-11-30) and monthly 2026-11 (due by the end of 2026-11-27): "
       "only 客服部 2026-11 submitted", "pending: no finding")

# ---------------------------------------------------------------------------
# Incidents

INCIDENTS = [
    # id, eid, date, offense, amount(text), recorded_by, note, expectation
    ("WG2026-001", "E024", D(2026, 10, 9), "leave_post", "", "E023", "巡逻时间到3号岗亭聊天", "warning (1st in October)"),
    ("WG2026-002", "E024", D(2026, 10, 17), "leave_post", "", "E023", "离岗去小卖部20分钟", "10 yuan (2nd in October)"),
    ("WG2026-003", "E024", D(2026, 10, 29), "leave_post", "", "E023", "夜班期间离开北门岗，\n监控可见离岗约40分钟", "20 yuan (3rd in October)"),
    ("WG2026-004", "E024", D(2026, 11, 6), "leave_post", "", "E023", "", "warning (1st in November: the ladder resets)"),
    ("WG2026-005", "E010", D(2026, 10, 15), "phone_private", "", "E005", "前台接待时玩手机游戏", "warning"),
    ("WG2026-006", "E010", D(2026, 11, 3), "phone_private", "", "E005", "", "warning (new month)"),
    ("WG2026-007", "E010", D(2026, 11, 20), "phone_private", "", "E005", "上班时间刷短视频, 业主投诉", "10 yuan (2nd in November)"),
    ("WG2026-008", "E007", D(2026, 10, 13), "appearance", "", "E005", "未佩戴工牌，头发凌乱", "10 yuan"),
    ("WG2026-009", "E009", D(2026, 11, 17), "appearance", "", "E005", "", "10 yuan"),
    ("WG2026-010", "E006", D(2026, 11, 4), "uniform_outside", "", "E005", "穿工作服到小区外商场购物", "20 yuan"),
    ("WG2026-011", "E011", D(2026, 10, 29), "gossip", "", "E005", "在前台议论业主家事", "10 yuan"),
    ("WG2026-012", "E026", D(2026, 10, 21), "sleeping_on_duty", "", "E023", "夜班（10月20日20:00班次）凌晨3点巡查发现在岗亭睡觉", "the policy's first step for sleeping_on_duty"),
    ("WG2026-013", "E027", None, "eating_at_post", "", "E023", "在南门岗亭吃早餐", "the policy's first step for eating_at_post"),
    ("WG2026-014", "E012", D(2026, 10, 16), "false_receipt", "¥300.00", "E005", "为业主开具装修押金收据，金额与实收不符", "300 yuan (range 100–500)"),
    ("WG2026-015", "E008", D(2026, 11, 19), "false_receipt", "150元", "E004", "", "150 yuan (range 100–500)"),
    ("WG2026-016", "E013", D(2026, 11, 24), "gossip", "", "E005", "在电梯厅议论业主装修纠纷，\n被业主听到, 业主投诉",
     "10 yuan"),
]
# E027's day shift in the second week of November
_e27 = [d for d, s, en in roster(EMP["E027"]) if s == "08:00" and d >= D(2026, 11, 9)][0]
INCIDENTS = [tuple(list(x[:2]) + [_e27] + list(x[3:])) if x[0] == "WG2026-013" else x for x in INCIDENTS]
# Offences of other organisations (issue 11): the property centre's text
# fines only 议论客户 (gossip). The rows of the hospital guide desk's and the
# fitness club's offences are written to samples/clinic/ and samples/club/
# (07-incident-moved.csv) under the pack's own offence code, with what the
# pack's ladder gives (worked out from the pack's quoted sentence).
MOVED_INCIDENTS = {   # id: (pack, offence code in the pack, expectation under the pack)
    "WG2026-001": ("club", "leave_post", "warning (惩罚3, 1st in October)"),
    "WG2026-002": ("club", "leave_post", "10 yuan (惩罚3, 2nd in October)"),
    "WG2026-003": ("club", "leave_post", "20 yuan (惩罚3, 3rd in October)"),
    "WG2026-004": ("club", "leave_post", "warning (惩罚3, 1st in November: the ladder resets)"),
    "WG2026-005": ("club", "phone_private", "warning (惩罚4, 1st in October)"),
    "WG2026-006": ("club", "phone_private", "warning (惩罚4, 1st in November)"),
    "WG2026-007": ("club", "phone_private", "10 yuan (惩罚4, 2nd in November)"),
    "WG2026-008": ("clinic", "appearance", "10 yuan (一、6)"),
    "WG2026-009": ("clinic", "appearance", "10 yuan (一、6)"),
    "WG2026-010": ("clinic", "uniform_outside", "20 yuan (二、2)"),
    "WG2026-012": ("club", "off_task", "warning (惩罚1 睡觉, 1st in October)"),
    "WG2026-013": ("clinic", "snacks", "10 yuan (三、9 with 客服部岗位职责5)"),
    "WG2026-014": ("club", "false_report", "300 yuan (惩罚8, range 100–500 or dismissal)"),
    "WG2026-015": ("club", "false_report", "150 yuan (惩罚8, range 100–500 or dismissal)"),
}
for inc in INCIDENTS:
    eid, d = inc[1], inc[2]
    if inc[0] == "WG2026-012":
        assert on_shift(eid, d - DAY) and shift_of(eid, d - DAY)[1] == "20:00"
    else:
        assert on_shift(eid, d) and not unavailable(eid, d), inc
    if inc[0] not in MOVED_INCIDENTS:
        breach("incidents", "违规记录 %s" % inc[3], "07-incident.csv %s: %s %s" % (inc[0], eid, d), inc[7])


# ---------------------------------------------------------------------------
# Customers

SURNAMES = list("王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤")
GIVEN = ["建华", "秀英", "志明", "丽华", "国强", "桂英", "建军", "淑珍", "玉兰", "海燕", "春梅", "晓明",
         "文杰", "子涵", "雨桐", "浩然", "欣怡", "梓轩", "思远", "佳怡", "立新", "红霞", "振华", "美华",
         "德明", "金凤", "宏伟", "丽娜", "小红", "俊杰", "建平", "雪梅", "家豪", "慧敏", "永红", "敏",
         "静", "磊", "勇", "杰", "军", "芳", "强", "艳", "涛", "超", "霞", "鹏", "洁", "斌", "婷", "辉"]


def person_name(used):
    for _ in range(1000):
        n = rng.choice(SURNAMES) + rng.choice(GIVEN)
        if n not in used:
            used.add(n)
            return n
    raise RuntimeError


CUSTOMERS = []   # id, name, kind, address, phone, since
CUST = {}
used_names = {e.name for e in EMPS}
used_addr = set()


def address():
    for _ in range(1000):
        a = "%d栋%d单元%d%02d" % (rng.randint(1, 12), rng.randint(1, 3), rng.randint(2, 30), rng.randint(1, 4))
        if a not in used_addr:
            used_addr.add(a)
            return a
    raise RuntimeError


def rand_date(a, b):
    return a + dt.timedelta(days=rng.randint(0, (b - a).days))


for i in range(1, 41):
    since = rand_date(D(2023, 1, 1), D(2026, 11, 20))
    CUSTOMERS.append(("M%03d" % i, person_name(used_names), "member", "", phone(), since))
HH_SINCE_FIXED = {
    "H0003": D(2026, 8, 15),    # mid-quarter: first owed quarter is Q4 2026
    "H0007": D(2026, 10, 1),    # exactly at a quarter start
    "H0011": D(2026, 11, 10),   # nothing owed yet (first quarter 2027-Q1)
    "H0019": D(2026, 5, 20),    # mid-quarter: owes Q3 and Q4 2026
    "H0026": D(2026, 2, 14),
    "H0015": D(2019, 4, 20),    # 李秀英, whose records are under an owner hold
}
special_addr = {"H0015": "5栋1单元0602", "H0102": "3栋2单元1102"}
for a in special_addr.values():
    used_addr.add(a)
for i in range(1, 121):
    cid = "H%04d" % i
    since = HH_SINCE_FIXED.get(cid) or rand_date(D(2019, 1, 1), D(2026, 6, 30))
    name = person_name(used_names)
    if cid == "H0015":
        name = "李秀英"
    CUSTOMERS.append((cid, name, "household", special_addr.get(cid) or address(), phone(), since))
PROJECTS = [
    ("海景花园物业服务项目", D(2019, 4, 1)), ("福田中心商务大厦", D(2019, 9, 16)),
    ("南山科技园研发楼", D(2020, 3, 2)), ("宝安滨海小学后勤服务", D(2020, 11, 11)),
    ("龙岗万科城二期", D(2021, 6, 30)), ("前海嘉里写字楼", D(2022, 1, 10)),
    ("罗湖东门步行街商铺", D(2022, 8, 8)), ("光明科学城公寓", D(2023, 5, 15)),
    ("盐田港区员工宿舍", D(2024, 2, 29)), ("坪山中医院门诊楼", D(2024, 10, 8)),
    ("大鹏湾度假酒店", D(2025, 1, 31)), ("龙华汽车站候车楼", D(2025, 3, 18)),
    ("蛇口邮轮中心", D(2025, 5, 31)), ("深圳湾体育中心", D(2025, 7, 1)),
    ("西丽湖图书馆", D(2025, 8, 20)), ("华侨城创意园", D(2025, 10, 9)),
    ("沙井古墟商业街", D(2025, 11, 20)), ("观澜版画基地", D(2025, 12, 15)),
    ("梅林关保障房", D(2025, 12, 31)), ("横岗眼镜城", D(2026, 1, 31)),
    ("石岩湖温泉会所", D(2026, 3, 31)), ("福永会展配套公寓", D(2026, 5, 10)),
    ("平湖物流园", D(2026, 8, 31)), ("布吉老街改造项目", D(2026, 10, 10)),
    ("坂田华为配套社区", D(2026, 11, 5)),
]
for i, (n, since) in enumerate(PROJECTS, 1):
    CUSTOMERS.append(("P%03d" % i, n, "project", "深圳市" + n, "0755-%08d" % rng.randint(20000000, 89999999), since))
for i in range(1, 16):
    since = rand_date(D(2026, 6, 1), D(2026, 11, 25))
    CUSTOMERS.append(("L%03d" % i, person_name(used_names), "lead", "", phone(), since))
for c in CUSTOMERS:
    CUST[c[0]] = c
HOUSEHOLDS = [c for c in CUSTOMERS if c[2] == "household"]
MEMBERS = [c for c in CUSTOMERS if c[2] == "member"]
LEADS = [c for c in CUSTOMERS if c[2] == "lead"]
PROJ = [c for c in CUSTOMERS if c[2] == "project"]

# ---------------------------------------------------------------------------
# Service events and callbacks

ALLOWED = [(8 * 60 + 30, 11 * 60 + 45), (14 * 60 + 15, 20 * 60 + 30)]   # minutes of day


def tod_ok(t):
    m = t.hour * 60 + t.minute
    return any(a <= m <= b for a, b in ALLOWED)


def quiet(t):
    m = t.hour * 60 + t.minute
    return 12 * 60 <= m < 14 * 60 or m >= 21 * 60 or m < 8 * 60


def rand_ok_time(lo, hi):
    """A minute in [lo, hi] at an allowed time of day (not quiet hours)."""
    lo = lo.replace(second=0, microsecond=0) + MIN
    total = int((hi - lo).total_seconds() // 60)
    assert total >= 0, (lo, hi)
    for _ in range(400):
        t = lo + rng.randint(0, total) * MIN
        if tod_ok(t):
            return t
    for k in range(total + 1):
        t = lo + k * MIN
        if tod_ok(t):
            return t
    return None


def rand_open(d, h0=8, h1=18):
    return T(d.year, d.month, d.day, rng.randint(h0, h1 - 1), rng.randint(0, 59))


EVENTS = []      # dict
CALLBACKS = []   # dict: id, event_id, customer_id, at, channel, outcome, staff, note
CS_CALLERS = ["E005", "E006", "E007", "E008", "E009", "E010", "E011", "E012", "E013"]
ENG = ["E017", "E018", "E019", "E020", "E021", "E022"]


def pick_staff(pool, t):
    """Someone from pool who is not absent or on leave that day."""
    return rng.choice([e for e in pool if not unavailable(e, t.date())])


def add_cb(ev, at, outcome="satisfied", channel=None, note="", cust=None):
    assert at is not None, ev["event_id"]
    CALLBACKS.append({
        "event_id": ev["event_id"] if ev else "",
        "customer_id": cust or ev["customer_id"],
        "at": at, "channel": channel or rng.choice(["phone"] * 6 + ["visit", "sms", "online"]),
        "outcome": outcome, "staff": pick_staff(CS_CALLERS, at), "note": note,
    })


def reached_outcome():
    return rng.choice(["satisfied"] * 7 + ["neutral"] * 2 + ["unsatisfied"])


def normal_callback(ev, anchor, within, note=""):
    """A reached callback in (anchor, anchor+within], sometimes after an unreachable try."""
    dl = anchor + within
    lo = anchor + 20 * MIN
    if rng.random() < 0.4:
        t1 = rand_ok_time(lo, anchor + within / 3)
        if t1 is not None:
            add_cb(ev, t1, rng.choice(["unreachable", "unreachable", "rescheduled"]), "phone")
            lo = t1 + 30 * MIN
    t = rand_ok_time(lo, dl - 10 * MIN)
    assert t is not None, (ev["event_id"], lo, dl)
    add_cb(ev, t, reached_outcome(), note=note)


SUMMARY = {
    "membership": ["办理会所年卡", "会员续费", "会员积分兑换", "会员卡挂失补办", "升级金卡会员", "预约游泳馆"],
    "complaint": ["楼上装修噪音扰民", "地下车库照明不足", "垃圾清运不及时", "宠物粪便无人清理",
                  "邻居占用消防通道堆放杂物", "保安态度差", "电梯频繁停运", "小区绿化带被踩踏",
                  "快递柜收费不合理", "夜间广场舞噪音"],
    "repair": ["厨房水龙头漏水", "卫生间下水道堵塞", "客厅灯不亮", "门禁卡失灵", "空调冷凝水管漏水",
               "阳台推拉门卡住", "入户门锁损坏", "热水器打不着火", "墙面渗水", "电闸跳闸"],
    "reception": ["咨询物业费缴纳", "办理门禁卡", "咨询装修手续", "领取快递", "看房咨询", "办理车位月卡",
                  "开具出入证明", "咨询停水通知"],
    "delivery": ["交付保洁服务方案", "交付月度服务报告", "交付绿化养护计划", "交付设备巡检记录"],
}

ev_no = [0]


def new_event(kind, cust, opened, **kw):
    ev_no[0] += 1
    ev = {"event_id": "SJ%05d" % ev_no[0], "kind": kind, "customer_id": cust, "opened_at": opened,
          "dispatched_at": None, "arrived_at": None, "resolved_at": None, "registered_at": None,
          "valid": "", "staff": "", "summary": rng.choice(SUMMARY[kind])}
    ev.update(kw)
    EVENTS.append(ev)
    return ev


EV_FROM, EV_TO = D(2026, 9, 1), D(2026, 11, 25)
NOTES = []   # README notes on visits: (source, expectation)


def note_case(ev, rule, expect):
    NOTES.append((ev["event_id"], ev["kind"], ev["customer_id"], rule, expect))


# --- membership (60)
mem_cases = ["late"] * 3 + ["late_long", "missed", "missed_unreach", "exact", "quiet"]
for i in range(60):
    cust = rng.choice(MEMBERS + LEADS[:5])[0]
    case = mem_cases[i] if i < len(mem_cases) else "ok"
    d = rand_date(EV_FROM, D(2026, 11, 20))
    if case == "exact":
        opened = T(d.year, d.month, d.day, 10, 15)
    else:
        opened = rand_open(d, 9, 18)
    ev = new_event("membership", cust, opened, staff=pick_staff(CS_CALLERS, opened))
    dl = opened + 3 * DAY
    if case == "ok":
        normal_callback(ev, opened, 3 * DAY)
    elif case == "late":
        add_cb(ev, rand_ok_time(dl + 2 * HOUR, dl + 30 * HOUR), reached_outcome())
        note_case(ev, "membership callback within 3 days", "late")
    elif case == "late_long":
        add_cb(ev, opened + 2 * DAY, "unreachable", "phone")
        add_cb(ev, rand_ok_time(dl + 2 * DAY, dl + 3 * DAY), reached_outcome())
        note_case(ev, "membership callback within 3 days", "late (an unreachable try inside the window does not count)")
    elif case == "missed":
        note_case(ev, "membership callback within 3 days", "missed (no callback)")
    elif case == "missed_unreach":
        add_cb(ev, rand_ok_time(opened + HOUR, dl - HOUR), "unreachable", "phone")
        add_cb(ev, rand_ok_time(opened + HOUR, dl - HOUR), "rescheduled", "phone", "客户要求改约下周")
        note_case(ev, "membership callback within 3 days", "missed (only unreachable / rescheduled outcomes)")
    elif case == "exact":
        add_cb(ev, dl, "satisfied", "phone", "恰好在第三天同一时刻回访")
        note_case(ev, "membership callback within 3 days", "met (callback exactly at the deadline)")
    elif case == "quiet":
        t = T(opened.year, opened.month, opened.day, 12, 30) + DAY
        add_cb(ev, t, "satisfied", "phone")
        note_case(ev, "membership callback within 3 days", "met, plus a quiet-hours warning (12:30)")
# pending memberships
for d, hh in [(D(2026, 11, 24), 15), (D(2026, 11, 25), 10)]:
    ev = new_event("membership", rng.choice(MEMBERS)[0], T(d.year, d.month, d.day, hh, 20), staff="E006")
    note_case(ev, "membership callback within 3 days", "pending (deadline after 2026-11-26, nothing yet)")

# --- complaints (60)
comp_cases = (["long"] * 4 + ["long_late", "long_missed", "open_ok", "open_ok", "open_missed",
               "cb_late", "cb_late2", "cb_missed", "cb_missed", "cb_exact", "cb_quiet", "invalid", "invalid",
               "invalid"])
HH_EVENT = [c for c in HOUSEHOLDS if c[5] < D(2026, 8, 1)]


def progress_chain(ev, opened, end, late_first=False, skip=False):
    """Progress callbacks every < 2 days from opened until `end` (resolved or as-of)."""
    t = opened
    first = True
    while t + 2 * DAY < end:
        if skip:
            return
        if first and late_first:
            c = rand_ok_time(t + 2 * DAY + 3 * HOUR, t + 2 * DAY + 20 * HOUR)
        else:
            c = rand_ok_time(t + 30 * HOUR, t + 2 * DAY - 15 * MIN)
        assert c is not None
        if c >= end:
            return
        add_cb(ev, c, "neutral", "phone", "处理进度回访")
        t = c
        first = False


for i in range(57):
    case = comp_cases[i] if i < len(comp_cases) else "ok"
    cust = rng.choice(HH_EVENT + MEMBERS[:10])[0]
    if case.startswith("open"):
        d = rand_date(D(2026, 11, 14), D(2026, 11, 18))
    else:
        d = rand_date(EV_FROM, D(2026, 11, 12))
    opened = rand_open(d, 8, 20)
    valid = "否" if case == "invalid" else "是"
    ev = new_event("complaint", cust, opened, valid=valid, staff=pick_staff(CS_CALLERS, opened))
    if case in ("long", "long_late", "long_missed"):
        rd = opened.date() + rng.randint(6, 7) * DAY
        resolved = T(rd.year, rd.month, rd.day, rng.randint(9, 18), rng.randint(0, 59))
        assert resolved - opened > 5 * DAY
        ev["resolved_at"] = resolved
        progress_chain(ev, opened, resolved, late_first=(case == "long_late"), skip=(case == "long_missed"))
        normal_callback(ev, resolved, DAY)
        if case == "long_late":
            note_case(ev, "complaint progress every 2 days", "first progress obligation late, the rest met")
        elif case == "long_missed":
            note_case(ev, "complaint progress every 2 days", "missed (no progress callback while open for 5+ days)")
        else:
            note_case(ev, "complaint progress every 2 days", "met (resolved after 5+ days, progress callbacks kept)")
    elif case.startswith("open"):
        progress_chain(ev, opened, AS_OF_END, skip=(case == "open_missed"))
        if case == "open_ok":
            note_case(ev, "complaint progress every 2 days", "open: progress obligations met, the next one pending")
        else:
            note_case(ev, "complaint progress every 2 days", "open: progress obligations missed, the last pending")
    else:
        while True:
            resolved = opened + rng.randint(2 * 60, 40 * 60) * MIN
            if 8 <= resolved.hour < 21:
                break
        ev["resolved_at"] = resolved
        if case == "cb_late":
            add_cb(ev, rand_ok_time(resolved + 26 * HOUR, resolved + 40 * HOUR), reached_outcome())
            note_case(ev, "complaint callback within 24 h of resolved_at", "late")
        elif case == "cb_late2":
            add_cb(ev, resolved + 3 * HOUR if tod_ok(resolved + 3 * HOUR) else rand_ok_time(resolved + HOUR, resolved + 20 * HOUR),
                   "unreachable", "phone")
            add_cb(ev, rand_ok_time(resolved + 50 * HOUR, resolved + 70 * HOUR), "unsatisfied", "visit", "上门回访，业主仍不满意")
            note_case(ev, "complaint callback within 24 h of resolved_at", "late (first try unreachable)")
        elif case == "cb_missed":
            note_case(ev, "complaint callback within 24 h of resolved_at", "missed")
        elif case == "cb_exact":
            if not tod_ok(resolved):
                resolved = resolved.replace(hour=10, minute=5)
                ev["resolved_at"] = resolved
                assert resolved > opened
            add_cb(ev, resolved + DAY, "satisfied", "phone")
            note_case(ev, "complaint callback within 24 h of resolved_at", "met (exactly at the deadline)")
        elif case == "cb_quiet":
            t = (resolved + DAY).replace(hour=7, minute=40)
            if t <= resolved:
                t += DAY
            if t > resolved + DAY:
                t = resolved.replace(hour=21, minute=30)
                if t <= resolved:
                    t += DAY
            assert resolved < t <= resolved + DAY
            add_cb(ev, t, "satisfied", "phone")
            note_case(ev, "complaint callback within 24 h of resolved_at", "met (at %s: no rest hours in the property pack)" % t.strftime("%H:%M"))
        else:
            normal_callback(ev, resolved, DAY)
            if case == "invalid":
                note_case(ev, "complaint callback", "valid = 否 (not a valid complaint); callback met anyway")
# a complaint resolved this morning: its callback is pending
ev = new_event("complaint", HH_EVENT[5][0], T(2026, 11, 25, 16, 40), valid="是", staff="E009",
               resolved_at=T(2026, 11, 26, 9, 30), summary="单元门闭门器损坏")
note_case(ev, "complaint callback within 24 h of resolved_at", "pending (deadline 2026-11-27 09:30)")
# resolved late on 11-25: deadline 2026-11-26 21:00 passes within the as-of date → missed
ev = new_event("complaint", HH_EVENT[6][0], T(2026, 11, 25, 11, 0), valid="是", staff="E010",
               resolved_at=T(2026, 11, 25, 21, 0), summary="地库排风扇噪音")
note_case(ev, "complaint callback within 24 h of resolved_at",
          "missed (deadline 2026-11-26 21:00 has passed by the end of the as-of date)")
# a progress call before resolved_at does not count as the post-resolution callback
ev = new_event("complaint", HH_EVENT[7][0], T(2026, 10, 19, 9, 10), valid="是", staff="E011",
               resolved_at=T(2026, 10, 20, 16, 0), summary="楼道灯长期不亮")
add_cb(ev, T(2026, 10, 19, 15, 0), "neutral", "phone", "处理进度告知")
note_case(ev, "complaint callback within 24 h of resolved_at",
          "missed (the only callback, 2026-10-19 15:00, is before resolved_at and never counts)")

# --- repairs (150)
rep_cases = (["arr_exact", "arr_exact", "arr_late", "arr_late", "arr_late", "arr_late", "arr_late",
              "arr_none", "no_dispatch", "cb_late", "cb_late", "cb_late", "cb_missed", "cb_missed",
              "cb_missed", "cb_exact", "cb_quiet", "cb_quiet2", "open"])
for i in range(146):
    case = rep_cases[i] if i < len(rep_cases) else "ok"
    cust = rng.choice(HH_EVENT)[0]
    d = rand_date(EV_FROM, D(2026, 11, 20))
    opened = rand_open(d, 7, 21)
    disp = opened + rng.randint(2, 20) * MIN
    arr = disp + rng.randint(4, 14) * MIN
    if case == "arr_exact":
        arr = disp + 15 * MIN
    elif case == "arr_late":
        arr = disp + rng.choice([17, 22, 28, 35, 46]) * MIN
    elif case == "arr_none":
        arr = None
    resolved = (arr or disp + 30 * MIN) + rng.randint(20, 240) * MIN
    ev = new_event("repair", cust, opened, dispatched_at=disp, arrived_at=arr, resolved_at=resolved,
                   staff=pick_staff(ENG, opened))
    if case == "no_dispatch":
        ev["dispatched_at"] = None
        ev["arrived_at"] = opened + 11 * MIN
        note_case(ev, "repair arrival within 15 min", "met (no dispatched_at: measured from opened_at, 11 min)")
    elif case == "arr_exact":
        note_case(ev, "repair arrival within 15 min", "met (exactly 15 min)")
    elif case == "arr_late":
        note_case(ev, "repair arrival within 15 min", "late (%d min)" % ((arr - disp).seconds // 60))
    elif case == "arr_none":
        note_case(ev, "repair arrival within 15 min", "missed (no arrived_at recorded)")
    if case == "open":
        ev["resolved_at"] = None
        note_case(ev, "repair callback within 3 days", "none owed (not resolved)")
        continue
    resolved = ev["resolved_at"]
    if case == "cb_late":
        add_cb(ev, rand_ok_time(resolved + 3 * DAY + HOUR, resolved + 5 * DAY), reached_outcome())
        note_case(ev, "repair callback within 3 days", "late")
    elif case == "cb_missed":
        if rng.random() < 0.5:
            add_cb(ev, rand_ok_time(resolved + HOUR, resolved + 2 * DAY), "unreachable", "phone")
        note_case(ev, "repair callback within 3 days", "missed")
    elif case == "cb_exact":
        if not tod_ok(resolved):
            ev["resolved_at"] = resolved = resolved.replace(hour=15, minute=10)
            assert resolved > (ev["arrived_at"] or opened)
        add_cb(ev, resolved + 3 * DAY, "satisfied", "phone")
        note_case(ev, "repair callback within 3 days", "met (exactly at the deadline)")
    elif case == "cb_quiet":
        t = (resolved + DAY).replace(hour=21, minute=30)
        add_cb(ev, t, "satisfied", "phone")
        note_case(ev, "repair callback within 3 days", "met (at 21:30: no rest hours in the property pack)")
    elif case == "cb_quiet2":
        t = (resolved + 2 * DAY).replace(hour=13, minute=15)
        add_cb(ev, t, "neutral", "visit")
        note_case(ev, "repair callback within 3 days", "met (at 13:15: no rest hours in the property pack)")
    else:
        normal_callback(ev, resolved, 3 * DAY)
# repairs resolved on 11-24/25: callbacks pending
for d, hh, done in [(D(2026, 11, 24), 9, False), (D(2026, 11, 24), 16, True), (D(2026, 11, 25), 10, False),
                    (D(2026, 11, 25), 14, False)]:
    opened = T(d.year, d.month, d.day, hh, 5)
    ev = new_event("repair", rng.choice(HH_EVENT)[0], opened, dispatched_at=opened + 6 * MIN,
                   arrived_at=opened + 16 * MIN, resolved_at=opened + 2 * HOUR, staff=pick_staff(ENG, opened))
    if done:
        add_cb(ev, T(2026, 11, 25, 10, 30), "satisfied", "phone")
        note_case(ev, "repair callback within 3 days", "met (before the deadline)")
    else:
        note_case(ev, "repair callback within 3 days", "pending (deadline after 2026-11-26)")

# --- receptions (100)
rec_cases = ["reg_exact", "reg_late", "reg_late", "reg_late", "reg_late", "reg_none"]
for i in range(100):
    case = rec_cases[i] if i < len(rec_cases) else "ok"
    cust = rng.choice(HOUSEHOLDS + LEADS + MEMBERS)[0]
    d = rand_date(EV_FROM, D(2026, 11, 25))
    opened = rand_open(d, 9, 18)
    resolved = opened + rng.randint(8, 60) * MIN
    reg = resolved + rng.randint(0, 9) * MIN
    if case == "reg_exact":
        reg = resolved + 10 * MIN
    elif case == "reg_late":
        reg = resolved + rng.choice([14, 18, 25, 40]) * MIN
    elif case == "reg_none":
        reg = None
    ev = new_event("reception", cust, opened, resolved_at=resolved, registered_at=reg,
                   staff=pick_staff(CS_CALLERS, opened))
    if case == "reg_exact":
        note_case(ev, "reception register within 10 min", "met (exactly 10 min)")
    elif case == "reg_late":
        note_case(ev, "reception register within 10 min", "late (%d min)" % ((reg - resolved).seconds // 60))
    elif case == "reg_none":
        note_case(ev, "reception register within 10 min", "missed (no registered_at)")

# --- deliveries (30)
for i in range(30):
    p = rng.choice(PROJ[:23])
    d = rand_date(max(EV_FROM, p[5]), D(2026, 11, 25))
    opened = rand_open(d, 9, 17)
    new_event("delivery", p[0], opened, resolved_at=opened + rng.randint(1, 72) * HOUR if rng.random() < 0.9 else None,
              staff=rng.choice(["E003", "E004", "E005"]))

# --- late on the as-of day: deadlines that fall after it are pending (no
# random draws here, so the rest of the data stays as it was)
ev = new_event("repair", HH_EVENT[0][0], T(2026, 11, 26, 23, 50), dispatched_at=T(2026, 11, 26, 23, 52),
               staff=ENG[0])
note_case(ev, "repair arrival within 15 min", "pending (dispatched 23:52 on the as-of day, due 00:07)")
ev = new_event("reception", HH_EVENT[1][0], T(2026, 11, 26, 23, 30), resolved_at=T(2026, 11, 26, 23, 55),
               staff="E003")
note_case(ev, "reception register within 10 min", "pending (ended 23:55 on the as-of day, due 00:05)")

# ---------------------------------------------------------------------------
# Recurring coverage: households quarterly, projects monthly then quarterly


def quarter_start(d):
    return D(d.year, 3 * ((d.month - 1) // 3) + 1, 1)


def household_windows(since):
    q = quarter_start(since)
    if q < since:
        q = add_months(q, 3)
    out = []
    while q <= AS_OF:
        out.append((q, add_months(q, 3)))
        q = add_months(q, 3)
    return out


def project_windows(since):
    out = []
    k = 0
    while True:
        if k < 12:
            a, b = add_months(since, k), add_months(since, k + 1)
        else:
            j = k - 12
            a, b = add_months(since, 12 + 3 * j), add_months(since, 12 + 3 * (j + 1))
        if a > AS_OF:
            break
        out.append((a, b))
        k += 1
    return out


def windows_of(c):
    return household_windows(c[5]) if c[2] == "household" else project_windows(c[5])


def reached_in(cid, a, b):
    ta, tb = T(a.year, a.month, a.day), T(b.year, b.month, b.day)
    return any(cb["customer_id"] == cid and cb["outcome"] in ("satisfied", "neutral", "unsatisfied")
               and ta <= cb["at"] < tb for cb in CALLBACKS)


REC_MISSED = set()
rec_hh = [c for c in HOUSEHOLDS]
# deliberately missed household Q3 2026 windows: households without any event callback in Q3
q3_cands = [c for c in rec_hh if c[5] < D(2026, 7, 1) and not reached_in(c[0], D(2026, 7, 1), D(2026, 10, 1))]
for c in q3_cands[:6]:
    REC_MISSED.add((c[0], D(2026, 7, 1)))
proj_recent = [c for c in PROJ if c[5] >= D(2025, 1, 1)]
REC_MISSED.add(("P013", project_windows(CUST["P013"][5])[12][0]))   # a quarterly window
REC_MISSED.add(("P018", add_months(D(2025, 12, 15), 8)))               # monthly window Aug–Sep 2026

for c in rec_hh + PROJ:
    for a, b in windows_of(c):
        if b <= REC_FROM.date():
            continue
        if (c[0], a) in REC_MISSED:
            continue
        if reached_in(c[0], a, b):
            continue
        ta = max(T(a.year, a.month, a.day), REC_FROM)
        tb = min(T(b.year, b.month, b.day) - MIN, T(2026, 11, 26, 10, 0))
        if b > AS_OF:                            # the current window: some still pending
            if rng.random() < 0.35:
                continue
        if c[2] == "project" and rng.random() < 0.4 and (tb - ta) > 5 * DAY:
            # an unreachable try first
            t0 = rand_ok_time(ta, ta + 3 * DAY)
            CALLBACKS.append({"event_id": "", "customer_id": c[0], "at": t0, "channel": "phone",
                              "outcome": "unreachable", "staff": pick_staff(CS_CALLERS, t0), "note": ""})
            ta = t0 + HOUR
        t = rand_ok_time(ta, tb)
        assert t is not None, (c[0], a)
        ch = "visit" if c[2] == "household" and rng.random() < 0.6 else rng.choice(["phone", "phone", "online", "letter"])
        note = "物管员季度走访" if c[2] == "household" else ("项目月度回访" if (a - c[5]).days < 366 else "项目季度回访")
        CALLBACKS.append({"event_id": "", "customer_id": c[0], "at": t, "channel": ch,
                          "outcome": reached_outcome(), "staff": pick_staff(CS_CALLERS, t), "note": note})
        if c[2] == "household" and rng.random() < 0.5:
            # a follow-up call in the same quarter (still inside the window)
            t2 = rand_ok_time(t + HOUR, tb) if tb > t + 2 * HOUR else None
            if t2 is not None:
                CALLBACKS.append({"event_id": "", "customer_id": c[0], "at": t2, "channel": "phone",
                                  "outcome": rng.choice(["satisfied", "neutral", "unreachable"]),
                                  "staff": pick_staff(CS_CALLERS, t2), "note": "走访后电话跟进"})

# order callbacks by time and number them
CALLBACKS.sort(key=lambda cb: (cb["at"], cb["customer_id"], cb["event_id"]))
for i, cb in enumerate(CALLBACKS, 1):
    cb["callback_id"] = "HF%06d" % i

# ---------------------------------------------------------------------------
# Expected visit coverage (a reference reading of SPEC §7.2)

REACHED = ("satisfied", "neutral", "unsatisfied")
CB_BY_EVENT = {}
for cb in CALLBACKS:
    if cb["event_id"]:
        CB_BY_EVENT.setdefault(cb["event_id"], []).append(cb)


def judge_callback(ev, anchor, within):
    dl = anchor + within
    cbs = sorted([cb["at"] for cb in CB_BY_EVENT.get(ev["event_id"], [])
                  if cb["outcome"] in REACHED and cb["at"] >= anchor])
    if cbs and cbs[0] <= dl:
        return "met"
    if dl < AS_OF_END:
        return "late" if cbs and cbs[0] <= AS_OF_END else "missed"
    return "pending"


def judge_deadline(anchor, done, within):
    dl = anchor + within
    if done is not None:
        return "met" if done <= dl else "late"
    return "missed" if dl < AS_OF_END else "pending"


def judge_progress(ev):
    out = []
    t = ev["opened_at"]
    res = ev["resolved_at"]
    cbs = sorted([cb["at"] for cb in CB_BY_EVENT.get(ev["event_id"], []) if cb["outcome"] in REACHED])
    while True:
        dl = t + 2 * DAY
        if res is not None and dl >= res:
            break
        after = [c for c in cbs if c > t]
        if after and after[0] <= dl:
            out.append("met")
            t = after[0]
            continue
        if res is None and dl > AS_OF_END:
            out.append("pending")
            break
        if after and (res is None or after[0] < res) and after[0] <= AS_OF_END:
            out.append("late")
            t = after[0]
        else:
            out.append("missed")
            t = dl
    return out


COVER = {}


def tally(rule, status):
    COVER.setdefault(rule, {"met": 0, "late": 0, "missed": 0, "pending": 0})[status] += 1


EV_JUDGED = {}
for ev in EVENTS:
    k = ev["kind"]
    res = []
    if k == "membership":
        res.append(("membership_callback", judge_callback(ev, ev["opened_at"], 3 * DAY)))
    elif k == "complaint":
        if ev["resolved_at"]:
            res.append(("complaint_callback", judge_callback(ev, ev["resolved_at"], DAY)))
        for s in judge_progress(ev):
            res.append(("complaint_progress", s))
    elif k == "repair":
        res.append(("repair_arrival", judge_deadline(ev["dispatched_at"] or ev["opened_at"], ev["arrived_at"], 15 * MIN)))
        if ev["resolved_at"]:
            res.append(("repair_callback", judge_callback(ev, ev["resolved_at"], 3 * DAY)))
    elif k == "reception":
        res.append(("reception_register", judge_deadline(ev["resolved_at"], ev["registered_at"], 10 * MIN)))
    for r, s in res:
        tally(r, s)
    EV_JUDGED[ev["event_id"]] = res

HIST = {"household_visit": 0, "project_visit": 0}
for c in HOUSEHOLDS + PROJ:
    rule = "household_visit" if c[2] == "household" else "project_visit"
    for a, b in windows_of(c):
        if b <= REC_FROM.date():
            HIST[rule] += 1
            # judged like the rest (no callbacks exist before 2026-07: missed)
        if reached_in(c[0], a, b):
            s = "met"
        elif b <= AS_OF:
            s = "missed"
        else:
            s = "pending"
        if a < REC_FROM.date():
            # the default policy's owed-from (2026-07-01): kefu owes nothing for
            # windows that start before the department's records begin
            tally(rule + " (windows starting before owed-from 2026-07-01: not owed, not judged)", s)
        else:
            tally(rule, s)

QUIET = [cb for cb in CALLBACKS if quiet(cb["at"])]
assert all(cb["outcome"] in REACHED for cb in QUIET)

# ---------------------------------------------------------------------------
# Rows of other organisations (issue 11). The property centre's own callback
# rules are 第四篇 服务回访制度 (complaints, repairs) and the visitor register
# (规章制度1). The members' three-day callback and the rest hours are the
# member-service centre's (规章制度2): the membership events and their
# callbacks go to samples/member-service/. The projects' monthly and
# quarterly callbacks are the technical-service company's (规章制度5): the
# project callbacks go to samples/tech-service/. The households' quarterly
# visits (规章制度10, another property management office) are not checked by
# any shipped pack: their callbacks stay in samples/ as the centre's own
# 上门回访 records (第四篇 服务回访制度 3), judged by no rule.

MEMBER_EVENTS = [ev for ev in EVENTS if ev["kind"] == "membership"]
MEMBER_EV_IDS = {ev["event_id"] for ev in MEMBER_EVENTS}
MEMBER_CBS = [cb for cb in CALLBACKS if cb["event_id"] in MEMBER_EV_IDS]
PROJECT_CBS = [cb for cb in CALLBACKS if not cb["event_id"] and CUST[cb["customer_id"]][2] == "project"]
assert not [cb for cb in CALLBACKS if cb["event_id"] and CUST[cb["customer_id"]][2] == "project"]
PROP_EVENTS = [ev for ev in EVENTS if ev["kind"] != "membership"]
_moved_cb = {cb["callback_id"] for cb in MEMBER_CBS + PROJECT_CBS}
PROP_CBS = [cb for cb in CALLBACKS if cb["callback_id"] not in _moved_cb]
_prop_refs = {ev["customer_id"] for ev in PROP_EVENTS} | {cb["customer_id"] for cb in PROP_CBS}
# the centre's customers: every household, and whoever its own events or
# callbacks name (members who complained, projects with deliveries)
PROP_CUSTOMERS = [c for c in CUSTOMERS if c[2] == "household" or c[0] in _prop_refs]
_mem_refs = {ev["customer_id"] for ev in MEMBER_EVENTS} | {cb["customer_id"] for cb in MEMBER_CBS}
MEMBER_CUSTOMERS = [c for c in CUSTOMERS if c[0] in _mem_refs]
PROJECT_CUSTOMERS = PROJ
PROP_QUIET = []                                   # no rest hours in the property pack
MEMBER_QUIET = [cb for cb in QUIET if cb["event_id"] in MEMBER_EV_IDS]
PACK_COVER = {"member-service": {"membership_callback": COVER.pop("membership_callback")},
              "tech-service": {r: COVER.pop(r) for r in list(COVER) if r.startswith("project_visit")}}
for r in [r for r in COVER if r.startswith("household_visit")]:
    del COVER[r]

# The households' quarterly visits are 规章制度10's (a property management
# office, the property-office pack, 二、2(2): a 物管员 visits each household
# once a quarter). samples/ keeps them as the centre's own records; a copy
# of the visits (note 物管员季度走访) and of the households goes to
# samples/property-office/, whose hand-made 01-employee.csv makes their
# callers (E005–E013) 物管员. Only those visits count there: the centre's
# complaint and repair callbacks are not copied, so a household whose
# quarter this generator filled with one of them is missed there.
PO_CBS = [cb for cb in PROP_CBS if not cb["event_id"] and cb["note"] == "物管员季度走访"]
PO_STAFF = sorted({cb["staff"] for cb in PO_CBS})
PO_MISSED_Q3 = []
_po = {"met": 0, "late": 0, "missed": 0, "pending": 0}
for c in HOUSEHOLDS:
    for a, b in household_windows(c[5]):
        if a < REC_FROM.date():
            continue                     # before the pack's owed-from 2026-07-01
        ta, tb = T(a.year, a.month, a.day), T(b.year, b.month, b.day)
        if any(cb["customer_id"] == c[0] and cb["outcome"] in REACHED and ta <= cb["at"] < tb
               and cb["at"].date() <= AS_OF for cb in PO_CBS):
            _po["met"] += 1
        elif b <= AS_OF:
            _po["missed"] += 1
            PO_MISSED_Q3.append(c[0])
        else:
            _po["pending"] += 1
PACK_COVER["property-office"] = {"household_visit (the copied visits only)": _po}

# ---------------------------------------------------------------------------
# Archive records

CATS = [  # code, zh, count, created range, closed rule
    ("move_in", "入住档案", 45), ("renovation", "装修档案", 40), ("daily", "日常资料档案", 35),
    ("fee_notice", "催费通知书", 50), ("lawyer_letter", "律师函", 12),
    ("outsourcing_contract", "外判公司合同", 10), ("visitor_register", "来访客户登记表", 55),
    ("repair_order", "维修服务通知单", 53),
]
CAT_ZH = {c[0]: c[1] for c in CATS}
VENDORS = ["深圳市洁美保洁服务有限公司", "深圳市绿源园林绿化工程有限公司", "深圳市安居电梯维保有限公司",
           "深圳市华安消防设备维护有限公司", "深圳市净源二次供水服务有限公司", "深圳市捷达停车场管理有限公司",
           "深圳市康虫害防治有限公司", "深圳市迅通弱电工程有限公司"]
ARCH = []   # dict
hh_owner = {c[0]: "%s(%s)" % (c[1], c[3]) for c in HOUSEHOLDS}
LI = hh_owner["H0015"]      # 李秀英(5栋1单元0602): the owner under a hold
owner_pool = ([o for o in hh_owner.values() if o != LI]
              + ["%s(%s)" % (person_name(used_names), address()) for _ in range(60)])


def rdate(a, b):
    return rand_date(a, b)


def mk(cat, created, **kw):
    r = {"category": cat, "created": created, "closed": None, "owner": "", "title": "", "loc": "",
         "conf": False, "file": ""}
    r.update(kw)
    ARCH.append(r)
    return r


for c in HOUSEHOLDS[:44] + [CUST["H0102"]]:
    r = mk("move_in", c[5], owner=hh_owner[c[0]], title="%s 入住资料（交房验收单、业主信息表）" % c[3],
           conf=(rng.random() < 0.1))
    if c[0] == "H0102":
        r["file"] = "attachments/move_in_H0102.png"
for i in range(40):
    created = rdate(D(2011, 3, 1), D(2026, 9, 30)) if i >= 2 else D(2019, 5, 6) + i * 400 * DAY
    owner = LI if i == 0 else rng.choice(owner_pool)
    closed = created + dt.timedelta(days=rng.randint(30, 120)) if rng.random() < 0.8 else None
    if closed and closed > AS_OF:
        closed = None
    r = mk("renovation", created, closed=closed, owner=owner,
           title="%s 装修申请及验收资料" % owner.split("(")[1].rstrip(")"))
    if i == 1:
        r["owner"] = LI
        r["file"] = "attachments/renovation_H0015.png"
        r["title"] = "5栋1单元0602 装修申请及验收资料（平面图扫描）"
for i in range(35):
    y = 2011 + i * 16 // 35
    created = rdate(D(y, 1, 1), min(D(y, 12, 31), D(2026, 11, 20)))
    mk("daily", created, title="%d年%d月 客服部日常工作资料（值班记录、交接班记录）" % (created.year, created.month))
for i in range(50):
    created = rdate(D(2011, 1, 1), D(2026, 10, 31)) if i >= 3 else rdate(D(2019, 6, 1), D(2021, 6, 30))
    owner = LI if i < 3 else rng.choice(owner_pool)
    closed = created + dt.timedelta(days=rng.randint(5, 90)) if rng.random() < 0.6 else None
    if closed and closed > AS_OF:
        closed = None
    mk("fee_notice", created, closed=closed, owner=owner,
       title="催费通知书：%s 欠缴物业管理费 %d 个月" % (owner.split("(")[1].rstrip(")"), rng.randint(2, 14)))
for i in range(12):
    created = rdate(D(2013, 1, 1), D(2026, 9, 30))
    owner = rng.choice(owner_pool)
    closed = created + dt.timedelta(days=rng.randint(60, 400)) if i < 8 else None
    if closed and closed > AS_OF:
        closed = None
    mk("lawyer_letter", created, closed=closed, owner=owner, conf=True,
       title="律师函：关于%s 长期欠缴物业费事宜" % owner.split("(")[1].rstrip(")"))
for i in range(10):
    created = D(2011 + i * 3 // 2, rng.randint(1, 12), 1)
    closed = add_months(created, 36) - DAY
    if closed > AS_OF:
        closed = None
    mk("outsourcing_contract", created, closed=closed, owner=VENDORS[i % len(VENDORS)],
       conf=(i % 2 == 0), title="外判服务合同：%s（%d–%d年）" % (VENDORS[i % len(VENDORS)], created.year, created.year + 3))
for i in range(55):
    y = 2011 + i * 16 // 55
    q = (i % 4) + 1
    created = D(y, 3 * q - 2, 1) + dt.timedelta(days=rng.randint(0, 80))
    if created > D(2026, 11, 20):
        created = D(2026, 10, rng.randint(1, 28))
    closed = add_months(D(created.year, 3 * ((created.month - 1) // 3) + 1, 1), 3) - DAY
    if closed > AS_OF:
        closed = None
    mk("visitor_register", created, closed=closed,
       title="来访客户登记表 %d年第%d季度" % (created.year, (created.month - 1) // 3 + 1))
for i in range(53):
    created = rdate(D(2011, 1, 1), D(2026, 11, 20)) if i >= 4 else rdate(D(2019, 6, 1), D(2021, 12, 31))
    owner = LI if i < 2 else rng.choice(owner_pool)
    closed = created + dt.timedelta(days=rng.randint(0, 7))
    if closed > AS_OF:
        closed = None
    mk("repair_order", created, closed=closed, owner=owner,
       title="维修服务通知单：%s %s" % (owner.split("(")[1].rstrip(")"), rng.choice(SUMMARY["repair"])))

ARCH.sort(key=lambda r: (r["created"], r["category"], r["title"]))
seq = {}
for r in ARCH:
    y = r["created"].year
    seq[y] = seq.get(y, 0) + 1
    r["id"] = "DA%d-%03d" % (y, seq[y])
    room = rng.choice("ABCDEF")
    r["loc"] = "档案室%s-%02d柜" % (room, rng.randint(1, 24))
    if r["category"] == "lawyer_letter" or (r["category"] == "outsourcing_contract" and r["conf"]):
        r["loc"] = "机要柜%d号" % rng.randint(1, 3)

# attachments for four more records
def pick(cat, pred=lambda r: True):
    for r in ARCH:
        if r["category"] == cat and not r["file"] and pred(r):
            return r
    raise KeyError(cat)


r_fee = pick("fee_notice", lambda r: r["created"].year == 2014 and r["owner"] != LI)
r_fee["file"] = "attachments/fee_notice_%s.txt" % r_fee["id"]
r_law = pick("lawyer_letter", lambda r: r["created"].year >= 2020)
r_law["file"] = "attachments/lawyer_letter_%s.txt" % r_law["id"]
r_con = pick("outsourcing_contract", lambda r: r["closed"] is None)
r_con["file"] = "attachments/outsourcing_contract_%s.txt" % r_con["id"]
r_vis = pick("visitor_register", lambda r: r["created"].year == 2013)
r_vis["file"] = "attachments/visitor_register_%s.png" % r_vis["id"]
ARCH_BY = {r["id"]: r for r in ARCH}

# ---------------------------------------------------------------------------
# Holds

old_fee = [r for r in ARCH if r["category"] == "fee_notice" and r["owner"] != LI and r["created"] < D(2016, 1, 1)
           and not r["file"]]
old_vis = [r for r in ARCH if r["category"] == "visitor_register" and r["created"] < D(2016, 1, 1) and not r["file"]]
old_rep = [r for r in ARCH if r["category"] == "repair_order" and r["owner"] != LI and r["created"] < D(2017, 1, 1)]
HOLDS = [
    ("DJ2026-01", old_fee[0]["id"], "", "", "欠费诉讼进行中，法院要求保全证据", D(2026, 3, 10), None, "E005"),
    ("DJ2026-02", "", "lawyer_letter", "", "年度审计期间暂停律师函处置", D(2026, 11, 1), None, "E002"),
    ("DJ2026-03", "", "", LI, "业主房屋产权纠纷，仲裁未结", D(2025, 6, 1), None, "E004"),
    ("DJ2026-05", old_rep[0]["id"], "", "", "保险理赔取证", D(2026, 9, 15), None, "E005"),
]

# ---------------------------------------------------------------------------
# Borrowings

conf_rec = [r for r in ARCH if r["conf"] and r["category"] == "move_in"] or [r for r in ARCH if r["conf"]]
plain = [r for r in ARCH if not r["conf"] and r["category"] in ("move_in", "renovation") and r["owner"] != LI]
LOANS = [
    # id, type, item, borrower, external, approved_by, out, returned, purpose, expectation
    ("JY2026-001", "钥匙", "KEY-3-2-1102", "E017", "否", "E005", T(2026, 10, 9, 9, 10), T(2026, 10, 9, 11, 40), "入户维修水管", "returned the same day: no finding"),
    ("JY2026-002", "钥匙", "KEY-5-1-0602", "E018", "否", "E005", T(2026, 10, 14, 14, 0), T(2026, 10, 14, 16, 30), "更换门锁", "same day: no finding"),
    ("JY2026-003", "钥匙", "KEY-8-3-2301", "E020", "否", "E005", T(2026, 10, 22, 15, 30), T(2026, 10, 23, 9, 10), "空房巡查", "returned the next day: finding (钥匙需当天借当天还)"),
    ("JY2026-004", "钥匙", "KEY-2-1-0801", "E021", "否", "E005", T(2026, 11, 13, 10, 0), None, "空置房通风", "never returned: finding (overdue since 2026-11-13)"),
    ("JY2026-005", "钥匙", "KEY-10-2-1504", "装修公司 周师傅", "是", "E002", T(2026, 10, 16, 8, 40), T(2026, 10, 16, 18, 5), "业主委托装修放行", "external, approved by the center_director, same day: no finding"),
    ("JY2026-006", "钥匙", "KEY-PUMP-B2", "E019", "否", "E016", T(2026, 10, 12, 9, 0), T(2026, 10, 12, 10, 15), "水泵房巡检", "same day: no finding"),
    ("JY2026-007", "钥匙", "KEY-6-1-0303", "E022", "否", "E005", T(2026, 11, 2, 13, 30), T(2026, 11, 2, 17, 45), "", "same day, but no purpose stated: finding key_loan_no_purpose (钥匙收发与使用的管理制度 4(1))"),
    ("JY2026-008", "钥匙", "KEY-ROOF-7", "E018", "否", "E016", T(2026, 11, 5, 8, 45), T(2026, 11, 5, 11, 20), "天台防水检查", "same day: no finding"),
    ("JY2026-009", "钥匙", "KEY-11-3-2702", "E030", "否", "E023", T(2026, 11, 20, 19, 0), T(2026, 11, 20, 23, 55), "夜间漏水应急处理", "same day (23:55): no finding"),
    ("JY2026-010", "钥匙", "KEY-9-2-1201", "E020", "否", "E005", T(2026, 11, 25, 9, 30), T(2026, 11, 25, 10, 50), "", "same day, but no purpose stated: finding key_loan_no_purpose (钥匙收发与使用的管理制度 4(1))"),
    ("JY2026-011", "档案", plain[0]["id"], "E005", "否", "E002", T(2026, 10, 12, 10, 0), T(2026, 10, 15, 16, 0), "核对业主信息", "archive back in 3 days: no finding"),
    ("JY2026-012", "档案", plain[3]["id"], "E003", "否", "E004", T(2026, 10, 20, 9, 0), T(2026, 10, 26, 17, 30), "装修纠纷调查", "back in 6 days, but approved by the cs_supervisor E004, not the center_director: finding archive_loan_unapproved (住户档案管理规定 3(4))"),
    ("JY2026-013", "档案", plain[5]["id"], "E009", "否", "E002", T(2026, 10, 27, 9, 0), T(2026, 11, 6, 16, 0), "欠费统计", "back after 10 days: finding (over 7 days)"),
    ("JY2026-014", "档案", plain[7]["id"], "业委会 周志强", "是", "E003", T(2026, 10, 28, 14, 0), T(2026, 11, 2, 10, 0), "业委会查阅", "external borrower approved by a dept_head, not the center_director: finding"),
    ("JY2026-015", "档案", plain[9]["id"], "街道办 刘科长", "是", "E002", T(2026, 11, 3, 10, 0), T(2026, 11, 6, 11, 0), "社区治理调研", "external, approved by the center_director: no finding"),
    ("JY2026-016", "档案", conf_rec[0]["id"], "E004", "否", "E002", T(2026, 11, 10, 9, 30), T(2026, 11, 12, 15, 0), "核查业主身份资料", "confidential record lent out: finding (保密文件不可借出)"),
    ("JY2026-017", "档案", plain[11]["id"], "E006", "否", "E002", T(2026, 11, 23, 9, 0), None, "整理档案目录", "out 3 days, not overdue yet: no finding"),
    ("JY2026-018", "档案", plain[13]["id"], "E012", "否", "E002", T(2026, 11, 2, 10, 0), T(2026, 11, 9, 10, 0), "复印存档", "back exactly 7 days later; copied with the dept_head E003's signature: no finding"),
    ("JY2026-019", "钥匙", "KEY-1-1-0201", "E017", "否", "E005", T(2026, 10, 30, 15, 0), T(2026, 10, 30, 16, 10), "燃气报警检查", "same day: no finding"),
    ("JY2026-020", "钥匙", "KEY-4-2-1801", "E021", "否", "E005", T(2026, 11, 18, 9, 20), T(2026, 11, 18, 15, 40), "", "same day, but no purpose stated: finding key_loan_no_purpose (钥匙收发与使用的管理制度 4(1))"),
    # issue 11: the loan rules of 住户档案管理规定 3(4), 业主档案管理细则 8(8) and 8(9), 钥匙 4(2)
    ("JY2026-021", "档案", plain[15]["id"], "E007", "否", "", T(2026, 11, 4, 10, 0), T(2026, 11, 5, 15, 0), "核对装修资料", "no approver: finding archive_loan_unapproved (住户档案管理规定 3(4))"),
    ("JY2026-022", "档案", plain[17]["id"], "E031", "否", "E002", T(2026, 9, 28, 9, 30), T(2026, 10, 2, 10, 0), "离职前整理", "back in 4 days, but after E031 left on 2026-09-30: finding archive_loan_at_leaving (业主档案管理细则 8(8))"),
    ("JY2026-023", "档案", plain[19]["id"], "E010", "否", "E002", T(2026, 11, 16, 14, 0), T(2026, 11, 17, 10, 0), "带回核对业主资料", "taken away without a signature: finding archive_copy_unsigned (业主档案管理细则 8(9))"),
    ("JY2026-024", "档案", plain[21]["id"], "E013", "否", "E002", T(2026, 11, 19, 9, 0), T(2026, 11, 19, 16, 0), "复印业主身份证明", "copied, signed by the cs_supervisor E004, not a dept_head: finding archive_copy_unsigned (业主档案管理细则 8(9))"),
    ("JY2026-025", "钥匙", "KEY-3-1-0501", "保洁公司 李阿姨", "是", "", T(2026, 11, 6, 9, 0), T(2026, 11, 6, 12, 0), "开荒保洁", "outside borrower, no leader's signature: finding key_loan_external_unsigned (钥匙收发与使用的管理制度 4(2))"),
]
# 借阅方式 and 签字人 (业主档案管理细则 8(9)); the other loans leave them empty
LOAN_ACTION = {
    "JY2026-011": ("查阅", ""), "JY2026-018": ("复印", "E003"),
    "JY2026-023": ("带走", ""), "JY2026-024": ("复印", "E004"),
}
for ln in LOANS:
    if ln[1] == "档案":
        assert ln[2] in ARCH_BY
    if ln[3].startswith("E") and ln[3][1:].isdigit():
        d = ln[6].date()
        assert not unavailable(ln[3], d), ln
    breach("custody", "借用 %s" % ln[1], "13-borrowing.csv %s: %s %s by %s" % (ln[0], ln[1], ln[2], ln[3]), ln[9])

# ---------------------------------------------------------------------------
# Attachments


def png_bytes(w, h, draw):
    raw = bytearray()
    for y in range(h):
        raw.append(0)
        for x in range(w):
            raw.append(draw(x, y))

    def chunk(t, data):
        c = struct.pack(">I", len(data)) + t + data
        return c + struct.pack(">I", zlib.crc32(t + data) & 0xffffffff)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 8, 0, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(bytes(raw), 9)) + chunk(b"IEND", b""))


def scan(seed_lines):
    r = random.Random(seed_lines)
    lines = []
    y = 14
    while y < 100:
        lines.append((y, r.randint(60, 150)))
        y += r.randint(7, 11)

    def draw(x, y):
        if x < 3 or y < 3 or x > 156 or y > 116:
            return 235
        if 6 <= y <= 10 and 40 <= x <= 120:
            return 40                          # title bar
        for ly, ln in lines:
            if ly <= y <= ly + 2 and 12 <= x <= 12 + ln and (x // 4) % 5 != 4:
                return 70                      # "text"
        if 100 <= y <= 112 and 110 <= x <= 140 and (x - 125) ** 2 + (y - 106) ** 2 <= 36:
            return 120                         # a stamp
        return 250
    return png_bytes(160, 120, draw)


ATTACH = {
    "attachments/move_in_H0102.png": scan(102),
    "attachments/renovation_H0015.png": scan(15),
    "attachments/visitor_register_%s.png" % r_vis["id"]: scan(2013),
    r_fee["file"]: ("催费通知书\n\n%s 业主：\n\n您的物业管理费已逾期未缴，请于接到本通知后七日内到客服中心缴纳。\n"
                    "逾期将按《物业服务合同》约定处理。\n\n物业服务中心 客服部\n%s\n"
                    % (r_fee["owner"], fdate(r_fee["created"], "zh"))).encode("utf-8"),
    r_law["file"]: ("律师函\n\n致 %s：\n\n受物业服务中心委托，就您长期欠缴物业服务费一事致函如下：\n"
                    "请于本函送达之日起十五日内结清欠款，否则本所将依法提起诉讼。\n\n（保密）\n%s\n"
                    % (r_law["owner"], fdate(r_law["created"], "zh"))).encode("utf-8"),
    r_con["file"]: ("外判服务合同（摘要）\n\n甲方：物业服务中心\n乙方：%s\n合同期限：%s 起三年\n"
                    "服务内容：按附件服务标准执行。\n" % (r_con["owner"], fdate(r_con["created"], "zh"))).encode("utf-8"),
}

# ---------------------------------------------------------------------------
# Writers


def csv_text(header, rows, delim=",", eol="\r\n"):
    buf = io.StringIO()
    w = csv.writer(buf, delimiter=delim, lineterminator=eol, quoting=csv.QUOTE_MINIMAL)
    w.writerow(header)
    for r in rows:
        w.writerow(r)
    return buf.getvalue()


def xml_text(kind, fields, rows, encoding="UTF-8"):
    out = ['<?xml version="1.0" encoding="%s"?>\n' % encoding, "<%s>\n" % kind]
    for r in rows:
        out.append("  <record>")
        for f, v in zip(fields, r):
            if v == "" or v is None:
                out.append("<%s/>" % f)
            else:
                out.append("<%s>%s</%s>" % (f, escape(v), f))
        out.append("</record>\n")
    out.append("</%s>\n" % kind)
    return "".join(out)


FILES = []   # name, kind, format, encoding, header, rows


def write(outdir, name, text, encoding, kind, fmt, header_lang, nrows, listing=None):
    """Writes one file; lists it in FILES (samples/'s own) or in `listing`."""
    path = os.path.join(outdir, name)
    if encoding == "UTF-8 with BOM":
        data = b"\xef\xbb\xbf" + text.encode("utf-8")
    elif encoding == "GB18030":
        data = text.encode("gb18030")
    else:
        data = text.encode("utf-8")
    os.makedirs(os.path.dirname(path), exist_ok=True)   # a pack's folder, in a new OUTDIR
    with open(path, "wb") as f:
        f.write(data)
    (FILES if listing is None else listing).append((name, kind, fmt, encoding, header_lang, nrows))


def main():
    if len(sys.argv) > 2 or (len(sys.argv) == 2 and sys.argv[1].startswith("-")):
        # an option is not a folder to write samples into
        sys.exit("usage: make_samples.py [OUTDIR]  (default: the repository's samples/)")
    outdir = sys.argv[1] if len(sys.argv) > 1 else os.path.join(
        os.path.dirname(os.path.abspath(__file__)), "..", "..", "samples")
    outdir = os.path.normpath(outdir)
    os.makedirs(os.path.join(outdir, "attachments"), exist_ok=True)
    for name in sorted(ATTACH):
        with open(os.path.join(outdir, name), "wb") as f:
            f.write(ATTACH[name])

    # 01 employee: GB18030, Chinese headers, CRLF, an extra column 性别 (kept, ignored)
    write_employees(outdir, "01-employee.csv", EMPS)

    # 02 attendance: XML UTF-8
    rows = []
    for i, (eid, d, s, en, cin, cout, note) in enumerate(ATT_ROWS):
        style = "T" if i % 17 == 0 else "iso"
        rows.append([eid, d.isoformat(), s, en, fdt(cin, style), fdt(cout, style), note])
    write(outdir, "02-attendance.xml",
          xml_text("attendance", ["employee_id", "date", "shift_start", "shift_end", "clock_in", "clock_out", "note"], rows),
          "UTF-8", "attendance", "XML", "canonical elements", len(rows))

    # 03 leave: UTF-8 with BOM, Chinese headers, Chinese enum names, 2026年10月12日 dates
    rows = []
    for lid, eid, typ, a, b, appr, cert, note, valid, why in LEAVES:
        rows.append([lid, eid, typ, fdate(a, "zh"), fdate(b, "zh"), appr, cert, note, REQUESTED[lid]])
    write(outdir, "03-leave.csv",
          csv_text(["请假单号", "员工编号", "请假类型", "开始日期", "结束日期", "批准人", "医院证明", "备注", "申请时间"],
                   rows),
          "UTF-8 with BOM", "leave", "CSV (comma, CRLF; a quoted multi-line note and a quoted comma)", "Chinese", len(rows))

    # 04 meeting: tab-separated, English headers, codes
    rows = []
    for mid, typ, d, s, en, title in MEETINGS:
        rows.append([mid, typ, fdate(d, "slash"), s if typ != "morning" else s.lstrip("0"), en, title])
    write(outdir, "04-meeting.csv", csv_text(["meeting_id", "type", "date", "start", "end", "title"], rows, "\t", "\n"),
          "UTF-8", "meeting", "CSV (tab, LF)", "English", len(rows))

    # 05 meeting_attendance: XML UTF-8, booleans Y/N
    rows = [list(m) for m in MATT]
    write(outdir, "05-meeting_attendance.xml",
          xml_text("meeting_attendance", ["meeting_id", "employee_id", "arrived", "left", "excused", "disruption"], rows),
          "UTF-8", "meeting_attendance", "XML", "canonical elements", len(rows))

    # 06 report_submission: English headers, comma, LF, 2026/10/12 08:41 datetimes
    rows = []
    for i, (dept, typ, period, t) in enumerate(REPORTS):
        if t is None:
            s = ""
        elif t == T(2026, 11, 16, 9, 0):
            s = fdt(t, "sec")
        else:
            s = fdt(t, "slash" if i % 2 else "T")
        rows.append([dept, typ, period, s])
    write(outdir, "06-report_submission.csv", csv_text(["dept", "report_type", "period", "submitted_at"], rows, ",", "\n"),
          "UTF-8", "report_submission", "CSV (comma, LF)", "English", len(rows))

    # 07 incident: English headers, UTF-8, codes, a multi-line note with commas
    write_incidents(outdir, "07-incident.csv", [i for i in INCIDENTS if i[0] not in MOVED_INCIDENTS])
    # 08 customer: UTF-8 without BOM, Chinese headers, Chinese kind names, 2019.05.12 / 2021年3月8日 dates
    write_customers(outdir, "08-customer.csv", PROP_CUSTOMERS)
    # 09 service_event: XML declared and encoded as GB18030, Chinese enum names, 是/否
    write_events(outdir, "09-service_event.xml", PROP_EVENTS)
    # 10 callback: tab-separated, English headers, codes
    write_callbacks(outdir, "10-callback.csv", PROP_CBS)

    # 11 archive_record: GB18030, Chinese headers, Chinese category names, √/× booleans
    rows = []
    for i, r in enumerate(ARCH):
        rows.append([r["id"], CAT_ZH[r["category"]], r["owner"], r["title"], fdate(r["created"], ["zh", "slash", "iso"][i % 3]),
                     fdate(r["closed"], "zh") if r["closed"] else "", r["loc"], "√" if r["conf"] else "×", r["file"]])
    write(outdir, "11-archive_record.csv",
          csv_text(["档案编号", "档案类别", "业主", "标题", "建档日期", "结案日期", "存放位置", "保密", "附件"], rows),
          "GB18030", "archive_record", "CSV (comma, CRLF)", "Chinese", len(rows))

    # 12 hold: XML UTF-8, category codes
    rows = []
    for h in HOLDS:
        rows.append([h[0], h[1], h[2], h[3], h[4], h[5].isoformat(), h[6].isoformat() if h[6] else "", h[7]])
    write(outdir, "12-hold.xml",
          xml_text("hold", ["hold_id", "record_id", "category", "owner", "reason", "placed_on", "lifted_on", "placed_by"], rows),
          "UTF-8", "hold", "XML", "canonical elements", len(rows))

    # 13 borrowing: UTF-8 with BOM, Chinese headers, 钥匙/档案, 是/否
    rows = []
    for ln in LOANS:
        act, signer = LOAN_ACTION.get(ln[0], ("", ""))
        rows.append([ln[0], ln[1], ln[2], ln[3], ln[4], ln[5], fdt(ln[6]), fdt(ln[7]), ln[8], act, signer])
    write(outdir, "13-borrowing.csv",
          csv_text(["借用编号", "物品类型", "物品编号", "借用人", "外部人员", "批准人", "借出时间", "归还时间", "用途",
                    "借阅方式", "签字人"], rows),
          "UTF-8 with BOM", "borrowing", "CSV (comma, CRLF)", "Chinese", len(rows))

    # The rows of other organisations, in the pack folders beside their
    # hand-made samples, each in the format and encoding of the file it
    # came from (names end in -moved; the rows keep their ids).
    for pack in ("club", "clinic"):
        incs = [(i[0], i[1], i[2], MOVED_INCIDENTS[i[0]][1]) + i[4:] for i in INCIDENTS
                if MOVED_INCIDENTS.get(i[0], ("",))[0] == pack]
        pdir = os.path.join(outdir, pack)
        write_employees(pdir, "01-employee-moved.csv", [EMP[e] for e in sorted({i[1] for i in incs})],
                        PACK_DEPT[pack], PACK_STAFF[pack], pack)
        write_incidents(pdir, "07-incident-moved.csv", incs, pack)
    pdir = os.path.join(outdir, "member-service")
    staff = sorted({ev["staff"] for ev in MEMBER_EVENTS} | {cb["staff"] for cb in MEMBER_CBS})
    write_employees(pdir, "01-employee-moved.csv", [EMP[e] for e in staff], "客服部", PACK_STAFF["member-service"],
                    "member-service")
    write_customers(pdir, "08-customer-moved.csv", MEMBER_CUSTOMERS, "member-service")
    write_events(pdir, "09-service_event-moved.xml", MEMBER_EVENTS, "member-service")
    write_callbacks(pdir, "10-callback-moved.csv", MEMBER_CBS, "member-service")
    pdir = os.path.join(outdir, "tech-service")
    staff = sorted({cb["staff"] for cb in PROJECT_CBS})
    write_employees(pdir, "01-employee-moved.csv", [EMP[e] for e in staff], "客服部", PACK_STAFF["tech-service"],
                    "tech-service")
    write_customers(pdir, "08-customer-moved.csv", PROJECT_CUSTOMERS, "tech-service")
    write_callbacks(pdir, "10-callback-moved.csv", PROJECT_CBS, "tech-service")
    pdir = os.path.join(outdir, "property-office")
    write_customers(pdir, "08-customer-copied.csv", HOUSEHOLDS, "property-office")
    write_callbacks(pdir, "10-callback-copied.csv", PO_CBS, "property-office")

    with open(os.path.join(outdir, "README.md"), "w", encoding="utf-8", newline="\n") as f:
        f.write(readme())


PACK_DEPT = {"club": "前台", "clinic": "客服部"}
PACK_STAFF = {"club": "前台员工", "clinic": "导医", "member-service": "客服代表", "tech-service": "员工"}
PACK_FILES = {}   # pack: [(name, kind, format, encoding, header language, rows)]


def out_file(outdir, name, text, encoding, kind, fmt, header_lang, nrows, pack):
    """Writes one sample file; a pack's file is listed apart from samples/'s own."""
    write(outdir, name, text, encoding, kind, fmt, header_lang, nrows,
          None if pack is None else PACK_FILES.setdefault(pack, []))


def write_employees(outdir, name, emps, dept=None, role_name=None, pack=None):
    """GB18030, Chinese headers, CRLF, an extra column 性别 (kept, ignored).
    A pack's file gives everyone the pack's department and staff role."""
    money_styles = ["yuan", "fwyen", "plain", "comma"]
    rows = []
    for i, e in enumerate(EMPS):
        if e not in emps:
            continue
        rows.append([e.id, e.name, "男" if e.sex == "M" else "女", dept or e.dept, role_name or ROLE_ZH[e.role],
                     yuan(e.wage, money_styles[i % 4]),
                     "" if e.bonus is None else yuan(e.bonus, money_styles[(i + 1) % 4]),
                     fdate(e.hired, "slash1"), fdate(e.left, "slash1") if e.left else "", e.idno, e.phone])
    out_file(outdir, name,
             csv_text(["员工编号", "姓名", "性别", "部门", "岗位", "月工资", "月奖金", "入职日期", "离职日期", "身份证号", "电话"], rows),
             "GB18030", "employee", "CSV (comma, CRLF)", "Chinese", len(rows), pack)


def write_incidents(outdir, name, incs, pack=None):
    """English headers, UTF-8, codes, amounts ¥300.00 / 150元, multi-line notes."""
    rows = [[inc[0], inc[1], fdate(inc[2], "dot"), inc[3], inc[4], inc[5], inc[6]] for inc in incs]
    out_file(outdir, name,
             csv_text(["incident_id", "employee_id", "date", "offense", "amount", "recorded_by", "note"], rows),
             "UTF-8", "incident", "CSV (comma, CRLF; quoted multi-line notes and quoted commas)", "English",
             len(rows), pack)


def write_customers(outdir, name, custs, pack=None):
    """UTF-8 without BOM, Chinese headers, Chinese kind names, 2019.05.12 / 2021年3月8日 dates."""
    rows = []
    kind_zh = {"member": "会员", "household": "住户", "project": "项目", "lead": "意向客户"}
    want = {c[0] for c in custs}
    for i, (cid, name_, kind, addr, ph, since) in enumerate(CUSTOMERS):
        if cid in want:
            rows.append([cid, name_, kind_zh[kind], addr, ph, fdate(since, ["dot", "zh", "iso"][i % 3])])
    out_file(outdir, name, csv_text(["客户编号", "姓名", "客户类型", "房号", "电话", "起始日期"], rows),
             "UTF-8", "customer", "CSV (comma, CRLF)", "Chinese", len(rows), pack)


def write_events(outdir, name, evs, pack=None):
    """XML declared and encoded as GB18030, Chinese enum names mixed with codes, 是/否."""
    ev_zh = {"membership": "会员服务", "complaint": "投诉", "repair": "报修", "delivery": "项目交付", "reception": "来访接待"}
    want = {ev["event_id"] for ev in evs}
    rows = []
    for i, ev in enumerate(EVENTS):
        if ev["event_id"] not in want:
            continue
        st = "sec" if i % 5 == 0 else "iso"
        rows.append([ev["event_id"], ev_zh[ev["kind"]] if i % 4 else ev["kind"], ev["customer_id"],
                     fdt(ev["opened_at"], st), fdt(ev["dispatched_at"], st), fdt(ev["arrived_at"], st),
                     fdt(ev["resolved_at"], st), fdt(ev["registered_at"], st), ev["valid"], ev["staff"], ev["summary"]])
    out_file(outdir, name,
             xml_text("service_event", ["event_id", "kind", "customer_id", "opened_at", "dispatched_at", "arrived_at",
                                        "resolved_at", "registered_at", "valid", "staff_id", "summary"], rows, "GB18030"),
             "GB18030", "service_event", "XML", "canonical elements", len(rows), pack)


def write_callbacks(outdir, name, cbs, pack=None):
    """Tab-separated, CRLF, English headers, codes."""
    rows = [[cb["callback_id"], cb["event_id"], cb["customer_id"], fdt(cb["at"]), cb["channel"], cb["outcome"],
             cb["staff"], cb["note"]] for cb in cbs]
    out_file(outdir, name,
             csv_text(["callback_id", "event_id", "customer_id", "at", "channel", "outcome", "staff_id", "note"], rows, "\t"),
             "UTF-8", "callback", "CSV (tab, CRLF)", "English", len(rows), pack)


def readme():
    L = []
    a = L.append
    a("# samples/ — a small property-management customer-service department\n")
    a("Generated by `python3 tests/gen/make_samples.py` (fixed seed %d; two runs give byte-identical files). "
      "Do not edit by hand: change the generator and rerun it.\n" % SEED)
    a("The 物业服务中心 of a residential estate in Shenzhen, as of **2026-11-26**: %d employees in three departments "
      "(客服部 with the 总经理 E001, the 服务中心主任 E002, its 部门负责人 E003, the 客户服务部主管 E004, the 客服主任 E005 "
      "and front-desk staff; 工程部, head E016; 秩序维护部, head E023, with six guards E024–E029 on a rotating "
      "day 08:00–20:00 / night 20:00–08:00 roster, the night shift ending the next morning; E031 left on 2026-09-30). "
      "Office staff work Mon–Fri 08:30–17:30 on the 2026 State Council calendar (国庆 1–7 Oct off, Sat 10 Oct worked). "
      "Attendance covers 2026-10-01 … 2026-11-25; leave, meetings (晨会 on every working day but two, the 月分析例会 "
      "on the last Saturday, a topic meeting and a training), weekly and monthly reports, violation records, "
      "%d customers (会员 M…, 住户 H… with room numbers, 项目 P…, 意向客户 L…), %d service events (Sept–Nov 2026) "
      "and %d callbacks, %d archive records created 2011–2026 with %d attachments, %d holds and %d borrowings. "
      "Every row is valid (`kefu ingest samples/` must reject nothing); the breaches below are findings. "
      "Malformed inputs live apart in `samples/bad/`.\n"
      % (len(EMPS), len(PROP_CUSTOMERS), len(PROP_EVENTS), len(PROP_CBS), len(ARCH), len(ATTACH), len(HOLDS), len(LOANS)))
    a("Only the centre's own rules are at work here (the property pack, templates/policy/default.xml). The rows of "
      "other organisations' rules live in the pack folders: see \"Rows moved to the pack folders\" below.\n")
    a("## Files\n")
    a("| file | kind | format | encoding | header language | rows |")
    a("|---|---|---|---|---|---|")
    for name, kind, fmt, enc, hl, n in FILES:
        a("| %s | %s | %s | %s | %s | %d |" % (name, kind, fmt, enc, hl, n))
    a("")
    a("Value variety: dates as 2026-10-12, 2026/10/12, 2026/1/5, 2026.10.12 and 2026年10月12日; datetimes with a space or "
      "`T`, with or without seconds; money as 4350元, ￥5,200.00 (full-width, GB18030), 7,200.00 and 6800 (¥300.00 and 150元 went with "
      "the incident rows to samples/club/); "
      "booleans 是/否, √/×, Y/N; enumerations by Chinese name in the Chinese-header files and 09-service_event.xml "
      "(mixed with codes there), by code in the English ones. 01-employee.csv carries an extra column 性别 that no "
      "kind declares (kept, ignored). The XML files write every canonical element, empty ones as `<x/>`. "
      "Role names (员工, 客服主任, 客户服务部主管, 部门负责人, 服务中心主任, 总经理), the offence code (gossip), the "
      "archive categories by Chinese name (入住档案, 装修档案, 日常资料档案, 催费通知书, 律师函, 外判公司合同, "
      "来访客户登记表, 维修服务通知单) and the departments (客服部, 工程部, 秩序维护部) must be declared by the "
      "default policy.\n")
    a("Attachments (named in 11-archive_record.csv `附件`, relative to the export file):\n")
    for name in sorted(ATTACH):
        rec = [r for r in ARCH if r["file"] == name][0]
        a("- `%s` (%d bytes) — %s %s%s" % (name, len(ATTACH[name]), rec["id"], rec["category"],
                                          ", confidential" if rec["conf"] else ""))
    a("")
    a("## People (for checking amounts)\n")
    a("D = (W + B) / 21.75. Amounts below are rounded half-up to the fen once, on the final amount.\n")
    a("| id | name | dept | role | W | B | roster |")
    a("|---|---|---|---|---|---|---|")
    for e in EMPS:
        a("| %s | %s | %s | %s | %d | %s | %s |" % (e.id, e.name, e.dept, e.role, e.wage,
                                                   "" if e.bonus is None else e.bonus, e.roster))
    a("\nPurge roles: preparer E005 (cs_chief), reviewer E004 (cs_supervisor), approver E002 (center_director); "
      "witnesses e.g. E003, E006, E009.\n")
    a("## Deliberate breaches and expected findings\n")
    a("Everything not listed here is clean: punches within the shift, reports on time, callbacks inside their "
      "deadlines at 08:30–11:45 or 14:15–20:30, loans back in time.\n")
    a("| area | rule | rows | expected |")
    a("|---|---|---|---|")
    for area, rule, src, exp in BREACHES:
        a("| %s | %s | %s | %s |" % (area, rule, src.replace("|", "/"), exp.replace("|", "/")))
    a("")
    # the pay notes (national pay law, no finding: README "Pay notes, not findings")
    a("### Attendance fines per employee and month (pay notes, §7.1.9)\n")
    a("Attendance runs, meeting fines and incident fines. Warning line 20 % of W. "
      "National pay law, not the regulations: each \"yes\" is a pay note of the fines "
      "report and `check`, never a finding.\n")
    a("| employee | month | fines (yuan) | 20 % of W | over the line |")
    a("|---|---|---|---|---|")
    for emp, month, fen in fines_by_month():
        e = EMP[emp]
        a("| %s | %s | %s | %s | %s |" % (emp, month, fen_str(fen), fen_str(e.wage * 20), "yes" if fen > e.wage * 20 else "no"))
    a("")
    a("### Visit coverage (§7.2), as this generator reads the rules\n")
    a("Counts of obligations by status. Event obligations come from 09-service_event.xml and 10-callback.csv. "
      "Complaints with valid = 否 (3) still owe and get their callbacks. Deliveries owe nothing by default. "
      "The %d callbacks without an event (households' 上门回访, note 物管员季度走访 / 走访后电话跟进) are the centre's "
      "records of visits: no rule of the property pack judges them (the quarterly visits are 规章制度10's, "
      "another property management office: the property-office pack judges a copy of them in "
      "samples/property-office/), and the property pack has no rest "
      "hours (they are 规章制度2's), so no callback here gives a quiet-hours warning.\n"
      % sum(1 for cb in PROP_CBS if not cb["event_id"]))
    a("| obligation | met | late | missed | pending |")
    a("|---|---|---|---|---|")
    for rule in sorted(COVER):
        c = COVER[rule]
        a("| %s | %d | %d | %d | %d |" % (rule, c["met"], c["late"], c["missed"], c["pending"]))
    a("")
    a("Named cases:\n")
    a("| event | kind | customer | obligation | expected |")
    a("|---|---|---|---|---|")
    for eid, kind, cust, rule, exp in NOTES:
        if kind != "membership":
            a("| %s | %s | %s | %s | %s |" % (eid, kind, cust, rule, exp))
    a("")
    a("### Retention and custody (§7.3)\n")
    a("Retention periods and dispositions are the default policy's; the samples only make sure that each category "
      "has old and recent records, so that a short period leaves many old fee notices, visitor registers and repair "
      "orders eligible while holds keep some of them back.\n")
    a("Archive records by category (created_on range; with closed_on; confidential):\n")
    a("| category | records | created | with closed_on | confidential |")
    a("|---|---|---|---|---|")
    for code, zh, _ in CATS:
        rs = [r for r in ARCH if r["category"] == code]
        a("| %s %s | %d | %s … %s | %d | %d |" % (code, zh, len(rs), min(r["created"] for r in rs),
                                                max(r["created"] for r in rs), sum(1 for r in rs if r["closed"]),
                                                sum(1 for r in rs if r["conf"])))
    a("")
    a("Eligibility as of 2026-11-26 under the retention periods of templates/policy/default.xml when these "
      "samples were generated (move_in permanent; renovation P30Y from closed_on; daily P10Y from created_on; "
      "fee_notice P3Y from created_on; lawyer_letter P5Y from closed_on; outsourcing_contract P10Y from "
      "closed_on; visitor_register P3Y from created_on; repair_order P5Y from created_on). If the policy "
      "changes, recompute.\n")
    a("| category | period | eligible | held back by an active hold | not yet due | open (trigger date unknown) | permanent |")
    a("|---|---|---|---|---|---|---|")
    elig_all = []
    for code, zh, _ in CATS:
        per = RETENTION[code]
        cnt = {"eligible": 0, "held": 0, "due": 0, "open": 0, "permanent": 0}
        for r in ARCH:
            if r["category"] != code:
                continue
            st = retention_status(r)
            cnt[st] += 1
            if st == "eligible":
                elig_all.append(r["id"])
        a("| %s | %s | %d | %d | %d | %d | %d |" % (code, per[0] if per else "permanent", cnt["eligible"], cnt["held"],
                                                   cnt["due"], cnt["open"], cnt["permanent"]))
    a("")
    a("%d records eligible in all. Held back by holds: %s.\n" % (
        len(elig_all), ", ".join(r["id"] for r in ARCH if retention_status(r) == "held")))
    a("Holds (12-hold.xml):\n")
    a("| hold | on | reason | placed | lifted | effect |")
    a("|---|---|---|---|---|---|")
    for h in HOLDS:
        if h[1]:
            on = "record %s (%s, created %s)" % (h[1], ARCH_BY[h[1]]["category"], ARCH_BY[h[1]]["created"])
        elif h[2]:
            on = "category %s" % h[2]
        else:
            n = sum(1 for r in ARCH if r["owner"] == h[3])
            on = "owner %s (%d records)" % (h[3], n)
        eff = "none (lifted)" if h[6] else "active: held records are not eligible"
        a("| %s | %s | %s | %s | %s | %s |" % (h[0], on, h[4], h[5], h[6] or "", eff))
    a("")
    return "\n".join(L) + "\n" + moved_readme() + timing_readme() + pack_meetings_readme() + known_gaps()


def timing_readme():
    """The hand-made rows of the pack folders for leave asked in time, the
    hospital's notice and rest day, and the online shop's shift swaps
    (issue 11), with the findings each gives (tests/e2e/packs.sh)."""
    return """## Leave asked in time, rest days and shift swaps (issue 11)

`leave.requested_at` (申请时间) is when a leave was asked for; a leave without
it is not judged. The three property leaves asked on their first day are in
the table above (3 `leave_late_request` warnings: QJ2026-102, -105, -109).
The pack folders hold these hand-made rows:

| pack | file | rows | expected |
|---|---|---|---|
| member-service | 03-leave.csv | Q01 asked 2026-11-09 17:30 for 11-10; Q02 asked 2026-11-16 08:40 for 11-16 | 1 `leave_late_request` (五、4): V001, 2026-11-16, warning 0 |
| online-shop | 03-leave.csv | QS1 (S002) asked 2026-11-09 20:00 for 11-10; QS2 (S001) asked 2026-11-18 09:00 for 11-18 | 1 `leave_late_request` (四、2(1)): S001, 2026-11-18, warning 0 |
| online-shop | 15-shift_swap.csv | S001 swaps 11-03, 11-10, 11-17, each reported to the 店长 S003; S002 swaps 11-12, reported to S001 | 1 `shift_swap_excess` (四、2(4)): S001, 2026-11-17 (the 3rd in November); 1 `shift_swap_unreported`: S002, 2026-11-12 (S001 is no 店长); warnings of 0 |
| clinic | 03-leave.csv | L01 (D002, sick 11-09…11-10) told 2026-11-10 10:00; L02 (D002, 11-16) told 2026-11-16 07:00; L03 (D001, 11-20) asked 2026-11-18 15:00 | 1 `leave_late_notice` (六、2): D002, 2026-11-09 (34 hours after 00:00 of the first day, more than 24), warning 0 |
| clinic | 02-attendance.csv | D001 works every day Mon 2026-11-09 … Sun 11-15 on time | 1 `rest_day_missing` (六、1): D001, 2026-11-15, warning 0 |

"""


def pack_meetings_readme():
    """The hand-made attendance and meeting rows of the pack folders that
    show each pack's required meetings (issue 11) at work."""
    return """## Required meetings in the pack folders (issue 11)

A required meeting is owed on the days it falls due from the department's first attendance day to its last (not
after the as-of day); a day (or, for "once a week", a full ISO week) without a meeting record of its type is
`meeting_not_held`, a department warning of 0 (no text gives a sanction). The hand-made files below (not written by
this generator) give each pack one such day (landscaping three); tests/e2e/packs.sh checks them.

| pack | rule | rows | expected |
|---|---|---|---|
| property (samples/) | 会议制度管理规定 1 晨会 every working day, 月分析例会 the last Saturday | 04-meeting.csv: 晨会 on 34 of the 36 working days of 10-08 … 11-25, 月分析例会 on 10-31 | 客服部 2026-10-10 and 2026-11-20 |
| clinic | 规章制度3 客服部岗位职责7 小组例会 once a week | 02-attendance.csv (D003 11-09 … 11-20, on time), 04-meeting.csv LH-20261106 | 客服部 2026-11-15 (the week 11-09 … 11-15; 11-16 … 11-22 is not a full week of data) |
| online-shop | 规章制度9 五、1 Monday 14:30 部门例会 | 02-attendance.csv (S002 11-02 … 11-13, on time), 04-meeting.csv LH-20261102 | 客服 2026-11-09 |
| tech-service | 规章制度5 四 Friday 部门例会 | 01-employee.csv W002 (技术服务部), 02-attendance.csv (W002 11-02 … 11-13, on time), 04-meeting.csv ZB-20261106 | 技术服务部 2026-11-13 |
| landscaping | 第一篇 D 晨会 and 分享会 every working day, 小总结会 once a week | 04-meeting.csv (36 meetings, 11-02 … 11-21; samples/landscaping/README.md) | 销售部 2026-11-09 (分享会), 11-14 (晨会), 11-15 (小总结会) |

"""


def moved_readme():
    """The section on the rows of other organisations' rules, written to the
    pack folders, with what each pack gives for them."""
    L = []
    a = L.append
    a("## Rows moved to the pack folders (issue 11)\n")
    a("Each pack follows its own organisation's text only. The rows below belong to other organisations' rules, so "
      "the generator writes them beside the hand-made samples of the pack they belong to, in files named "
      "`NN-kind-moved.ext` that keep the format and encoding of the file they came from (the rows keep their ids; "
      "the people keep their ids, names and wages and get the pack's department and staff role). "
      "`kefu --policy PACK run --in samples/PACK` reads both; tests/e2e/packs.sh checks the sums.\n")
    a("| pack | file | kind | format | encoding | rows |")
    a("|---|---|---|---|---|---|")
    for pack in sorted(PACK_FILES):
        for name, kind, fmt, enc, hl, n in PACK_FILES[pack]:
            a("| %s | %s | %s | %s | %s | %d |" % (pack, name, kind, fmt, enc, n))
    a("")
    a("Incidents (07-incident-moved.csv), under the pack's own offence code; the ladders count per employee and "
      "calendar month (惩罚8: over the whole employment):\n")
    a("| pack | incident | employee | date | offence in samples/ before | offence in the pack | expected |")
    a("|---|---|---|---|---|---|---|")
    for inc in INCIDENTS:
        if inc[0] in MOVED_INCIDENTS:
            pack, code, exp = MOVED_INCIDENTS[inc[0]]
            a("| %s | %s | %s | %s | %s | %s | %s |" % (pack, inc[0], inc[1], inc[2], inc[3], code, exp))
    a("")
    a("Callbacks: the membership events (会员服务) and their callbacks go to samples/member-service/ (规章制度2 七、4: "
      "within three days; 七、1: the rest hours); the projects' callbacks without an event go to "
      "samples/tech-service/ with the %d projects (规章制度5 五: monthly in the first year, quarterly after, owed "
      "from 2026-07-01). Coverage of the moved rows alone, as this generator reads the rules:\n" % len(PROJECT_CUSTOMERS))
    a("| pack | obligation | met | late | missed | pending |")
    a("|---|---|---|---|---|---|")
    for pack in sorted(PACK_COVER):
        for rule in sorted(PACK_COVER[pack]):
            c = PACK_COVER[pack][rule]
            a("| %s | %s | %d | %d | %d | %d |" % (pack, rule, c["met"], c["late"], c["missed"], c["pending"]))
    a("")
    a("Named membership cases (samples/member-service/):\n")
    a("| event | customer | obligation | expected |")
    a("|---|---|---|---|")
    for eid, kind, cust, rule, exp in NOTES:
        if kind == "membership":
            a("| %s | %s | %s | %s |" % (eid, cust, rule, exp))
    a("")
    a("Quiet-hours callbacks in samples/member-service/ (each counts, plus a warning): %s.\n"
      % ", ".join("%s (%s %s)" % (cb["callback_id"], cb["event_id"], cb["at"].strftime("%Y-%m-%d %H:%M"))
                  for cb in MEMBER_QUIET))
    a("Copied, not moved (samples/property-office/): the %d households (08-customer-copied.csv) and their %d "
      "quarterly visits (10-callback-copied.csv, note 物管员季度走访, made by %s, whom the folder's hand-made "
      "01-employee.csv makes 物管员). samples/ keeps them as the property centre's records, judged by no rule "
      "there; the property-office pack (规章制度10 二、2(2)) judges the copies. Only the copied visits count: the "
      "centre's complaint and repair callbacks, which filled some households' quarters in samples/, are not "
      "copied, so those quarters are missed there (Q3 2026, %d households: %s).\n"
      % (len(HOUSEHOLDS), len(PO_CBS), ", ".join(PO_STAFF), len(PO_MISSED_Q3), ", ".join(PO_MISSED_Q3)))
    n_dir = sum(1 for c in HOUSEHOLDS if c[5] <= D(2026, 1, 1))
    base = {m: sum(1 for c in HOUSEHOLDS if c[5] <= last) for m, last in
            (("2026-09", D(2026, 9, 30)), ("2026-10", D(2026, 10, 31)))}
    a("Hand-made rows of samples/property-office/ (not generated; `kefu --policy property-office run --in "
      "samples/property-office --as-of 2026-11-26`):\n")
    a("| rule | rows | expected |")
    a("|---|---|---|")
    a("| complaint_same_day (一、3) | 09-service_event.csv TS01–TS06 | met 3 (TS01 dispatched 2 h later, TS03 "
      "resolved the same evening, TS06 dispatched the same day), late 1 (TS02 opened 17:30, first arrival next "
      "morning), missed 1 (TS04, nothing recorded); TS05 opened 2026-06-20, before owed-from: not owed |")
    a("| director_visit (二、2(1)) | 10-callback.csv DV01–DV03, ZX01 | met 2 (DV01 H0001 in March, DV02 H0002 in "
      "September), pending %d (the other households since on or before 2026-01-01: 2026 is not over); DV03 "
      "(H0010) was unreachable, ZX01 is the 管理处主任's (office_head), neither counts |" % (n_dir - 2))
    a("| household_visit (二、2(2)) | 10-callback.csv | DV02 (H0002) and ZX01 (H0005) are not a 物管员's: H0002's "
      "and H0005's Q3 stay missed (the table above) |")
    a("| valid_complaint_rate (二、1(4)) | 09-service_event.csv valid = 1 | one warning for 管理处 on 2026-10-31: "
      "October 2 valid (TS01, TS02) ÷ %d households = 1.6 %% (not below 1 %%); September 1 (TS06) ÷ %d = 0.8 %%: "
      "none; November is not over |" % (base["2026-10"], base["2026-09"]))
    a("")
    a("Project windows missed on purpose (samples/tech-service/): %s. Special `since` dates: projects since "
      "2025-01-31 (P011, monthly windows clamp to 2025-02-28 …), 2025-11-20 (P017: first year ends 2026-11-20, "
      "quarterly after), 2025-12-15 and 2025-12-31 (P018, P019: monthly windows across the year boundary), "
      "2026-08-31 (P023) and 2026-11-05 (P025).\n"
      % ", ".join("%s window from %s" % (c, d) for c, d in sorted(REC_MISSED) if c.startswith("P")))
    return "\n".join(L) + "\n"


RETENTION = {   # templates/policy/default.xml at the time of writing: (period, trigger, years)
    "move_in": None, "renovation": ("P30Y", "closed", 30), "daily": ("P10Y", "created", 10),
    "fee_notice": ("P3Y", "created", 3), "lawyer_letter": ("P5Y", "closed", 5),
    "outsourcing_contract": ("P10Y", "closed", 10), "visitor_register": ("P3Y", "created", 3),
    "repair_order": ("P5Y", "created", 5),
}


def hold_active(h):
    return h[5] <= AS_OF and (h[6] is None or h[6] > AS_OF)


def retention_status(r):
    per = RETENTION[r["category"]]
    if per is None:
        return "permanent"
    trig = r["created"] if per[1] == "created" else r["closed"]
    if trig is None:
        return "open"
    try:
        due = trig.replace(year=trig.year + per[2])
    except ValueError:                      # 29 Feb
        due = trig.replace(year=trig.year + per[2], day=28)
    if due > AS_OF:
        return "due"
    for h in HOLDS:
        if hold_active(h) and (h[1] == r["id"] or h[2] == r["category"] or (h[3] and h[3] == r["owner"])):
            return "held"
    return "eligible"


def known_gaps():
    return """## What the samples do not cover (read before writing expectations)

- **Recurring coverage before 2026-07-01.** Projects (since 2019–2026, samples/tech-service/) owe a callback
  for every window since `since`, but callbacks are recorded only from 2026-07-01: the pack's owed-from
  (2026-07-01) leaves the earlier windows unowed (counted on their own line in the pack table above).
- **Reports before 2026-W40.** Weekly reports exist for 2026-W40 … W47 and monthly ones for 2026-09 … 2026-11.
  An engine that owes reports from an earlier date will also find the earlier weeks missing.
- **Attendance** covers 2026-10-01 … 2026-11-25 only; nothing in September (E031 left on 2026-09-30 and has no
  attendance).
- The retention periods, the meeting fines and the warning line are the default policy's; the expectations
  above quote the regulations where they name a number.
- The visit-coverage counts are this generator's reading of §7.2 (deadline = anchor + period; a reached
  callback at or before the deadline meets it; callbacks at or after the anchor count; the end of the as-of
  date is 2026-11-27 00:00). Project windows are `since` + k months (clamped) for the first year, then
  3-month windows.
"""


def fines_by_month():
    tot = {}

    def add(eid, d, fen):
        k = (eid, "%04d-%02d" % (d.year, d.month))
        tot[k] = tot.get(k, 0) + fen
    for d in (D(2026, 10, 15), D(2026, 10, 27)):
        add("E007", d, run_cost_fen(EMP["E007"], 1))
    add("E018", D(2026, 11, 19), run_cost_fen(EMP["E018"], 1))
    for eid, days in ABS_RUNS.items():
        add(eid, days[-1], run_cost_fen(EMP[eid], len(days)))
    for lid, (lv, days) in LEAVE_BY.items():
        if not lv[8]:
            add(lv[1], days[-1], run_cost_fen(EMP[lv[1]], len(days)))
    mfine = {("CH-20261019", "E008"): 2000, ("ZT-20261111", "E015"): 2000, ("YL-202610", "E010"): 1000,
             ("ZT-20261111", "E011"): 1000, ("PX-20261021", "E021"): 2000, ("YL-202610", "E009"): 2000}
    mdate = {m[0]: m[2] for m in MEETINGS}
    for (mid, eid), fen in mfine.items():
        add(eid, mdate[mid], fen)
    inc_fen = {"WG2026-011": 1000, "WG2026-016": 1000}   # 议论客户 10 yuan; the others moved to the packs
    for inc in INCIDENTS:
        if inc[0] in inc_fen:
            add(inc[1], inc[2], inc_fen[inc[0]])
    return sorted((k[0], k[1], v) for k, v in tot.items())


if __name__ == "__main__":
    main()
