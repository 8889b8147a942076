/* facts.c — freeing and searching the rules' in-memory model, and the
 * finding list shared by all rules engines. */
#include "facts.h"
#include "util.h"

#include <stdlib.h>
#include <string.h>

/* The arena: chunks of at least ARENA_CHUNK bytes, never moved. */
#define ARENA_CHUNK (1u << 20)
struct facts_arena {
    struct facts_arena *next;  /* the previous chunk */
    size_t used, cap;          /* bytes used and available in data */
    char data[];               /* the strings */
};

void facts_arena_begin(facts *f)
{
    if (!f->arena) {
        f->arena = xmalloc(sizeof *f->arena + ARENA_CHUNK);
        f->arena->next = NULL;
        f->arena->used = 0;
        f->arena->cap = ARENA_CHUNK;
    }
}

char *facts_str(facts *f, const char *s)
{
    if (!s) return NULL;
    if (!f->arena) return xstrdup(s);
    size_t n = strlen(s) + 1;
    if (f->arena->used + n > f->arena->cap) {
        size_t cap = n > ARENA_CHUNK ? n : ARENA_CHUNK;
        struct facts_arena *a = xmalloc(sizeof *a + cap);
        a->next = f->arena;
        a->used = 0;
        a->cap = cap;
        f->arena = a;
    }
    char *p = f->arena->data + f->arena->used;
    memcpy(p, s, n);
    f->arena->used += n;
    return p;
}

static uint64_t hash_str(const char *s)
{
    uint64_t h = 1469598103934665603ULL;  /* FNV-1a */
    for (; *s; s++) h = (h ^ (unsigned char)*s) * 1099511628211ULL;
    return h;
}

/* Builds a hash over n structs of `size` bytes whose first member is the id. */
static void build_hash(facts_hash *h, const void *base, size_t n, size_t size)
{
    free(h->slots);
    size_t cap = 16;
    while (cap < n * 2) cap *= 2;
    h->slots = xcalloc(cap, sizeof *h->slots);
    h->mask = cap - 1;
    for (size_t i = 0; i < n; i++) {
        const char *id = *(char *const *)((const char *)base + i * size);
        if (!id) continue;
        uint64_t hv = hash_str(id);
        size_t j = (size_t)hv & h->mask;
        while (h->slots[j]) j = (j + 1) & h->mask;
        /* the upper half keeps 32 bits of the hash: most misses end
         * without touching the struct or its string */
        h->slots[j] = (hv >> 32 << 32) | ((uint64_t)i + 1);
    }
}

static int hash_find(const facts_hash *h, const void *base, size_t size, const char *id)
{
    uint64_t hv = hash_str(id);
    size_t j = (size_t)hv & h->mask;
    while (h->slots[j]) {
        uint64_t v = h->slots[j];
        if (v >> 32 == hv >> 32) {
            uint32_t i = (uint32_t)v - 1;
            if (strcmp(*(char *const *)((const char *)base + i * size), id) == 0) return (int)i;
        }
        j = (j + 1) & h->mask;
    }
    return -1;
}

void facts_index_emp(facts *f) { build_hash(&f->emp_ix, f->emp, f->nemp, sizeof *f->emp); }
void facts_index_cust(facts *f) { build_hash(&f->cust_ix, f->cust, f->ncust, sizeof *f->cust); }
void facts_index_event(facts *f) { build_hash(&f->event_ix, f->event, f->nevent, sizeof *f->event); }

/* Frees what loaded facts hold outside the arena, and the arena. */
static void free_loaded(facts *f)
{
    while (f->arena) {
        struct facts_arena *a = f->arena;
        f->arena = a->next;
        free(a);
    }
}

