/* test_audit.c — the audit log's chain (store.h): the head of the data,
 * which skips entries that only record a run, a report or a refusal. */
#include "audit.h"
#include "store.h"
#include "util.h"
#include "t.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static char TMP[256];

/* The hash stored for entry seq. */
static int hash_of(void *ctx, int ncol, const char *const *cols)
{
    (void)ncol;
    snprintf((char *)ctx, HASH_HEX_LEN, "%s", cols[0] ? cols[0] : "");
    return 0;
}

static void test_head(void)
{
    char path[300], h[HASH_HEX_LEN], want[HASH_HEX_LEN];
    long seq = -1;
    kerr e;
    kerr_clear(&e);
    snprintf(path, sizeof path, "%s/head.db", TMP);
    store *st = store_open(path, &e);
    T_CHECK(st != NULL, "open: %s", e.msg);
    if (!st) return;
    T_EQ_INT(store_audit_head(st, &seq, h, &e), 0, "head of an empty log");
    T_EQ_INT(seq, 0, "empty log: seq 0");
    T_EQ_STR(h, "", "empty log: no hash");

    /* action, head seq expected after appending it */
    static const struct { const char *action; long head; } cases[] = {
        { "ingest", 1 },
        { "run", 1 },              /* a run records no data */
        { "check", 3 },
        { "report", 3 },
        { "purge_refused", 3 },    /* nothing was changed */
        { "purge_plan", 6 },
        { "hold_add", 7 },
        { "run", 7 },
        { "role_change", 9 },
        { "run", 9 },
        { "bundle_sources", 9 },   /* an output, which carries the head itself */
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        T_EQ_INT(store_audit(st, "2026-11-26 01:30:00", cases[i].action, "{}", &e), 0, cases[i].action);
        T_EQ_INT(store_audit_head(st, &seq, h, &e), 0, cases[i].action);
        T_EQ_INT(seq, cases[i].head, cases[i].action);
        char sq[24];
        snprintf(sq, sizeof sq, "%ld", cases[i].head);
        const char *params[] = { sq };
        want[0] = 0;
        T_EQ_INT(store_query(st, "SELECT hash FROM audit WHERE seq = ?", params, 1, hash_of, want, &e), 0, "query");
        T_EQ_STR(h, want, cases[i].action);
    }
    T_EQ_INT(store_audit_is_data("ingest_rejected"), 1, "a rejected file is data (its rejects are stored)");
    T_EQ_INT(store_audit_is_data("run"), 0, "run is not data");
    store_close(st);
}

/* Anchors as bag-info and run JSON write them, and what is not one. */
static void test_anchor_parse(void)
{
    static const char H[] = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";
    static const struct { const char *text; int found; long seq; } cases[] = {
        { "Bagging-Date: 2026-11-26\nKefu-Audit-Head: 42 " "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"
          "\n", 1, 42 },
        { "{\"as_of\":\"2026-11-26\",\"audit_head\":{\"seq\":7,\"hash\":\""
          "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef\"}}", 1, 7 },
        { "Kefu-Audit-Head: 42 0123456789ABCDEF", 0, 0 },      /* short, upper case */
        { "Kefu-Audit-Head: x 0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef", 0, 0 },
        { "nothing here", 0, 0 },
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        long seq = 0;
        char h[HASH_HEX_LEN] = "";
        int got = audit_anchor_parse(cases[i].text, strlen(cases[i].text), &seq, h);
        T_EQ_INT(got, cases[i].found, cases[i].text);
        if (cases[i].found) {
            T_EQ_INT(seq, cases[i].seq, cases[i].text);
            T_EQ_STR(h, H, cases[i].text);
        }
    }
    long seq = -1;
    char h[HASH_HEX_LEN];
    kerr e;
    T_EQ_INT(audit_anchor_read(H, &seq, h, &e), 0, "a bare hash");
    T_EQ_INT(seq, 0, "a bare hash: any entry");
    T_EQ_INT(audit_anchor_read("/nonexistent/run.json", &seq, h, &e), -1, "missing file");
    T_EQ_INT(e.code, EXIT_NOINPUT, "missing file: code");
}

int main(void)
{
    snprintf(TMP, sizeof TMP, "/tmp/kefu-test-audit-XXXXXX");
    if (!mkdtemp(TMP)) { perror("mkdtemp"); return 1; }
    test_head();
    test_anchor_parse();
    char cmd[400];
    snprintf(cmd, sizeof cmd, "rm -rf %s", TMP);
    if (t_fail == 0 && system(cmd) != 0) fprintf(stderr, "could not remove %s\n", TMP);
    return t_done();
}
