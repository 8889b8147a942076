/* xmlin.c — the streaming XML reader for record files (SPEC §5).
 *
 * How it reads: libxml2's SAX2 push parser is fed the document in
 * XMLIN_CHUNK pieces, from memory or from the caller's read function (the parser keeps only the unconsumed tail, so its
 * memory does not grow with the file). SAX2 rather than xmlTextReader: on
 * a 1,000,000-record attendance file (238 MB, schema validation on both)
 * this reader took 2.9-3.4 s of CPU against 3.9-5.1 s for an
 * xmlTextReader loop doing less work. The callbacks also give the depth
 * and text-size limits a natural place.
 *
 * The structure: the handlers enforce what the kind's XSD
 * (schemas/KIND.xsd, generated from kinds.c) allows — the root named after
 * the kind and in no namespace, only <record> elements in it, in a record
 * only the kind's field elements, each at most once and in any order, a
 * field holding text only, no attributes, no character data between
 * elements but white space — with messages that say what was expected.
 * libxml2's XSD validator used to run on the same events (xmlSchemaSAXPlug)
 * as a second opinion; it cost 2.6 s of the 7.3 s of CPU a million
 * records took (issue 15), and tests/e2e/xsdequiv.sh shows it finds nothing
 * these checks miss: every document of its corpus that `xmllint --schema`
 * rejects, kefu rejects. Where the two differ kefu is the stricter: a
 * value's limit is 65,536 bytes, not characters, and xsi: attributes,
 * which a validator lets through, are attributes like any other.
 *
 * Text is collected into one text node (see flush_text). xmlStopParser is
 * called only at the end of a handler: it frees the input buffer that the
 * event's data points into.
 *
 * Before libxml2 sees each chunk, a stateful scan (tagscan) refuses start tags with many
 * attributes (libxml2 2.9 handles them in quadratic time).
 *
 * Errors: the first error is the one reported, with one exception — the
 * hostile-input limits (DOCTYPE, depth, text size, wrong root) stop the
 * parse at once and win over an earlier ordinary error. After an ordinary
 * error (one of the structure checks) the parse
 * runs on to the end of the current record so that a nesting bomb inside
 * it is still named as one; after a well-formedness error libxml2 stops
 * calling us by itself. Records before the error have been delivered: the
 * caller drops them (one transaction per file). libxml2's messages arrive
 * through structured error handlers (ours while a parse runs, the previous
 * ones restored afterwards), never on stderr.
 *
 * Kept state: none beyond libxml2's own (xmlin_init). kefu is
 * single-threaded; so is this module. */
#include "msg.h"
#include "xmlin.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/parser.h>
#include <libxml/parserInternals.h>
#include <libxml/SAX2.h>
#include <libxml/xmlerror.h>

/* The format needs 3 levels (<kind><record><field>); anything deeper than
 * this is hostile and stops the parse at once, before libxml2's own limit
 * of 256 (SPEC §5: deep nesting must fail fast with bounded memory). */
#define XMLIN_MAX_DEPTH 16

/* Attributes (and namespace declarations) allowed on one start tag by the
 * raw-byte scan that runs before libxml2 (see tagscan): record files have
 * none, a few namespace declarations are harmless, thousands are an attack
 * on libxml2's quadratic duplicate check. */
#define XMLIN_MAX_ATTRS 32

/* Bytes handed to the push parser per call. After a fatal error libxml2
 * stops calling us but still parses the rest of the chunk it was given, so
 * a small chunk bounds that work; 16, 64 and 256 KiB measured the same on
 * the 1,000,000-record file. */
#define XMLIN_CHUNK (16 * 1024)

/* The message body of an error, before "NAME:LINE: " is put in front. */
#define XMLIN_MSG 900

/* Error classes, in increasing priority. */
enum {
    XERR_NONE = 0,
    XERR_ORDINARY, /* a well-formedness or structure error */
    XERR_FATAL     /* a hostile-input limit: reported even after an ordinary error */
};

/* The state of one parse (or one sniff), the user data of every handler. */
typedef struct pstate {
    const char *name;            /* input name, for messages */
    const kind_def *kind;        /* the kind being read; NULL while sniffing */
    int sniff;                   /* 1: stop at the root element */
    char root_name[128];         /* sniff: the root's local name (clipped), "" before it */
    int root_ns;                 /* sniff: 1 when the root is in a namespace */
    xmlParserCtxtPtr pctxt;      /* the parser, for line numbers and xmlStopParser */
    int depth;                   /* open elements */
    const xmlChar *names[XMLIN_MAX_DEPTH + 1]; /* local name of each open element (1-based) */
    long lines[XMLIN_MAX_DEPTH + 1];           /* line of each open element's start tag */
    sbuf tnode;                  /* the current text node, until the next element event */
    int field;                   /* index of the open field element, -1 when none */
    sbuf vals[KIND_MAX_FIELDS];  /* text of each field of the current record */
    int present[KIND_MAX_FIELDS];/* 1 when the field's element appeared in the record */
    long rec_line;               /* line of the current <record> start tag */
    xmlin_record_fn fn;          /* the caller's callback */
    void *ctx;                   /* its context */
    int cb_stopped;              /* 1: fn returned -1 */
    int stop_wanted;             /* 1: stop at the end of the current handler */
    int stopped;                 /* 1: xmlStopParser was called */
    int err_class;               /* XERR_* of the recorded error */
    int stop_at_record_end;      /* 1: an ordinary error; stop when back at depth <= 2 */
    long err_line;               /* line of the recorded error */
    int err_code;                /* libxml2's code for it (xmlParserErrors), 0 for ours */
    char err_msg[XMLIN_MSG];     /* the recorded error, without "NAME:LINE: " */
    unsigned char conv[4];       /* the bytes an encoding conversion failed on */
    int nconv;                   /* how many (0: no conversion error to place) */
} pstate;