void facts_free(facts *f)
{
    if (!f) return;
    free(f->emp_ix.slots);
    free(f->cust_ix.slots);
    free(f->event_ix.slots);
    if (f->arena) {
        /* strings live in the arena (or are static codes): only arrays to free */
        for (size_t i = 0; i < f->nevent; i++) free(f->event[i].raw);
        free_loaded(f);
        goto arrays;
    }
    for (size_t i = 0; i < f->nemp; i++) {
        free(f->emp[i].id);
        free(f->emp[i].name);
        free(f->emp[i].dept);
        free(f->emp[i].role);
    }
    for (size_t i = 0; i < f->npunch; i++) {
        free(f->punch[i].emp_id);
        free(f->punch[i].device);
    }
    for (size_t i = 0; i < f->nleave; i++) {
        free(f->leave[i].id);
        free(f->leave[i].type);
        free(f->leave[i].approved_by);
    }
    for (size_t i = 0; i < f->nmeeting; i++) {
        free(f->meeting[i].id);
        free(f->meeting[i].type);
        free(f->meeting[i].title);
    }
    for (size_t i = 0; i < f->nreport; i++) {
        free(f->report[i].dept);
        free(f->report[i].period);
    }
    for (size_t i = 0; i < f->nincident; i++) {
        free(f->incident[i].id);
        free(f->incident[i].offense);
    }
    for (size_t i = 0; i < f->ncust; i++) {
        free(f->cust[i].id);
        free(f->cust[i].kind);
    }
    for (size_t i = 0; i < f->nevent; i++) {
        free(f->event[i].id);
        free(f->event[i].kind);
        if (f->event[i].raw)
            for (int j = 0; j < FACT_EVENT_NFIELDS; j++) free(f->event[i].raw[j]);
        free(f->event[i].raw);
    }
    for (size_t i = 0; i < f->ncallback; i++) {
        free(f->callback[i].id);
        free(f->callback[i].channel);
        free(f->callback[i].outcome);
        free(f->callback[i].staff_id);
    }
    for (size_t i = 0; i < f->nrecord; i++) {
        free(f->record[i].id);
        free(f->record[i].category);
        free(f->record[i].owner);
        free(f->record[i].title);
        free(f->record[i].file_sha256);
    }
    for (size_t i = 0; i < f->nhold; i++) {
        free(f->hold[i].id);
        free(f->hold[i].record_id);
        free(f->hold[i].category);
        free(f->hold[i].owner);
        free(f->hold[i].reason);
    }
    for (size_t i = 0; i < f->nswap; i++) {
        free(f->swap[i].id);
        free(f->swap[i].with);
        free(f->swap[i].reported_to);
    }
    for (size_t i = 0; i < f->nloan; i++) {
        free(f->loan[i].id);
        free(f->loan[i].item_id);
        free(f->loan[i].borrower);
        free(f->loan[i].approved_by);
        free(f->loan[i].purpose);
        free(f->loan[i].action);
        free(f->loan[i].signed_by);
    }
arrays:
    free(f->record);
    free(f->hold);
    free(f->loan);
    free(f->swap);
    free(f->cust);
    free(f->event);
    free(f->callback);
    free(f->emp);
    free(f->shift);
    free(f->punch);
    free(f->leave);
    free(f->meeting);
    free(f->matt);
    free(f->report);
    free(f->incident);
    memset(f, 0, sizeof *f);
}

/* Binary search for `id` over an array of structs whose first member is
 * the id string, sorted by it. */
static int find_id(const void *base, size_t n, size_t size, const char *id)
{
    size_t lo = 0, hi = n;
    if (!id) return -1;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        int c = strcmp(*(char *const *)((const char *)base + mid * size), id);
        if (c == 0) return (int)mid;
        if (c < 0) lo = mid + 1;
        else hi = mid;
    }
    return -1;
}

int facts_emp_index(const facts *f, const char *id)
{
    if (id && f->emp_ix.slots) return hash_find(&f->emp_ix, f->emp, sizeof *f->emp, id);
    return find_id(f->emp, f->nemp, sizeof *f->emp, id);
}

int facts_cust_index(const facts *f, const char *id)
{
    if (id && f->cust_ix.slots) return hash_find(&f->cust_ix, f->cust, sizeof *f->cust, id);
    return find_id(f->cust, f->ncust, sizeof *f->cust, id);
}

