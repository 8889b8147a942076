/* kinds.c — the record kinds table of SPEC §3 and the fixed enumerations. */
#include "kinds.h"

#include <stdio.h>
#include <string.h>

#define F(n, z, t, r) { n, z, t, r, NULL }
#define E(n, z, set, r) { n, z, FT_ENUM, r, set }

static const kind_def kinds[KIND_COUNT] = {
    { "employee", "员工", 10, {
        F("employee_id", "员工编号", FT_ID, 1), F("name", "姓名", FT_TEXT, 1),
        F("dept", "部门", FT_ID, 1), F("role", "岗位", FT_ROLE, 1),
        F("monthly_wage", "月工资", FT_MONEY, 1), F("monthly_bonus", "月奖金", FT_MONEY, 0),
        F("hired_on", "入职日期", FT_DATE, 0), F("left_on", "离职日期", FT_DATE, 0),
        F("id_number", "身份证号", FT_TEXT, 0), F("phone", "电话", FT_TEXT, 0) },
      1, {0} },
    { "attendance", "考勤", 7, {
        F("employee_id", "员工编号", FT_ID, 1), F("date", "日期", FT_DATE, 1),
        F("shift_start", "班次开始", FT_TIME, 1), F("shift_end", "班次结束", FT_TIME, 1),
        F("clock_in", "上班打卡", FT_DATETIME, 0), F("clock_out", "下班打卡", FT_DATETIME, 0),
        F("note", "备注", FT_TEXT, 0) },
      3, {0, 1, 2} },
    /* requested_at (issue 11): when the leave was asked for (or, in an
     * emergency, notified); last, so that files written before it keep
     * their column order */
    { "leave", "请假", 9, {
        F("leave_id", "请假单号", FT_ID, 1), F("employee_id", "员工编号", FT_ID, 1),
        E("type", "请假类型", "leave_type", 1), F("start_date", "开始日期", FT_DATE, 1),
        F("end_date", "结束日期", FT_DATE, 1), F("approved_by", "批准人", FT_ID, 0),
        F("certificate", "医院证明", FT_BOOL, 0), F("note", "备注", FT_TEXT, 0),
        F("requested_at", "申请时间", FT_DATETIME, 0) },
      1, {0} },
    { "meeting", "会议", 6, {
        F("meeting_id", "会议编号", FT_ID, 1), E("type", "会议类型", "meeting_type", 1),
        F("date", "日期", FT_DATE, 1), F("start", "开始时间", FT_TIME, 1),
        F("end", "结束时间", FT_TIME, 1), F("title", "主题", FT_TEXT, 0) },
      1, {0} },
    { "meeting_attendance", "会议签到", 6, {
        F("meeting_id", "会议编号", FT_ID, 1), F("employee_id", "员工编号", FT_ID, 1),
        F("arrived", "到会时间", FT_TIME, 0), F("left", "离会时间", FT_TIME, 0),
        F("excused", "已请假", FT_BOOL, 0), F("disruption", "扰乱会议", FT_BOOL, 0) },
      2, {0, 1} },
    { "report_submission", "报表提交", 4, {
        F("dept", "部门", FT_ID, 1), E("report_type", "报表类型", "report_type", 1),
        F("period", "期间", FT_PERIOD, 1), F("submitted_at", "提交时间", FT_DATETIME, 0) },
      3, {0, 1, 2} },
    { "incident", "违规记录", 7, {
        F("incident_id", "记录编号", FT_ID, 1), F("employee_id", "员工编号", FT_ID, 1),
        F("date", "日期", FT_DATE, 1), F("offense", "违规类别", FT_OFFENSE, 1),
        F("amount", "罚款金额", FT_MONEY, 0), F("recorded_by", "记录人", FT_ID, 0),
        F("note", "备注", FT_TEXT, 0) },
      1, {0} },
    { "customer", "客户", 6, {
        F("customer_id", "客户编号", FT_ID, 1), F("name", "姓名", FT_TEXT, 1),
        E("kind", "客户类型", "customer_kind", 1), F("address", "房号", FT_TEXT, 0),
        F("phone", "电话", FT_TEXT, 0), F("since", "起始日期", FT_DATE, 1) },
      1, {0} },
    { "service_event", "服务事件", 11, {
        F("event_id", "事件编号", FT_ID, 1), E("kind", "事件类型", "event_kind", 1),
        F("customer_id", "客户编号", FT_ID, 1), F("opened_at", "受理时间", FT_DATETIME, 1),
        F("dispatched_at", "派单时间", FT_DATETIME, 0), F("arrived_at", "到场时间", FT_DATETIME, 0),
        F("resolved_at", "解决时间", FT_DATETIME, 0), F("registered_at", "登记时间", FT_DATETIME, 0),
        F("valid", "有效投诉", FT_BOOL, 0), F("staff_id", "经办人", FT_ID, 0),
        F("summary", "摘要", FT_TEXT, 0) },
      1, {0} },
    { "callback", "回访记录", 8, {
        F("callback_id", "回访编号", FT_ID, 1), F("event_id", "事件编号", FT_ID, 0),
        F("customer_id", "客户编号", FT_ID, 1), F("at", "回访时间", FT_DATETIME, 1),
        E("channel", "回访方式", "channel", 1), E("outcome", "回访结果", "outcome", 1),
        F("staff_id", "回访人", FT_ID, 0), F("note", "备注", FT_TEXT, 0) },
      1, {0} },
    { "archive_record", "档案", 9, {
        F("record_id", "档案编号", FT_ID, 1), F("category", "档案类别", FT_CATEGORY, 1),
        F("owner", "业主", FT_TEXT, 0), F("title", "标题", FT_TEXT, 1),
        F("created_on", "建档日期", FT_DATE, 1), F("closed_on", "结案日期", FT_DATE, 0),
        F("location", "存放位置", FT_TEXT, 0), F("confidential", "保密", FT_BOOL, 0),
        F("file", "附件", FT_FILE, 0) },
      1, {0} },
    { "hold", "冻结", 8, {
        F("hold_id", "冻结编号", FT_ID, 1), F("record_id", "档案编号", FT_ID, 0),
        F("category", "档案类别", FT_CATEGORY, 0), F("owner", "业主", FT_TEXT, 0),
        F("reason", "原因", FT_TEXT, 1), F("placed_on", "开始日期", FT_DATE, 1),
        F("lifted_on", "解除日期", FT_DATE, 0), F("placed_by", "执行人", FT_ID, 0) },
      1, {0} },
    { "borrowing", "借用", 11, {
        F("loan_id", "借用编号", FT_ID, 1), E("item_type", "物品类型", "item_type", 1),
        F("item_id", "物品编号", FT_ID, 1), F("borrower", "借用人", FT_TEXT, 1),
        F("external", "外部人员", FT_BOOL, 0), F("approved_by", "批准人", FT_ID, 0),
        F("out_at", "借出时间", FT_DATETIME, 1), F("returned_at", "归还时间", FT_DATETIME, 0),
        F("purpose", "用途", FT_TEXT, 0),
        /* v10 (issue 11, 业主档案管理细则 8(9)): what was done with an
         * archive, and who signed for a copy or a take-away */
        E("action", "借阅方式", "loan_action", 0), F("signed_by", "签字人", FT_ID, 0) },
      1, {0} },
    /* one clock event, as time clocks and DingTalk's raw record export give
     * them; the key is (employee, instant): the same second read twice —
     * on two devices, or from two exports — is one event, while a second
     * punch seconds later is a row of its own (paired once at check time,
     * src/punch.c) */
    { "punch", "打卡", 4, {
        F("employee_id", "员工编号", FT_ID, 1), F("at", "打卡时间", FT_DATETIME, 1),
        F("device", "打卡设备", FT_TEXT, 0), F("source", "来源", FT_TEXT, 0) },
      2, {0, 1} },
    /* one shift swap (issue 11; the online shop's 四、2(4): at most 2 a
     * month, reported to the 店长): who swapped which day's shift, with
     * whom, and whom it was reported to */
    { "shift_swap", "换班", 6, {
        F("swap_id", "换班单号", FT_ID, 1), F("employee_id", "员工编号", FT_ID, 1),
        F("date", "换班日期", FT_DATE, 1), F("with_employee", "换班对象", FT_ID, 0),
        F("reported_to", "报备人", FT_ID, 0), F("note", "备注", FT_TEXT, 0) },
      1, {0} },
};