static void apply_stop(pstate *st);

static int initialised;                  /* xmlin_init has run */

/* The external entity loader: refuses every load. kefu never needs one and
 * rejects DOCTYPEs before any could be asked for; this is the second line
 * of defence should an entity or a DTD ever be reached (libxml2's default
 * loader would read files and URLs). */
static xmlParserInputPtr refuse_load(const char *url, const char *id, xmlParserCtxtPtr ctxt)
{
    (void)url;
    (void)id;
    (void)ctxt;
    return NULL;
}

void xmlin_init(void)
{
    if (initialised) return;
    xmlInitParser();
    xmlSetExternalEntityLoader(refuse_load);
    initialised = 1;
}

void xmlin_cleanup(void)
{
    /* nothing kept: the compiled XSDs of earlier versions are gone */
}

/* Returns the parser's current line (1 when unknown). */
static long cur_line(const pstate *st)
{
    if (st->pctxt && st->pctxt->input && st->pctxt->input->line > 0)
        return st->pctxt->input->line;
    return 1;
}

/* Records an error of class cls at line (0: the parser's line). An
 * ordinary error keeps the first and lets the parse run to the end of the
 * record; a fatal one replaces an ordinary one and stops the parse. */
static void record_err(pstate *st, int cls, long line, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
static void record_err(pstate *st, int cls, long line, const char *fmt, ...)
{
    if (st->err_class < cls) {
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(st->err_msg, sizeof st->err_msg, msg_tr(fmt), ap);
        va_end(ap);
        st->err_line = line > 0 ? line : cur_line(st);
        st->err_class = cls;
        st->err_code = 0;
    }
    if (cls == XERR_FATAL) st->stop_wanted = 1;
    else st->stop_at_record_end = 1;
}

/* Copies libxml2's message into out as one clean line: newlines and tabs
 * become spaces, runs of spaces collapse, "Element 'x': " becomes
 * "element <x>: ", and the ends are trimmed. */
static void clean_message(const char *in, char *out, size_t outsz)
{
    size_t o = 0;
    int space = 0;
    const char *p = in ? in : "unknown XML error";
    if (strncmp(p, "Element '", 9) == 0) {
        const char *q = strstr(p + 9, "': ");
        if (q && (size_t)(q - (p + 9)) < 200) {
            int n = snprintf(out, outsz, msg_tr("element <%.*s>: "), (int)(q - (p + 9)), p + 9);
            if (n > 0 && (size_t)n < outsz) o = (size_t)n;
            p = q + 3;
        }
    }
    for (; *p && o + 1 < outsz; p++) {
        char c = *p;
        if (c == '\n' || c == '\r' || c == '\t') c = ' ';
        if (c == ' ') {
            if (space || o == 0) continue;
            space = 1;
        } else {
            space = 0;
        }
        out[o++] = c;
    }
    while (o > 0 && out[o - 1] == ' ') o--;
    out[o] = '\0';
}

/* libxml2's structured error handler (parser and encoder): keeps
 * the first error as one clean line; warnings are dropped. */
static void on_xml_error(void *user, xmlErrorPtr err)
{
    pstate *st = user;
    if (!st || !err || err->level == XML_ERR_WARNING) return;
    char msg[XMLIN_MSG - 100];
    clean_message(err->message, msg, sizeof msg);
    long line = err->line > 0 ? err->line : 0;
    if (err->domain == XML_FROM_PARSER && err->code == XML_ERR_INVALID_CHAR &&
        strstr(msg, "not proper UTF-8")) {
        /* "Input is not proper UTF-8, indicate encoding ! Bytes: 0x.." */
        const char *bytes = strstr(msg, "Bytes:");
        record_err(st, XERR_ORDINARY, line,
                   "the text is not valid UTF-8 (%s); declare the file's encoding, "
                   "e.g. <?xml version=\"1.0\" encoding=\"GB18030\"?>",
                   bytes ? bytes : msg_tr("bad bytes"));
        return;
    }
    if (err->domain == XML_FROM_PARSER && err->code == XML_ERR_DOCUMENT_END && st->depth > 0 &&
        st->depth <= XMLIN_MAX_DEPTH) {
        /* the push parser's word for a document cut short */
        record_err(st, XERR_ORDINARY, line,
                   "the document ends inside <%s> (opened on line %ld): the file is truncated",
                   (const char *)st->names[st->depth], st->lines[st->depth]);
        return;
    }
    int had = st->err_class;
    record_err(st, XERR_ORDINARY, line, "%s", msg);
    if (had == XERR_NONE && st->err_class == XERR_ORDINARY) st->err_code = err->code;
    if (had == XERR_NONE && err->domain == XML_FROM_I18N) {
        /* "input conversion failed due to input error, bytes 0xEC 0x3C …":
         * libxml2 converts a whole chunk when it is fed and names the line
         * its parser stands on, not the bad bytes' line; run_parser finds
         * the bytes in the chunk and puts the right line in (place_conv). */
        const char *b = strstr(msg, "bytes ");
        st->nconv = 0;
        while (b && st->nconv < 4 && (b = strstr(b, "0x")) != NULL) {
            char *end;
            unsigned long v = strtoul(b + 2, &end, 16);
            if (end == b + 2 || v > 255) break;
            st->conv[st->nconv++] = (unsigned char)v;
            b = end;
        }
    }
}

/* Puts the line of a conversion error right: the first place in the chunk
 * just fed (which starts on line `line0`) where the bytes libxml2 quoted
 * occur. */
static void place_conv(pstate *st, const char *chunk, size_t n, long line0)
{
    if (st->nconv == 0) return;
    const char *hit = memmem(chunk, n, st->conv, (size_t)st->nconv);
    if (hit) {
        long line = line0;
        for (const char *q = chunk; (q = memchr(q, '\n', (size_t)(hit - q))) != NULL; q++) line++;
        st->err_line = line;
    }
    st->nconv = 0;
}

/* libxml2's generic error channel (a few internal paths still use it):
 * keeps the message if nothing better was recorded, never prints. */
static void on_generic_error(void *user, const char *fmt, ...)
{
    pstate *st = user;
    if (!st || st->err_class != XERR_NONE) return;
    char raw[XMLIN_MSG - 100], msg[XMLIN_MSG - 100];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(raw, sizeof raw, fmt, ap);
    va_end(ap);
    clean_message(raw, msg, sizeof msg);
    if (msg[0]) record_err(st, XERR_ORDINARY, 0, "%s", msg);
}

/* The DOCTYPE handler (internal and external subset): a record file has no
 * DTD; stopping here means no entity declaration is ever parsed. */
static void on_doctype(void *user, const xmlChar *name, const xmlChar *ext_id,
                       const xmlChar *sys_id)
{
    pstate *st = user;
    char clean[200], what[80], root[80];
    clean_message(sys_id ? (const char *)sys_id : ext_id ? (const char *)ext_id : "", clean,
                  sizeof clean);
    util_clip(clean, what, sizeof what);
    util_clip(name ? (const char *)name : "", root, sizeof root);
    record_err(st, XERR_FATAL, 0,
               "DOCTYPE is not allowed (<!DOCTYPE %s%s%s%s>): record files carry no DTD, "
               "entities or external subset",
               root, what[0] ? " \"" : "", what, what[0] ? "\"" : "");
    apply_stop(st);
}

/* Writes "employee_id, date, …" (the kind's field names) into out. */
static void field_list(const kind_def *k, char *out, size_t outsz)
{
    size_t o = 0;
    out[0] = '\0';
    for (int i = 0; i < k->nfields; i++) {
        int n = snprintf(out + o, outsz - o, "%s%s", i ? ", " : "", k->fields[i].name);
        if (n < 0 || (size_t)n >= outsz - o) break;
        o += (size_t)n;
    }
}

/* Writes "employee, attendance, …" (every kind's name) into out. */
static void kind_list(char *out, size_t outsz)
{
    size_t o = 0;
    out[0] = '\0';
    for (int i = 0; i < KIND_COUNT; i++) {
        int n = snprintf(out + o, outsz - o, "%s%s", i ? ", " : "", kind_all()[i].name);
        if (n < 0 || (size_t)n >= outsz - o) break;
        o += (size_t)n;
    }
}

/* Requests a stop; apply_stop carries it out at the end of the handler
 * (xmlStopParser frees the input buffer that the event's text points
 * into). */
static void want_stop(pstate *st)
{
    st->stop_wanted = 1;
}

static void apply_stop(pstate *st)
{
    if (st->stop_wanted && !st->stopped && st->pctxt) {
        xmlStopParser(st->pctxt);
        st->stopped = 1;
    }
}

/* Hands the finished record to the caller unless an error was recorded. */
static void deliver(pstate *st)
{
    if (st->err_class != XERR_NONE || st->cb_stopped) return;
    const char *ptrs[KIND_MAX_FIELDS];
    for (int i = 0; i < st->kind->nfields; i++)
        ptrs[i] = !st->present[i] ? NULL : st->vals[i].p ? st->vals[i].p : "";
    if (st->fn(st->ctx, st->kind, st->rec_line, ptrs) != 0) {
        st->cb_stopped = 1;
        want_stop(st);
    }
}

/* Checks the start of the root element (depth 1). */
static void root_start(pstate *st, const xmlChar *local, const xmlChar *uri)
{
    if (st->sniff) {
        util_clip((const char *)local, st->root_name, sizeof st->root_name);
        st->root_ns = uri != NULL;
        want_stop(st);
        return;
    }
    if (uri || strcmp((const char *)local, st->kind->name) != 0)
        record_err(st, XERR_FATAL, 0, "root element <%s>%s is not <%s>", (const char *)local,
                   uri ? msg_tr(" (in a namespace)") : "", st->kind->name);
}

/* Checks the start of a record's field (depth 3) and opens its value. */
static void field_start(pstate *st, const xmlChar *local, const xmlChar *uri)
{
    const kind_def *k = st->kind;
    int f = -1;
    if (!uri)
        for (int i = 0; i < k->nfields && f < 0; i++)
            if (strcmp(k->fields[i].name, (const char *)local) == 0) f = i;
    if (f < 0) {
        char list[600];
        field_list(k, list, sizeof list);
        record_err(st, XERR_ORDINARY, 0, "element <%s>%s is not a field of %s: expected one of %s",
                   (const char *)local, uri ? msg_tr(" (in a namespace)") : "", k->name, list);
        return;
    }
    if (st->present[f]) {
        record_err(st, XERR_ORDINARY, 0, "field <%s> appears twice in one record",
                   k->fields[f].name);
        return;
    }
    st->present[f] = 1;
    st->field = f;
}

/* Our checks of an element start; they only record errors. */
static void check_start(pstate *st, int depth, const xmlChar *local, const xmlChar *uri,
                        int nb_attr, const xmlChar **attrs)
{
    if (depth > XMLIN_MAX_DEPTH) {
        record_err(st, XERR_FATAL, 0,
                   "element <%s> is nested deeper than %d levels (a record file needs 3: "
                   "<kind><record><field>)",
                   (const char *)local, XMLIN_MAX_DEPTH);
        return;
    }
    st->names[depth] = local;
    st->lines[depth] = cur_line(st);
    if (depth == 1) {
        root_start(st, local, uri);
        if (st->sniff || st->stop_wanted) return;
    } else if (depth == 2) {
        if (uri || strcmp((const char *)local, "record") != 0) {
            record_err(st, XERR_ORDINARY, 0, "element <%s>%s in <%s>: expected <record>",
                       (const char *)local, uri ? msg_tr(" (in a namespace)") : "", st->kind->name);
        } else {
            for (int i = 0; i < st->kind->nfields; i++) {
                sbuf_reset(&st->vals[i]);
                st->present[i] = 0;
            }
            st->rec_line = cur_line(st);
        }
    } else if (depth == 3) {
        field_start(st, local, uri);
    } else {
        record_err(st, XERR_ORDINARY, 0, "element <%s> inside field <%s>: a field holds text only",
                   (const char *)local, (const char *)st->names[3]);
    }
    if (nb_attr > 0 && attrs) {
        /* attrs: (localname, prefix, URI, value, end) per attribute */
        record_err(st, XERR_ORDINARY, 0, "element <%s> has an attribute '%s%s%s': record files use "
                   "no attributes",
                   (const char *)local, attrs[1] ? (const char *)attrs[1] : "",
                   attrs[1] ? ":" : "", (const char *)attrs[0]);
    }
}

/* Ends the current text node (libxml2 hands text over in pieces, one per
 * character reference): the open field gets it. */
static void flush_text(pstate *st)
{
    if (st->tnode.len == 0) return;
    if (st->depth == 3 && st->field >= 0) sbuf_add(&st->vals[st->field], st->tnode.p, st->tnode.len);
    sbuf_reset(&st->tnode);
}

/* Element start: the checks, then any stop. */
static void on_start(void *user, const xmlChar *local, const xmlChar *prefix, const xmlChar *uri,
                     int nb_ns, const xmlChar **ns, int nb_attr, int nb_def, const xmlChar **attrs)
{
    pstate *st = user;
    if (st->stopped) return;
    flush_text(st);
    int depth = ++st->depth;
    if (st->stop_at_record_end && depth <= 2) want_stop(st);
    (void)prefix;
    (void)nb_ns;
    (void)ns;
    (void)nb_def;
    if (!st->stop_wanted) check_start(st, depth, local, uri, nb_attr, attrs);
    apply_stop(st);
}

/* Element end: a record goes to the caller. */
static void on_end(void *user, const xmlChar *local, const xmlChar *prefix, const xmlChar *uri)
{
    pstate *st = user;
    if (st->stopped) return;
    (void)local;
    (void)prefix;
    (void)uri;
    flush_text(st);
    int depth = st->depth--;
    if (depth == 3) st->field = -1;
    if (depth == 2 && st->kind && !st->sniff) deliver(st);
    if (st->stop_at_record_end && st->depth <= 2) want_stop(st);
    apply_stop(st);
}

/* Returns 1 when the bytes are all XML white space. */
static int all_space(const xmlChar *s, int len)
{
    for (int i = 0; i < len; i++)
        if (s[i] != ' ' && s[i] != '\t' && s[i] != '\n' && s[i] != '\r') return 0;
    return 1;
}

/* Text, white space and CDATA (cdata 1): collected into tnode (bounded
 * by KEFU_MAX_FIELD) until the next element event. */
static void text(pstate *st, const xmlChar *s, int len, int cdata)
{
    if (st->stopped || len <= 0) return;
    if (st->tnode.len + (size_t)len > KEFU_MAX_FIELD) {
        int d = st->depth > XMLIN_MAX_DEPTH ? XMLIN_MAX_DEPTH : st->depth;
        record_err(st, XERR_FATAL, d > 0 ? st->lines[d] : 0,
                   "element <%s> holds more than %d bytes of text (the limit for one value)",
                   d > 0 ? (const char *)st->names[d] : "?", KEFU_MAX_FIELD);
        apply_stop(st);
        return;
    }
    if (cdata && st->depth >= 1 && st->depth <= 2 && st->err_class == XERR_NONE && st->kind) {
        /* XSD validation refuses a CDATA section in element-only content
         * even when it holds white space; so does kefu */
        record_err(st, XERR_ORDINARY, 0, "a CDATA section in <%s>: only %s may appear here",
                   st->depth == 2 ? "record" : st->kind->name,
                   st->depth == 2 ? msg_tr("field elements") : msg_tr("<record> elements"));
    } else if (st->depth <= 2 && !all_space(s, len) && st->err_class == XERR_NONE) {
        char one[200], clean[200], clip[80];
        int n = len < (int)sizeof one - 1 ? len : (int)sizeof one - 1;
        memcpy(one, s, (size_t)n);
        one[n] = '\0';
        clean_message(one, clean, sizeof clean);
        util_clip(clean, clip, sizeof clip);
        record_err(st, XERR_ORDINARY, 0, "text '%s' in <%s>: only %s may appear here", clip,
                   st->depth == 2 ? "record" : st->kind ? st->kind->name : "?",
                   st->depth == 2 ? msg_tr("field elements") : msg_tr("<record> elements"));
    }
    sbuf_add(&st->tnode, s, (size_t)len);
    apply_stop(st);
}

static void on_text(void *user, const xmlChar *s, int len)
{
    text(user, s, len, 0);
}

static void on_cdata(void *user, const xmlChar *s, int len)
{
    text(user, s, len, 1);
}

/* The handlers every parse uses. */
static void init_sax(xmlSAXHandler *sax)
{
    memset(sax, 0, sizeof *sax);
    sax->initialized = XML_SAX2_MAGIC;
    sax->internalSubset = on_doctype;
    sax->externalSubset = on_doctype;
    sax->startElementNs = on_start;
    sax->endElementNs = on_end;
    sax->characters = on_text;
    sax->ignorableWhitespace = on_text;
    sax->cdataBlock = on_cdata;
    sax->serror = on_xml_error;
}

/* The saved global error handlers of libxml2 (thread-local there). */
typedef struct saved_handlers {
    xmlStructuredErrorFunc serror;  /* previous structured handler */
    void *serror_ctx;               /* its context */
    xmlGenericErrorFunc generic;    /* previous generic handler */
    void *generic_ctx;              /* its context */
} saved_handlers;

/* Points libxml2's global error channels at st for the duration of a parse. */
static void capture_errors(pstate *st, saved_handlers *s)
{
    s->serror = xmlStructuredError;
    s->serror_ctx = xmlStructuredErrorContext;
    s->generic = xmlGenericError;
    s->generic_ctx = xmlGenericErrorContext;
    xmlSetStructuredErrorFunc(st, on_xml_error);
    xmlSetGenericErrorFunc(st, on_generic_error);
}

static void restore_errors(const saved_handlers *s)
{
    xmlSetStructuredErrorFunc(s->serror_ctx, s->serror);
    xmlSetGenericErrorFunc(s->generic_ctx, s->generic);
}

/* A stateful scan of the raw bytes for start tags with too many
 * attributes (or namespace declarations). libxml2 2.9 checks each attribute
 * of a tag against all the earlier ones before any handler of ours runs:
 * 50,000 attributes on one tag (a 450 KB file) cost it 4 s, and the time
 * grows with the square. Record files have none, so this cheap scan, fed
 * the same chunks as the parser just before it sees them, is enough. It
 * keeps its state across chunks (a tag may span any number of them):
 * comments, CDATA sections, processing instructions and declarations are
 * skipped; the scan ends at a DOCTYPE before the first element (the parser
 * stops there: on_doctype). An attribute is counted at each '=' outside
 * quotes that a quote follows (blanks and NUL bytes between them skipped,
 * so UTF-16 is counted too). Where the parser and this scan could disagree
 * (malformed input), libxml2 stops calling us at the first fatal error but
 * finishes the chunk it was given, so XMLIN_CHUNK bounds what it can still
 * spend there. */
typedef struct tagscan {
    int state;          /* TS_* below */
    char quote;         /* the open quote inside a tag */
    int eq;             /* 1: saw '=' outside quotes, waiting for its quote */
    int nattr;          /* attributes counted in the current start tag */
    char look[9];       /* bytes after '<' while deciding what follows */
    int nlook;          /* bytes in look */
    int close;          /* end-marker bytes matched (comment, CDATA, PI) */
    long line;          /* current line (1-based) */
    long tag_line;      /* line of the current start tag */
    char tag[61];       /* the start tag's name, clipped, for the message */
    int ntag;           /* bytes in tag */
    int naming;         /* 1 while the tag's name is being read */
    int seen_tag;       /* 1 after the first start tag */
    int first_only;     /* 1: stop after the first start tag (the sniffer) */
    int done;           /* 1: nothing more to scan */
} tagscan;

enum { TS_TEXT, TS_LT, TS_TAG, TS_COMMENT, TS_CDATA, TS_PI, TS_DECL };

static void tagscan_init(tagscan *t, int first_only)
{
    memset(t, 0, sizeof *t);
    t->line = 1;
    t->first_only = first_only;
}

/* Enters a start tag, its name not yet read. */
static void tagscan_start_tag(tagscan *t)
{
    t->state = TS_TAG;
    t->seen_tag = 1;
    t->nattr = 0;
    t->eq = 0;
    t->quote = 0;
    t->tag_line = t->line;
    t->ntag = 0;
    t->naming = 1;
}

/* Counts the newlines of bytes [p, end) into t->line. */
static void tagscan_lines(tagscan *t, const char *p, const char *end)
{
    while ((p = memchr(p, '\n', (size_t)(end - p))) != NULL) {
        t->line++;
        p++;
    }
}

/* Decides what follows '<' once enough bytes are in t->look (or earlier).
 * Returns 1 when decided. */
static int tagscan_decide(tagscan *t)
{
    static const struct { const char *lit; int state; } marks[] = {
        { "!--", TS_COMMENT }, { "![CDATA[", TS_CDATA }, { "!DOCTYPE", -1 },
    };
    for (size_t i = 0; i < sizeof marks / sizeof marks[0]; i++) {
        size_t n = strlen(marks[i].lit);
        size_t m = (size_t)t->nlook < n ? (size_t)t->nlook : n;
        if (memcmp(t->look, marks[i].lit, m) != 0) continue;
        if (m < n) return 0;  /* could still be this marker: need more bytes */
        if (marks[i].state < 0) {
            if (!t->seen_tag) t->done = 1;  /* the parser rejects the DOCTYPE itself */
            t->state = TS_DECL;
        } else {
            t->state = marks[i].state;
        }
        t->close = 0;
        return 1;
    }
    if (t->look[0] == '?') t->state = TS_PI;
    else if (t->look[0] == '!' || t->look[0] == '/') t->state = TS_DECL;
    else tagscan_start_tag(t);
    t->close = 0;
    return 1;
}

/* The bytes that end a start tag's name or mean something in it (for the
 * fast path of a name), and the bytes that mean something in a tag once
 * its name is read (outside quotes, no '=' pending). */
static const unsigned char name_stop[256] = {
    ['\0'] = 1, [' '] = 1, ['\t'] = 1, ['\n'] = 1, ['\r'] = 1, ['>'] = 1, ['/'] = 1,
    ['"'] = 1, ['\''] = 1, ['='] = 1, ['<'] = 1,
};
static const unsigned char tag_special[256] = {
    ['"'] = 1, ['\''] = 1, ['='] = 1, ['<'] = 1, ['>'] = 1, ['\n'] = 1,
};

/* Scans one chunk; fails (EXIT_DATAERR) at a tag with too many attributes. */
static int tagscan_feed(tagscan *t, const char *buf, size_t len, const char *name, kerr *e)
{
    size_t i = 0;
    while (i < len && !t->done) {
        char c = buf[i];
        switch (t->state) {
        case TS_TEXT: {
            const char *lt = memchr(buf + i, '<', len - i);
            size_t stop = lt ? (size_t)(lt - buf) : len;
            tagscan_lines(t, buf + i, buf + stop);
            i = stop;
            if (lt) {
                t->state = TS_LT;
                t->nlook = 0;
                i++;
            }
            continue;
        }
        case TS_LT:
            if (t->nlook == 0 && c != '!' && c != '?') {
                /* the common case, decided by its first byte as
                 * tagscan_decide would: an end tag, or a start tag whose
                 * name begins here */
                if (c == '/') {
                    t->state = TS_DECL;
                    t->close = 0;
                    i++;
                    continue;
                }
                if (c == '\n') t->line++;
                i++;
                tagscan_start_tag(t);
                t->close = 0;
                t->tag[t->ntag++] = c;
                continue;
            }
            t->look[t->nlook++] = c;
            if (c == '\n') t->line++;
            i++;
            if (tagscan_decide(t) && t->state == TS_TAG) {
                /* the decided bytes begin the tag's name */
                for (int k = 0; k < t->nlook && t->ntag < 60; k++) t->tag[t->ntag++] = t->look[k];
            } else if (t->state == TS_LT && t->nlook == (int)sizeof t->look - 1) {
                t->state = TS_DECL;  /* cannot be a marker any more */
            }
            continue;
        case TS_COMMENT:
        case TS_CDATA:
        case TS_PI: {
            const char *end = t->state == TS_COMMENT ? "-->" : t->state == TS_CDATA ? "]]>" : "?>";
            int n = (int)strlen(end);
            if (c == '\n') t->line++;
            if (c == end[t->close]) t->close++;
            else t->close = c == end[0] ? 1 : 0;
            /* "--->" and "]]]>": a repeated first byte keeps the match going */
            if (t->close == n) t->state = TS_TEXT;
            i++;
            continue;
        }
        case TS_DECL:
            if (c == '\n') t->line++;
            if (c == '>') t->state = TS_TEXT;
            i++;
            continue;
        case TS_TAG:
            /* Fast paths, each exactly what the byte-at-a-time code below
             * does for the bytes it skips: inside quotes only the closing
             * quote and newlines matter; with no '=' pending, a name's
             * ordinary bytes are only collected, and after the name only
             * the bytes of tag_special change anything. */
            if (t->quote) {
                const char *q = memchr(buf + i, t->quote, len - i);
                size_t stop = q ? (size_t)(q - buf) : len;
                tagscan_lines(t, buf + i, buf + stop);
                i = q ? stop + 1 : stop;
                if (q) t->quote = 0;
                continue;
            }
            if (t->naming && !t->eq) {
                size_t j = i;
                while (j < len && !name_stop[(unsigned char)buf[j]]) j++;
                size_t take = j - i < (size_t)(60 - t->ntag) ? j - i : (size_t)(60 - t->ntag);
                memcpy(t->tag + t->ntag, buf + i, take);
                t->ntag += (int)take;
                i = j;
                if (i == len) continue;
                c = buf[i];
            } else if (!t->eq) {
                while (i < len && !tag_special[(unsigned char)buf[i]]) i++;
                if (i == len) continue;
                c = buf[i];
            }
            if (c == '\n') t->line++;
            i++;
            if (t->naming) {
                if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '>' || c == '/') t->naming = 0;
                else if (t->ntag < 60) t->tag[t->ntag++] = c;
            }
            if (t->eq && (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\0')) continue;
            if (c == '"' || c == '\'') {
                t->quote = c;
                if (t->eq && ++t->nattr > XMLIN_MAX_ATTRS) {
                    t->tag[t->ntag] = '\0';
                    return kerr_set(e, EXIT_DATAERR, "%s:%ld: element <%s> has more than %d "
                                    "attributes: record files use none", name, t->tag_line, t->tag,
                                    XMLIN_MAX_ATTRS);
                }
                t->eq = 0;
            } else if (c == '=') {
                t->eq = 1;
            } else {
                t->eq = 0;
                if (c == '>' || c == '<') {
                    t->state = c == '<' ? TS_LT : TS_TEXT;
                    t->nlook = 0;
                    if (t->first_only) t->done = 1;
                }
            }
            continue;
        }
    }
    return 0;
}

/* Where a parse gets its bytes: first `head` (already read), then the read
 * function until it returns 0. */
typedef struct xsource {
    const char *head;     /* bytes already in memory */
    size_t headlen;       /* their count */
    xmlin_read_fn rd;     /* more bytes, or NULL */
    void *rctx;           /* its context */
    tagscan *scan;        /* the attribute scan run on every chunk, or NULL */
    kerr *e;              /* where a scan or read failure goes */
    int failed;           /* 1 after a scan or read failure */
} xsource;

/* Feeds the source to a new push parser with handlers sax/user, chunk by
 * chunk, each chunk scanned first (tagscan). Returns the parser's
 * well-formedness flag (1 well-formed, 0 not, -1 when no parser could be
 * created); errors land in st through the handlers, scan and read failures
 * in src->e with src->failed set. */
static int run_parser(pstate *st, xmlSAXHandler *sax, void *user, xsource *src)
{
    xmlParserCtxtPtr p = xmlCreatePushParserCtxt(sax, user, NULL, 0, st->name);
    if (!p) return -1;
    /* No NOENT (entities stay unsubstituted), no DTDLOAD, no XINCLUDE;
     * NONET in case anything ever reached the network. */
    xmlCtxtUseOptions(p, XML_PARSE_NONET);
    st->pctxt = p;
    size_t off = 0;
    char *buf = src->rd ? xmalloc(XMLIN_CHUNK) : NULL;
    int eof = src->rd == NULL;
    while (!st->stopped) {
        const char *chunk;
        size_t n;
        int last;
        if (off < src->headlen) {
            n = src->headlen - off < XMLIN_CHUNK ? src->headlen - off : XMLIN_CHUNK;
            chunk = src->head + off;
            off += n;
            last = eof && off == src->headlen;
        } else if (!eof) {
            long got = src->rd(src->rctx, buf, XMLIN_CHUNK);
            if (got < 0) {
                kerr_set(src->e, EXIT_NOINPUT, "%s: read error", st->name);
                src->failed = 1;
                break;
            }
            n = (size_t)got;
            chunk = buf;
            eof = got == 0;
            last = eof;
        } else {
            n = 0;
            chunk = "";
            last = 1;
        }
        long line0 = src->scan ? src->scan->line : 0;
        if (src->scan && n && tagscan_feed(src->scan, chunk, n, st->name, src->e)) {
            src->failed = 1;
            break;
        }
        int rc = xmlParseChunk(p, chunk, (int)n, last);
        if (st->nconv && src->scan && !src->scan->first_only) place_conv(st, chunk, n, line0);
        if (rc != 0 || p->disableSAX || last) break;
    }
    int wf = p->wellFormed;
    st->pctxt = NULL;
    xmlFreeParserCtxt(p);
    free(buf);
    return wf ? 1 : 0;
}

/* Fills e from st: "NAME:LINE: message". */
static int report(const pstate *st, kerr *e)
{
    return kerr_set(e, EXIT_DATAERR, "%s:%ld: %s", st->name, st->err_line, st->err_msg);
}


const kind_def *xmlin_sniff(const char *buf, size_t len, const char *name, kerr *e)
{
    xmlin_init();
    if (len == 0) {
        kerr_set(e, EXIT_DATAERR, "%s:1: the file is empty: expected an XML record file "
                 "<KIND><record>…</record></KIND>", name);
        return NULL;
    }
    tagscan ts;
    tagscan_init(&ts, 1);
    xsource src = { .head = buf, .headlen = len, .scan = &ts, .e = e };
    pstate st;
    memset(&st, 0, sizeof st);
    st.name = name;
    st.sniff = 1;
    st.field = -1;
    xmlSAXHandler sax;
    init_sax(&sax);
    saved_handlers saved;
    capture_errors(&st, &saved);
    int wf = run_parser(&st, &sax, &st, &src);
    restore_errors(&saved);
    sbuf_free(&st.tnode);
    if (src.failed) return NULL;
    if (wf < 0) {
        kerr_set(e, EXIT_SOFTWARE, "%s: cannot create an XML parser", name);
        return NULL;
    }
    if (st.err_class != XERR_NONE && st.err_code == XML_ERR_DOCUMENT_EMPTY) {
        /* the push parser's word for "no '<' where the document should start" */
        kerr_set(e, EXIT_DATAERR, "%s:%ld: this is not XML: expected a document starting "
                 "with '<' (<?xml …?> or <KIND>)", name, st.err_line);
        return NULL;
    }
    if (st.err_class != XERR_NONE) {
        report(&st, e);
        return NULL;
    }
    if (!st.root_name[0]) {
        kerr_set(e, EXIT_DATAERR, "%s:1: no root element: expected an XML record file "
                 "<KIND><record>…</record></KIND>", name);
        return NULL;
    }
    const kind_def *k = st.root_ns ? NULL : kind_by_name(st.root_name);
    if (!k) {
        char list[400];
        kind_list(list, sizeof list);
        kerr_set(e, EXIT_DATAERR, "%s: root element <%s>%s is not a record kind (expected one of %s)",
                 name, st.root_name, st.root_ns ? msg_tr(" (in a namespace)") : "", list);
    }
    return k;
}

int xmlin_parse(const char *buf, size_t len, const char *name, const kind_def *want,
                xmlin_record_fn fn, void *ctx, kerr *e)
{
    return xmlin_parse_stream(buf, len, NULL, NULL, name, want, fn, ctx, e);
}

int xmlin_parse_stream(const char *head, size_t headlen, xmlin_read_fn rd, void *rctx,
                       const char *name, const kind_def *want, xmlin_record_fn fn, void *ctx, kerr *e)
{
    const kind_def *k = xmlin_sniff(head, headlen, name, e);
    if (!k) return -1;
    if (want && k != want) {
        kerr_set(e, EXIT_DATAERR, "%s: root element <%s> is not <%s>: the file was expected to "
                 "hold %s records", name, k->name, want->name, want->name);
        return -1;
    }
    tagscan ts;
    tagscan_init(&ts, 0);
    xsource src = { .head = head, .headlen = headlen, .rd = rd, .rctx = rctx, .scan = &ts, .e = e };

    pstate st;
    memset(&st, 0, sizeof st);
    st.name = name;
    st.kind = k;
    st.field = -1;
    st.fn = fn;
    st.ctx = ctx;

    xmlSAXHandler sax;
    init_sax(&sax);
    int ret = -1;
    saved_handlers saved;
    capture_errors(&st, &saved);
    int wf = run_parser(&st, &sax, &st, &src);
    if (wf < 0) {
        kerr_set(e, EXIT_SOFTWARE, "%s: cannot create an XML parser", name);
        goto out;
    }
    if (st.cb_stopped || src.failed) goto out;
    /* Backstop: libxml2 reported every problem through the handlers so
     * far, but a document is never accepted on our word alone. */
    if (st.err_class == XERR_NONE && !wf)
        record_err(&st, XERR_ORDINARY, 0, "the document is not well-formed XML");
    if (st.err_class != XERR_NONE) {
        report(&st, e);
        goto out;
    }
    ret = 0;
out:
    restore_errors(&saved);
    for (int i = 0; i < KIND_MAX_FIELDS; i++) sbuf_free(&st.vals[i]);
    sbuf_free(&st.tnode);
    return ret;
}

const char *xmlin_lib_version(void)
{
    /* xmlParserVersion is "20914" for 2.9.14 */
    static char v[16];
    int n = 0;
    for (const char *p = xmlParserVersion; *p >= '0' && *p <= '9'; p++) n = n * 10 + (*p - '0');
    snprintf(v, sizeof v, "%d.%d.%d", n / 10000, n / 100 % 100, n % 100);
    return v;
}
