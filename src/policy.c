/* policy.c — loads and checks a policy file (SPEC §6) and answers the
 * calendar questions the rule engines ask.
 *
 * Loading is three passes over one in-memory document:
 *   1. parse, hardened like the record reader: a DOCTYPE stops the parse
 *      (so no entity can be declared, none substituted), no DTD is loaded,
 *      no network, every external entity load is refused, nesting depth and
 *      input size are capped;
 *   2. validate against the embedded schemas/policy.xsd, collecting every
 *      error with its line;
 *   3. when the schema is satisfied, read the document into the structs of
 *      policy.h, collecting every semantic problem with its line
 *      (references, duplicates, amounts, durations, ladders, calendar).
 * The walk of pass 3 follows the fixed shape the schema guarantees (loops,
 * no recursion); the depth check of pass 1 walks iteratively too. */
#include "msg.h"
#include "policy.h"
#include "xmlcfg.h"
#include "embed.h"
#include "kinds.h"

#include <libxml/parser.h>
#include <libxml/tree.h>
#include <libxml/xmlschemas.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* Limits on what the policy file controls (STYLE 9). */
#define POLICY_MAX_BYTES    (4 * 1024 * 1024) /* a real policy is ~20 KiB; bounds parse memory */
#define POLICY_MAX_DEPTH    8                 /* the format needs 5 levels */
#define POLICY_MAX_PROBLEMS 200               /* a broken file need not print megabytes */
#define POLICY_MAX_ADOPT    3                 /* packs adopting from packs: bounds a cycle */

#define DEFAULT_NAME "templates/policy/default.xml"
#define SCHEMA_NAME  "schemas/policy.xsd"

#if LIBXML_VERSION >= 21200
typedef const xmlError *policy_xml_err;
#else
typedef xmlErrorPtr policy_xml_err;
#endif

/* Every allocation owned by a policy, freed together by policy_free. */
struct policy_mem {
    void **v;          /* the allocations */
    size_t n, cap;     /* used and allocated entries */
};

/* One collected problem. */
typedef struct problem {
    long line;         /* line in the policy file (0: the file as a whole) */
    size_t seq;        /* order of discovery, to keep the sort stable */
    char *msg;         /* the message without the "NAME:LINE: " prefix (owned) */
} problem;

/* State of one load. */
typedef struct loadctx {
    policy *p;         /* the policy being filled */
    const char *name;  /* name for messages */
    problem *probs;    /* collected problems (owned) */
    size_t nprobs;     /* entries used */
    size_t cap;        /* entries allocated */
    size_t dropped;    /* problems beyond POLICY_MAX_PROBLEMS */
    int depth;         /* 0 for the policy asked for; 1 for a pack it adopts from */
    policy_group group;/* the adoptable group of the elements being read */
    int capcites;      /* entries allocated in p->cites */
    int adopt_of[POLICY_NGROUPS]; /* 1 + index into p->adopts of the <adopt> taking the group; 0: none */
    int seen[POLICY_NGROUPS];     /* elements of the group this file writes itself */
} loadctx;

/* ------------------------------------------------------------------ */
/* ownership */

static void *own(policy *p, void *ptr)
{
    struct policy_mem *m = p->mem;
    if (m->n == m->cap) {
        m->cap = m->cap ? m->cap * 2 : 64;
        m->v = xrealloc(m->v, m->cap * sizeof *m->v);
    }
    m->v[m->n++] = ptr;
    return ptr;
}

static char *pstr(policy *p, const char *s)
{
    return own(p, xstrdup(s));
}

/* A zeroed array of n elements owned by the policy (never NULL). */
static void *parr(policy *p, size_t n, size_t size)
{
    return own(p, xcalloc(n ? n : 1, size));
}

void policy_free(policy *p)
{
    if (!p) return;
    for (int i = 0; i < p->nsubs; i++) policy_free(p->subs[i]);
    free(p->subs);
    free(p->cites);
    if (p->mem) {
        for (size_t i = 0; i < p->mem->n; i++) free(p->mem->v[i]);
        free(p->mem->v);
        free(p->mem);
    }
    free(p);
}

/* ------------------------------------------------------------------ */
/* problems */

