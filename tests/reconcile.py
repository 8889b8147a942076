#!/usr/bin/env python3
"""reconcile.py KIND PDF DB [ARGS] — reads the totals of one kefu report
back with `pdftotext -layout` and compares each with SQL over the database
(sqlite3) and, for the run and its month, with run-DATE.json (issue 12:
one definition per figure, README "Figures"). Prints one line per
comparison, "ok LABEL" or "not ok LABEL: pdf X, sql Y[, json Z]", and
exits 1 when any differs. Every comparison is exact, so a figure off by
one fails it.

  fines PDF DB FROM TO
  visits PDF DB FROM TO [RUN_JSON]     coverage also against check.coverage
  retention PDF DB [RUN_JSON]          eligible also against the run JSON
  register PDF DB BATCH
  run PDF DB DATE RUN_JSON
  check TEXT DB CHECK_JSON             `kefu check` text (PDF → its text) and --json

The SQL here is written again from the definitions in the README, not
copied from kefu's, so that a definition changed on one side shows."""
import json
import re
import sqlite3
import subprocess
import sys

RESULTS = []


def cmp(label, pdf, sql, js=None):
    """Records one comparison: the PDF's figure against SQL (and JSON)."""
    good = pdf == sql and (js is None or js == sql)
    extra = "" if js is None else ", json %r" % (js,)
    RESULTS.append(("ok %s" % label) if good else ("not ok %s: pdf %r, sql %r%s" % (label, pdf, sql, extra)))


def layout(pdf):
    """The PDF's text as `pdftotext -layout` gives it: lines, running
    headers and the basis footer removed."""
    out = subprocess.run(["pdftotext", "-layout", "-enc", "UTF-8", pdf, "-"], check=True,
                         capture_output=True).stdout.decode("utf-8", "replace")
    return [ln.rstrip() for ln in out.split("\n")
            if ln.strip() and not re.search(r" \| (政策|policy) ", ln) and not re.search(r"第 \d+ 页 / 共", ln)]


def cells(line):
    """A layout line split into its cells (runs separated by 2+ spaces)."""
    return [c for c in re.split(r"\s{2,}", line.strip()) if c]


def section(lines, title, titles):
    """The lines after the heading `title` up to the next of `titles`."""
    out, on = [], False
    for ln in lines:
        s = ln.strip()
        if s == title:
            on = True
            continue
        if on and s in titles:
            break
        if on:
            out.append(ln)
    return out


def kv(lines, label):
    """The value of a key-value line "LABEL   VALUE", or None."""
    for ln in lines:
        c = cells(ln)
        if len(c) >= 2 and c[0] == label:
            return c[1]
    return None


def fen(text):
    """'10,708.61' (maybe with ' 元') → 1070861; None stays None."""
    if text is None:
        return None
    m = re.search(r"-?[\d,]+\.\d\d", text)
    return int(round(float(m.group(0).replace(",", "")) * 100)) if m else None


