/* xmlcfg.c — see xmlcfg.h. */
#include "xmlcfg.h"
#include "msg.h"

#include <libxml/parser.h>
#include <libxml/xmlerror.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

/* libxml2 2.12 made the structured handler's error const. */
#if LIBXML_VERSION >= 21200
typedef const xmlError *xmlcfg_err;
#else
typedef xmlErrorPtr xmlcfg_err;
#endif

/* Second line of defence: no external entity, DTD or schema is ever
 * loaded from outside (the DOCTYPE check is the first). */
static xmlParserInputPtr refuse_loader(const char *url, const char *id, xmlParserCtxtPtr ctxt)
{
    (void)url; (void)id; (void)ctxt;
    return NULL;
}

/* A DOCTYPE stops the parse; its line goes to the result (ctxt->_private). */
static void on_internal_subset(void *ctx, const xmlChar *name, const xmlChar *ext, const xmlChar *sys)
{
    xmlParserCtxtPtr ctxt = ctx;
    xmlcfg_result *r = ctxt->_private;
    (void)name; (void)ext; (void)sys;
    if (r && !r->doctype_line) r->doctype_line = ctxt->input && ctxt->input->line > 0 ? ctxt->input->line : 1;
    xmlStopParser(ctxt);
}

/* One line of text: line breaks become spaces, trailing spaces go. */
static void one_line(char *s)
{
    for (char *q = s; *q; q++)
        if (*q == '\n' || *q == '\r') *q = ' ';
    size_t n = strlen(s);
    while (n && s[n - 1] == ' ') s[--n] = '\0';
}

/* The first message libxml2 sends to its global channels during a parse
 * (an encoding error goes there, not to the parser context), kept here
 * instead of printed on stderr. */
typedef struct first_msg {
    char text[400];
} first_msg;

static void first_generic(void *ud, const char *fmt, ...)
{
    first_msg *f = ud;
    if (f->text[0]) return;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(f->text, sizeof f->text, fmt, ap);
    va_end(ap);
    one_line(f->text);
}

static void first_structured(void *ud, xmlcfg_err err)
{
    if (err && err->message) first_generic(ud, "%s", err->message);
}

xmlDocPtr xmlcfg_parse(const char *buf, size_t len, const char *name, xmlcfg_result *r)
{
    static int inited;
    if (!inited) {
        inited = 1;
        xmlInitParser();
        xmlSetExternalEntityLoader(refuse_loader);
    }
    memset(r, 0, sizeof *r);
    xmlParserCtxtPtr ctxt = xmlNewParserCtxt();
    if (!ctxt) {
        r->no_parser = 1;
        snprintf(r->err, sizeof r->err, "%s", msg_tr("cannot create an XML parser"));
        return NULL;
    }
    ctxt->sax->internalSubset = on_internal_subset;
    ctxt->_private = r;
    first_msg first = { "" };
    xmlGenericErrorFunc old_generic = xmlGenericError;
    void *old_generic_ctx = xmlGenericErrorContext;
    xmlStructuredErrorFunc old_structured = xmlStructuredError;
    void *old_structured_ctx = xmlStructuredErrorContext;
    xmlSetGenericErrorFunc(&first, first_generic);
    xmlSetStructuredErrorFunc(&first, first_structured);
    /* no NOENT (no substitution), no DTDLOAD, no XINCLUDE; NONET */
    xmlDocPtr doc = xmlCtxtReadMemory(ctxt, buf, (int)len, name, NULL,
                                      XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING |
                                      XML_PARSE_BIG_LINES | XML_PARSE_NOCDATA);
    xmlSetGenericErrorFunc(old_generic_ctx, old_generic);
    xmlSetStructuredErrorFunc(old_structured_ctx, old_structured);
    if (!r->doctype_line && (!doc || !ctxt->wellFormed)) {
        const xmlError *xe = xmlCtxtGetLastError(ctxt);
        r->err_line = xe ? xe->line : 0;
        /* an encoding error is the cause of what the parser says next
         * ("Premature end of data"): name it */
        if (first.text[0] && (strstr(first.text, "conversion failed") || strstr(first.text, "encod")))
            snprintf(r->err, sizeof r->err, "%s", first.text);
        else
            snprintf(r->err, sizeof r->err, "%s", xe && xe->message ? xe->message : msg_tr("cannot parse"));
        one_line(r->err);
        if (!r->err[0]) snprintf(r->err, sizeof r->err, "%s", msg_tr("cannot parse"));
    }
    if (r->doctype_line || r->err[0]) {
        if (doc) xmlFreeDoc(doc);
        doc = NULL;
    }
    xmlFreeParserCtxt(ctxt);
    return doc;
}
