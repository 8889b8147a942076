/* tpl.c — the report template loader (tpl.h): libxml2, hardened like the
 * policy loader (no network, no entities substituted, DOCTYPE refused, no
 * external loads), validated against the embedded schemas/template.xsd,
 * then checked against the kind's sections and fields. */
#include "msg.h"
#include "tpl.h"
#include "xmlcfg.h"
#include "embed.h"

#include <libxml/parser.h>
#include <libxml/tree.h>
#include <libxml/xmlschemas.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define SCHEMA_NAME "schemas/template.xsd"

#if LIBXML_VERSION >= 21200
typedef const xmlError *tpl_xml_err;
#else
typedef xmlErrorPtr tpl_xml_err;
#endif

/* Loading state: the first problem found wins. */
typedef struct tload {
    const char *name;      /* template name for messages */
    kerr *e;               /* where the first problem goes */
    int bad;               /* 1 once a problem was recorded */
} tload;

static void problem(tload *c, long line, const char *fmt, const char *a, const char *b)
{
    if (c->bad) return;
    c->bad = 1;
    char msg[600];
    snprintf(msg, sizeof msg, fmt, a ? a : "", b ? b : "");
    if (line > 0) kerr_set(c->e, EXIT_DATAERR, "%s:%ld: %s", c->name, line, msg);
    else kerr_set(c->e, EXIT_DATAERR, "%s: %s", c->name, msg);
}

static void on_schema_error(void *ud, tpl_xml_err err)
{
    tload *c = ud;
    char msg[500];
    snprintf(msg, sizeof msg, "%s", err && err->message ? err->message : "does not match " SCHEMA_NAME);
    size_t n = strlen(msg);
    while (n && (msg[n - 1] == '\n' || msg[n - 1] == ' ')) msg[--n] = 0;
    problem(c, err ? err->line : 0, "%s%s", msg, "");
}

static void on_xsd_error(void *ud, tpl_xml_err err)
{
    kerr *e = ud;
    if (e && !e->code)
        kerr_set(e, EXIT_SOFTWARE, "%s line %d: %s", SCHEMA_NAME, err ? err->line : 0,
                 err && err->message ? err->message : msg_tr("cannot compile"));
}

static int validate(tload *c, xmlDocPtr doc)
{
    size_t xlen;
    const char *xsd = embed_get(SCHEMA_NAME, &xlen);
    if (!xsd) return kerr_set(c->e, EXIT_SOFTWARE, "%s is not embedded in this binary", SCHEMA_NAME);
    kerr xe = {0};
    int rc = -1;
    xmlSchemaParserCtxtPtr pc = xmlSchemaNewMemParserCtxt(xsd, (int)xlen);
    xmlSchemaPtr schema = NULL;
    xmlSchemaValidCtxtPtr vc = NULL;
    if (!pc) { kerr_set(c->e, EXIT_SOFTWARE, "%s: cannot create the schema parser", SCHEMA_NAME); goto out; }
    xmlSchemaSetParserStructuredErrors(pc, on_xsd_error, &xe);
    schema = xmlSchemaParse(pc);
    if (!schema) {
        if (xe.code) *c->e = xe;
        else kerr_set(c->e, EXIT_SOFTWARE, "%s: cannot compile the schema", SCHEMA_NAME);
        goto out;
    }
    vc = xmlSchemaNewValidCtxt(schema);
    if (!vc) { kerr_set(c->e, EXIT_SOFTWARE, "%s: cannot create the validator", SCHEMA_NAME); goto out; }
    xmlSchemaSetValidStructuredErrors(vc, on_schema_error, c);
    if (xmlSchemaValidateDoc(vc, doc) != 0) problem(c, 0, "the document does not match %s%s", SCHEMA_NAME, "");
    rc = 0;
out:
    if (vc) xmlSchemaFreeValidCtxt(vc);
    if (schema) xmlSchemaFree(schema);
    if (pc) xmlSchemaFreeParserCtxt(pc);
    return rc;
}

/* Iterative depth check (no recursion on input depth). */
static long too_deep(xmlNode *root)
{
    int depth = 1;
    xmlNode *n = root;
    while (n) {
        if (n->type == XML_ELEMENT_NODE && depth > TPL_MAX_DEPTH) return xmlGetLineNo(n);
        if (n->children && n->type == XML_ELEMENT_NODE) { n = n->children; depth++; continue; }
        while (n && !n->next && n != root) { n = n->parent; depth--; }
        if (!n || n == root) break;
        n = n->next;
    }
    return 0;
}

/* The attribute as a new string (caller frees), or NULL. */
static char *attr(xmlNode *n, const char *name)
{
    xmlChar *v = xmlGetProp(n, (const xmlChar *)name);
    if (!v) return NULL;
    char *s = xstrdup((const char *)v);
    xmlFree(v);
    return s;
}

