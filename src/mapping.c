/* mapping.c — reading mapping files and applying them to rows (mapping.h). */
#include "mapping.h"
#include "xmlcfg.h"
#include "embed.h"
#include "msg.h"

#include <ctype.h>
#include <stdarg.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <libxml/parser.h>
#include <libxml/xmlschemas.h>

#define MAP_SCHEMA "schemas/mapping.xsd"
#define MAP_MAX_BYTES (1 << 20)   /* a mapping is a page of XML; more is not one */
#define MAP_MAX_ALTS 16           /* header names or formats in one '|' list */

#if LIBXML_VERSION >= 21200
typedef const xmlError *map_xml_err;
#else
typedef xmlErrorPtr map_xml_err;
#endif

/* A '|'-separated list, split. */
typedef struct alts {
    int n;                        /* entries */
    char *v[MAP_MAX_ALTS];        /* the entries (owned) */
} alts;

typedef struct map_value {
    char *from;                   /* the source's text (owned) */
    char *to;                     /* what kefu reads instead, or NULL (owned) */
    int skip;                     /* 1: a row with this value is no record */
} map_value;

typedef struct map_field {
    int field;                    /* index into the kind's fields */
    alts headers;                 /* the source's names for it */
    alts formats;                 /* strptime formats of its value, or none */
    alts date_headers;            /* its date column's names, or none (a datetime in one column) */
    alts date_formats;            /* the date column's formats, or none */
    int nvalues;                  /* entries in values */
    map_value *values;            /* value maps (owned) */
    int repeated;                 /* 1: inside <repeat>; its headers hold the index */
} map_field;

struct mapping {
    char *name;                   /* as given to map_load (owned) */
    const kind_def *kind;         /* the kind it makes */
    int title_rows;               /* rows above the header */
    int nfields;                  /* entries in fields */
    map_field fields[KIND_MAX_FIELDS];
    int nignore;                  /* entries in ignore */
    char **ignore;                /* source columns dropped on purpose (owned) */
    char *rep_index;              /* <repeat index>: the text its headers hold, or NULL (owned) */
    int nreps;                    /* <repeat values>: entries in rep_values; 0 without <repeat> */
    char *rep_values[MAP_MAX_REPS]; /* what the index stands for in each repetition (owned) */
};

static void split(const char *s, alts *a)
{
    a->n = 0;
    while (s && *s && a->n < MAP_MAX_ALTS) {
        const char *q = strchr(s, '|');
        size_t n = q ? (size_t)(q - s) : strlen(s);
        a->v[a->n++] = xstrndup(s, n);
        if (!q) break;
        s = q + 1;
    }
}

static void alts_free(alts *a)
{
    for (int i = 0; i < a->n; i++) free(a->v[i]);
    a->n = 0;
}

void map_free(mapping *m)
{
    if (!m) return;
    for (int i = 0; i < m->nfields; i++) {
        map_field *f = &m->fields[i];
        alts_free(&f->headers);
        alts_free(&f->formats);
        alts_free(&f->date_headers);
        alts_free(&f->date_formats);
        for (int j = 0; j < f->nvalues; j++) {
            free(f->values[j].from);
            free(f->values[j].to);
        }
        free(f->values);
    }
    for (int i = 0; i < m->nignore; i++) free(m->ignore[i]);
    free(m->ignore);
    for (int i = 0; i < m->nreps; i++) free(m->rep_values[i]);
    free(m->rep_index);
    free(m->name);
    free(m);
}

const kind_def *map_kind(const mapping *m) { return m->kind; }
const char *map_name(const mapping *m) { return m->name; }
int map_title_rows(const mapping *m) { return m->title_rows; }
int map_reps(const mapping *m) { return m->nreps ? m->nreps : 1; }

/* An attribute's value (malloc'd) or NULL. */
static char *prop(xmlNode *n, const char *name)
{
    xmlChar *v = xmlGetProp(n, (const xmlChar *)name);
    if (!v) return NULL;
    char *s = xstrdup((const char *)v);
    xmlFree(v);
    return s;
}

