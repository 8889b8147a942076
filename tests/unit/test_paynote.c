/* test_paynote.c — the pay notes (store_report.h SRQ_PAY_NOTES), kefu's one
 * definition of the deduction and minimum-wage lines. They are national
 * pay law (《工资支付暂行规定》第十六条, borrowed as an auditor's warning
 * line; the local monthly minimum wage), not the regulations: no rule of
 * the document, so no finding (issue 11), but a note computed from the
 * stored findings. Each case is worked by hand with the property pack's
 * figures: line 20 % of the monthly wage W, minimum wage 2,690.00. */
#include "t.h"
#include "store_report.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static char g_dir[64];

#define MAXF 6

/* A stored finding of employee E001. */
typedef struct pf {
    const char *date;       /* finding date */
    const char *sanction;   /* fine, deduction, warning, reward … */
    long long fen;          /* amount */
} pf;

static const struct {
    const char *name;
    long long wage;         /* W, fen */
    pf f[MAXF];             /* the findings (date NULL ends) */
    const char *from, *to;  /* the days asked about */
    const char *exp;        /* "month total warn_day min_day" ("-" for none), or NULL: no note */
} CASES[] = {
    { "第十六条: W=5,000.00, line 1,000.00; fines of exactly 1,000.00: not over the line, no note",
      500000, { { "2026-10-15", "fine", 100000 } }, "2026-10-01", "2026-10-31", NULL },
    { "第十六条: W=5,000.00; 1,000.00 on 10-15 and 10.00 on 10-20 = 1,010.00 > 1,000.00: over on 10-20",
      500000, { { "2026-10-15", "fine", 100000 }, { "2026-10-20", "fine", 1000 } }, "2026-10-01", "2026-10-31",
      "2026-10 101000 2026-10-20 -" },
    { "第十六条: W=4,999.95, line 999.99; 1,000.00 is 0.01 over: a note",
      499995, { { "2026-10-15", "fine", 100000 } }, "2026-10-01", "2026-10-31", "2026-10 100000 2026-10-15 -" },
    { "第十六条: per calendar month: 600.00 in October and 600.00 in November, W=5,000.00: no note",
      500000, { { "2026-10-30", "fine", 60000 }, { "2026-11-02", "fine", 60000 } }, "2026-10-01", "2026-11-30",
      NULL },
    { "第十六条: W=4,350.00, line 870.00; an absence deduction 400.00 (10-12) + 480.00 fines (10-15) = 880.00",
      435000, { { "2026-10-12", "deduction", 40000 }, { "2026-10-15", "fine", 48000 } }, "2026-10-01",
      "2026-10-31", "2026-10 88000 2026-10-15 -" },
    { "第十六条: warnings, records and rewards count for nothing: 860.00 of fines only, W=4,350.00",
      435000, { { "2026-10-12", "deduction", 40000 }, { "2026-10-15", "fine", 46000 },
                { "2026-10-16", "warning", 0 }, { "2026-10-31", "reward", 20000 } }, "2026-10-01", "2026-10-31",
      NULL },
    { "当地月最低工资: W=2,700.00; 20.00 leaves 2,680.00 < 2,690.00: below on 10-15",
      270000, { { "2026-10-15", "fine", 2000 } }, "2026-10-01", "2026-10-31", "2026-10 2000 - 2026-10-15" },
    { "当地月最低工资: W=2,710.00; 20.00 leaves 2,690.00, not below: no note",
      271000, { { "2026-10-15", "fine", 2000 } }, "2026-10-01", "2026-10-31", NULL },
    { "both lines: W=3,900.00; 2,050.00 in one day: over 780.00 and 1,850.00 left < 2,690.00",
      390000, { { "2026-10-29", "deduction", 205000 } }, "2026-10-01", "2026-10-31",
      "2026-10 205000 2026-10-29 2026-10-29" },
    { "a report of 10-16..10-31 sees a month whose line was crossed on 10-20, summed from 10-01",
      500000, { { "2026-10-05", "fine", 100000 }, { "2026-10-20", "fine", 1000 } }, "2026-10-16", "2026-10-31",
      "2026-10 101000 2026-10-20 -" },
    { "a report of 10-21..10-31 does not list a month crossed on 10-20",
      500000, { { "2026-10-05", "fine", 100000 }, { "2026-10-20", "fine", 1000 } }, "2026-10-21", "2026-10-31",
      NULL },
};

typedef struct got {
    int n;                  /* rows */
    char line[160];         /* the first row, as "month total warn_day min_day" */
} got;

static int note_row(void *ctx, int ncol, const char *const *c)
{
    got *g = ctx;
    T_CHECK(ncol == 8, "8 columns, got %d", ncol);
    if (g->n++ == 0)
        snprintf(g->line, sizeof g->line, "%s %s %s %s", c[3], c[4], c[6] ? c[6] : "-", c[7] ? c[7] : "-");
    return 0;
}

static void test_cases(void)
{
    for (size_t i = 0; i < sizeof CASES / sizeof CASES[0]; i++) {
        char db[128];
        snprintf(db, sizeof db, "%s/k%zu.db", g_dir, i);
        kerr e = {0};
        store *st = store_open(db, &e);
        T_CHECK(st != NULL, "%s: store_open: %s", CASES[i].name, e.msg);
        if (!st) continue;
        char sql[2048];
        int k = snprintf(sql, sizeof sql,
                         "INSERT INTO source(id,file,sha256,bytes,kind,format,encoding,ingested_at,rows_stored,"
                         "rows_rejected,rows_replaced) VALUES(1,'e.csv','aa',1,'employee','csv','UTF-8',"
                         "'2026-11-01 00:00:00',1,0,0);"
                         "INSERT INTO employee_data(employee_id,name,dept,role,monthly_wage,src_id,src_line)"
                         " VALUES('E001','张伟','客服部','staff',%lld,1,2);", CASES[i].wage);
        for (int j = 0; j < MAXF && CASES[i].f[j].date; j++)
            k += snprintf(sql + k, sizeof sql - (size_t)k,
                          "INSERT INTO finding(rule,article,subject_kind,subject_id,date,period,sanction,"
                          "amount_fen,detail,sources) VALUES('r','a','employee','E001','%s','%.7s','%s',%lld,'d','');",
                          CASES[i].f[j].date, CASES[i].f[j].date, CASES[i].f[j].sanction, CASES[i].f[j].fen);
        T_CHECK(store_report_exec(st, sql, &e) == 0, "%s: setup: %s", CASES[i].name, e.msg);
        const char *par[4] = { CASES[i].from, CASES[i].to, "2000", "269000" };
        got g = { 0, "" };
        T_CHECK(store_report_query(st, SRQ_PAY_NOTES, par, 4, note_row, &g, &e) == 0, "%s: query: %s",
                CASES[i].name, e.msg);
        if (CASES[i].exp) {
            T_CHECK(g.n == 1, "%s: one note, got %d", CASES[i].name, g.n);
            T_EQ_STR(g.line, CASES[i].exp, CASES[i].name);
        } else {
            T_CHECK(g.n == 0, "%s: no note, got %d (%s)", CASES[i].name, g.n, g.line);
        }
        store_close(st);
    }
}

int main(void)
{
    snprintf(g_dir, sizeof g_dir, "/tmp/kefu-test-paynote-XXXXXX");
    if (!mkdtemp(g_dir)) { perror("mkdtemp"); return 1; }
    test_cases();
    char cmd[200];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", g_dir);
    if (system(cmd) != 0) fprintf(stderr, "could not remove %s\n", g_dir);
    return t_done();
}