static int is_el(xmlNode *n, const char *name)
{
    return n->type == XML_ELEMENT_NODE && strcmp((const char *)n->name, name) == 0;
}

static int find_str(const char *const *list, const char *s)
{
    for (int i = 0; list && list[i]; i++)
        if (strcmp(list[i], s) == 0) return i;
    return -1;
}

/* Lists a NULL-terminated name list into buf for a message. */
static void describe(const char *const *list, char *buf, size_t sz)
{
    size_t used = 0;
    buf[0] = 0;
    for (int i = 0; list && list[i] && used + 2 < sz; i++) {
        int w = snprintf(buf + used, sz - used, "%s%s", i ? ", " : "", list[i]);
        if (w < 0 || (size_t)w >= sz - used) break;
        used += (size_t)w;
    }
}

static void read_column(tload *c, const tpl_section_spec *ss, xmlNode *n, tpl_col *col)
{
    char *field = attr(n, "field"), *width = attr(n, "width"), *align = attr(n, "align");
    col->line = xmlGetLineNo(n);
    col->zh = attr(n, "zh");
    col->en = attr(n, "en");
    col->field = field ? find_str(ss->fields, field) : -1;
    if (col->field < 0) {
        char known[600];
        describe(ss->fields, known, sizeof known);
        char msg[700];
        snprintf(msg, sizeof msg, msg_tr("section '%s': unknown field '%s' (known: %s)"), ss->name,
                 field ? field : "", known);
        problem(c, col->line, "%s%s", msg, "");
    }
    if (width) {
        size_t wl = strlen(width);
        char *end = NULL;
        double v = strtod(width, &end);
        if (wl > 2 && strcmp(width + wl - 2, "mm") == 0) col->mm = v;
        else col->frac = v;
        if (!(v > 0)) problem(c, col->line, "column '%s': width '%s' must be more than 0", field, width);
    }
    col->align = TPL_LEFT;
    if (align && strcmp(align, "center") == 0) col->align = TPL_CENTER;
    if (align && strcmp(align, "right") == 0) col->align = TPL_RIGHT;
    char *wrap = attr(n, "wrap");
    col->wrap_words = wrap && strcmp(wrap, "words") == 0;
    free(wrap);
    free(field);
    free(width);
    free(align);
}

static void read_section(tload *c, const tpl_spec *spec, xmlNode *n, tpl_section *s, tpl *t)
{
    char *name = attr(n, "name"), *chart = attr(n, "chart");
    s->line = xmlGetLineNo(n);
    s->zh = attr(n, "zh");
    s->en = attr(n, "en");
    s->chart = -1;
    s->spec = -1;
    for (size_t i = 0; name && i < spec->nsecs; i++)
        if (strcmp(spec->secs[i].name, name) == 0) s->spec = (int)i;
    if (s->spec < 0) {
        char known[600] = "";
        size_t used = 0;
        for (size_t i = 0; i < spec->nsecs && used + 2 < sizeof known; i++) {
            int w = snprintf(known + used, sizeof known - used, "%s%s", i ? ", " : "", spec->secs[i].name);
            if (w < 0 || (size_t)w >= sizeof known - used) break;
            used += (size_t)w;
        }
        char msg[700];
        snprintf(msg, sizeof msg, msg_tr("unknown section '%s' for a %s report (known: %s)"), name ? name : "",
                 spec->kind, known);
        problem(c, s->line, "%s%s", msg, "");
        goto out;
    }
    for (size_t i = 0; i < t->nsecs; i++)
        if (&t->secs[i] != s && t->secs[i].spec == s->spec)
            problem(c, s->line, "section '%s' appears twice%s", name, "");
    const tpl_section_spec *ss = &spec->secs[s->spec];
    if (chart && strcmp(chart, "none") != 0) {
        s->chart = find_str(ss->charts, chart);
        if (s->chart < 0) {
            char known[300];
            describe(ss->charts, known, sizeof known);
            char msg[400];
            snprintf(msg, sizeof msg, msg_tr("section '%s': unknown chart '%s' (known: %s)"), name, chart,
                     known[0] ? known : "none");
            problem(c, s->line, "%s%s", msg, "");
        }
    }
    for (xmlNode *tb = n->children; tb; tb = tb->next) {
        if (!is_el(tb, "table")) continue;
        if (!ss->fields) {
            problem(c, xmlGetLineNo(tb), "section '%s' has no table%s", name, "");
            goto out;
        }
        size_t ncol = 0;
        for (xmlNode *col = tb->children; col; col = col->next)
            if (is_el(col, "column")) ncol++;
        s->cols = xcalloc(ncol ? ncol : 1, sizeof *s->cols);
        for (xmlNode *col = tb->children; col; col = col->next)
            if (is_el(col, "column")) read_column(c, ss, col, &s->cols[s->ncols++]);
    }
out:
    free(name);
    free(chart);
}