static void add_problem(loadctx *c, long line, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static void add_problem(loadctx *c, long line, const char *fmt, ...)
{
    if (c->nprobs >= POLICY_MAX_PROBLEMS) {
        c->dropped++;
        return;
    }
    sbuf b = {0};
    va_list ap;
    va_start(ap, fmt);
    char *s = NULL;
    if (vasprintf(&s, msg_tr(fmt), ap) < 0) s = NULL;
    va_end(ap);
    if (!s) { fprintf(stderr, msg_tr("kefu: out of memory\n")); abort(); }
    sbuf_adds(&b, s);
    free(s);
    /* one line per problem: libxml2 messages end with '\n' */
    while (b.len && (b.p[b.len - 1] == '\n' || b.p[b.len - 1] == ' ')) b.p[--b.len] = '\0';
    for (size_t i = 0; i < b.len; i++)
        if (b.p[i] == '\n') b.p[i] = ' ';
    if (c->nprobs == c->cap) {
        c->cap = c->cap ? c->cap * 2 : 16;
        c->probs = xrealloc(c->probs, c->cap * sizeof *c->probs);
    }
    c->probs[c->nprobs].line = line;
    c->probs[c->nprobs].seq = c->nprobs;
    c->probs[c->nprobs].msg = b.p ? b.p : xstrdup("");
    c->nprobs++;
}

static int problem_cmp(const void *a, const void *b)
{
    const problem *x = a, *y = b;
    if (x->line != y->line) return x->line < y->line ? -1 : 1;
    return x->seq < y->seq ? -1 : x->seq > y->seq;
}

/* ------------------------------------------------------------------ */
/* small parsers for attribute values (the schema already checked shape) */

/* Parses a decimal integer in [lo, hi]; -1 when not. */
static int parse_int(const char *s, long lo, long hi, long *out)
{
    if (!s || !*s) return -1;
    char *end;
    errno = 0;
    long v = strtol(s, &end, 10);
    if (errno || *end || v < lo || v > hi) return -1;
    *out = v;
    return 0;
}

/* "21.75" → 2175: digits with at most two decimals, kept exact. */
static int parse_hundredths(const char *s, int64_t *out)
{
    int64_t v = 0;
    int digits = 0, frac = -1;
    if (!s || !*s) return -1;
    for (const char *q = s; *q; q++) {
        if (*q == '.' && frac < 0 && digits > 0) { frac = 0; continue; }
        if (*q < '0' || *q > '9') return -1;
        if (frac >= 0 && ++frac > 2) return -1;
        if (++digits > 12) return -1;
        v = v * 10 + (*q - '0');
    }
    if (frac == 0) return -1;               /* "21." */
    for (int i = frac < 0 ? 0 : frac; i < 2; i++) v *= 10;
    *out = v;
    return 0;
}

/* "mon".."sun" → 1..7; 0 when not a weekday. */
static int weekday_num(const char *s)
{
    static const char *const names[] = { "mon", "tue", "wed", "thu", "fri", "sat", "sun" };
    for (int i = 0; i < 7; i++)
        if (s && strcmp(s, names[i]) == 0) return i + 1;
    return 0;
}

/* "HH:MM" → seconds since midnight (the schema checked the shape). */
static int32_t hhmm_secs(const char *s)
{
    return (int32_t)(((s[0] - '0') * 10 + (s[1] - '0')) * 3600 + ((s[3] - '0') * 10 + (s[4] - '0')) * 60);
}

/* ------------------------------------------------------------------ */
/* DOM helpers */

static int is(const xmlNode *n, const char *name)
{
    return n && n->type == XML_ELEMENT_NODE && strcmp((const char *)n->name, name) == 0;
}

static xmlNode *first_el(xmlNode *n)
{
    for (xmlNode *k = n ? n->children : NULL; k; k = k->next)
        if (k->type == XML_ELEMENT_NODE) return k;
    return NULL;
}

static xmlNode *next_el(xmlNode *n)
{
    for (xmlNode *k = n ? n->next : NULL; k; k = k->next)
        if (k->type == XML_ELEMENT_NODE) return k;
    return NULL;
}

/* Child elements of n named `name` (all when name is NULL). */
static int count_el(xmlNode *n, const char *name)
{
    int k = 0;
    for (xmlNode *e = first_el(n); e; e = next_el(e))
        if (!name || is(e, name)) k++;
    return k;
}

static xmlNode *child(xmlNode *n, const char *name)
{
    for (xmlNode *e = first_el(n); e; e = next_el(e))
        if (is(e, name)) return e;
    return NULL;
}

/* An attribute's value, copied into the policy; NULL when absent. */
static const char *attr(loadctx *c, xmlNode *n, const char *name)
{
    xmlChar *v = xmlGetProp(n, (const xmlChar *)name);
    if (!v) return NULL;
    char *s = pstr(c->p, (const char *)v);
    xmlFree(v);
    return s;
}

static long line_of(const xmlNode *n)
{
    return n ? xmlGetLineNo(n) : 0;
}

/* Reads a rule element's citation (`article`), `quote` and `assumed`,
 * lists them in p->cites under the current group, and returns the article
 * (owned by the policy). A rule element with neither a quote nor an
 * assumption would pass a number off as the regulation's word: it is a
 * problem at the element's line (issue 11). */
static const char *cite_attr(loadctx *c, xmlNode *n)
{
    policy *p = c->p;
    if (p->ncites == c->capcites) {
        c->capcites = c->capcites ? c->capcites * 2 : 32;
        p->cites = xrealloc(p->cites, (size_t)c->capcites * sizeof *p->cites);
    }
    policy_cite *k = &p->cites[p->ncites++];
    memset(k, 0, sizeof *k);
    k->element = pstr(p, (const char *)n->name);
    k->code = attr(c, n, "code");
    if (!k->code) k->code = attr(c, n, "case");
    k->article = attr(c, n, "article");
    k->quote = attr(c, n, "quote");
    k->assumed = attr(c, n, "assumed");
    k->group = c->group;
    k->line = line_of(n);
    if (!k->quote && !k->assumed)
        add_problem(c, k->line, "%s '%s': neither a quote of the document (quote=) nor an assumed=\"why\"",
                    k->element, k->article ? k->article : "");
    return k->article;
}

/* An integer attribute the schema made present and in range. */
static int iattr(loadctx *c, xmlNode *n, const char *name, int dflt)
{
    long v;
    const char *s = attr(c, n, name);
    if (!s) return dflt;
    if (parse_int(s, 0, 1000000, &v) < 0) {
        add_problem(c, line_of(n), "%s: %s: '%s' is not a whole number", (const char *)n->name, name, s);
        return dflt;
    }
    return (int)v;
}

/* A space-separated list attribute (an xs:list) split into policy strings. */
static policy_strs list_attr(loadctx *c, xmlNode *n, const char *name)
{
    policy_strs r = {0, NULL};
    const char *s = attr(c, n, name);
    if (!s) { r.v = parr(c->p, 1, sizeof *r.v); return r; }
    int words = 0;
    for (const char *q = s; *q; ) {
        while (*q == ' ' || *q == '\t' || *q == '\n' || *q == '\r') q++;
        if (!*q) break;
        words++;
        while (*q && *q != ' ' && *q != '\t' && *q != '\n' && *q != '\r') q++;
    }
    r.v = parr(c->p, (size_t)words, sizeof *r.v);
    for (const char *q = s; *q; ) {
        while (*q == ' ' || *q == '\t' || *q == '\n' || *q == '\r') q++;
        if (!*q) break;
        const char *w = q;
        while (*q && *q != ' ' && *q != '\t' && *q != '\n' && *q != '\r') q++;
        r.v[r.n++] = own(c->p, xstrndup(w, (size_t)(q - w)));
    }
    return r;
}

/* An amount in yuan → fen; reports a problem and returns -1 when it is not
 * an amount, or is negative. `what` names the rule for the message. */
static int amount_attr(loadctx *c, xmlNode *n, const char *name, const char *what, int64_t *fen)
{
    const char *s = attr(c, n, name);
    int64_t v;
    if (!s || val_money(s, &v) < 0 || v < 0) {
        add_problem(c, line_of(n), "%s: %s: '%s' is not an amount in yuan (e.g. 20.00)",
                    what, name, s ? s : "");
        *fen = 0;
        return -1;
    }
    *fen = v;
    return 0;
}

/* A duration attribute; `special` (e.g. "same-day", "permanent") is
 * accepted and reported by returning 1. Workdays allowed when allow_wd. */
static int duration_attr(loadctx *c, xmlNode *n, const char *name, const char *what,
                         const char *special, int allow_wd, policy_duration *out)
{
    const char *s = attr(c, n, name);
    memset(out, 0, sizeof *out);
    out->text = s;
    if (s && special && strcmp(s, special) == 0) return 1;
    if (!s || val_duration_parse(s, &out->d) < 0) {
        char also[64] = "";
        if (allow_wd && special) snprintf(also, sizeof also, msg_tr(", 'N workdays' or '%s'"), special);
        else if (allow_wd) snprintf(also, sizeof also, msg_tr(" or 'N workdays'"));
        else if (special) snprintf(also, sizeof also, msg_tr(" or '%s'"), special);
        add_problem(c, line_of(n), "%s: %s: '%s' is not a duration (ISO 8601 like PT15M, P3D, P1M%s)",
                    what, name, s ? s : "", also);
        return -1;
    }
    const val_duration *d = &out->d;
    if (d->workdays > 0 && !allow_wd) {
        add_problem(c, line_of(n), "%s: %s: '%s' must be a calendar duration here, not work days",
                    what, name, s);
        return -1;
    }
    if (d->workdays <= 0 && d->years == 0 && d->months == 0 && d->days == 0 && d->seconds == 0) {
        add_problem(c, line_of(n), "%s: %s: '%s' is a zero duration", what, name, s);
        return -1;
    }
    if (d->workdays <= 0 && d->years == 0 && d->months == 0 && d->days == 0 &&
        d->seconds < POLICY_MIN_DURATION) {
        add_problem(c, line_of(n), "%s: %s: '%s' is shorter than one minute, the floor for a cadence, "
                    "window or deadline", what, name, s);
        return -1;
    }
    return 0;
}

/* A cadence that makes obligations over and over (a progress step, a
 * recurring window) is at least POLICY_MIN_CADENCE long, so that one
 * subject cannot owe more than 8,760 of them a year: `every="PT1S"` grew
 * a database from 1.8 MB to 137 MB in 4 s. Months count as 28 days and
 * years as 365, the shortest they can be. Reports a problem and returns
 * -1 when it is shorter. */
static int cadence_floor(loadctx *c, xmlNode *n, const char *what, const policy_duration *pd)
{
    const val_duration *d = &pd->d;
    int64_t secs = d->seconds + (int64_t)d->days * 86400 + (int64_t)d->workdays * 86400 +
                   (int64_t)d->months * 28 * 86400 + (int64_t)d->years * 365 * 86400;
    if (secs >= POLICY_MIN_CADENCE) return 0;
    add_problem(c, line_of(n), "%s: every: '%s' is shorter than one hour: a cadence that makes obligations "
                "is at least an hour (at most 8,760 obligations per subject a year)", what,
                pd->text ? pd->text : "");
    return -1;
}

/* ------------------------------------------------------------------ */
/* vocabularies */

static const policy_term *find_term(const policy_term *t, int n, const char *code)
{
    for (int i = 0; i < n && code; i++)
        if (strcmp(t[i].code, code) == 0) return &t[i];
    return NULL;
}

static int role_known(const policy *p, const char *code)
{
    return find_term(p->roles, p->nroles, code) != NULL;
}

/* Reports every entry of a role list that is not a declared role. */
static void check_roles(loadctx *c, xmlNode *n, const char *attrname, const policy_strs *l)
{
    for (int i = 0; i < l->n; i++)
        if (!role_known(c->p, l->v[i]))
            add_problem(c, line_of(n), "%s: %s: '%s' is not a declared role",
                        (const char *)n->name, attrname, l->v[i]);
}

static void check_role(loadctx *c, xmlNode *n, const char *attrname, const char *code)
{
    if (code && !role_known(c->p, code))
        add_problem(c, line_of(n), "%s: %s: '%s' is not a declared role",
                    (const char *)n->name, attrname, code);
}

/* Reads <department>s or <role>s; codes and names must each resolve to one
 * term, so a code or name may not repeat any other term's code or name. */
static policy_term *read_terms(loadctx *c, xmlNode *parent, const char *el, const char *what, int *nout)
{
    int n = count_el(parent, el);
    policy_term *t = parr(c->p, (size_t)n, sizeof *t);
    int k = 0;
    for (xmlNode *e = first_el(parent); e; e = next_el(e)) {
        if (!is(e, el)) continue;
        policy_term *x = &t[k];
        memset(x, 0, sizeof *x);
        x->code = attr(c, e, "code");
        x->name = attr(c, e, "name");
        x->name_en = attr(c, e, "name-en");
        x->line = line_of(e);
        if (!x->code || !x->name) continue;
        int dup = 0;
        for (int j = 0; j < k && !dup; j++) {
            if (strcmp(t[j].code, x->code) == 0) {
                add_problem(c, x->line, "%s: code '%s' is declared twice (first on line %ld)",
                            what, x->code, t[j].line);
                dup = 1;
            } else if (strcmp(t[j].name, x->code) == 0 || strcmp(t[j].code, x->name) == 0 ||
                       (strcmp(t[j].name, x->name) == 0 && strcmp(x->code, x->name) != 0)) {
                add_problem(c, x->line, "%s '%s': name '%s' is already used on line %ld",
                            what, x->code, x->name, t[j].line);
                dup = 1;
            }
        }
        if (!dup) k++;
    }
    *nout = k;
    return t;
}

/* ------------------------------------------------------------------ */
/* the blocks */

static void read_org(loadctx *c, xmlNode *n)
{
    c->p->org.name = attr(c, n, "name");
    /* an IANA name, so that "yesterday" and "now" are the department's,
     * whatever TZ the machine has; absent means Asia/Shanghai */
    const char *tz = attr(c, n, "timezone");
    if (!tz) tz = pstr(c->p, UTIL_DEFAULT_TZ);
    if (!util_tz_name_ok(tz))
        add_problem(c, line_of(n), "organization: timezone: '%s' is not an IANA timezone name (e.g. Asia/Shanghai)", tz);
    else if (!util_tz_exists(tz))
        add_problem(c, line_of(n), "organization: timezone: '%s' is not a known timezone (no zoneinfo file; "
                    "is the tzdata package installed?)", tz);
    c->p->org.timezone = tz;
    c->p->org.currency = attr(c, n, "currency");
}

/* xs:date may carry a time zone (2025-01-01Z); kefu wants the plain date. */
static const char *date_attr(loadctx *c, xmlNode *n, const char *name, int32_t *day)
{
    const char *s = attr(c, n, name);
    char out[11];
    if (!s || strlen(s) != 10 || val_date(s, out) < 0) {
        add_problem(c, line_of(n), "%s: %s: '%s' is not a date (YYYY-MM-DD)",
                    (const char *)n->name, name, s ? s : "");
        return NULL;
    }
    if (day) *day = val_days(out);
    return pstr(c->p, out);
}

static void read_adoption(loadctx *c, xmlNode *n)
{
    policy_adoption *a = &c->p->adoption;
    a->adopted_on = date_attr(c, n, "adopted-on", NULL);
    a->published_on = date_attr(c, n, "published-on", NULL);
    a->procedure = attr(c, n, "procedure");
    a->publication = attr(c, n, "publication");
    a->article = attr(c, n, "article");
    if (a->adopted_on && a->published_on && strcmp(a->published_on, a->adopted_on) < 0)
        add_problem(c, line_of(n), "adoption: published-on %s is before adopted-on %s",
                    a->published_on, a->adopted_on);
}

static int cmp_i32(const void *a, const void *b)
{
    int32_t x = *(const int32_t *)a, y = *(const int32_t *)b;
    return x < y ? -1 : x > y;
}

/* Sorts and removes duplicates; returns the new count. */
static int sort_uniq(int32_t *v, int n)
{
    if (n <= 0) return 0;
    qsort(v, (size_t)n, sizeof *v, cmp_i32);
    int k = 1;
    for (int i = 1; i < n; i++)
        if (v[i] != v[k - 1]) v[k++] = v[i];
    return k;
}

static int bsearch_day(const int32_t *v, int n, int32_t day)
{
    int lo = 0, hi = n - 1;
    while (lo <= hi) {
        int mid = lo + (hi - lo) / 2;
        if (v[mid] == day) return 1;
        if (v[mid] < day) lo = mid + 1;
        else hi = mid - 1;
    }
    return 0;
}

static void read_calendar(loadctx *c, xmlNode *n)
{
    policy_calendar *cal = &c->p->cal;
    if (xmlHasProp(n, (const xmlChar *)"article")) cite_attr(c, n);
    policy_strs rd = list_attr(c, n, "rest-days");
    for (int i = 0; i < rd.n; i++) {
        int wd = weekday_num(rd.v[i]);
        if (wd) cal->rest_mask |= 1u << wd;
    }
    if (cal->rest_mask == 0xFEu)
        add_problem(c, line_of(n), "calendar: rest-days leave no working day in the week");

    int ny = count_el(n, "year"), nper = 0;
    for (xmlNode *y = first_el(n); y; y = next_el(y)) nper += count_el(y, NULL);
    cal->years = parr(c->p, (size_t)ny, sizeof *cal->years);
    cal->periods = parr(c->p, (size_t)nper, sizeof *cal->periods);

    /* days are counted first, then filled: each period is at most one year */
    size_t noff = 0, nwork = 0;
    for (xmlNode *y = first_el(n); y; y = next_el(y)) {
        long yv;
        const char *ys = attr(c, y, "value");
        if (parse_int(ys, 1900, 2199, &yv) < 0) continue;
        int dup = 0;
        for (int i = 0; i < cal->nyears; i++)
            if (cal->years[i].year == yv) {
                add_problem(c, line_of(y), "calendar: year %ld is listed twice (first on line %ld)",
                            yv, cal->years[i].line);
                dup = 1;
            }
        if (dup) continue;
        policy_year *py = &cal->years[cal->nyears++];
        py->year = (int)yv;
        py->source = attr(c, y, "source");
        py->line = line_of(y);
        int32_t ylo = val_days_ymd((int)yv, 1, 1), yhi = val_days_ymd((int)yv, 12, 31);
        for (xmlNode *h = first_el(y); h; h = next_el(h)) {
            policy_holiday *ph = &cal->periods[cal->nperiods];
            memset(ph, 0, sizeof *ph);
            ph->name = attr(c, h, "name");
            ph->line = line_of(h);
            ph->workday = is(h, "workday");
            const char *from, *to;
            if (ph->workday) {
                from = to = date_attr(c, h, "date", &ph->from);
                ph->to = ph->from;
            } else {
                from = date_attr(c, h, "from", &ph->from);
                to = from;
                ph->to = ph->from;
                if (xmlHasProp(h, (const xmlChar *)"to")) to = date_attr(c, h, "to", &ph->to);
            }
            if (!from || !to) continue;
            if (ph->from > ph->to) {
                add_problem(c, ph->line, "%s '%s': from %s is after to %s",
                            (const char *)h->name, ph->name, from, to);
                continue;
            }
            if (ph->from < ylo || ph->to > yhi) {
                add_problem(c, ph->line, "%s '%s': %s is outside year %ld",
                            (const char *)h->name, ph->name, ph->from < ylo ? from : to, yv);
                continue;
            }
            if (ph->workday) nwork++;
            else noff += (size_t)(ph->to - ph->from + 1);
            cal->nperiods++;
        }
    }
    cal->off = parr(c->p, noff, sizeof *cal->off);
    cal->work = parr(c->p, nwork, sizeof *cal->work);
    for (int i = 0; i < cal->nperiods; i++) {
        const policy_holiday *ph = &cal->periods[i];
        if (ph->workday) cal->work[cal->nwork++] = ph->from;
        else
            for (int32_t d = ph->from; d <= ph->to; d++) cal->off[cal->noff++] = d;
    }
    cal->noff = sort_uniq(cal->off, cal->noff);
    cal->nwork = sort_uniq(cal->work, cal->nwork);
    for (int i = 0; i < cal->nperiods; i++) {
        const policy_holiday *ph = &cal->periods[i];
        if (ph->workday && bsearch_day(cal->off, cal->noff, ph->from)) {
            char d[11];
            val_days_str(ph->from, d);
            add_problem(c, ph->line, "workday '%s': %s is also declared a holiday", ph->name, d);
        }
    }
    /* the years ascending (insertion sort: at most 100) */
    for (int i = 1; i < cal->nyears; i++)
        for (int j = i; j > 0 && cal->years[j - 1].year > cal->years[j].year; j--) {
            policy_year t = cal->years[j];
            cal->years[j] = cal->years[j - 1];
            cal->years[j - 1] = t;
        }
}

static void read_pay(loadctx *c, xmlNode *n)
{
    policy_pay *pay = &c->p->pay;
    pay->line = line_of(n);
    xmlNode *e = child(n, "days-per-month");
    const char *s = attr(c, e, "value");
    if (parse_hundredths(s, &pay->days_per_month_x100) < 0 || pay->days_per_month_x100 <= 0 ||
        pay->days_per_month_x100 > 3100)
        add_problem(c, line_of(e), "days-per-month: value '%s' is not a number of days in a month (e.g. 21.75)",
                    s ? s : "");
    pay->days_article = cite_attr(c, e);
    e = child(n, "deduction-warning");
    s = attr(c, e, "percent");
    int64_t bp = 0;
    if (parse_hundredths(s, &bp) < 0 || bp <= 0 || bp > 10000)
        add_problem(c, line_of(e), "deduction-warning: percent '%s' is not a percentage in (0, 100]",
                    s ? s : "");
    pay->warning_bp = (int32_t)(bp > 0 && bp <= 10000 ? bp : 0);
    pay->warning_article = cite_attr(c, e);
    e = child(n, "minimum-wage");
    amount_attr(c, e, "amount", "minimum-wage", &pay->minimum_wage_fen);
    pay->minimum_wage_article = cite_attr(c, e);
}

static void read_leave(loadctx *c, xmlNode *n)
{
    policy *p = c->p;
    p->leave_rules = parr(p, (size_t)count_el(n, "approval"), sizeof *p->leave_rules);
    p->certificates = parr(p, (size_t)count_el(n, "certificate"), sizeof *p->certificates);
    for (xmlNode *e = first_el(n); e; e = next_el(e)) {
        if (is(e, "approval")) {
            policy_leave_rule *r = &p->leave_rules[p->nleave_rules++];
            r->line = line_of(e);
            r->requester_roles = list_attr(c, e, "requester-roles");
            r->types = list_attr(c, e, "types");
            r->min_days = iattr(c, e, "min-days", 0);
            r->max_days = iattr(c, e, "max-days", 0);
            r->approvers = list_attr(c, e, "approvers");
            r->same_dept = list_attr(c, e, "same-dept");
            r->article = cite_attr(c, e);
            check_roles(c, e, "requester-roles", &r->requester_roles);
            check_roles(c, e, "approvers", &r->approvers);
            check_roles(c, e, "same-dept", &r->same_dept);
            for (int i = 0; i < r->same_dept.n; i++) {
                int found = 0;
                for (int j = 0; j < r->approvers.n; j++)
                    if (strcmp(r->same_dept.v[i], r->approvers.v[j]) == 0) found = 1;
                if (!found && role_known(p, r->same_dept.v[i]))
                    add_problem(c, r->line, "approval: same-dept: '%s' is not among the approvers",
                                r->same_dept.v[i]);
            }
            if (r->min_days && r->max_days && r->min_days > r->max_days)
                add_problem(c, r->line, "approval: min-days %d is greater than max-days %d",
                            r->min_days, r->max_days);
        } else if (is(e, "certificate")) {
            policy_certificate *cf = &p->certificates[p->ncertificates];
            memset(cf, 0, sizeof *cf);
            cf->type = attr(c, e, "type");
            cf->article = cite_attr(c, e);
            cf->line = line_of(e);
            int dup = 0;
            for (int i = 0; i < p->ncertificates; i++)
                if (strcmp(p->certificates[i].type, cf->type) == 0) {
                    add_problem(c, cf->line, "certificate: type '%s' is declared twice (first on line %ld)",
                                cf->type, p->certificates[i].line);
                    dup = 1;
                }
            if (!dup) p->ncertificates++;
        }
    }
}

/* 1 when the file may write elements of group g itself (no <adopt> takes
 * it); else a problem naming the element and the adopt's line. */
static int own_group(loadctx *c, policy_group g, xmlNode *e)
{
    c->group = g;
    c->seen[g]++;
    if (!c->adopt_of[g]) return 1;
    const policy_adopt *a = &c->p->adopts[c->adopt_of[g] - 1];
    add_problem(c, line_of(e), "%s: these rules are adopted from pack '%s' (line %ld); leave them out here",
                (const char *)e->name, a->pack, a->line);
    return 0;
}

static void read_absence(loadctx *c, xmlNode *lad, xmlNode *e);

/* <attendance>: late-early and occurrences (group attendance), the absence
 * ladder and dismissal (group absence); each pair is written here or
 * adopted whole. */
static void read_attendance(loadctx *c, xmlNode *n)
{
    policy_attendance *a = &c->p->att;
    a->line = line_of(n);
    xmlNode *e = child(n, "late-early");
    xmlNode *o = child(n, "occurrences");
    if ((e || o) && own_group(c, POLICY_GROUP_ATTENDANCE, e ? e : o)) {
        /* late-early alone: occurrences are shown, not costed (a text that
         * forbids lateness without a sanction) */
        if (!e)
            add_problem(c, line_of(n), "attendance: <late-early> is missing (it goes with <occurrences>)");
        if (e) {
            a->grace_minutes = iattr(c, e, "grace-minutes", 0);
            a->late_article = cite_attr(c, e);
        }
        if (o) {
            a->occurrences_per_day = iattr(c, o, "per-absence-day", 0);
            a->occurrences_article = cite_attr(c, o);
            if (attr(c, o, "fine")) {
                amount_attr(c, o, "fine", "occurrences", &a->occurrence_fen);
                if (a->occurrences_per_day)
                    add_problem(c, line_of(o), "occurrences: per-absence-day and fine exclude each other "
                                "(an occurrence is either counted into absence days or fined)");
                else if (a->occurrence_fen <= 0)
                    add_problem(c, line_of(o), "occurrences: fine must be more than 0");
            } else if (!a->occurrences_per_day)
                add_problem(c, line_of(o), "occurrences: needs per-absence-day or fine");
        }
    }
    xmlNode *lad = child(n, "absence-ladder");
    e = child(n, "dismissal");
    if ((lad || e) && own_group(c, POLICY_GROUP_ABSENCE, lad ? lad : e)) {
        /* an absence-ladder without <dismissal>: the text sets no threshold */
        if (!lad)
            add_problem(c, line_of(n), "attendance: <absence-ladder> is missing (it goes with <dismissal>)");
        read_absence(c, lad, e);
    }
    c->group = POLICY_GROUP_NONE;
}

static void read_ladder(loadctx *c, xmlNode *lad);

/* One fixed-length duration of <punch-pairing> in seconds: a calendar
 * month has no fixed length, and work days mean nothing within a day. */
static int64_t punch_seconds(loadctx *c, xmlNode *n, const char *name)
{
    policy_duration d;
    if (duration_attr(c, n, name, "punch-pairing", NULL, 0, &d)) return 0;
    if (d.d.years || d.d.months) {
        add_problem(c, line_of(n), "punch-pairing: %s: '%s' must be days, hours or minutes, not months or years",
                    name, d.text);
        return 0;
    }
    return (int64_t)d.d.days * 86400 + d.d.seconds;
}

/* <punch-pairing>: the windows of punch.c. A window wider than half a day
 * would let a punch reach the next day's shift. */
static void read_punch(loadctx *c, xmlNode *n)
{
    policy_punch *q = &c->p->punch;
    q->line = line_of(n);
    q->article = cite_attr(c, n);
    /* the warnings it makes carry the rule code punch_unpaired: the cite
     * names it, so that they quote this element alone (policy_cite_texts) */
    c->p->cites[c->p->ncites - 1].code = "punch_unpaired";
    q->outside = punch_seconds(c, n, "outside");
    q->inside = punch_seconds(c, n, "inside");
    q->duplicate = punch_seconds(c, n, "duplicate");
    if (q->outside > 43200 || q->inside > 43200)
        add_problem(c, q->line, "punch-pairing: outside and inside are at most PT12H (a wider window reaches "
                    "the next day's shift)");
    if (q->duplicate > 3600)
        add_problem(c, q->line, "punch-pairing: duplicate is at most PT1H (punches further apart are "
                    "separate clock events)");
}

/* <schedule>: the working hours of a day without a roster row. Its
 * findings carry rule codes ending in _schedule, which the cite names
 * (policy_cite_texts matches a code by its suffix). */
static void read_schedule(loadctx *c, xmlNode *n)
{
    policy_schedule *q = &c->p->sched;
    q->line = line_of(n);
    q->article = cite_attr(c, n);
    const char *s = attr(c, n, "start"), *t = attr(c, n, "end");
    q->start = s ? hhmm_secs(s) : 0;
    q->end = t ? hhmm_secs(t) : 0;
    if (q->start == q->end)
        add_problem(c, q->line, "schedule: start and end are both %s (a shift of no length)", s ? s : "");
    if (!c->p->punch.line)
        add_problem(c, q->line, "schedule: needs <punch-pairing> (its shifts are judged by the punches "
                    "paired with them)");
}

/* <time-off>: when leave is asked for (<ask-ahead>, <notice>), the
 * weekly rest days (<rest-days>) and shift swaps (<swap-limit>,
 * <swap-report>). The findings carry fixed rule codes, which
 * the cites name so that each quotes its own element (policy_cite_texts). */
static void read_time_off(loadctx *c, xmlNode *n)
{
    policy_time_off *o = &c->p->off;
    for (xmlNode *e = first_el(n); e; e = next_el(e)) {
        if (is(e, "ask-ahead")) {
            o->ahead_line = line_of(e);
            o->ahead_article = cite_attr(c, e);
            c->p->cites[c->p->ncites - 1].code = "leave_late_request";
            o->ahead_days = iattr(c, e, "days", 1);
            if (attr(c, e, "fine")) amount_attr(c, e, "fine", "ask-ahead", &o->ahead_fen);
        } else if (is(e, "notice")) {
            o->notice_line = line_of(e);
            o->notice_article = cite_attr(c, e);
            c->p->cites[c->p->ncites - 1].code = "leave_late_notice";
            policy_duration d;
            if (duration_attr(c, e, "within", "notice", NULL, 0, &d) == 0) {
                if (d.d.years || d.d.months)
                    add_problem(c, o->notice_line, "notice: within: '%s' must be days, hours or minutes, "
                                "not months or years", d.text);
                else
                    o->notice_secs = (int64_t)d.d.days * 86400 + d.d.seconds;
            }
            if (attr(c, e, "fine")) amount_attr(c, e, "fine", "notice", &o->notice_fen);
        } else if (is(e, "rest-days")) {
            o->rest_line = line_of(e);
            o->rest_article = cite_attr(c, e);
            c->p->cites[c->p->ncites - 1].code = "rest_day_missing";
            o->rest_per_week = iattr(c, e, "per-week", 1);
            if (o->rest_per_week > 6)
                add_problem(c, o->rest_line, "rest-days: per-week %d leaves no working day in a week",
                            o->rest_per_week);
        } else if (is(e, "swap-limit")) {
            o->swap_limit_line = line_of(e);
            o->swap_limit_article = cite_attr(c, e);
            c->p->cites[c->p->ncites - 1].code = "shift_swap_excess";
            o->swap_per_month = iattr(c, e, "per-month", 1);
        } else if (is(e, "swap-report")) {
            o->swap_report_line = line_of(e);
            o->swap_report_article = cite_attr(c, e);
            c->p->cites[c->p->ncites - 1].code = "shift_swap_unreported";
            o->swap_roles = list_attr(c, e, "roles");
            check_roles(c, e, "roles", &o->swap_roles);
        }
    }
}

/* The absence ladder (may be NULL) and the dismissal threshold (may be NULL). */
static void read_absence(loadctx *c, xmlNode *lad, xmlNode *e)
{
    policy_attendance *a = &c->p->att;
    if (lad) read_ladder(c, lad);
    if (e) {
        a->dismiss_consecutive = iattr(c, e, "consecutive-days", 0);
        a->dismiss_per_year = iattr(c, e, "days-per-year", 0);
        a->dismiss_wording = attr(c, e, "wording");
        a->dismiss_article = cite_attr(c, e);
    }
}

/* The tiers of <absence-ladder>: contiguous from 1, the last open-ended;
 * none: the text sets no cost for an absence. */
static void read_ladder(loadctx *c, xmlNode *lad)
{
    policy_attendance *a = &c->p->att;
    a->absence_article = cite_attr(c, lad);
    int nt = count_el(lad, NULL);
    a->tiers = parr(c->p, (size_t)nt, sizeof *a->tiers);
    int expect = 1, open_end = 0;
    for (xmlNode *t = first_el(lad); t; t = next_el(t)) {
        policy_tier *ti = &a->tiers[a->ntiers++];
        ti->line = line_of(t);
        ti->min_len = iattr(c, t, "min", 1);
        ti->max_len = iattr(c, t, "max", 0);
        if (is(t, "per-day")) {
            ti->kind = POLICY_TIER_PER_DAY;
            ti->k = iattr(c, t, "multiple", 1);
        } else if (is(t, "fraction")) {
            ti->kind = POLICY_TIER_FRACTION;
            ti->num = iattr(c, t, "numerator", 1);
            ti->den = iattr(c, t, "denominator", 1);
        } else {
            ti->kind = POLICY_TIER_WAGE_PLUS_BONUS;
            ti->k = iattr(c, t, "bonus-multiple", 0);
        }
        if (open_end)
            add_problem(c, ti->line, "absence-ladder: tier min %d follows a tier without max",
                        ti->min_len);
        if (ti->max_len && ti->min_len > ti->max_len)
            add_problem(c, ti->line, "absence-ladder: tier min %d is greater than max %d",
                        ti->min_len, ti->max_len);
        else if (!open_end && ti->min_len != expect)
            add_problem(c, ti->line, "absence-ladder: tier min %d leaves a gap or overlap (expected min %d)",
                        ti->min_len, expect);
        if (ti->max_len) expect = ti->max_len + 1;
        else open_end = 1;
    }
    if (nt && !open_end)
        add_problem(c, line_of(lad), "absence-ladder: the last tier needs no max: runs longer than %d are not costed",
                    expect - 1);
}

static void read_meetings(loadctx *c, xmlNode *n)
{
    static const char *const cases[POLICY_MEET_NCASES] = { "absent", "late", "left_early", "disruption" };
    policy_meetings *m = &c->p->meet;
    for (xmlNode *e = first_el(n); e; e = next_el(e)) {
        const char *cs = attr(c, e, "case");
        for (int i = 0; i < POLICY_MEET_NCASES; i++) {
            if (!cs || strcmp(cs, cases[i]) != 0) continue;
            if (m->fine[i].line) {
                add_problem(c, line_of(e), "meetings: case '%s' is declared twice (first on line %ld)",
                            cs, m->fine[i].line);
                break;
            }
            char what[48];
            snprintf(what, sizeof what, msg_tr("meetings '%s'"), cs);
            amount_attr(c, e, "amount", what, &m->fine[i].fen);
            m->fine[i].article = cite_attr(c, e);
            m->fine[i].line = line_of(e);
        }
    }
    for (int i = 0; i < POLICY_MEET_NCASES; i++)
        if (!m->fine[i].line)
            add_problem(c, line_of(n), "meetings: no fine for case '%s'", cases[i]);
}

/* <required-meetings>: each <required-meeting type dept on start end>.
 * `on` is "workdays", "week" (once a week), a weekday ("fri") or "last-" and a weekday
 * ("last-sat": monthly); the schema fixed its shape. A type must be a
 * meeting type of the meeting kind and the department a declared one, and
 * a (type, dept) pair is declared once. */
static void read_required_meetings(loadctx *c, xmlNode *n)
{
    policy *p = c->p;
    p->req_meetings = parr(p, (size_t)count_el(n, "required-meeting"), sizeof *p->req_meetings);
    for (xmlNode *e = first_el(n); e; e = next_el(e)) {
        if (!is(e, "required-meeting")) continue;
        policy_required_meeting *r = &p->req_meetings[p->nreq_meetings];
        memset(r, 0, sizeof *r);
        r->type = attr(c, e, "type");
        r->dept = attr(c, e, "dept");
        r->article = cite_attr(c, e);
        r->line = line_of(e);
        const char *on = attr(c, e, "on");
        const char *st = attr(c, e, "start"), *en = attr(c, e, "end");
        r->start_tod = st ? hhmm_secs(st) : -1;
        r->end_tod = en ? hhmm_secs(en) : -1;
        if (!r->type || !r->dept || !on) continue;
        if (strcmp(on, "workdays") == 0) r->on = POLICY_MEET_ON_WORKDAYS;
        else if (strcmp(on, "week") == 0) r->on = POLICY_MEET_ON_WEEK;
        else if (strncmp(on, "last-", 5) == 0) {
            r->on = POLICY_MEET_ON_MONTHLY;
            r->weekday = weekday_num(on + 5);
        } else {
            r->on = POLICY_MEET_ON_WEEKLY;
            r->weekday = weekday_num(on);
        }
        int ok = 1;
        if ((r->on == POLICY_MEET_ON_WEEKLY || r->on == POLICY_MEET_ON_MONTHLY) && r->weekday == 0) {
            add_problem(c, r->line, "required-meeting: on: '%s' is not workdays, week, a weekday or last-WEEKDAY", on);
            ok = 0;
        }
        const char *code = kind_enum_lookup("meeting_type", r->type);
        if (!code || strcmp(code, r->type) != 0) {
            char known[256];
            kind_enum_describe("meeting_type", known, sizeof known);
            add_problem(c, r->line, "required-meeting: type: '%s' is not a meeting type code (%s)", r->type, known);
            ok = 0;
        }
        if (!find_term(p->depts, p->ndepts, r->dept)) {
            add_problem(c, r->line, "required-meeting: dept: '%s' is not a declared department", r->dept);
            ok = 0;
        }
        if (st && en && r->end_tod <= r->start_tod) {
            add_problem(c, r->line, "required-meeting: end %s is not after start %s", en, st);
            ok = 0;
        }
        for (int i = 0; i < p->nreq_meetings && ok; i++)
            if (strcmp(p->req_meetings[i].type, r->type) == 0 && strcmp(p->req_meetings[i].dept, r->dept) == 0) {
                add_problem(c, r->line, "required-meeting: type '%s' of dept '%s' is declared twice "
                            "(first on line %ld)", r->type, r->dept, p->req_meetings[i].line);
                ok = 0;
            }
        if (ok) p->nreq_meetings++;
    }
}

static void read_reports(loadctx *c, xmlNode *n)
{
    policy *p = c->p;
    policy_reports *r = &p->rep;
    xmlNode *w = child(n, "weekly"), *m = child(n, "monthly");
    r->weekly_due_weekday = weekday_num(attr(c, w, "due-weekday"));
    const char *t = attr(c, w, "due-time");
    r->weekly_due_tod = t ? hhmm_secs(t) : 0;
    amount_attr(c, w, "amount", "weekly", &r->weekly_fen);
    r->weekly_article = cite_attr(c, w);
    r->weekly_line = line_of(w);
    r->monthly_meeting_weekday = weekday_num(attr(c, m, "meeting-weekday"));
    amount_attr(c, m, "amount", "monthly", &r->monthly_fen);
    r->monthly_article = cite_attr(c, m);
    r->monthly_line = line_of(m);
    r->depts.v = parr(p, (size_t)count_el(n, "owed-by"), sizeof *r->depts.v);
    for (xmlNode *e = first_el(n); e; e = next_el(e)) {
        if (!is(e, "owed-by")) continue;
        const char *d = attr(c, e, "dept");
        if (!d) continue;
        if (!find_term(p->depts, p->ndepts, d)) {
            add_problem(c, line_of(e), "owed-by: dept: '%s' is not a declared department", d);
            continue;
        }
        int dup = 0;
        for (int i = 0; i < r->depts.n; i++)
            if (strcmp(r->depts.v[i], d) == 0) dup = 1;
        if (dup) add_problem(c, line_of(e), "owed-by: dept '%s' is listed twice", d);
        else r->depts.v[r->depts.n++] = d;
    }
}

static void read_offenses(loadctx *c, xmlNode *n)
{
    policy *p = c->p;
    int no = count_el(n, "offense");
    xmlNode *rw = child(n, "reward");
    if (rw) {
        policy_reward *r = &p->reward;
        r->code = attr(c, rw, "code");
        r->name = attr(c, rw, "name");
        r->article = cite_attr(c, rw);
        r->line = line_of(rw);
        if (amount_attr(c, rw, "amount", "reward", &r->fen) == 0 && r->fen <= 0)
            add_problem(c, r->line, "reward: amount must be more than 0");
        if (r->code && policy_offense_find(p, r->code))
            add_problem(c, r->line, "reward: code '%s' is an offence code", r->code);
    }
    p->offenses = parr(p, (size_t)no, sizeof *p->offenses);
    for (xmlNode *e = first_el(n); e; e = next_el(e)) {
        if (!is(e, "offense")) continue;
        policy_offense *o = &p->offenses[p->noffenses];
        memset(o, 0, sizeof *o);
        o->code = attr(c, e, "code");
        o->name = attr(c, e, "name");
        o->article = cite_attr(c, e);
        o->ladder_of = attr(c, e, "ladder-of");
        o->line = line_of(e);
        if (!o->code || !o->name) continue;
        const char *w = attr(c, e, "window");
        o->window = !w || strcmp(w, "month") == 0 ? POLICY_WINDOW_MONTH
                  : strcmp(w, "quarter") == 0     ? POLICY_WINDOW_QUARTER
                  : strcmp(w, "year") == 0        ? POLICY_WINDOW_YEAR
                                                  : POLICY_WINDOW_ALL;
        int dup = 0;
        for (int i = 0; i < p->noffenses && !dup; i++) {
            if (strcmp(p->offenses[i].code, o->code) == 0) {
                add_problem(c, o->line, "offense: code '%s' is declared twice (first on line %ld)",
                            o->code, p->offenses[i].line);
                dup = 1;
            } else if (strcmp(p->offenses[i].name, o->name) == 0 ||
                       strcmp(p->offenses[i].code, o->name) == 0 ||
                       strcmp(p->offenses[i].name, o->code) == 0) {
                add_problem(c, o->line, "offense '%s': name '%s' is already used on line %ld",
                            o->code, o->name, p->offenses[i].line);
                dup = 1;
            }
        }
        char what[96];
        snprintf(what, sizeof what, msg_tr("offense '%s'"), o->code);
        int ns = count_el(e, NULL);
        o->steps = parr(p, (size_t)ns, sizeof *o->steps);
        for (xmlNode *s = first_el(e); s; s = next_el(s)) {
            policy_step *st = &o->steps[o->nsteps++];
            st->line = line_of(s);
            const char *dm = attr(c, s, "dismissal");
            st->dismissal = !dm ? POLICY_DISMISS_NONE
                          : strcmp(dm, "and") == 0 ? POLICY_DISMISS_AND : POLICY_DISMISS_OR;
            const char *ow = attr(c, s, "or-monthly-wage");
            st->or_monthly_wage = ow && (strcmp(ow, "true") == 0 || strcmp(ow, "1") == 0);
            if (is(s, "warning")) st->kind = POLICY_STEP_WARNING;
            else if (is(s, "dismissal")) st->kind = POLICY_STEP_DISMISSAL;
            else if (is(s, "absence-day")) {
                st->kind = POLICY_STEP_ABSENCE_DAY;   /* checked in check_absence_steps */
            } else if (is(s, "fine")) {
                st->kind = POLICY_STEP_FINE;
                amount_attr(c, s, "amount", what, &st->fen);
            } else {
                st->kind = POLICY_STEP_RANGE;
                int ok = amount_attr(c, s, "min", what, &st->min_fen) == 0;
                ok &= amount_attr(c, s, "max", what, &st->max_fen) == 0;
                if (ok && st->min_fen > st->max_fen) {
                    char a[32], b[32];
                    val_fen_str(st->min_fen, a, sizeof a);
                    val_fen_str(st->max_fen, b, sizeof b);
                    add_problem(c, st->line, "%s: range min %s is greater than max %s", what, a, b);
                }
            }
        }
        if (o->ladder_of && o->nsteps)
            add_problem(c, o->line, "%s: has both ladder-of and steps of its own", what);
        else if (!o->ladder_of && o->nsteps == 0)
            add_problem(c, o->line, "%s: the ladder has no steps", what);
        if (!dup) p->noffenses++;
    }
    /* ladder-of may name a later offence: resolve once all are read */
    for (int i = 0; i < p->noffenses; i++) {
        policy_offense *o = &p->offenses[i];
        if (!o->ladder_of || o->nsteps) continue;
        const policy_offense *t = policy_offense_find(p, o->ladder_of);
        if (!t)
            add_problem(c, o->line, "offense '%s': ladder-of: '%s' is not a declared offence",
                        o->code, o->ladder_of);
        else if (t->ladder_of)
            add_problem(c, o->line, "offense '%s': ladder-of: '%s' itself shares the ladder of '%s'",
                        o->code, t->code, t->ladder_of);
        else {
            o->steps = t->steps;   /* shared, owned once through the pool */
            o->nsteps = t->nsteps;
        }
    }
}

/* A percentage attribute → hundredths of a percent, or dflt when absent. */
static int32_t percent_attr(loadctx *c, xmlNode *n, const char *name, int32_t dflt)
{
    const char *s = attr(c, n, name);
    int64_t v;
    if (!s) return dflt;
    if (parse_hundredths(s, &v) < 0 || v > 10000) {
        add_problem(c, line_of(n), "%s: %s: '%s' is not a percentage in [0, 100]",
                    (const char *)n->name, name, s);
        return dflt;
    }
    return (int32_t)v;
}

static void read_visits(loadctx *c, xmlNode *n)
{
    policy *p = c->p;
    policy_visits *v = &p->vis;
    int32_t target = percent_attr(c, n, "target", 10000);
    v->owed_from = INT32_MIN;
    if (xmlHasProp(n, (const xmlChar *)"owed-from")) date_attr(c, n, "owed-from", &v->owed_from);
    int nsla = 0;
    for (xmlNode *b = first_el(n); b; b = next_el(b))
        if (is(b, "event") || is(b, "customer")) nsla += count_el(b, NULL);
    v->slas = parr(p, (size_t)nsla, sizeof *v->slas);
    for (xmlNode *b = first_el(n); b; b = next_el(b)) {
        if (is(b, "quiet-hours")) {
            v->quiet_article = cite_attr(c, b);
            v->quiet = parr(p, (size_t)count_el(b, "quiet"), sizeof *v->quiet);
            for (xmlNode *q = first_el(b); q; q = next_el(q)) {
                policy_quiet *pq = &v->quiet[v->nquiet++];
                const char *f = attr(c, q, "from"), *t = attr(c, q, "to");
                pq->from_tod = f ? hhmm_secs(f) : 0;
                pq->to_tod = t ? hhmm_secs(t) : 0;
                pq->line = line_of(q);
                if (pq->from_tod == pq->to_tod)
                    add_problem(c, pq->line, "quiet: from %s equals to %s", f ? f : "", t ? t : "");
            }
            continue;
        }
        if (is(b, "complaint-rate")) {
            policy_complaint_rate *r = &v->crate;
            r->line = line_of(b);
            r->article = cite_attr(c, b);
            r->code = attr(c, b, "code");
            r->event_kind = attr(c, b, "event");
            r->customer_kind = attr(c, b, "customers");
            r->dept = attr(c, b, "dept");
            r->below_bp = percent_attr(c, b, "below", 0);
            if (r->below_bp <= 0)
                add_problem(c, r->line, "complaint-rate: below: the target must be above 0 %%");
            if (r->dept && !find_term(p->depts, p->ndepts, r->dept))
                add_problem(c, r->line, "complaint-rate: dept: '%s' is not a declared department", r->dept);
            continue;
        }
        int for_customer = is(b, "customer");
        const char *kind = attr(c, b, "kind");
        for (xmlNode *e = first_el(b); e; e = next_el(e)) {
            policy_sla *s = &v->slas[v->nslas];
            memset(s, 0, sizeof *s);
            s->code = attr(c, e, "code");
            s->line = line_of(e);
            s->for_customer = for_customer;
            s->kind = kind;
            s->article = cite_attr(c, e);
            s->target_bp = percent_attr(c, e, "target", target);
            s->from = attr(c, e, "from");
            s->owed_from = INT32_MIN;
            if (xmlHasProp(e, (const xmlChar *)"owed-from")) date_attr(c, e, "owed-from", &s->owed_from);
            if (!s->code) continue;
            char what[96];
            snprintf(what, sizeof what, "%s '%s'", (const char *)e->name, s->code);
            if (is(e, "deadline")) {
                s->type = POLICY_SLA_DEADLINE;
                s->fallback = attr(c, e, "fallback");
                s->to = attr(c, e, "to");
                s->same_day = duration_attr(c, e, "within", what, "same-day", 1, &s->within) == 1;
                if (s->to && s->from && strcmp(s->to, s->from) == 0)
                    add_problem(c, s->line, "%s: from and to are the same field '%s'", what, s->to);
            } else if (is(e, "callback")) {
                s->type = POLICY_SLA_CALLBACK;
                duration_attr(c, e, "within", what, NULL, 1, &s->within);
                s->if_field = attr(c, e, "if-field");
                s->if_value = attr(c, e, "if-value");
                if (!s->if_field != !s->if_value)
                    add_problem(c, s->line, "%s: if-field and if-value go together", what);
            } else if (is(e, "progress")) {
                s->type = POLICY_SLA_PROGRESS;
                s->to = attr(c, e, "until");
                if (duration_attr(c, e, "every", what, NULL, 1, &s->within) == 0)
                    cadence_floor(c, e, what, &s->within);
            } else {
                s->type = POLICY_SLA_RECURRING;
                const char *al = attr(c, e, "align");
                s->align_calendar = al && strcmp(al, "calendar") == 0;
                s->by_role = attr(c, e, "by-role");
                check_role(c, e, "by-role", s->by_role);
                int np = count_el(e, "phase");
                s->phases = parr(p, (size_t)np, sizeof *s->phases);
                for (xmlNode *ph = first_el(e); ph; ph = next_el(ph)) {
                    policy_phase *pp = &s->phases[s->nphases++];
                    pp->line = line_of(ph);
                    pp->count = iattr(c, ph, "count", 0);
                    if (duration_attr(c, ph, "every", what, NULL, 0, &pp->every) == 0 &&
                        cadence_floor(c, ph, what, &pp->every) == 0 && s->align_calendar) {
                        const val_duration *d = &pp->every.d;
                        int months = d->years * 12 + d->months;
                        if (d->days || d->seconds || months <= 0 || (months < 12 && 12 % months) ||
                            (months >= 12 && months % 12))
                            add_problem(c, pp->line, "%s: align=\"calendar\" needs whole months that divide a year "
                                        "(P1M, P3M, P6M, P1Y), not '%s'", what, pp->every.text);
                    }
                    if (pp->count == 0 && s->nphases < np)
                        add_problem(c, pp->line, "%s: a phase without count must be the last", what);
                }
            }
            int dup = 0;
            for (int i = 0; i < v->nslas; i++)
                if (strcmp(v->slas[i].code, s->code) == 0) {
                    add_problem(c, s->line, "%s: code '%s' is declared twice (first on line %ld)",
                                (const char *)e->name, s->code, v->slas[i].line);
                    dup = 1;
                }
            if (!dup) v->nslas++;
        }
    }
}

static void read_loan(loadctx *c, xmlNode *n, policy_loan *l)
{
    l->line = line_of(n);
    l->article = cite_attr(c, n);
    l->same_day = duration_attr(c, n, "within", (const char *)n->name, "same-day", 1, &l->within) == 1;
}

/* A loan rule of issue 11: its role attribute (role_attr, or NULL when it
 * has none), its sanction, and its citation, quoted by findings of `rule`
 * alone (its article may be another rule's too, e.g. 3(4) for the loan
 * period and the approval). */
static void read_loan_rule(loadctx *c, xmlNode *n, const char *role_attr, const char *rule, policy_loan_rule *l)
{
    l->on = 1;
    l->article = cite_attr(c, n);
    c->p->cites[c->p->ncites - 1].code = rule;
    c->p->cites[c->p->ncites - 1].only = 1;
    const char *s = attr(c, n, "sanction");
    l->warning = s && strcmp(s, "warning") == 0;
    if (role_attr) {
        l->role = attr(c, n, role_attr);
        check_role(c, n, role_attr, l->role);
    }
}

static void read_retention(loadctx *c, xmlNode *n)
{
    policy *p = c->p;
    policy_retention *r = &p->ret;
    r->categories = parr(p, (size_t)count_el(n, "category"), sizeof *r->categories);
    r->holds = parr(p, (size_t)count_el(n, "standing-hold"), sizeof *r->holds);
    for (xmlNode *e = first_el(n); e; e = next_el(e)) {
        if (is(e, "category")) {
            policy_category *k = &r->categories[r->ncategories];
            memset(k, 0, sizeof *k);
            k->code = attr(c, e, "code");
            k->name = attr(c, e, "name");
            k->name_en = attr(c, e, "name-en");
            k->article = cite_attr(c, e);
            k->line = line_of(e);
            if (!k->code || !k->name) continue;
            const char *t = attr(c, e, "trigger"), *d = attr(c, e, "disposition");
            k->trigger = t && strcmp(t, "closed_on") == 0 ? POLICY_TRIGGER_CLOSED_ON : POLICY_TRIGGER_CREATED_ON;
            k->disposition = d && strcmp(d, "transfer") == 0 ? POLICY_DISPOSE_TRANSFER : POLICY_DISPOSE_DESTROY;
            char what[96];
            snprintf(what, sizeof what, msg_tr("category '%s'"), k->code);
            k->permanent = duration_attr(c, e, "period", what, "permanent", 0, &k->period) == 1;
            int dup = 0;
            for (int i = 0; i < r->ncategories && !dup; i++) {
                const policy_category *o = &r->categories[i];
                if (strcmp(o->code, k->code) == 0) {
                    add_problem(c, k->line, "category: code '%s' is declared twice (first on line %ld)",
                                k->code, o->line);
                    dup = 1;
                } else if (strcmp(o->name, k->name) == 0 || strcmp(o->code, k->name) == 0 ||
                           strcmp(o->name, k->code) == 0) {
                    add_problem(c, k->line, "category '%s': name '%s' is already used on line %ld",
                                k->code, k->name, o->line);
                    dup = 1;
                }
            }
            if (!dup) r->ncategories++;
        } else if (is(e, "standing-hold")) {
            policy_standing_hold *h = &r->holds[r->nholds];
            memset(h, 0, sizeof *h);
            h->category = attr(c, e, "category");
            h->reason = attr(c, e, "reason");
            h->article = cite_attr(c, e);
            h->line = line_of(e);
            if (!policy_category_find(p, h->category))
                add_problem(c, h->line, "standing-hold: category: '%s' is not a declared category",
                            h->category ? h->category : "");
            else r->nholds++;
        } else if (is(e, "key-loan")) {
            read_loan(c, e, &r->key_loan);
        } else if (is(e, "archive-loan")) {
            read_loan(c, e, &r->archive_loan);
        } else if (is(e, "external-borrower")) {
            r->external_role = attr(c, e, "approver-role");
            r->external_article = cite_attr(c, e);
            check_role(c, e, "approver-role", r->external_role);
        } else if (is(e, "confidential")) {
            const char *l = attr(c, e, "lendable");
            r->confidential_lendable = l && (strcmp(l, "true") == 0 || strcmp(l, "1") == 0);
            r->confidential_article = cite_attr(c, e);
        } else if (is(e, "staff-archive-loan")) {
            read_loan_rule(c, e, "approver-role", "archive_loan_unapproved", &r->staff_archive);
        } else if (is(e, "archive-handover")) {
            read_loan_rule(c, e, NULL, "archive_loan_at_leaving", &r->handover);
        } else if (is(e, "archive-copy")) {
            read_loan_rule(c, e, "head-role", "archive_copy_unsigned", &r->copy);
        } else if (is(e, "key-purpose")) {
            read_loan_rule(c, e, NULL, "key_loan_no_purpose", &r->key_purpose);
        } else if (is(e, "external-key-loan")) {
            read_loan_rule(c, e, "approver-role", "key_loan_external_unsigned", &r->external_key);
        } else if (is(e, "purge")) {
            r->purge_preparer = attr(c, e, "preparer");
            r->purge_reviewer = attr(c, e, "reviewer");
            r->purge_approver = attr(c, e, "approver");
            r->purge_rechecker = attr(c, e, "rechecker");
            r->purge_min_witnesses = iattr(c, e, "min-witnesses", 2);
            r->purge_article = cite_attr(c, e);
            r->purge_line = line_of(e);
            check_role(c, e, "preparer", r->purge_preparer);
            check_role(c, e, "reviewer", r->purge_reviewer);
            check_role(c, e, "approver", r->purge_approver);
            if (r->purge_rechecker) check_role(c, e, "rechecker", r->purge_rechecker);
            if (r->purge_min_witnesses < 2)
                add_problem(c, r->purge_line, "purge: min-witnesses %d is fewer than 2 (两人以上在场)",
                            r->purge_min_witnesses);
        } else if (is(e, "hold-roles")) {
            r->hold_roles = list_attr(c, e, "roles");
            cite_attr(c, e);    /* its assumption is listed with the others in the reports */
            check_roles(c, e, "roles", &r->hold_roles);
            if (r->hold_roles.n == 0) add_problem(c, line_of(e), "hold-roles: roles: names no role");
        }
    }
}

/* ------------------------------------------------------------------ */
/* adoption of another pack's rules */

static const char *const group_names[POLICY_NGROUPS] = { "leave", "attendance", "absence", "meetings", "reports" };

static int load_mem(const char *buf, size_t len, const char *name, int depth, policy **out,
                    sbuf *problems, kerr *e);

/* <adopt pack="…" rules="…">: loads the shipped pack (which may adopt in
 * turn, POLICY_MAX_ADOPT deep) and marks the groups it gives; finish_adopts copies them once
 * the pack's own roles and departments are known. */
static void read_adopt(loadctx *c, xmlNode *n)
{
    policy *p = c->p;
    policy_adopt *a = &p->adopts[p->nadopts];
    a->pack = attr(c, n, "pack");
    a->rules = list_attr(c, n, "rules");
    a->line = line_of(n);
    if (!a->pack) return;
    if (c->depth >= POLICY_MAX_ADOPT) {
        add_problem(c, a->line, "adopt: packs adopt from packs more than %d deep (a cycle?)", POLICY_MAX_ADOPT);
        return;
    }
    size_t len;
    const char *path = NULL;
    const char *text = policy_pack_text(a->pack, &len, &path);
    if (!text) {
        add_problem(c, a->line, "adopt: pack: '%s' is not a shipped pack (kefu policy list)", a->pack);
        return;
    }
    policy *sub = NULL;
    kerr se = {0};
    if (load_mem(text, len, path, c->depth + 1, &sub, NULL, &se) < 0) {
        add_problem(c, a->line, "adopt: pack '%s' does not load: %s", a->pack, se.msg);
        return;
    }
    p->subs = xrealloc(p->subs, (size_t)(p->nsubs + 1) * sizeof *p->subs);
    p->subs[p->nsubs++] = sub;
    int idx = p->nadopts++;
    for (int i = 0; i < a->rules.n; i++)
        for (int g = 0; g < POLICY_NGROUPS; g++) {
            if (strcmp(a->rules.v[i], group_names[g]) != 0) continue;
            if (c->adopt_of[g])
                add_problem(c, a->line, "adopt: rules '%s' are already adopted on line %ld", group_names[g],
                            p->adopts[c->adopt_of[g] - 1].line);
            else c->adopt_of[g] = idx + 1;
        }
}

/* The pack an adopt index loaded (subs follow adopts one to one). */
static const policy *adopt_sub(const policy *p, int adopt_idx)
{
    return p->subs[adopt_idx];
}

/* Copies every adopted group from its pack, checks that the roles and
 * departments those rules name exist here, and lists their citations; a
 * group neither written nor adopted is a problem. */
static void finish_adopts(loadctx *c, xmlNode *root)
{
    policy *p = c->p;
    static const char *const where[POLICY_NGROUPS] = {
        "<leave>", "<late-early> and <occurrences>", "<absence-ladder> and <dismissal>", "<meetings>", "<reports>"
    };
    for (int g = 0; g < POLICY_NGROUPS; g++) {
        if (!c->adopt_of[g]) {
            /* an organisation whose text fines no meeting and owes no
             * report leaves those sections out */
            if (!c->seen[g] && g != POLICY_GROUP_MEETINGS && g != POLICY_GROUP_REPORTS)
                add_problem(c, line_of(root), "policy: %s missing, and no <adopt> takes the rules '%s'",
                            where[g], group_names[g]);
            continue;
        }
        const policy_adopt *a = &p->adopts[c->adopt_of[g] - 1];
        const policy *s = adopt_sub(p, c->adopt_of[g] - 1);
        switch ((policy_group)g) {
        case POLICY_GROUP_LEAVE:
            p->nleave_rules = s->nleave_rules;
            p->leave_rules = s->leave_rules;
            p->ncertificates = s->ncertificates;
            p->certificates = s->certificates;
            for (int i = 0; i < s->nleave_rules; i++) {
                const policy_strs *l[3] = { &s->leave_rules[i].requester_roles, &s->leave_rules[i].approvers,
                                            &s->leave_rules[i].same_dept };
                for (int k = 0; k < 3; k++)
                    for (int j = 0; j < l[k]->n; j++)
                        if (!role_known(p, l[k]->v[j]))
                            add_problem(c, a->line, "adopt: pack '%s' leave approval (its line %ld) names role '%s', "
                                        "which this policy does not declare", a->pack, s->leave_rules[i].line,
                                        l[k]->v[j]);
            }
            break;
        case POLICY_GROUP_ATTENDANCE:
            p->att.grace_minutes = s->att.grace_minutes;
            p->att.late_article = s->att.late_article;
            p->att.occurrences_per_day = s->att.occurrences_per_day;
            p->att.occurrences_article = s->att.occurrences_article;
            break;
        case POLICY_GROUP_ABSENCE:
            p->att.absence_article = s->att.absence_article;
            p->att.ntiers = s->att.ntiers;
            p->att.tiers = s->att.tiers;
            p->att.dismiss_consecutive = s->att.dismiss_consecutive;
            p->att.dismiss_per_year = s->att.dismiss_per_year;
            p->att.dismiss_wording = s->att.dismiss_wording;
            p->att.dismiss_article = s->att.dismiss_article;
            break;
        case POLICY_GROUP_MEETINGS:
            p->meet = s->meet;
            break;
        case POLICY_GROUP_REPORTS:
            p->rep = s->rep;
            for (int j = 0; j < s->rep.depts.n; j++)
                if (!find_term(p->depts, p->ndepts, s->rep.depts.v[j]))
                    add_problem(c, a->line, "adopt: pack '%s' reports are owed by department '%s', "
                                "which this policy does not declare", a->pack, s->rep.depts.v[j]);
            break;
        default:
            break;
        }
        for (int i = 0; i < s->ncites; i++) {
            if (s->cites[i].group != (policy_group)g) continue;
            if (p->ncites == c->capcites) {
                c->capcites = c->capcites ? c->capcites * 2 : 32;
                p->cites = xrealloc(p->cites, (size_t)c->capcites * sizeof *p->cites);
            }
            p->cites[p->ncites] = s->cites[i];
            if (!p->cites[p->ncites].adopted_from)      /* keep where it was written */
                p->cites[p->ncites].adopted_from = a->pack;
            p->ncites++;
        }
    }
}

/* <sign-off prepared reviewed approved>: the roles of the reports'
 * 制表 / 审核 / 批准 lines; each must be a declared role. */
static void read_signoff(loadctx *c, xmlNode *e)
{
    policy_signoff *s = &c->p->signoff;
    s->prepared = attr(c, e, "prepared");
    s->reviewed = attr(c, e, "reviewed");
    s->approved = attr(c, e, "approved");
    s->line = line_of(e);
    cite_attr(c, e);
    check_role(c, e, "prepared", s->prepared);
    check_role(c, e, "reviewed", s->reviewed);
    check_role(c, e, "approved", s->approved);
}

/* An absence-day step is costed by the absence ladder, which may be the
 * pack's own or adopted (finish_adopts copies it after the offences are
 * read): checked once both are known. */
static void check_absence_steps(loadctx *c)
{
    const policy *p = c->p;
    if (p->att.ntiers > 0) return;
    for (int i = 0; i < p->noffenses; i++)
        for (int k = 0; k < p->offenses[i].nsteps; k++)
            if (p->offenses[i].steps[k].kind == POLICY_STEP_ABSENCE_DAY) {
                char what[96];
                snprintf(what, sizeof what, msg_tr("offense '%s'"), p->offenses[i].code);
                add_problem(c, p->offenses[i].steps[k].line, "%s: an absence-day step needs the attendance "
                            "absence-ladder to cost the day", what);
            }
}

/* Pass 3: the whole document, in the order the schema fixes. */
static void read_policy(loadctx *c, xmlNode *root)
{
    policy *p = c->p;
    p->adopts = parr(p, (size_t)count_el(root, "adopt"), sizeof *p->adopts);
    for (xmlNode *e = first_el(root); e; e = next_el(e)) {
        c->group = POLICY_GROUP_NONE;
        if (is(e, "organization")) read_org(c, e);
        else if (is(e, "adoption")) read_adoption(c, e);
        else if (is(e, "adopt")) read_adopt(c, e);
        else if (is(e, "calendar")) read_calendar(c, e);
        else if (is(e, "departments")) p->depts = read_terms(c, e, "department", "department", &p->ndepts);
        else if (is(e, "roles")) {
            p->roles = read_terms(c, e, "role", "role", &p->nroles);
            p->dept_head_role = attr(c, e, "dept-head");
            check_role(c, e, "dept-head", p->dept_head_role);
        }
        else if (is(e, "pay")) read_pay(c, e);
        else if (is(e, "leave")) { if (own_group(c, POLICY_GROUP_LEAVE, e)) read_leave(c, e); }
        else if (is(e, "attendance")) read_attendance(c, e);
        else if (is(e, "punch-pairing")) read_punch(c, e);
        else if (is(e, "schedule")) read_schedule(c, e);
        else if (is(e, "time-off")) read_time_off(c, e);
        else if (is(e, "meetings")) { if (own_group(c, POLICY_GROUP_MEETINGS, e)) read_meetings(c, e); }
        else if (is(e, "required-meetings")) read_required_meetings(c, e);
        else if (is(e, "reports")) { if (own_group(c, POLICY_GROUP_REPORTS, e)) read_reports(c, e); }
        else if (is(e, "offenses")) read_offenses(c, e);
        else if (is(e, "visits")) read_visits(c, e);
        else if (is(e, "retention")) read_retention(c, e);
        else if (is(e, "sign-off")) read_signoff(c, e);
    }
    c->group = POLICY_GROUP_NONE;
    finish_adopts(c, root);
    check_absence_steps(c);
}

/* ------------------------------------------------------------------ */
/* parsing and schema validation */

static void on_schema_error(void *ud, policy_xml_err err)
{
    loadctx *c = ud;
    add_problem(c, err->line, "%s", err->message ? err->message : msg_tr("schema error"));
}

/* Collects the schema compiler's messages (an internal error: the schema
 * is ours). */
static void on_xsd_error(void *ud, policy_xml_err err)
{
    sbuf *b = ud;
    if (b->len == 0 && err->message) sbuf_printf(b, "%s line %d: %s", SCHEMA_NAME, err->line, err->message);
}

/* Iterative depth check: the format needs POLICY_MAX_DEPTH levels at most. */
static long too_deep(xmlNode *root)
{
    int depth = 1;
    xmlNode *n = root;
    while (n) {
        if (n->type == XML_ELEMENT_NODE && depth > POLICY_MAX_DEPTH) return xmlGetLineNo(n);
        if (n->children && n->type == XML_ELEMENT_NODE) { n = n->children; depth++; continue; }
        while (n && !n->next && n != root) { n = n->parent; depth--; }
        if (!n || n == root) break;
        n = n->next;
    }
    return 0;
}

/* Validates doc against the embedded schema; problems go to c. Returns -1
 * (with e filled) only for an internal failure. */
static int validate(loadctx *c, xmlDocPtr doc, kerr *e)
{
    size_t xlen;
    const char *xsd = embed_get(SCHEMA_NAME, &xlen);
    if (!xsd) return kerr_set(e, EXIT_SOFTWARE, "%s is not embedded in this binary", SCHEMA_NAME);
    sbuf xerr = {0};
    int rc = -1;
    xmlSchemaParserCtxtPtr pc = xmlSchemaNewMemParserCtxt(xsd, (int)xlen);
    xmlSchemaPtr schema = NULL;
    xmlSchemaValidCtxtPtr vc = NULL;
    if (!pc) { kerr_set(e, EXIT_SOFTWARE, "%s: cannot create the schema parser", SCHEMA_NAME); goto out; }
    xmlSchemaSetParserStructuredErrors(pc, on_xsd_error, &xerr);
    schema = xmlSchemaParse(pc);
    if (!schema) {
        if (xerr.p) kerr_set(e, EXIT_SOFTWARE, "%s", xerr.p);
        else kerr_set(e, EXIT_SOFTWARE, "%s: cannot compile the schema", SCHEMA_NAME);
        goto out;
    }
    vc = xmlSchemaNewValidCtxt(schema);
    if (!vc) { kerr_set(e, EXIT_SOFTWARE, "%s: cannot create the validator", SCHEMA_NAME); goto out; }
    xmlSchemaSetValidStructuredErrors(vc, on_schema_error, c);
    size_t before = c->nprobs;
    int vr = xmlSchemaValidateDoc(vc, doc);
    if (vr != 0 && c->nprobs == before)
        add_problem(c, 0, "the document does not match %s", SCHEMA_NAME);
    rc = 0;
out:
    if (vc) xmlSchemaFreeValidCtxt(vc);
    if (schema) xmlSchemaFree(schema);
    if (pc) xmlSchemaFreeParserCtxt(pc);
    sbuf_free(&xerr);
    return rc;
}

int policy_load_mem(const char *buf, size_t len, const char *name, policy **out,
                    sbuf *problems, kerr *e)
{
    return load_mem(buf, len, name, 0, out, problems, e);
}

/* policy_load_mem at adoption depth `depth` (1: a pack being adopted). */
static int load_mem(const char *buf, size_t len, const char *name, int depth, policy **out,
                    sbuf *problems, kerr *e)
{
    loadctx c = { NULL, name ? name : "policy", NULL, 0, 0, 0, depth, POLICY_GROUP_NONE, 0, {0}, {0} };
    xmlDocPtr doc = NULL;
    xmlcfg_result xr;
    int rc = -1;

    *out = NULL;
    c.p = xcalloc(1, sizeof *c.p);
    c.p->mem = xcalloc(1, sizeof *c.p->mem);
    c.p->source = pstr(c.p, c.name);

    if (len > POLICY_MAX_BYTES) {
        add_problem(&c, 0, "the file has %zu bytes; a policy may have at most %d", len, POLICY_MAX_BYTES);
        goto report;
    }
    doc = xmlcfg_parse(buf, len, c.name, &xr);
    if (xr.no_parser) { kerr_set(e, EXIT_SOFTWARE, "%s: cannot create an XML parser", c.name); goto out; }
    if (xr.doctype_line) {
        add_problem(&c, xr.doctype_line, "DOCTYPE is not allowed in a policy file (no DTD or entity is ever loaded)");
        goto report;
    }
    if (!doc) {
        add_problem(&c, xr.err_line, "not well-formed XML: %s", xr.err);
        goto report;
    }
    xmlNode *root = xmlDocGetRootElement(doc);
    if (!root) { add_problem(&c, 0, "the document has no root element"); goto report; }
    long deep = too_deep(root);
    if (deep) {
        add_problem(&c, deep, "elements nested deeper than %d levels", POLICY_MAX_DEPTH);
        goto report;
    }
    if (validate(&c, doc, e) < 0) goto out;
    if (c.nprobs) goto report;           /* the semantic pass needs a valid shape */
    read_policy(&c, root);

report:
    if (c.nprobs == 0) {
        *out = c.p;
        c.p = NULL;
        rc = 0;
        goto out;
    }
    qsort(c.probs, c.nprobs, sizeof *c.probs, problem_cmp);
    for (size_t i = 0; i < c.nprobs && problems; i++) {
        if (c.probs[i].line > 0) sbuf_printf(problems, "%s:%ld: %s\n", c.name, c.probs[i].line, c.probs[i].msg);
        else sbuf_printf(problems, "%s: %s\n", c.name, c.probs[i].msg);
    }
    if (c.dropped && problems)
        sbuf_printf(problems, msg_tr("%s: %zu more problems not shown\n"), c.name, c.dropped);
    {
        size_t total = c.nprobs + c.dropped;
        char where[32] = "";
        if (c.probs[0].line > 0) snprintf(where, sizeof where, ":%ld", c.probs[0].line);
        if (total > 1)
            kerr_set(e, EXIT_DATAERR, "%s%s: %s (%zu problems in all)", c.name, where, c.probs[0].msg, total);
        else
            kerr_set(e, EXIT_DATAERR, "%s%s: %s", c.name, where, c.probs[0].msg);
    }
out:
    for (size_t i = 0; i < c.nprobs; i++) free(c.probs[i].msg);
    free(c.probs);
    if (doc) xmlFreeDoc(doc);
    policy_free(c.p);
    return rc;
}

int policy_load_file(const char *path, policy **out, sbuf *problems, kerr *e)
{
    char *buf = NULL;
    size_t len = 0;
    *out = NULL;
    if (util_read_file(path, &buf, &len, e) < 0) return -1;
    int rc = policy_load_mem(buf, len, path, out, problems, e);
    free(buf);
    return rc;
}

const char *policy_default_text(size_t *len)
{
    return embed_get(DEFAULT_NAME, len);
}

int policy_load_default(policy **out, sbuf *problems, kerr *e)
{
    size_t len;
    const char *buf = policy_default_text(&len);
    *out = NULL;
    if (!buf) return kerr_set(e, EXIT_SOFTWARE, "%s is not embedded in this binary", DEFAULT_NAME);
    return policy_load_mem(buf, len, DEFAULT_NAME, out, problems, e);
}

/* ------------------------------------------------------------------ */
/* shipped packs */

#define PACK_DIR    "templates/policy/"
#define PACK_MAX    64                 /* bounds a pack name: "online-shop" */

/* The embedded file of pack `name`: "property" (and "default") is
 * templates/policy/default.xml, any other NAME templates/policy/NAME.xml. */
const char *policy_pack_text(const char *name, size_t *len, const char **path)
{
    static char buf[sizeof PACK_DIR + PACK_MAX + 4];
    if (!name || !*name || strlen(name) > PACK_MAX || strchr(name, '/') || strchr(name, '.')) return NULL;
    if (strcmp(name, "property") == 0 || strcmp(name, "default") == 0)
        snprintf(buf, sizeof buf, "%s", DEFAULT_NAME);
    else
        snprintf(buf, sizeof buf, PACK_DIR "%s.xml", name);
    const char *t = embed_get(buf, len);
    if (t && path) *path = buf;
    return t;
}

/* State of policy_pack_each's walk over the embedded files. */
typedef struct pack_walk {
    void (*fn)(void *ctx, const char *name); /* the caller's callback */
    void *ctx;                               /* its context */
} pack_walk;

static void pack_one(void *ctx, const char *name, const char *data, size_t len)
{
    pack_walk *w = ctx;
    size_t n = strlen(name), d = sizeof PACK_DIR - 1;
    (void)data; (void)len;
    if (n <= d + 4 || strncmp(name, PACK_DIR, d) != 0 || strcmp(name + n - 4, ".xml") != 0) return;
    if (strcmp(name, DEFAULT_NAME) == 0 || n - d - 4 > PACK_MAX) return;
    char pack[PACK_MAX + 1];
    memcpy(pack, name + d, n - d - 4);
    pack[n - d - 4] = '\0';
    w->fn(w->ctx, pack);
}

void policy_pack_each(void (*fn)(void *ctx, const char *name), void *ctx)
{
    pack_walk w = { fn, ctx };
    fn(ctx, "property");
    embed_each(pack_one, &w);
}

/* Collects the pack names into a sbuf, for messages. */
static void pack_list(void *ctx, const char *name)
{
    sbuf *b = ctx;
    sbuf_printf(b, "%s%s", b->len ? ", " : "", name);
}

int policy_load_pack(const char *name, policy **out, sbuf *problems, kerr *e)
{
    size_t len;
    const char *path = NULL;
    const char *text = policy_pack_text(name, &len, &path);
    *out = NULL;
    if (!text) {
        sbuf b = {0};
        policy_pack_each(pack_list, &b);
        kerr_set(e, EXIT_USAGE, "'%s' is neither a file nor a shipped policy pack (%s)", name ? name : "",
                 b.p ? b.p : "");
        sbuf_free(&b);
        return -1;
    }
    return policy_load_mem(text, len, path, out, problems, e);
}

int policy_load_named(const char *arg, policy **out, sbuf *problems, kerr *e)
{
    /* A bare word that is not a file is a pack's name ("club"); a name with
     * '/' or '.' ("my.xml", "./club") is always a file. */
    if (arg && !strchr(arg, '/') && access(arg, F_OK) != 0 &&
        (policy_pack_text(arg, NULL, NULL) || !strchr(arg, '.')))
        return policy_load_pack(arg, out, problems, e);
    return policy_load_file(arg, out, problems, e);
}

/* ------------------------------------------------------------------ */
/* citations and quotes */

/* Length of the whitespace character at s (ASCII space, tab, CR, LF, VT,
 * FF; U+00A0; U+3000 the ideographic space), 0 when none. */
static size_t space_len(const unsigned char *s, const unsigned char *end)
{
    if (*s == ' ' || (*s >= '\t' && *s <= '\r')) return 1;
    if (end - s >= 2 && s[0] == 0xC2 && s[1] == 0xA0) return 2;
    if (end - s >= 3 && s[0] == 0xE3 && s[1] == 0x80 && s[2] == 0x80) return 3;
    return 0;
}

/* s[0..n) without whitespace, malloc'd (NUL-terminated); *out_len its length. */
static char *squeeze(const char *s, size_t n, size_t *out_len)
{
    char *r = xmalloc(n + 1);
    const unsigned char *p = (const unsigned char *)s, *end = p + n;
    size_t k = 0;
    while (p < end) {
        size_t w = space_len(p, end);
        if (w) { p += w; continue; }
        r[k++] = (char)*p++;
    }
    r[k] = '\0';
    *out_len = k;
    return r;
}

int policy_check_quotes(const policy *p, const char *doc, size_t len, const char *docname, sbuf *problems)
{
    size_t dn;
    char *d = squeeze(doc, len, &dn);
    int bad = 0;
    for (int i = 0; i < p->ncites; i++) {
        const policy_cite *k = &p->cites[i];
        if (k->adopted_from) continue;     /* checked in its own pack */
        if (!k->quote) continue;           /* assumed= (the loader refuses neither) */
        size_t qn;
        char *q = squeeze(k->quote, strlen(k->quote), &qn);
        if (qn == 0 || !memmem(d, dn, q, qn)) {
            sbuf_printf(problems, msg_tr("%s:%ld: %s '%s': quote not found in %s: '%s'\n"), p->source, k->line,
                        k->element, k->article ? k->article : "", docname, k->quote);
            bad++;
        }
        free(q);
    }
    free(d);
    return bad;
}

/* Appends s to b as a new line unless b already holds it as a line. */
static void add_line_once(sbuf *b, const char *s)
{
    size_t n = strlen(s);
    if (!n) return;
    for (const char *l = b->p; l && *l;) {
        const char *nl = strchr(l, '\n');
        size_t ln = nl ? (size_t)(nl - l) : strlen(l);
        if (ln == n && memcmp(l, s, n) == 0) return;
        if (!nl) break;
        l = nl + 1;
    }
    if (b->len) sbuf_addc(b, '\n');
    sbuf_adds(b, s);
}

/* 1 when the element's code (or, without one, its name) is the rule code
 * or ends it after a '_'. */
static int names_rule(const policy_cite *k, const char *rule)
{
    const char *key = k->code ? k->code : k->element;
    size_t rn = strlen(rule), kn = strlen(key);
    if (rn == kn) return strcmp(rule, key) == 0;
    return rn > kn && rule[rn - kn - 1] == '_' && strcmp(rule + rn - kn, key) == 0;
}

/* Adds the quotes and assumptions of the elements cited exactly `a[0..n)`
 * (only those naming `rule` when some do); returns how many matched. */
static int cite_part(const policy *p, const char *a, size_t n, const char *rule, sbuf *q, sbuf *as)
{
    int hits = 0, named = 0;
    for (int pass = 0; pass < 2; pass++) {
        for (int i = 0; i < p->ncites; i++) {
            const policy_cite *k = &p->cites[i];
            if (!k->article || strlen(k->article) != n || memcmp(k->article, a, n) != 0) continue;
            int nm = rule && names_rule(k, rule);
            if (k->only && !nm) continue;
            if (pass == 0) { named += nm; continue; }
            if (named && !nm) continue;
            hits++;
            if (k->quote) add_line_once(q, k->quote);
            if (k->assumed) add_line_once(as, k->assumed);
        }
    }
    return hits;
}

void policy_cite_texts(const policy *p, const char *article, const char *rule, char **quote, char **assumed)
{
    static const char sep[] = "\xef\xbc\x9b";      /* "；" joins two citations */
    sbuf q = {0}, as = {0};
    if (article && *article && !cite_part(p, article, strlen(article), rule, &q, &as)) {
        for (const char *s = article; *s;) {
            const char *x = strstr(s, sep);
            size_t n = x ? (size_t)(x - s) : strlen(s);
            cite_part(p, s, n, rule, &q, &as);
            if (!x) break;
            s = x + sizeof sep - 1;
        }
    }
    *quote = q.p ? q.p : xstrdup("");
    *assumed = as.p ? as.p : xstrdup("");
}

/* ------------------------------------------------------------------ */
/* lookups */

/* The terms of a vocabulary as (code, name) pairs through a stride. */
typedef struct vocab_view {
    const char *const *code;   /* first code */
    const char *const *name;   /* first name */
    size_t stride;             /* bytes between entries */
    int n;                     /* entries */
} vocab_view;

static vocab_view view_of(const policy *p, policy_vocab_kind kind)
{
    vocab_view v = { NULL, NULL, 0, 0 };
    switch (kind) {
    case POLICY_VOCAB_ROLE:
        if (p->nroles) v = (vocab_view){ &p->roles[0].code, &p->roles[0].name, sizeof *p->roles, p->nroles };
        break;
    case POLICY_VOCAB_DEPT:
        if (p->ndepts) v = (vocab_view){ &p->depts[0].code, &p->depts[0].name, sizeof *p->depts, p->ndepts };
        break;
    case POLICY_VOCAB_OFFENSE:
        if (p->noffenses)
            v = (vocab_view){ &p->offenses[0].code, &p->offenses[0].name, sizeof *p->offenses, p->noffenses };
        break;
    case POLICY_VOCAB_CATEGORY:
        if (p->ret.ncategories)
            v = (vocab_view){ &p->ret.categories[0].code, &p->ret.categories[0].name,
                              sizeof *p->ret.categories, p->ret.ncategories };
        break;
    }
    return v;
}

static const char *vv_code(const vocab_view *v, int i)
{
    return *(const char *const *)((const char *)v->code + (size_t)i * v->stride);
}

static const char *vv_name(const vocab_view *v, int i)
{
    return *(const char *const *)((const char *)v->name + (size_t)i * v->stride);
}

const char *policy_vocab(const policy *p, policy_vocab_kind kind, const char *value)
{
    if (!p || !value) return NULL;
    vocab_view v = view_of(p, kind);
    for (int i = 0; i < v.n; i++)
        if (strcmp(vv_code(&v, i), value) == 0) return vv_code(&v, i);
    for (int i = 0; i < v.n; i++)
        if (strcmp(vv_name(&v, i), value) == 0) return vv_code(&v, i);
    return NULL;
}

const char *policy_vocab_name(const policy *p, policy_vocab_kind kind, const char *code)
{
    if (!p || !code) return NULL;
    vocab_view v = view_of(p, kind);
    for (int i = 0; i < v.n; i++)
        if (strcmp(vv_code(&v, i), code) == 0) return vv_name(&v, i);
    return NULL;
}

const char *policy_vocab_name_en(const policy *p, policy_vocab_kind kind, const char *code)
{
    if (!p || !code) return NULL;
    if (kind == POLICY_VOCAB_ROLE) {
        for (int i = 0; i < p->nroles; i++)
            if (strcmp(p->roles[i].code, code) == 0) return p->roles[i].name_en;
    } else if (kind == POLICY_VOCAB_CATEGORY) {
        for (int i = 0; i < p->ret.ncategories; i++)
            if (strcmp(p->ret.categories[i].code, code) == 0) return p->ret.categories[i].name_en;
    }
    return NULL;
}

/* The roles that may place or lift a hold: <hold-roles>, else the purge
 * reviewer and approver. */
static int hold_roles(const policy *p, const char *v[], int max)
{
    const policy_strs *l = &p->ret.hold_roles;
    int n = 0;
    if (l->n) {
        for (int i = 0; i < l->n && n < max; i++) v[n++] = l->v[i];
    } else {
        if (p->ret.purge_reviewer && n < max) v[n++] = p->ret.purge_reviewer;
        if (p->ret.purge_approver && n < max) v[n++] = p->ret.purge_approver;
    }
    return n;
}

int policy_may_hold(const policy *p, const char *role)
{
    const char *v[64];
    int n = hold_roles(p, v, 64);
    for (int i = 0; role && i < n; i++)
        if (strcmp(v[i], role) == 0) return 1;
    return 0;
}

void policy_hold_roles_describe(const policy *p, char *out, size_t outsz)
{
    const char *v[64];
    int n = hold_roles(p, v, 64);
    size_t len = 0;
    out[0] = '\0';
    for (int i = 0; i < n && len < outsz; i++) {
        const char *zh = policy_vocab_name(p, POLICY_VOCAB_ROLE, v[i]);
        int w = snprintf(out + len, outsz - len, "%s%s (%s)", i ? ", " : "", v[i], zh ? zh : v[i]);
        if (w < 0) break;
        len += (size_t)w;
    }
    if (!n) snprintf(out, outsz, "nobody");
}

void policy_vocab_describe(const policy *p, policy_vocab_kind kind, char *out, size_t outsz)
{
    sbuf b = {0};
    if (!outsz) return;
    vocab_view v = p ? view_of(p, kind) : (vocab_view){ NULL, NULL, 0, 0 };
    for (int i = 0; i < v.n; i++) {
        if (i) sbuf_adds(&b, ", ");
        if (strcmp(vv_code(&v, i), vv_name(&v, i)) == 0) sbuf_adds(&b, vv_code(&v, i));
        else sbuf_printf(&b, "%s (%s)", vv_code(&v, i), vv_name(&v, i));
    }
    const char *s = b.p ? b.p : "";
    if (b.len < outsz) {
        memcpy(out, s, b.len + 1);
    } else if (outsz >= 8) {
        /* cut on a UTF-8 boundary, leaving room for "…" (3 bytes) and NUL */
        size_t cut = outsz - 4;
        while (cut > 0 && ((unsigned char)s[cut] & 0xC0) == 0x80) cut--;
        memcpy(out, s, cut);
        memcpy(out + cut, "\xE2\x80\xA6", 4);
    } else {
        out[0] = '\0';
    }
    sbuf_free(&b);
}

const policy_offense *policy_offense_find(const policy *p, const char *code)
{
    for (int i = 0; p && code && i < p->noffenses; i++)
        if (strcmp(p->offenses[i].code, code) == 0) return &p->offenses[i];
    return NULL;
}

const policy_category *policy_category_find(const policy *p, const char *code)
{
    for (int i = 0; p && code && i < p->ret.ncategories; i++)
        if (strcmp(p->ret.categories[i].code, code) == 0) return &p->ret.categories[i];
    return NULL;
}

const policy_sla *policy_sla_find(const policy *p, const char *code)
{
    for (int i = 0; p && code && i < p->vis.nslas; i++)
        if (strcmp(p->vis.slas[i].code, code) == 0) return &p->vis.slas[i];
    return NULL;
}

/* ------------------------------------------------------------------ */
/* calendar */

int policy_is_workday(const policy *p, int32_t day)
{
    const policy_calendar *cal = &p->cal;
    if (bsearch_day(cal->work, cal->nwork, day)) return 1;
    if (bsearch_day(cal->off, cal->noff, day)) return 0;
    return (cal->rest_mask & (1u << val_weekday(day))) == 0;
}

int policy_year_covered(const policy *p, int year)
{
    for (int i = 0; i < p->cal.nyears; i++)
        if (p->cal.years[i].year == year) return 1;
    return 0;
}

/* The longest stretch of days off: a holiday period (at most a year, as
 * each lies in its year) plus weekly rest around it; past it the loop
 * could only run on a calendar the loader rejects (no working weekday). */
#define POLICY_MAX_OFF_RUN 800

int32_t policy_next_workday(const policy *p, int32_t day)
{
    for (int i = 0; i < POLICY_MAX_OFF_RUN; i++, day++)
        if (policy_is_workday(p, day)) return day;
    return day;
}

int64_t policy_add_workdays(const policy *p, int64_t secs, int n)
{
    if (n <= 0) return secs;
    int64_t day = secs / 86400;
    if (secs % 86400 < 0) day--;                 /* floor for instants before 1970 */
    int64_t tod = secs - day * 86400;
    int32_t d = (int32_t)day;
    for (int i = 0; i < n; i++) d = policy_next_workday(p, d + 1);
    return (int64_t)d * 86400 + tod;
}

int64_t policy_add_duration(const policy *p, int64_t secs, const val_duration *d)
{
    if (d->workdays > 0) return policy_add_workdays(p, secs, d->workdays);
    return val_add_duration(secs, d);
}