/* The first schema problem, "NAME:LINE: message". */
static void on_schema_error(void *ud, map_xml_err err)
{
    sbuf *b = ud;
    if (b->len == 0 && err && err->message) {
        sbuf_printf(b, "%d: %s", err->line, err->message);
        while (b->len && (b->p[b->len - 1] == '\n')) b->p[--b->len] = '\0';
    }
}

static int validate(xmlDocPtr doc, sbuf *why, kerr *e)
{
    size_t xlen;
    const char *xsd = embed_get(MAP_SCHEMA, &xlen);
    if (!xsd) return kerr_set(e, EXIT_SOFTWARE, "%s is not embedded in this binary", MAP_SCHEMA);
    int rc = -1;
    xmlSchemaParserCtxtPtr pc = xmlSchemaNewMemParserCtxt(xsd, (int)xlen);
    xmlSchemaPtr schema = pc ? xmlSchemaParse(pc) : NULL;
    xmlSchemaValidCtxtPtr vc = schema ? xmlSchemaNewValidCtxt(schema) : NULL;
    if (!vc) {
        kerr_set(e, EXIT_SOFTWARE, "%s: cannot compile the schema", MAP_SCHEMA);
        goto out;
    }
    xmlSchemaSetValidStructuredErrors(vc, on_schema_error, why);
    if (xmlSchemaValidateDoc(vc, doc) != 0 && why->len == 0) sbuf_printf(why, msg_tr("0: the document does not match %s"), MAP_SCHEMA);
    rc = 0;
out:
    if (vc) xmlSchemaFreeValidCtxt(vc);
    if (schema) xmlSchemaFree(schema);
    if (pc) xmlSchemaFreeParserCtxt(pc);
    return rc;
}

/* One <field> (inside <repeat> when repeated); -1 with e filled for a
 * field the kind has not, one mapped twice, or a format on a field that is
 * no date or time. */
static int read_field(mapping *m, xmlNode *n, int repeated, kerr *e)
{
    long line = (long)xmlGetLineNo(n);
    char *name = prop(n, "name");
    int fi = kind_field_index(m->kind, name);
    if (fi < 0) {
        kerr_set(e, EXIT_DATAERR, "%s:%ld: field '%s' is not a field of kind %s", m->name, line, name,
                 m->kind->name);
        free(name);
        return -1;
    }
    for (int i = 0; i < m->nfields; i++)
        if (m->fields[i].field == fi) {
            kerr_set(e, EXIT_DATAERR, "%s:%ld: field '%s' is mapped twice", m->name, line, name);
            free(name);
            return -1;
        }
    free(name);
    map_field *f = &m->fields[m->nfields++];
    memset(f, 0, sizeof *f);
    f->field = fi;
    char *s;
    split(s = prop(n, "header"), &f->headers); free(s);
    split(s = prop(n, "format"), &f->formats); free(s);
    split(s = prop(n, "date-header"), &f->date_headers); free(s);
    split(s = prop(n, "date-format"), &f->date_formats); free(s);
    ftype t = m->kind->fields[fi].type;
    if (f->date_headers.n && t != FT_DATETIME) {
        kerr_set(e, EXIT_DATAERR, "%s:%ld: field '%s': date-header joins a date and a time, but the field is "
                 "not a date and time", m->name, line, m->kind->fields[fi].name);
        return -1;
    }
    if (f->formats.n && t != FT_DATE && t != FT_TIME && t != FT_DATETIME) {
        kerr_set(e, EXIT_DATAERR, "%s:%ld: field '%s': format is for dates and times only", m->name, line,
                 m->kind->fields[fi].name);
        return -1;
    }
    for (xmlNode *v = n->children; v; v = v->next) {
        if (v->type != XML_ELEMENT_NODE) continue;
        f->values = xrealloc(f->values, (size_t)(f->nvalues + 1) * sizeof *f->values);
        map_value *mv = &f->values[f->nvalues++];
        mv->from = prop(v, "from");
        mv->to = prop(v, "to");
        char *sk = prop(v, "skip");
        mv->skip = sk && (strcmp(sk, "true") == 0 || strcmp(sk, "1") == 0);
        free(sk);
        if (!mv->skip && !mv->to) {
            kerr_set(e, EXIT_DATAERR, "%s:%ld: value '%s' needs to= or skip=\"true\"", m->name,
                     (long)xmlGetLineNo(v), mv->from);
            return -1;
        }
    }
    m->fields[m->nfields - 1].repeated = repeated;
    return 0;
}