int tpl_load_mem(const char *buf, size_t len, const char *name, const tpl_spec *spec,
                 tpl **out, kerr *e)
{
    tload c = { name ? name : "template", e, 0 };
    xmlDocPtr doc = NULL;
    xmlcfg_result xr;
    tpl *t = NULL;
    *out = NULL;
    if (len > TPL_MAX_BYTES) {
        char n1[32];
        snprintf(n1, sizeof n1, "%zu", len);
        problem(&c, 0, "the file has %s bytes; a template may have at most 262144%s", n1, "");
        goto out;
    }
    doc = xmlcfg_parse(buf, len, c.name, &xr);
    if (xr.no_parser) { kerr_set(e, EXIT_SOFTWARE, "%s: cannot create an XML parser", c.name); c.bad = 1; goto out; }
    if (xr.doctype_line) {
        problem(&c, xr.doctype_line, "DOCTYPE is not allowed in a template (no DTD or entity is ever loaded)%s%s", "", "");
        goto out;
    }
    if (!doc) {
        problem(&c, xr.err_line, "not well-formed XML: %s%s", xr.err, "");
        goto out;
    }
    xmlNode *root = xmlDocGetRootElement(doc);
    if (!root) { problem(&c, 0, "the document has no root element%s%s", "", ""); goto out; }
    long deep = too_deep(root);
    if (deep) { problem(&c, deep, "elements nested too deeply%s%s", "", ""); goto out; }
    if (validate(&c, doc) < 0) { c.bad = 1; goto out; }
    if (c.bad) goto out;
    char *kind = attr(root, "kind");
    if (!kind || strcmp(kind, spec->kind) != 0)
        problem(&c, xmlGetLineNo(root), "this is a '%s' template; a '%s' template is needed", kind, spec->kind);
    free(kind);
    if (c.bad) goto out;

    t = xcalloc(1, sizeof *t);
    t->name = xstrdup(c.name);
    size_t nsec = 0;
    for (xmlNode *n = root->children; n; n = n->next)
        if (is_el(n, "section")) nsec++;
    t->secs = xcalloc(nsec ? nsec : 1, sizeof *t->secs);
    for (xmlNode *n = root->children; n; n = n->next) {
        if (is_el(n, "title")) { t->title_zh = attr(n, "zh"); t->title_en = attr(n, "en"); }
        else if (is_el(n, "empty")) { t->empty_zh = attr(n, "zh"); t->empty_en = attr(n, "en"); }
        else if (is_el(n, "section")) {
            tpl_section *s = &t->secs[t->nsecs++];
            read_section(&c, spec, n, s, t);
        }
    }
    if (!t->empty_zh) t->empty_zh = xstrdup("本期无记录");
    if (!t->empty_en) t->empty_en = xstrdup("No records in this period");
out:
    if (doc) xmlFreeDoc(doc);
    if (c.bad) { tpl_free(t); return -1; }
    *out = t;
    return 0;
}

int tpl_load(const tpl_spec *spec, const char *dir, tpl **out, kerr *e)
{
    *out = NULL;
    if (dir) {
        char *path = xasprintf("%s/%s.xml", dir, spec->kind), *buf = NULL;
        size_t len = 0;
        int rc = util_read_file(path, &buf, &len, e);
        if (rc == 0) rc = tpl_load_mem(buf, len, path, spec, out, e);
        free(buf);
        free(path);
        return rc;
    }
    char name[64];
    snprintf(name, sizeof name, "templates/reports/%s.xml", spec->kind);
    size_t len;
    const char *buf = embed_get(name, &len);
    if (!buf) return kerr_set(e, EXIT_SOFTWARE, "%s is not embedded in this binary", name);
    return tpl_load_mem(buf, len, name, spec, out, e);
}

void tpl_free(tpl *t)
{
    if (!t) return;
    for (size_t i = 0; i < t->nsecs; i++) {
        tpl_section *s = &t->secs[i];
        for (size_t j = 0; j < s->ncols; j++) { free(s->cols[j].zh); free(s->cols[j].en); }
        free(s->cols);
        free(s->zh);
        free(s->en);
    }
    free(t->secs);
    free(t->name);
    free(t->title_zh);
    free(t->title_en);
    free(t->empty_zh);
    free(t->empty_en);
    free(t);
}

const tpl_section *tpl_find(const tpl *t, int spec)
{
    for (size_t i = 0; i < t->nsecs; i++)
        if (t->secs[i].spec == spec) return &t->secs[i];
    return NULL;
}