def coverage(met, late, missed):
    """The README's coverage: rounded down to a tenth of a percent."""
    judged = met + late + missed
    if judged == 0:
        return "—"
    pm = met * 1000 // judged
    return "%d.%d%%" % (pm // 10, pm % 10)


WARN = "(f.sanction = 'dismissal')"


def fines(pdf, db, frm, to):
    lines = layout(pdf)
    shown = ("SELECT COALESCE(e.dept, '') AS dept, f.amount_fen AS a, 'e' AS k FROM finding f"
             " LEFT JOIN employee_data e ON e.employee_id = f.subject_id WHERE f.subject_kind = 'employee'"
             " AND f.date BETWEEN ?1 AND ?2 AND NOT " + WARN + " AND f.sanction <> 'reward'"
             " UNION ALL SELECT f.subject_id, f.amount_fen, 'd' FROM finding f"
             " WHERE f.subject_kind = 'department' AND f.date BETWEEN ?1 AND ?2")
    n, total = db.execute("SELECT count(*), coalesce(sum(a), 0) FROM (%s)" % shown, (frm, to)).fetchone()
    summary = section(lines, "概要", {"制度的制定与公示"})
    v = kv(summary, "记录数")
    cmp("fines 记录数", int(v) if v else 0, n)
    cmp("fines 罚款与扣款合计", fen(kv(summary, "罚款与扣款合计")) or 0, total)
    en, etotal = db.execute("SELECT count(*), coalesce(sum(a), 0) FROM (%s) WHERE k = 'e'" % shown,
                            (frm, to)).fetchone()
    emp = kv(lines, "员工合计")
    m = re.search(r"（(\d+) 项）", emp or "")
    cmp("fines 员工合计 amount", fen(emp) or 0, etotal)
    cmp("fines 员工合计 count", int(m.group(1)) if m else 0, en)
    # the totals by department and their grand total
    tot = section(lines, "各部门合计", {"提示事项（供审核）", "奖励（不计入罚款与扣款）", "各部门罚款与扣款合计"})
    rows = {}
    for ln in tot:
        c = cells(ln)
        if len(c) == 3 and re.fullmatch(r"\d+", c[1]) and fen(c[2]) is not None:
            rows[c[0]] = (int(c[1]), fen(c[2]))
    for dept, k, a in db.execute("SELECT dept, count(*), sum(a) FROM (%s) GROUP BY dept ORDER BY dept" % shown,
                                 (frm, to)):
        cmp("fines 各部门合计 %s" % (dept or "（未知部门）"), rows.get(dept or "（未知部门）"), (k, a))
    cmp("fines 总计", rows.get("总计", (0, 0)), (n, total))
    # each department's subtotal in the employees' table
    subs = {}
    for ln in lines:
        mm = re.match(r"^\s*(\S+) 合计（(\d+) 项）\s+([\d,]+\.\d\d)\s*$", ln)
        if mm:
            subs[mm.group(1)] = (int(mm.group(2)), fen(mm.group(3)))
    for dept, k, a in db.execute("SELECT dept, count(*), sum(a) FROM (%s) WHERE k = 'e' GROUP BY dept" % shown,
                                 (frm, to)):
        if dept:
            cmp("fines %s 合计 (employees)" % dept, subs.get(dept), (k, a))


def visits(pdf, db, frm, to, run_json=None):
    lines = layout(pdf)
    by = section(lines, "按回访义务统计", {"每周覆盖率", "逾期与未完成清单"})
    rows = []
    for ln in by:
        c = cells(ln)
        nums = [i for i, x in enumerate(c) if re.fullmatch(r"\d+", x)]
        if len(nums) >= 4 and nums[:4] == list(range(nums[0], nums[0] + 4)) and nums[0] + 4 < len(c):
            i = nums[0]
            rows.append((c[0], tuple(int(x) for x in c[i:i + 4]), c[i + 4]))
    sql = db.execute("SELECT rule, article, sum(status = 'met'), sum(status = 'late'), sum(status = 'missed'),"
                     " sum(status = 'pending') FROM obligation WHERE substr(due_at, 1, 10) BETWEEN ? AND ?"
                     " GROUP BY rule, article ORDER BY rule, article", (frm, to)).fetchall()
    body = [r for r in rows if r[0] != "合计"]
    cmp("visits rows (rule and article)", len(body), len(sql))
    t = [0, 0, 0, 0]
    per_rule = {}
    for (rule, art, *k), r in zip(sql, body):
        cmp("visits %s %s counts" % (rule, art), r[1], tuple(k))
        cmp("visits %s %s coverage" % (rule, art), r[2], coverage(k[0], k[1], k[2]))
        t = [a + b for a, b in zip(t, k)]
        p = per_rule.setdefault(rule, [0, 0, 0, 0, []])
        for i in range(4):
            p[i] += k[i]
        p[4].append(r[2])
    total = [r for r in rows if r[0] == "合计"]
    cmp("visits 合计 counts", total[0][1] if total else None, tuple(t) if sql else None)
    cmp("visits 合计 coverage", total[0][2] if total else None, coverage(t[0], t[1], t[2]) if sql else None)
    # the late and missed list: one row per obligation, each with its one
    # 来源 line (the deadline's date and time may wrap onto two lines)
    lst = section(lines, "逾期与未完成清单", set())
    n = sum(ln.count("来源：") for ln in lst)
    cmp("visits 逾期与未完成 rows", n, t[1] + t[2])
    if run_json:
        d = json.load(open(run_json, encoding="utf-8"))
        months = {frm[:7]} if frm[:7] == to[:7] else None
        if months:
            js = {}
            for c in d["check"]["coverage"]:
                if c["period"] in months:
                    js[c["rule"]] = (c["met"], c["late"], c["missed"], c["pending"], c["coverage_permille"])
            for rule, p in per_rule.items():
                j = js.get(rule)
                cmp("visits %s counts against check.coverage" % rule, tuple(p[:4]), tuple(p[:4]),
                    j[:4] if j else None)
                if len(p[4]) == 1 and j:
                    pm = j[4]
                    text = "—" if pm is None else "%d.%d%%" % (pm // 10, pm % 10)
                    cmp("visits %s coverage against check.coverage" % rule, p[4][0], coverage(*p[:3]), text)


RET_ST = ["active", "eligible", "held", "open", "permanent"]


def retention(pdf, db, run_json=None):
    lines = layout(pdf)
    cnt = section(lines, "按类别与状态统计", {"已到期可处理的档案"})
    rows = []
    for ln in cnt:
        c = cells(ln)
        if len(c) >= 8 and all(re.fullmatch(r"\d+", x) for x in c[-7:]):
            rows.append((c[0], tuple(int(x) for x in c[-7:])))
    sql = {}
    for cat, st, k in db.execute("SELECT category, COALESCE(status, 'unchecked'), count(*) FROM record_status"
                                 " GROUP BY 1, 2"):
        v = sql.setdefault(cat, [0] * 6)
        v[RET_ST.index(st) if st in RET_ST else 5] += k
    cats = sorted(sql)
    body = [r for r in rows if r[0] != "合计"]
    cmp("retention categories", len(body), len(cats))
    tot = [0] * 7
    for cat, r in zip(cats, body):
        want = tuple(sql[cat]) + (sum(sql[cat]),)
        cmp("retention %s counts" % cat, r[1], want)
        tot = [a + b for a, b in zip(tot, want)]
    total = [r for r in rows if r[0] == "合计"]
    n_rec = db.execute("SELECT count(*) FROM archive_record_data").fetchone()[0]
    cmp("retention 合计", total[0][1] if total else None, tuple(tot))
    cmp("retention 合计 = the archive's records", tot[6], n_rec)
    elig = {r for (r,) in db.execute("SELECT record_id FROM record_status WHERE status = 'eligible'")}
    listed = section(lines, "已到期可处理的档案", {"冻结中的档案"})
    seen = {cells(ln)[0] for ln in listed if cells(ln) and cells(ln)[0] in elig}
    js = json.load(open(run_json, encoding="utf-8"))["records_eligible"] if run_json else None
    cmp("retention eligible listed", len(seen), len(elig), js)
    cmp("retention 可处理 column", tot[1], len(elig), js)
    held = {r for (r,) in db.execute("SELECT record_id FROM record_status WHERE status = 'held'")}
    hl = section(lines, "冻结中的档案", {"90 天内到期的档案"})
    cmp("retention held listed", len({cells(ln)[0] for ln in hl if cells(ln) and cells(ln)[0] in held}),
        len(held))


def register(pdf, db, batch):
    lines = layout(pdf)
    v = kv(lines, "件数") or ""
    m = re.search(r"销毁 (\d+) 件，移交 (\d+) 件", v)
    sql = db.execute("SELECT sum(disposition = 'transfer'), count(*) FROM purge_item WHERE batch_id = ?",
                     (batch,)).fetchone()
    cmp("register 件数", (int(m.group(1)), int(m.group(2))) if m else None, (sql[1] - sql[0], sql[0]))
    ids = {r for (r,) in db.execute("SELECT record_id FROM purge_item WHERE batch_id = ?", (batch,))}
    items = section(lines, "档案清单", {"人员及岗位来源"})
    cmp("register items listed", len({cells(ln)[0] for ln in items if cells(ln) and cells(ln)[0] in ids}),
        len(ids))
    cmp("register batch", kv(lines, "批次编号"), batch)


def run(pdf, db, date, run_json):
    lines = layout(pdf)
    d = json.load(open(run_json, encoding="utf-8"))
    src = section(lines, "导入文件", {"拒收记录"})
    files = []
    total = None
    for ln in src:
        c = cells(ln)
        if len(c) >= 4 and all(re.fullmatch(r"\d+", x) for x in c[-3:]):
            if c[0].startswith("合计"):
                m = re.search(r"（(\d+) 个文件）", c[0])
                total = (int(m.group(1)) if m else None, tuple(int(x) for x in c[-3:]))
            else:
                files.append((c[0], tuple(int(x) for x in c[-3:])))
    jf = [(f["path"], (f["stored"], f["rejected"], f["replaced"])) for f in d["files"] if f["status"] == "ingested"]
    sf = []
    for path, sha in [(f["path"], f["sha256"]) for f in d["files"] if f["status"] == "ingested"]:
        r = db.execute("SELECT rows_stored, rows_rejected, rows_replaced FROM source WHERE sha256 = ?",
                       (sha,)).fetchone()
        sf.append((path, tuple(r) if r else None))
    cmp("run files (path, stored, rejected, replaced)", files, sf, jf)
    rows = d["rows"]
    sums = tuple(sum(x[1][i] for x in sf if x[1]) for i in range(3))
    cmp("run files total rows", total[1] if total else None, sums,
        (rows["stored"], rows["rejected"], rows["replaced"]))
    cmp("run files total count", total[0] if total else None, len(d["files"]), len(d["files"]))
    shas = [f["sha256"] for f in d["files"] if f["sha256"]]
    nrej = db.execute("SELECT count(*) FROM reject WHERE src_sha256 IN (%s)" % ",".join("?" * len(shas)),
                      shas).fetchone()[0] if shas else 0
    rej = section(lines, "拒收记录", {"按规则统计的问题"})
    m = re.search(r"拒收共 (\d+) 条", "\n".join(rej))
    cmp("run 拒收共 N 条", int(m.group(1)) if m else 0, nrej, d["rejects"])
    # findings of the day, per rule and article; the period's count is the table's total
    fnd = section(lines, "按规则统计的问题", {"回访覆盖率"})
    frows = []
    for ln in fnd:
        c = cells(ln)
        if len(c) >= 3 and re.fullmatch(r"\d+", c[-2]) and fen(c[-1]) is not None:
            frows.append((c[0], int(c[-2]), fen(c[-1])))
    sql = db.execute("SELECT rule, article, count(*), sum(amount_fen) FROM finding WHERE date BETWEEN ? AND ?"
                     " GROUP BY rule, article ORDER BY rule, article", (date, date)).fetchall()
    body = [r for r in frows if r[0] != "合计"]
    cmp("run findings rows (rule and article)", [(r[1], r[2]) for r in body], [(r[2], r[3]) for r in sql])
    n_day = sum(r[2] for r in sql)
    tot = [r for r in frows if r[0] == "合计"]
    cmp("run findings 合计", (tot[0][1], tot[0][2]) if tot else (0, 0), (n_day, sum(r[3] for r in sql)))
    chk = section(lines, "规则检查", {"导入文件"})
    cmp("run 本期发现问题", int(kv(chk, "本期发现问题") or -1), n_day)
    n_all = db.execute("SELECT count(*) FROM finding").fetchone()[0]
    cmp("run 全部发现问题", int(kv(chk, "全部发现问题") or -1), n_all, d["check"]["findings"])
    n_obl = db.execute("SELECT count(*) FROM obligation").fetchone()[0]
    cmp("run 全部回访义务", int(kv(chk, "全部回访义务") or -1), n_obl, d["check"]["obligations"])
    # check.by_rule (every date) against SQL: the same definition
    js = [(r["rule"], r["article"], r["count"], r["amount_fen"]) for r in d["check"]["by_rule"]]
    allr = db.execute("SELECT rule, article, count(*), sum(amount_fen) FROM finding GROUP BY rule, article"
                      " ORDER BY rule, article").fetchall()
    cmp("run JSON check.by_rule", [tuple(r) for r in allr], [tuple(r) for r in allr], js)
    # records eligible: newly since the previous run, and all
    ret = section(lines, "档案到期", set())
    prev = db.execute("SELECT max(as_of) FROM run_log WHERE as_of < ?", (date,)).fetchone()[0]
    newly, alln = db.execute("SELECT coalesce(sum(? IS NULL OR expires_on > ?), 0), count(*) FROM retention"
                             " WHERE status = 'eligible'", (prev, prev)).fetchone()
    cmp("run 本期新到期可处理", int(kv(ret, "本期新到期可处理") or -1), newly, d["records_newly_eligible"])
    cmp("run 可处理档案总数", int(kv(ret, "可处理档案总数") or -1), alln, d["records_eligible"])
    # coverage of the deadlines on the day
    cov = section(lines, "回访覆盖率", {"档案到期"})
    n = 0
    for ln in cov:
        c = cells(ln)
        if c and c[0] == "合计":
            n = sum(int(x) for x in c[1:5])
    k = db.execute("SELECT count(*) FROM obligation WHERE substr(due_at, 1, 10) = ?", (date,)).fetchone()[0]
    cmp("run coverage 合计 obligations", n, k)


def check(text, db, check_json):
    """`kefu check`'s text summary against its --json and SQL: coverage per
    rule and month (rounded down), findings per rule and article."""
    lines = open(text, encoding="utf-8").read().split("\n")
    d = json.load(open(check_json, encoding="utf-8"))
    cov = section(lines, "visit coverage by rule and month:", set())
    got = []
    for ln in cov[1:]:
        c = ln.split()
        if len(c) == 7:
            got.append((c[0], c[1], tuple(int(x) for x in c[2:6]), c[6]))
    sql = db.execute("SELECT rule, period, sum(status = 'met'), sum(status = 'late'), sum(status = 'missed'),"
                     " sum(status = 'pending') FROM obligation GROUP BY rule, period ORDER BY rule, period").fetchall()
    want = [(r, p, (a, b, c, e), coverage(a, b, c).replace("—", "-")) for r, p, a, b, c, e in sql]
    js = [(c["rule"], c["period"], (c["met"], c["late"], c["missed"], c["pending"]),
           "-" if c["coverage_permille"] is None else "%d.%d%%" % (c["coverage_permille"] // 10,
                                                                 c["coverage_permille"] % 10))
          for c in d["coverage"]]
    cmp("check coverage rows (text, SQL, JSON)", got, want, js)
    allr = db.execute("SELECT rule, article, count(*), sum(amount_fen) FROM finding GROUP BY rule, article"
                      " ORDER BY rule, article").fetchall()
    js = [(r["rule"], r["article"], r["count"], r["amount_fen"]) for r in d["by_rule"]]
    cmp("check by_rule (JSON, SQL)", [tuple(r) for r in allr], [tuple(r) for r in allr], js)
    n = sum(1 for ln in section(lines, "findings by rule:", {"findings by department:"})[1:] if ln.strip())
    cmp("check by_rule text rows", n, len(allr))


def main():
    kind, pdf, dbpath = sys.argv[1:4]
    db = sqlite3.connect(dbpath)
    args = sys.argv[4:]
    {"fines": fines, "visits": visits, "retention": retention, "register": register, "run": run, "check": check}[kind](
        pdf, db, *args)
    for r in RESULTS:
        print(r)
    sys.exit(0 if RESULTS and all(r.startswith("ok ") for r in RESULTS) else 1)


if __name__ == "__main__":
    main()
