/* test_audit.c — the audit log's chain (store.h): the head of the data,
 * which skips entries that only record a run, a report or a refusal; the
 * HMAC-keyed chain (store_set_audit_key) and its key file (audit.h). */
#include "audit.h"
#include "store.h"
#include "util.h"
#include "t.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
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


/* HMAC-SHA256 against RFC 4231's test cases 1 and 2. */
static void test_hmac(void)
{
    char h[HASH_HEX_LEN];
    unsigned char k1[20];
    memset(k1, 0x0b, sizeof k1);
    hash_hmac_hex(k1, sizeof k1, "Hi There", 8, h);
    T_EQ_STR(h, "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7", "RFC 4231 case 1");
    hash_hmac_hex("Jefe", 4, "what do ya want for nothing?", 28, h);
    T_EQ_STR(h, "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843", "RFC 4231 case 2");
}

/* The keyed chain through the store: keyed from the first write with a
 * key; without it, verified as far as it can be; another key is refused. */
static void test_keyed(void)
{
    static const unsigned char K1[32] = "0123456789abcdef0123456789abcdef";
    static const unsigned char K2[32] = "fedcba9876543210fedcba9876543210";
    char path[300], id[HASH_HEX_LEN];
    long n = 0, unv = -1, from = 0;
    kerr e;
    kerr_clear(&e);
    snprintf(path, sizeof path, "%s/keyed.db", TMP);
    store *st = store_open(path, &e);
    T_CHECK(st != NULL, "open: %s", e.msg);
    if (!st) return;
    T_EQ_INT(store_audit(st, "2026-11-26 01:00:00", "ingest", "{}", &e), 0, "plain entry 1");
    store_set_audit_key(K1, sizeof K1, "k1");
    T_EQ_INT(store_audit(st, "2026-11-26 01:00:01", "check", "{}", &e), -1, "a key on a chain with entries: "
             "keyed only by init");
    T_EQ_INT(e.code, EXIT_NOPERM, "keyed only by init: 77");
    kerr_clear(&e);
    T_EQ_INT(store_audit_key_chain(st, "2026-11-26 01:00:01", &e), 1, "init keys it");
    T_EQ_INT(store_audit_key_chain(st, "2026-11-26 01:00:01", &e), 0, "init again: keyed already");
    T_EQ_INT(store_audit(st, "2026-11-26 01:00:01", "check", "{}", &e), 0, "first keyed write");
    T_EQ_INT(store_audit_keyed(st, &from, id, &e), 1, "keyed");
    T_EQ_INT(from, 2, "keyed from entry 2 (the audit_keyed entry)");
    T_EQ_INT(store_audit_verify_ex(st, &n, &unv, &e), 0, e.msg);
    T_EQ_INT(n, 3, "three entries");
    T_EQ_INT(unv, 0, "with the key, all verified");

    store_set_audit_key(NULL, 0, NULL);
    T_EQ_INT(store_audit_verify_ex(st, &n, &unv, &e), 0, "without the key: the links hold");
    T_EQ_INT(unv, 2, "without the key: unverified from entry 2");
    T_CHECK(store_audit_verify(st, &n, &e) == 2, "store_audit_verify: the keyed part is not intact without the key");
    kerr_clear(&e);
    T_EQ_INT(store_audit(st, "2026-11-26 01:00:02", "run", "{}", &e), -1, "no key: write refused");
    T_EQ_INT(e.code, EXIT_NOPERM, "no key: 77");

    store_set_audit_key(K2, sizeof K2, "k2");
    kerr_clear(&e);
    T_EQ_INT(store_audit_writable(st, &e), -1, "another key: refused");
    T_EQ_INT(e.code, EXIT_NOPERM, "another key: 77");
    T_CHECK(store_audit_verify_ex(st, &n, &unv, &e) == 2, "another key: verify breaks at the audit_keyed entry");

    store_set_audit_key(K1, sizeof K1, "k1");
    kerr_clear(&e);
    T_EQ_INT(store_audit(st, "2026-11-26 01:00:03", "run", "{}", &e), 0, "the key again: written");
    T_EQ_INT(store_audit_verify_ex(st, &n, &unv, &e), 0, e.msg);
    T_EQ_INT(n, 4, "four entries");
    store_set_audit_key(NULL, 0, NULL);
    store_close(st);

    /* a key given on a chain that is not keyed: broken (its keyed part
     * may have been stripped and rewritten in plain hashes) */
    snprintf(path, sizeof path, "%s/plain.db", TMP);
    st = store_open(path, &e);
    T_CHECK(st != NULL, "open plain");
    if (!st) return;
    T_EQ_INT(store_audit(st, "2026-11-26 01:00:00", "ingest", "{}", &e), 0, "plain");
    store_set_audit_key(K1, sizeof K1, "k1");
    kerr_clear(&e);
    T_EQ_INT(store_audit_writable(st, &e), -1, "a key, a plain chain with entries: not writable");
    T_EQ_INT(store_audit_verify_ex(st, &n, &unv, &e), 1, "a key on an unkeyed chain: broken at its last entry");
    store_set_audit_key(NULL, 0, NULL);
    store_close(st);

    /* a new chain written with a key is keyed from its first entry */
    snprintf(path, sizeof path, "%s/new.db", TMP);
    st = store_open(path, &e);
    T_CHECK(st != NULL, "open new");
    if (!st) return;
    store_set_audit_key(K2, sizeof K2, "k2");
    T_EQ_INT(store_audit(st, "2026-11-26 01:00:00", "ingest", "{}", &e), 0, "new chain, keyed");
    T_EQ_INT(store_audit_keyed(st, &from, id, &e), 1, "new chain: keyed");
    T_EQ_INT(from, 1, "new chain: keyed from entry 1");
    T_EQ_INT(store_audit_verify_ex(st, &n, &unv, &e), 0, e.msg);
    T_EQ_INT(n, 2, "new chain: audit_keyed and the entry");
    store_set_audit_key(NULL, 0, NULL);
    store_close(st);
}