/* The fixed enumerations of SPEC §3: set name, code, Chinese names (a '/'
 * separates aliases, e.g. 调休/换休假). */
static const struct { const char *set, *code, *zh; } enums[] = {
    { "leave_type", "personal", "事假" }, { "leave_type", "sick", "病假" },
    { "leave_type", "annual", "年假" }, { "leave_type", "marriage", "婚假" },
    { "leave_type", "maternity", "产假" }, { "leave_type", "bereavement", "丧假" },
    { "leave_type", "comp", "调休/换休假" }, { "leave_type", "injury", "工伤假" },
    { "leave_type", "paid", "带薪假" },
    { "meeting_type", "morning", "晨会" }, { "meeting_type", "monthly", "月分析例会" },
    { "meeting_type", "topic", "专题会议" }, { "meeting_type", "training", "培训会议" },
    { "meeting_type", "weekly", "周例会/部门例会/小组例会/周总结会" }, { "meeting_type", "sharing", "分享会" },
    { "report_type", "weekly", "周报表" }, { "report_type", "monthly", "月报表" },
    { "customer_kind", "member", "会员" }, { "customer_kind", "household", "住户" },
    { "customer_kind", "project", "项目" }, { "customer_kind", "lead", "意向客户" },
    { "event_kind", "membership", "入会/会员服务" }, { "event_kind", "complaint", "投诉" },
    { "event_kind", "repair", "报修" }, { "event_kind", "delivery", "项目交付" },
    { "event_kind", "reception", "来访接待" },
    { "channel", "phone", "电话" }, { "channel", "visit", "上门" },
    { "channel", "letter", "信函" }, { "channel", "sms", "短信" },
    { "channel", "online", "在线" },
    { "outcome", "satisfied", "满意" }, { "outcome", "neutral", "一般" },
    { "outcome", "unsatisfied", "不满意" }, { "outcome", "unreachable", "未接通" },
    { "outcome", "rescheduled", "改约" },
    { "item_type", "key", "钥匙" }, { "item_type", "archive", "档案" },
    { "loan_action", "read", "查阅/借阅" }, { "loan_action", "copy", "复印" },
    { "loan_action", "take_away", "带走" },
};

