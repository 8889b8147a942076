/* fuzz_policy.c — libFuzzer target for the policy loader (policy.h, SPEC §6,
 * §10).
 *
 * The bytes are the policy file, unchanged (the seeds are the policy packs
 * of templates/policy/). A load must either succeed with a policy or fail
 * with a message and at least one problem line; a loaded policy is then
 * queried the way the rule engines and messages use it (calendar walks,
 * vocabularies, finders), and everything is freed. */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "policy.h"
#include "xmlin.h"

static volatile size_t fp_sink;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    xmlin_init();   /* the refusing entity loader, as main.c installs it */
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    policy *p = NULL;
    sbuf probs = { 0 };
    kerr e;
    kerr_clear(&e);
    int rc = policy_load_mem((const char *)data, size, "fuzz.xml", &p, &probs, &e);
    if (rc != 0) {
        if (p || e.code == 0 || probs.len == 0) __builtin_trap();
        sbuf_free(&probs);
        return 0;
    }
    if (!p) __builtin_trap();
    /* The calendar over 2024-01-01 … 2027-12-31 (day numbers 19723 … 21183). */
    size_t t = 0;
    for (int32_t d = 19723; d <= 21183; d += 7) t += (size_t)policy_is_workday(p, d);
    t += (size_t)policy_next_workday(p, 20454);
    t += (size_t)policy_add_workdays(p, (int64_t)20454 * 86400 + 3600, 30);
    for (int y = 2024; y <= 2027; y++) t += (size_t)policy_year_covered(p, y);
    char desc[256];
    for (int v = POLICY_VOCAB_ROLE; v <= POLICY_VOCAB_DEPT; v++) {
        policy_vocab_describe(p, (policy_vocab_kind)v, desc, sizeof desc);
        t += strlen(desc);
    }
    for (int i = 0; i < p->nroles; i++) {
        if (policy_vocab(p, POLICY_VOCAB_ROLE, p->roles[i].code) == NULL) __builtin_trap();
        t += strlen(p->roles[i].name);
    }
    for (int i = 0; i < p->noffenses; i++)
        if (policy_offense_find(p, p->offenses[i].code) == NULL) __builtin_trap();
    t += strlen(p->org.name ? p->org.name : "");
    fp_sink += t;
    policy_free(p);
    sbuf_free(&probs);
    return 0;
}