/* The key file's checks: mode, size, kind (audit_key_load). */
static void test_key_file(void)
{
    static const struct { const char *name; int bytes; mode_t mode; int code; } cases[] = {
        { "ok.key", 32, 0600, 0 },
        { "ro.key", 64, 0400, 0 },
        { "group.key", 32, 0640, EXIT_NOPERM },
        { "world.key", 32, 0604, EXIT_NOPERM },
        { "short.key", 31, 0600, EXIT_NOPERM },
        { "huge.key", 4097, 0600, EXIT_NOPERM },
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        char path[300];
        snprintf(path, sizeof path, "%s/%s", TMP, cases[i].name);
        FILE *f = fopen(path, "wb");
        for (int b = 0; f && b < cases[i].bytes; b++) fputc('k', f);
        if (f) fclose(f);
        chmod(path, cases[i].mode);
        unsigned char *key = NULL;
        size_t len = 0;
        kerr e;
        kerr_clear(&e);
        int rc = audit_key_load(path, &key, &len, &e);
        T_EQ_INT(rc ? e.code : 0, cases[i].code, cases[i].name);
        if (!rc) T_EQ_INT((int)len, cases[i].bytes, cases[i].name);
        free(key);
    }
}

int main(void)
{
    snprintf(TMP, sizeof TMP, "/tmp/kefu-test-audit-XXXXXX");
    if (!mkdtemp(TMP)) { perror("mkdtemp"); return 1; }
    test_head();
    test_anchor_parse();
    test_hmac();
    test_keyed();
    test_key_file();
    char cmd[400];
    snprintf(cmd, sizeof cmd, "rm -rf %s", TMP);
    if (t_fail == 0 && system(cmd) != 0) fprintf(stderr, "could not remove %s\n", TMP);
    return t_done();
}