const kind_def *kind_all(void) { return kinds; }

const kind_def *kind_by_name(const char *name)
{
    for (int i = 0; i < KIND_COUNT; i++)
        if (strcmp(kinds[i].name, name) == 0) return &kinds[i];
    return NULL;
}

int kind_field_index(const kind_def *k, const char *header)
{
    for (int i = 0; i < k->nfields; i++)
        if (strcmp(k->fields[i].name, header) == 0 || strcmp(k->fields[i].zh, header) == 0)
            return i;
    return -1;
}

const kind_def *kind_from_header(const char *const *names, int n, int *map)
{
    const kind_def *best = NULL;
    int best_cover = 0, tie = 0;
    for (int k = 0; k < KIND_COUNT; k++) {
        const kind_def *kd = &kinds[k];
        int seen[KIND_MAX_FIELDS] = {0};
        int cover = 0;
        for (int i = 0; i < n; i++) {
            int f = kind_field_index(kd, names[i]);
            if (f >= 0 && !seen[f]) {
                seen[f] = 1;
                cover++;
            }
        }
        int ok = 1;
        for (int f = 0; f < kd->nfields; f++)
            if (kd->fields[f].required && !seen[f]) ok = 0;
        if (!ok) continue;
        if (cover > best_cover) {
            best = kd;
            best_cover = cover;
            tie = 0;
        } else if (cover == best_cover) {
            tie = 1;
        }
    }
    if (!best || tie) return NULL;
    if (map) {
        int seen[KIND_MAX_FIELDS] = {0};
        for (int i = 0; i < n; i++) {
            int f = kind_field_index(best, names[i]);
            /* a second column with the same field is an extra column */
            if (f >= 0 && seen[f]) f = -1;
            if (f >= 0) seen[f] = 1;
            map[i] = f;
        }
    }
    return best;
}

/* Returns 1 when `value` equals one of the '/'-separated names in `list`,
 * or the whole list. */
static int in_alias_list(const char *list, const char *value)
{
    if (strcmp(list, value) == 0) return 1;
    size_t vlen = strlen(value);
    const char *p = list;
    while (*p) {
        const char *q = strchr(p, '/');
        size_t n = q ? (size_t)(q - p) : strlen(p);
        if (n == vlen && memcmp(p, value, n) == 0) return 1;
        if (!q) break;
        p = q + 1;
    }
    return 0;
}

const char *kind_enum_lookup(const char *enumset, const char *value)
{
    for (size_t i = 0; i < sizeof enums / sizeof enums[0]; i++) {
        if (strcmp(enums[i].set, enumset) != 0) continue;
        if (strcmp(enums[i].code, value) == 0 || in_alias_list(enums[i].zh, value))
            return enums[i].code;
    }
    return NULL;
}

void kind_enum_zh(const char *enumset, const char *code, char *out, size_t outsz)
{
    for (size_t i = 0; code && i < sizeof enums / sizeof enums[0]; i++) {
        if (strcmp(enums[i].set, enumset) != 0 || strcmp(enums[i].code, code) != 0) continue;
        snprintf(out, outsz, "%s", enums[i].zh);
        return;
    }
    snprintf(out, outsz, "%s", code ? code : "");
}

void kind_enum_describe(const char *enumset, char *out, size_t outsz)
{
    size_t used = 0;
    out[0] = '\0';
    for (size_t i = 0; i < sizeof enums / sizeof enums[0]; i++) {
        if (strcmp(enums[i].set, enumset) != 0) continue;
        int n = snprintf(out + used, outsz - used, "%s%s (%s)", used ? ", " : "",
                         enums[i].code, enums[i].zh);
        if (n < 0 || (size_t)n >= outsz - used) break;
        used += (size_t)n;
    }
}

int kind_outcome_reached(const char *code)
{
    return strcmp(code, "satisfied") == 0 || strcmp(code, "neutral") == 0 ||
           strcmp(code, "unsatisfied") == 0;
}