int facts_event_index(const facts *f, const char *id)
{
    if (id && f->event_ix.slots) return hash_find(&f->event_ix, f->event, sizeof *f->event, id);
    return find_id(f->event, f->nevent, sizeof *f->event, id);
}

char **facts_event_raw(facts *f, fact_event *ev)
{
    (void)f;
    if (!ev->raw) ev->raw = xcalloc(FACT_EVENT_NFIELDS, sizeof *ev->raw);
    return ev->raw;
}

int facts_record_index(const facts *f, const char *id)
{
    return find_id(f->record, f->nrecord, sizeof *f->record, id);
}

obligation *obligation_add(obligation_list *l)
{
    if (l->n == l->cap) {
        /* 1.5×, not 2×: hundreds of thousands of obligations on a large year */
        l->cap = l->cap ? l->cap + l->cap / 2 : 64;
        l->v = xrealloc(l->v, l->cap * sizeof *l->v);
    }
    obligation *o = &l->v[l->n++];
    memset(o, 0, sizeof *o);
    o->done_at = FACT_NONE;
    return o;
}

const char *obl_status_name(obl_status s)
{
    switch (s) {
    case OBL_MET: return "met";
    case OBL_LATE: return "late";
    case OBL_MISSED: return "missed";
    case OBL_PENDING: return "pending";
    }
    return "pending";
}

void obligation_list_free(obligation_list *l)
{
    if (!l) return;
    free(l->v);
    memset(l, 0, sizeof *l);
}

finding *finding_add(finding_list *l)
{
    if (l->n == l->cap) {
        l->cap = l->cap ? l->cap * 2 : 64;
        l->v = xrealloc(l->v, l->cap * sizeof *l->v);
    }
    finding *f = &l->v[l->n++];
    memset(f, 0, sizeof *f);
    return f;
}

void finding_cite(finding *f, const char *kind, int64_t rowid)
{
    if (f->nsrc == f->capsrc) {
        f->capsrc = f->capsrc ? f->capsrc * 2 : 4;
        f->src = xrealloc(f->src, (size_t)f->capsrc * sizeof *f->src);
    }
    f->src[f->nsrc].kind = kind;
    f->src[f->nsrc].rowid = rowid;
    f->nsrc++;
}

const char *sanction_name(sanction s)
{
    switch (s) {
    case SANCTION_NONE: return "none";
    case SANCTION_WARNING: return "warning";
    case SANCTION_FINE: return "fine";
    case SANCTION_DEDUCTION: return "deduction";
    case SANCTION_DISMISSAL: return "dismissal";
    case SANCTION_REWARD: return "reward";
    }
    return "none";
}

static int cmp_finding(const void *a, const void *b)
{
    const finding *x = a, *y = b;
    int c;
    if ((c = strcmp(x->subject_kind, y->subject_kind))) return c;
    if ((c = strcmp(x->subject_id ? x->subject_id : "", y->subject_id ? y->subject_id : ""))) return c;
    if ((c = strcmp(x->date, y->date))) return c;
    if ((c = strcmp(x->rule, y->rule))) return c;
    if (x->amount_fen != y->amount_fen) return x->amount_fen < y->amount_fen ? -1 : 1;
    return strcmp(x->detail ? x->detail : "", y->detail ? y->detail : "");
}

void finding_list_sort(finding_list *l)
{
    if (l->n > 1) qsort(l->v, l->n, sizeof *l->v, cmp_finding);
}

void finding_list_free(finding_list *l)
{
    if (!l) return;
    for (size_t i = 0; i < l->n; i++) {
        free(l->v[i].article);
        free(l->v[i].quote);
        free(l->v[i].assumed);
        free(l->v[i].subject_id);
        free(l->v[i].detail);
        free(l->v[i].src);
    }
    free(l->v);
    memset(l, 0, sizeof *l);
}