/* <repeat index values>: its fields, each repetition reading the columns
 * whose header has the index replaced by one of the values. */
static int read_repeat(mapping *m, xmlNode *n, kerr *e)
{
    long line = (long)xmlGetLineNo(n);
    m->rep_index = prop(n, "index");
    char *vals = prop(n, "values");
    for (char *p = vals, *q; p && *p && m->nreps < MAP_MAX_REPS; p = q) {
        while (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r') p++;
        if (!*p) break;
        q = p;
        while (*q && *q != ' ' && *q != '\t' && *q != '\n' && *q != '\r') q++;
        m->rep_values[m->nreps++] = xstrndup(p, (size_t)(q - p));
    }
    free(vals);
    if (!m->rep_index || !m->rep_index[0] || m->nreps == 0)
        return kerr_set(e, EXIT_DATAERR, "%s:%ld: repeat needs an index and at least one value", m->name, line);
    int with_index = 0;
    for (xmlNode *f = n->children; f; f = f->next) {
        if (f->type != XML_ELEMENT_NODE || xmlStrcmp(f->name, (const xmlChar *)"field") != 0) continue;
        if (read_field(m, f, 1, e)) return -1;
        const map_field *mf = &m->fields[m->nfields - 1];
        for (int i = 0; i < mf->headers.n; i++) with_index |= strstr(mf->headers.v[i], m->rep_index) != NULL;
    }
    if (!with_index)
        return kerr_set(e, EXIT_DATAERR, "%s:%ld: repeat: no header of its fields holds the index '%s' (every "
                        "repetition would read the same columns)", m->name, line, m->rep_index);
    return 0;
}

/* Reads the validated document into m; -1 with e filled for a field the
 * kind has not, or a value the schema cannot check. */
static int read_doc(mapping *m, xmlNode *root, kerr *e)
{
    char *kind = prop(root, "kind"), *tr = prop(root, "title-rows");
    m->kind = kind ? kind_by_name(kind) : NULL;
    if (!m->kind) {
        kerr_set(e, EXIT_DATAERR, "%s:%ld: kind '%s' is not a record kind", m->name, (long)xmlGetLineNo(root),
                 kind ? kind : "");
        free(kind);
        free(tr);
        return -1;
    }
    free(kind);
    m->title_rows = tr ? atoi(tr) : 0;   /* the schema bounds it to 0..10 */
    free(tr);
    for (xmlNode *n = root->children; n; n = n->next) {
        if (n->type != XML_ELEMENT_NODE) continue;
        if (xmlStrcmp(n->name, (const xmlChar *)"ignore") == 0) {
            m->ignore = xrealloc(m->ignore, (size_t)(m->nignore + 1) * sizeof *m->ignore);
            m->ignore[m->nignore++] = prop(n, "header");
            continue;
        }
        if (xmlStrcmp(n->name, (const xmlChar *)"repeat") == 0) {
            if (read_repeat(m, n, e)) return -1;
            continue;
        }
        if (xmlStrcmp(n->name, (const xmlChar *)"field") != 0) continue;
        if (read_field(m, n, 0, e)) return -1;
    }
    if (m->nfields == 0)
        return kerr_set(e, EXIT_DATAERR, "%s:%ld: the mapping maps no field", m->name, (long)xmlGetLineNo(root));
    return 0;
}

int map_load_mem(const char *buf, size_t len, const char *name, mapping **out, kerr *e)
{
    *out = NULL;
    if (len > MAP_MAX_BYTES)
        return kerr_set(e, EXIT_DATAERR, "%s: %zu bytes; a mapping may have at most %d", name, len, MAP_MAX_BYTES);
    mapping *m = xcalloc(1, sizeof *m);
    m->name = xstrdup(name);
    sbuf why = {0};
    int rc = -1;
    xmlcfg_result xr;
    xmlDocPtr doc = xmlcfg_parse(buf, len, name, &xr);
    if (xr.no_parser) { kerr_set(e, EXIT_SOFTWARE, "%s: cannot create an XML parser", name); goto out; }
    if (xr.doctype_line) {
        kerr_set(e, EXIT_DATAERR, "%s:%ld: DOCTYPE is not allowed in a mapping file", name, xr.doctype_line);
        goto out;
    }
    if (!doc) {
        kerr_set(e, EXIT_DATAERR, "%s:%ld: not well-formed XML: %s", name, xr.err_line, xr.err);
        goto out;
    }
    if (validate(doc, &why, e)) goto out;
    if (why.len) {
        kerr_set(e, EXIT_DATAERR, "%s:%s", name, why.p);
        goto out;
    }
    if (read_doc(m, xmlDocGetRootElement(doc), e)) goto out;
    *out = m;
    m = NULL;
    rc = 0;
out:
    sbuf_free(&why);
    if (doc) xmlFreeDoc(doc);
    map_free(m);
    return rc;
}

/* Collects the names of the embedded mappings. */
typedef struct each_ctx {
    void (*fn)(void *ctx, const char *name);
    void *ctx;
} each_ctx;

static void each_embedded(void *ctx, const char *name, const char *data, size_t len)
{
    each_ctx *c = ctx;
    static const char pre[] = "templates/mappings/";
    (void)data; (void)len;
    size_t n = strlen(name);
    if (strncmp(name, pre, sizeof pre - 1) != 0 || n < sizeof pre + 4 || strcmp(name + n - 4, ".xml") != 0) return;
    char base[128];
    snprintf(base, sizeof base, "%.*s", (int)(n - (sizeof pre - 1) - 4), name + sizeof pre - 1);
    c->fn(c->ctx, base);
}

void map_each_shipped(void (*fn)(void *ctx, const char *name), void *ctx)
{
    each_ctx c = { fn, ctx };
    embed_each(each_embedded, &c);
}

static void add_name(void *ctx, const char *name)
{
    sbuf *b = ctx;
    sbuf_printf(b, "%s%s", b->len ? ", " : "", name);
}

int map_load(const char *arg, mapping **out, kerr *e)
{
    *out = NULL;
    char path[256];
    size_t len;
    const char *txt = NULL;
    if (strlen(arg) < 100 && !strchr(arg, '/') && access(arg, F_OK) != 0) {
        snprintf(path, sizeof path, "templates/mappings/%s.xml", arg);
        txt = embed_get(path, &len);
        if (!txt) {
            sbuf names = {0};
            map_each_shipped(add_name, &names);
            kerr_set(e, EXIT_USAGE, "--mapping: '%s' is neither a file nor a shipped mapping (%s)", arg,
                     names.p ? names.p : "none");
            sbuf_free(&names);
            return -1;
        }
        return map_load_mem(txt, len, arg, out, e);
    }
    char *buf = NULL;
    size_t n = 0;
    kerr fe;
    kerr_clear(&fe);
    if (util_read_file(arg, &buf, &n, &fe))
        return kerr_set(e, EXIT_NOINPUT, "%s", fe.msg);
    int rc = map_load_mem(buf, n, arg, out, e);
    free(buf);
    return rc;
}

static int in_alts(const alts *a, const char *s)
{
    for (int i = 0; i < a->n; i++)
        if (strcmp(a->v[i], s) == 0) return 1;
    return 0;
}

/* a's entries with the index replaced by `val` (malloc'd into out). */
static void expand(const alts *a, const char *index, const char *val, alts *out)
{
    out->n = 0;
    for (int i = 0; i < a->n; i++) {
        sbuf b = {0};
        size_t il = strlen(index);
        for (const char *p = a->v[i]; *p;) {
            const char *q = *index ? strstr(p, index) : NULL;
            if (!q) { sbuf_adds(&b, p); break; }
            sbuf_add(&b, p, (size_t)(q - p));
            sbuf_adds(&b, val);
            p = q + il;
        }
        out->v[out->n++] = b.p ? b.p : xstrdup("");
    }
}

/* The header names of each field in each repetition (a shared field's are
 * its own in every one). */
typedef struct rep_names {
    alts h[MAP_MAX_REPS][KIND_MAX_FIELDS];   /* per repetition and mapped field (index j) */
    alts d[MAP_MAX_REPS][KIND_MAX_FIELDS];   /* the same for date-header */
} rep_names;

static void rep_names_make(const mapping *m, rep_names *rn)
{
    for (int r = 0; r < map_reps(m); r++)
        for (int j = 0; j < m->nfields; j++) {
            const map_field *f = &m->fields[j];
            if (f->repeated) {
                expand(&f->headers, m->rep_index, m->rep_values[r], &rn->h[r][j]);
                expand(&f->date_headers, m->rep_index, m->rep_values[r], &rn->d[r][j]);
            } else {
                expand(&f->headers, "", "", &rn->h[r][j]);          /* copies */
                expand(&f->date_headers, "", "", &rn->d[r][j]);
            }
        }
}

static void rep_names_free(const mapping *m, rep_names *rn)
{
    for (int r = 0; r < map_reps(m); r++)
        for (int j = 0; j < m->nfields; j++) {
            alts_free(&rn->h[r][j]);
            alts_free(&rn->d[r][j]);
        }
}

int map_header(const mapping *m, const char *const *names, int n, map_cols *mc, sbuf *unknown, char **msg)
{
    int nr = map_reps(m);
    for (int f = 0; f < KIND_MAX_FIELDS; f++) {
        mc->col[f] = mc->date_col[f] = -1;
        for (int r = 0; r < MAP_MAX_REPS; r++) mc->rcol[r][f] = mc->rdate_col[r][f] = -1;
    }
    *msg = NULL;
    rep_names *rn = xcalloc(1, sizeof *rn);
    rep_names_make(m, rn);
    for (int i = 0; i < n; i++) {
        int used = 0;
        for (int r = 0; r < nr; r++)
            for (int j = 0; j < m->nfields; j++) {
                const map_field *f = &m->fields[j];
                if (r > 0 && !f->repeated) continue;   /* a shared field is matched once */
                if (mc->rcol[r][f->field] < 0 && in_alts(&rn->h[r][j], names[i])) {
                    mc->rcol[r][f->field] = i;
                    used = 1;
                } else if (mc->rdate_col[r][f->field] < 0 && in_alts(&rn->d[r][j], names[i])) {
                    mc->rdate_col[r][f->field] = i;
                    used = 1;
                }
            }
        for (int j = 0; !used && j < m->nignore; j++) used = strcmp(m->ignore[j], names[i]) == 0;
        if (!used && unknown && names[i][0]) {
            sbuf_printf(unknown, "%s'", unknown->len ? ", " : "");
            sbuf_adds(unknown, names[i]);
            sbuf_addc(unknown, '\'');
        }
    }
    for (int j = 0; j < m->nfields; j++) {
        const map_field *f = &m->fields[j];
        int fi = f->field;
        if (!f->repeated)
            for (int r = 1; r < nr; r++) {
                mc->rcol[r][fi] = mc->rcol[0][fi];
                mc->rdate_col[r][fi] = mc->rdate_col[0][fi];
            }
        /* col / date_col: the first repetition that has the column (its date
         * column too, when the field needs one) */
        for (int r = 0; r < nr && mc->col[fi] < 0; r++)
            if (mc->rcol[r][fi] >= 0 && (f->date_headers.n == 0 || mc->rdate_col[r][fi] >= 0)) {
                mc->col[fi] = mc->rcol[r][fi];
                mc->date_col[fi] = mc->rdate_col[r][fi];
            }
        if (mc->col[fi] < 0) {
            mc->col[fi] = mc->rcol[0][fi];
            mc->date_col[fi] = mc->rdate_col[0][fi];
        }
    }
    int ret = 0;
    for (int j = 0; j < m->nfields; j++) {
        const map_field *f = &m->fields[j];
        if (mc->col[f->field] >= 0 && (f->date_headers.n == 0 || mc->date_col[f->field] >= 0)) continue;
        const kfield *kf = &m->kind->fields[f->field];
        if (!kf->required) continue;
        const alts *miss = mc->col[f->field] < 0 ? &rn->h[0][j] : &rn->d[0][j];
        sbuf b = {0};
        for (int i = 0; i < miss->n; i++) sbuf_printf(&b, "%s'%s'", i ? msg_tr(" or ") : "", miss->v[i]);
        *msg = xasprintf(msg_tr("header has no column %s for field '%s' (mapping %s), required for kind %s"),
                         b.p ? b.p : "", kf->name, m->name, m->kind->name);
        sbuf_free(&b);
        ret = -1;
        break;
    }
    rep_names_free(m, rn);
    free(rn);
    return ret;
}

/* Parses s with the first of the formats that reads it whole (a space and
 * a note, such as the weekday, may follow); 0 and *tm, or -1. */
static int parse_tm(const char *s, const alts *fmts, struct tm *tm)
{
    for (int i = 0; i < fmts->n; i++) {
        memset(tm, 0, sizeof *tm);
        const char *rest = strptime(s, fmts->v[i], tm);
        /* %Y reads "26" of "26-11-16" as the year 26: a four-digit year
         * format must give one, so that %y gets its turn */
        if (rest && strstr(fmts->v[i], "%Y") && tm->tm_year + 1900 < 1000) continue;
        if (rest && (*rest == '\0' || *rest == ' ')) return 0;
    }
    return -1;
}

int map_row(const mapping *m, const map_cols *mc, int rep, const char *const *cells, int ncells,
            map_rowbuf *rb, const char **vals)
{
    for (int f = 0; f < KIND_MAX_FIELDS; f++) vals[f] = NULL;
    if (rep < 0 || rep >= map_reps(m)) return 1;
    for (int j = 0; j < m->nfields; j++) {
        const map_field *f = &m->fields[j];
        int c = mc->rcol[rep][f->field], dc = mc->rdate_col[rep][f->field];
        const char *v = c >= 0 && c < ncells ? cells[c] : NULL;
        const char *d = dc >= 0 && dc < ncells ? cells[dc] : NULL;
        for (int k = 0; v && k < f->nvalues; k++) {
            if (strcmp(f->values[k].from, v) != 0) continue;
            if (f->values[k].skip) return 1;
            v = f->values[k].to;
            break;
        }
        if (v && !*v) v = NULL;
        ftype t = m->kind->fields[f->field].type;
        char *out = rb->text[f->field];
        struct tm tm;
        if (v && f->formats.n && parse_tm(v, &f->formats, &tm) == 0) {
            /* reformatted to kefu's own form; a value no format reads stays
             * as it is, for ingest to reject with its own message */
            if (t == FT_DATE) strftime(out, sizeof rb->text[0], "%Y-%m-%d", &tm);
            else if (t == FT_TIME || f->date_headers.n) strftime(out, sizeof rb->text[0], "%H:%M:%S", &tm);
            else strftime(out, sizeof rb->text[0], "%Y-%m-%d %H:%M:%S", &tm);
            v = out;
        }
        if (v && f->date_headers.n) {
            /* a date column and a time column make the datetime */
            char date[64];
            if (d && f->date_formats.n && parse_tm(d, &f->date_formats, &tm) == 0)
                strftime(date, sizeof date, "%Y-%m-%d", &tm);
            else
                snprintf(date, sizeof date, "%s", d ? d : "");
            char tmp[128];
            snprintf(tmp, sizeof tmp, "%s %s", date, v);
            snprintf(out, sizeof rb->text[0], "%s", tmp);
            v = out;
        }
        vals[f->field] = v;
    }
    if (m->nreps) {
        /* a repetition whose required repeated fields are all empty (or,
         * with none required, all its repeated fields) is no record */
        int nreq = 0, any_req = 0, any = 0;
        for (int j = 0; j < m->nfields; j++) {
            const map_field *f = &m->fields[j];
            if (!f->repeated) continue;
            any |= vals[f->field] != NULL;
            if (m->kind->fields[f->field].required) {
                nreq++;
                any_req |= vals[f->field] != NULL;
            }
        }
        if (nreq ? !any_req : !any) return 1;
    }
    return 0;
}
