/* test_xmlin.c — the XML record reader (src/xmlin.c, SPEC §5).
 *
 * Table-driven: each case is a document and either the records it must
 * yield (serialised as "LINE{field=value|field=value}" with absent fields
 * left out) or the error it must give (a substring and the line). Hostile
 * inputs (billion laughs, XXE, external DTDs, deep nesting, huge text
 * nodes, bad bytes) are ordinary cases; the long ones are built in code.
 * Every parse runs with stderr redirected to a file that must stay empty:
 * libxml2 must never print by itself. Times of the hostile cases are
 * printed, never asserted. */
#include <fcntl.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

#include <libxml/parser.h>

#include "t.h"
#include "util.h"
#include "kinds.h"
#include "xmlin.h"

static int stderr_fd = -1;   /* the real stderr while a parse runs */
static char errlog[64];      /* the file stderr goes to during parses */
static int noquiet;          /* KEFU_TEST_NOQUIET set: leave stderr alone */

/* Sends stderr to errlog (appending) while xmlin runs. A sanitizer report
 * from inside a parse lands there too: main prints the file's name first,
 * and the file stays behind when the program dies; or run with
 * KEFU_TEST_NOQUIET=1. */
static void quiet_begin(void)
{
    if (noquiet) return;
    fflush(stderr);
    stderr_fd = dup(2);
    int fd = open(errlog, O_WRONLY | O_APPEND);
    if (fd >= 0) {
        dup2(fd, 2);
        close(fd);
    }
}

static void quiet_end(void)
{
    fflush(stderr);
    if (stderr_fd >= 0) {
        dup2(stderr_fd, 2);
        close(stderr_fd);
        stderr_fd = -1;
    }
}

/* The callback: appends "LINE{name=value|…}" for each record. */
typedef struct collect {
    sbuf out;        /* serialised records */
    int n;           /* records seen */
    int stop_after;  /* return -1 on this record (1-based); 0 never */
    const char *marker; /* a string that must appear in no value (XXE) */
    int marker_seen; /* 1 when it did */
} collect;

static int on_record(void *ctx, const kind_def *k, long line, const char *const *values)
{
    collect *c = ctx;
    c->n++;
    sbuf_printf(&c->out, "%ld{", line);
    int first = 1;
    for (int i = 0; i < k->nfields; i++) {
        if (!values[i]) continue;
        sbuf_printf(&c->out, "%s%s=%s", first ? "" : "|", k->fields[i].name, values[i]);
        first = 0;
        if (c->marker && strstr(values[i], c->marker)) c->marker_seen = 1;
    }
    sbuf_adds(&c->out, "}");
    return c->stop_after && c->n == c->stop_after ? -1 : 0;
}

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Parses doc as "t.xml" (want: a kind name or NULL) and fills c and e.
 * Returns xmlin_parse's result; *secs gets the time taken. */
static int parse(const char *doc, size_t len, const char *want, collect *c, kerr *e, double *secs)
{
    kerr_clear(e);
    double t0 = now();
    quiet_begin();
    int rc = xmlin_parse(doc, len, "t.xml", want ? kind_by_name(want) : NULL, on_record, c, e);
    quiet_end();
    if (secs) *secs = now() - t0;
    return rc;
}

/* One table case. */
typedef struct xcase {
    const char *label;   /* what the case shows */
    const char *want;    /* kind the caller asks for, or NULL */
    const char *doc;     /* the document (NUL-terminated; see len) */
    size_t len;          /* bytes of doc; 0: strlen(doc) */
    const char *records; /* expected serialised records (when it fails: those
                            delivered before the error, NULL for none) */
    const char *err;     /* expected error substring when it must fail */
    long line;           /* expected error line (0: no line in the message) */
} xcase;

/* <leave><record><note>中文</note></record></leave> in UTF-16LE with a BOM. */
#define UTF16_DOC                                                                   \
    "\xFF\xFE<\0l\0e\0a\0v\0e\0>\0<\0r\0e\0c\0o\0r\0d\0>\0<\0n\0o\0t\0e\0>\0"  \
    "\x2D\x4E\x87\x65"                                                            \
    "<\0/\0n\0o\0t\0e\0>\0<\0/\0r\0e\0c\0o\0r\0d\0>\0<\0/\0l\0e\0a\0v\0e\0>\0"

static const xcase cases[] = {
    { "attendance: values, empty and absent elements, CDATA, references, entities", NULL,
      "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
      "<attendance>\n"
      "  <record>\n"
      "    <employee_id>E001</employee_id><date>2026-11-02</date>\n"
      "    <shift_start>08:00</shift_start><shift_end>17:00</shift_end>\n"
      "    <clock_in/><clock_out></clock_out>\n"
      "    <note>&#20013;&#x6587; &lt;a&gt; &amp; &quot;q&quot; &apos;s&apos; <![CDATA[<b>&x;]]>!</note>\n"
      "  </record>\n"
      "  <record><date>2026-11-03</date><employee_id> E002 </employee_id>"
      "<note>a<!-- comment -->b<?pi x?>c</note></record>\n"
      "</attendance>\n",
      0,
      "3{employee_id=E001|date=2026-11-02|shift_start=08:00|shift_end=17:00|clock_in=|clock_out=|"
      "note=中文 <a> & \"q\" 's' <b>&x;!}"
      "9{employee_id= E002 |date=2026-11-03|note=abc}",
      NULL, 0 },
    { "employee: Chinese text, leading zeros and spaces kept, UTF-8 BOM", NULL,
      "\xEF\xBB\xBF<employee><record><employee_id>007</employee_id><name>张 三</name>"
      "<dept>客服部</dept><role>staff</role><monthly_wage>¥3,000.00</monthly_wage>"
      "<phone>=SUM(A1)</phone></record></employee>",
      0,
      "1{employee_id=007|name=张 三|dept=客服部|role=staff|monthly_wage=¥3,000.00|phone==SUM(A1)}",
      NULL, 0 },
    { "callback, given as callback", "callback",
      "<callback>\r\n<record>\r\n<callback_id>C1</callback_id><at>2026-11-02 10:00</at>"
      "<outcome>满意</outcome>\r\n</record>\r\n</callback>",
      0, "2{callback_id=C1|at=2026-11-02 10:00|outcome=满意}", NULL, 0 },
    { "meeting with no records", NULL, "<meeting/>", 0, "", NULL, 0 },
    { "hold with empty records", NULL, "<hold><record/><record></record></hold>", 0, "1{}1{}", NULL, 0 },
    { "GB18030-declared document with Chinese text", NULL,
      "<?xml version=\"1.0\" encoding=\"GB18030\"?>\n"
      "<customer><record><customer_id>K1</customer_id>"
      "<name>\xD5\xC5\xC8\xFD</name>" /* 张三 */
      "<kind>\xD7\xA1\xBB\xA7</kind>" /* 住户 */
      "<address>\x81\x30\x81\x30</address>" /* U+0080, a four-byte GB18030 sequence */
      "</record></customer>\n",
      0, "2{customer_id=K1|name=张三|kind=住户|address=\xC2\x80}", NULL, 0 },

    /* structure */
    { "wrong root", NULL, "<?xml version=\"1.0\"?>\n<staff><record/></staff>", 0, NULL,
      "t.xml: root element <staff> is not a record kind (expected one of employee, attendance", 0 },
    { "root is not the kind asked for", "attendance", "<employee/>", 0, NULL,
      "root element <employee> is not <attendance>", 0 },
    { "root in a namespace", NULL, "<attendance xmlns=\"urn:x\"/>", 0, NULL,
      "root element <attendance> (in a namespace) is not a record kind", 0 },
    { "record as root", NULL, "<record/>", 0, NULL, "root element <record> is not a record kind", 0 },
    { "unknown child element", NULL,
      "<attendance>\n<record>\n<employee_id>E1</employee_id>\n<badge>9</badge>\n</record>\n</attendance>",
      0, NULL,
      "t.xml:4: element <badge> is not a field of attendance: expected one of employee_id, date, "
      "shift_start, shift_end, clock_in, clock_out, note", 4 },
    { "field of another kind", NULL, "<leave><record><date>x</date></record></leave>", 0, NULL,
      "element <date> is not a field of leave", 1 },
    { "record with an attribute", NULL, "<incident>\n<record id=\"1\"/>\n</incident>", 0, NULL,
      "t.xml:2: element <record> has an attribute 'id': record files use no attributes", 2 },
    { "field with an attribute", NULL,
      "<incident><record>\n<note xml:lang=\"zh\">x</note></record></incident>", 0, NULL,
      "element <note> has an attribute 'xml:lang'", 2 },
    { "xsi:schemaLocation on the root", NULL,
      "<incident xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\"\n"
      " xsi:noNamespaceSchemaLocation=\"http://example.com/evil.xsd\"/>", 0, NULL,
      "element <incident> has an attribute 'xsi:noNamespaceSchemaLocation'", 2 },
    { "text between records", NULL,
      "<attendance>\n<record/>\nstray text\n<record/>\n</attendance>", 0, "2{}",
      "text 'stray text' in <attendance>: only <record> elements may appear here", 4 },
    { "text in a record", NULL, "<attendance><record>x<note/></record></attendance>", 0, NULL,
      "text 'x' in <record>: only field elements may appear here", 1 },
    { "element that is not a record", NULL,
      "<borrowing>\n<record/>\n<loan><loan_id>1</loan_id></loan>\n</borrowing>", 0, "2{}",
      "t.xml:3: element <loan> in <borrowing>: expected <record>", 3 },
    { "field twice", NULL,
      "<meeting><record>\n<title>a</title>\n<title>b</title>\n</record></meeting>", 0, NULL,
      "t.xml:3: field <title> appears twice in one record", 3 },
    { "element inside a field", NULL,
      "<meeting><record><title>a<b>bold</b></title></record></meeting>", 0, NULL,
      "element <b> inside field <title>: a field holds text only", 1 },
    { "XInclude element", NULL,
      "<archive_record xmlns:xi=\"http://www.w3.org/2001/XInclude\"><record>\n"
      "<xi:include href=\"/etc/passwd\" parse=\"text\"/></record></archive_record>", 0, NULL,
      "element <include> (in a namespace) is not a field of archive_record", 2 },
    { "error in record 2: record 1 was delivered (the caller rolls back), record 2 is not", NULL,
      "<hold>\n<record><hold_id>H1</hold_id></record>\n<record><hold_id>H2</hold_id><bad/>"
      "</record>\n<record><hold_id>H3</hold_id></record>\n</hold>", 0, "2{hold_id=H1}",
      "t.xml:3: element <bad> is not a field of hold", 3 },

    /* XSD validation refuses this (libxml2 counts a CDATA section in
     * element-only content as character data even when it is white
     * space), so kefu does too: tests/e2e/xsdequiv.sh */
    { "a CDATA section alone between records", NULL,
      "<attendance>\n<record/><![CDATA[ ]]></attendance>", 0, "2{}",
      "t.xml:2: a CDATA section in <attendance>: only <record> elements may appear here", 2 },
    { "a CDATA section alone between fields", NULL,
      "<attendance>\n<record><note>x</note>\n<![CDATA[\n]]></record></attendance>", 0, NULL,
      "a CDATA section in <record>: only field elements may appear here", 0 },
    { "a CDATA section between records, white space around it", NULL,
      "<attendance>\n<![CDATA[ ]]>\n</attendance>", 0, NULL,
      "a CDATA section in <attendance>: only <record> elements may appear here", 2 },
    { "deep nesting inside an unknown element: the depth is named", NULL,
      "<meeting><record><x><x><x><x><x><x><x><x><x><x><x><x><x><x><x><x><x><x><x><x>",
      0, NULL, "t.xml:1: element <x> is nested deeper than 16 levels", 1 },
    { "comments with '=' signs are not attributes", NULL,
      "<!-- a=\"1\" a=\"1\" a=\"1\" a=\"1\" a=\"1\" a=\"1\" a=\"1\" a=\"1\" a=\"1\" a=\"1\" "
      "a=\"1\" a=\"1\" a=\"1\" a=\"1\" a=\"1\" a=\"1\" a=\"1\" a=\"1\" a=\"1\" a=\"1\" "
      "a=\"1\" a=\"1\" a=\"1\" a=\"1\" a=\"1\" a=\"1\" a=\"1\" a=\"1\" a=\"1\" a=\"1\" "
      "a=\"1\" a=\"1\" a=\"1\" ===================================================== -->"
      "<leave><record><note><![CDATA[ b=\"1\" b=\"1\" b=\"1\" b=\"1\" b=\"1\" b=\"1\" b=\"1\" "
      "b=\"1\" b=\"1\" b=\"1\" b=\"1\" b=\"1\" b=\"1\" b=\"1\" b=\"1\" b=\"1\" b=\"1\" "
      "b=\"1\" b=\"1\" b=\"1\" b=\"1\" b=\"1\" b=\"1\" b=\"1\" b=\"1\" b=\"1\" b=\"1\" "
      "b=\"1\" b=\"1\" b=\"1\" b=\"1\" b=\"1\" b=\"1\" b=\"1\"]]></note></record></leave>",
      0, "1{note= b=\"1\" b=\"1\" b=\"1\" b=\"1\" b=\"1\" b=\"1\" b=\"1\" "
      "b=\"1\" b=\"1\" b=\"1\" b=\"1\" b=\"1\" b=\"1\" b=\"1\" b=\"1\" b=\"1\" b=\"1\" "
      "b=\"1\" b=\"1\" b=\"1\" b=\"1\" b=\"1\" b=\"1\" b=\"1\" b=\"1\" b=\"1\" b=\"1\" "
      "b=\"1\" b=\"1\" b=\"1\" b=\"1\" b=\"1\" b=\"1\" b=\"1\"}", NULL, 0 },
    { "UTF-16LE with a BOM", NULL, UTF16_DOC, sizeof UTF16_DOC - 1, "1{note=中文}", NULL, 0 },

    /* well-formedness and encoding */
    { "empty file", NULL, "", 0, NULL, "t.xml:1: the file is empty", 1 },
    { "white space only", NULL, "  \n\n", 0, NULL, "t.xml:", 0 },
    { "truncated document", NULL,
      "<attendance>\n<record><employee_id>E1</employee_id>\n<date>2026-11", 0, NULL,
      "t.xml:3: the document ends inside <date> (opened on line 3): the file is truncated", 3 },
    { "truncated after a record", NULL,
      "<attendance>\n<record><employee_id>E1</employee_id></record>\n", 0, "2{employee_id=E1}",
      "the document ends inside <attendance> (opened on line 1): the file is truncated", 0 },
    { "mismatched tags", NULL, "<attendance>\n<record></recod>\n</attendance>", 0, NULL,
      "t.xml:2: Opening and ending tag mismatch: record", 2 },
    { "undefined entity", NULL, "<attendance><record>\n<note>&nbsp;</note></record></attendance>",
      0, NULL, "t.xml:2: Entity 'nbsp' not defined", 2 },
    { "invalid UTF-8", NULL,
      "<attendance>\n<record>\n<note>ok</note><employee_id>E\xFF\xFE</employee_id></record>\n</attendance>",
      0, NULL, "t.xml:3: the text is not valid UTF-8 (Bytes: 0xFF 0xFE", 3 },
    { "overlong UTF-8", NULL, "<attendance><record><note>\xC0\xAF</note></record></attendance>",
      0, NULL, "the text is not valid UTF-8", 1 },
    { "NUL byte", NULL, "<attendance><record><note>a\0b</note></record></attendance>", 55, NULL,
      "t.xml:1:", 1 },
    { "content after the root", NULL, "<meeting/>\n<meeting/>", 0, NULL,
      "t.xml:2: Extra content at the end of the document", 2 },

    /* hostile: DTDs, entities, external loads */
    { "billion laughs", NULL,
      "<?xml version=\"1.0\"?>\n"
      "<!DOCTYPE attendance [\n"
      " <!ENTITY a \"ha\">\n"
      " <!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;\">\n"
      " <!ENTITY c \"&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;\">\n"
      " <!ENTITY d \"&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;\">\n"
      " <!ENTITY e \"&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;\">\n"
      " <!ENTITY f \"&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;\">\n"
      " <!ENTITY g \"&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;\">\n"
      " <!ENTITY h \"&g;&g;&g;&g;&g;&g;&g;&g;&g;&g;\">\n"
      " <!ENTITY i \"&h;&h;&h;&h;&h;&h;&h;&h;&h;&h;\">\n"
      "]>\n"
      "<attendance><record><note>&i;</note></record></attendance>\n",
      0, NULL, "t.xml:2: DOCTYPE is not allowed (<!DOCTYPE attendance>)", 2 },
    { "external DTD over http", NULL,
      "<?xml version=\"1.0\"?>\n<!DOCTYPE attendance SYSTEM \"http://127.0.0.1:9/evil.dtd\">\n"
      "<attendance/>", 0, NULL,
      "t.xml:2: DOCTYPE is not allowed (<!DOCTYPE attendance \"http://127.0.0.1:9/evil.dtd\">)", 2 },
    { "external DTD on a local path", NULL,
      "<!DOCTYPE attendance PUBLIC \"-//x//y\" \"/etc/xml/catalog\"><attendance/>", 0, NULL,
      "t.xml:1: DOCTYPE is not allowed (<!DOCTYPE attendance \"/etc/xml/catalog\">)", 1 },
    { "bare DOCTYPE", NULL, "<!DOCTYPE attendance><attendance/>", 0, NULL,
      "DOCTYPE is not allowed", 1 },
    { "parameter entities", NULL,
      "<!DOCTYPE x [<!ENTITY % p SYSTEM \"file:///etc/passwd\"> %p;]><attendance/>", 0, NULL,
      "DOCTYPE is not allowed (<!DOCTYPE x>)", 1 },
};

/* Checks one case; returns the collected output for further checks. */
static void run_case(const xcase *tc)
{
    collect c = {0};
    kerr e;
    size_t len = tc->len ? tc->len : strlen(tc->doc);
    int rc = parse(tc->doc, len, tc->want, &c, &e, NULL);
    if (tc->err) {
        T_EQ_INT(rc, -1, tc->label);
        T_EQ_INT(e.code, EXIT_DATAERR, tc->label);
        T_CHECK(strstr(e.msg, tc->err) != NULL, "%s: message '%s' lacks '%s'", tc->label, e.msg,
                tc->err);
        if (tc->line > 0) {
            char want[32];
            snprintf(want, sizeof want, "t.xml:%ld: ", tc->line);
            T_CHECK(strncmp(e.msg, want, strlen(want)) == 0, "%s: message '%s' is not at line %ld",
                    tc->label, e.msg, tc->line);
        }
        T_CHECK(strchr(e.msg, '\n') == NULL, "%s: message has a newline: '%s'", tc->label, e.msg);
        T_EQ_STR(c.out.p ? c.out.p : "", tc->records ? tc->records : "", tc->label);
    } else {
        T_EQ_INT(rc, 0, tc->label);
        if (rc) fprintf(stderr, "  (%s: %s)\n", tc->label, e.msg);
        T_EQ_STR(c.out.p ? c.out.p : "", tc->records, tc->label);
    }
    sbuf_free(&c.out);
}

/* Every kind: a record with all its fields, in reverse order, comes back
 * with each value at its field's index (the XSDs match src/kinds.c). */
static void test_every_kind(void)
{
    for (int k = 0; k < KIND_COUNT; k++) {
        const kind_def *kd = &kind_all()[k];
        sbuf doc = {0}, want = {0};
        sbuf_printf(&doc, "<%s><record>", kd->name);
        for (int i = kd->nfields - 1; i >= 0; i--)
            sbuf_printf(&doc, "<%s>v%d-%s</%s>", kd->fields[i].name, i, kd->fields[i].zh,
                        kd->fields[i].name);
        sbuf_printf(&doc, "</record></%s>", kd->name);
        sbuf_adds(&want, "1{");
        for (int i = 0; i < kd->nfields; i++)
            sbuf_printf(&want, "%s%s=v%d-%s", i ? "|" : "", kd->fields[i].name, i, kd->fields[i].zh);
        sbuf_adds(&want, "}");
        collect c = {0};
        kerr e;
        int rc = parse(doc.p, doc.len, kd->name, &c, &e, NULL);
        T_EQ_INT(rc, 0, kd->name);
        if (rc) fprintf(stderr, "  (%s: %s)\n", kd->name, e.msg);
        T_EQ_STR(c.out.p, want.p, kd->name);

        /* and the sniffer names the kind */
        kerr_clear(&e);
        quiet_begin();
        const kind_def *got = xmlin_sniff(doc.p, doc.len, "t.xml", &e);
        quiet_end();
        T_CHECK(got == kd, "sniff %s: got %s", kd->name, got ? got->name : e.msg);
        sbuf_free(&doc);
        sbuf_free(&want);
        sbuf_free(&c.out);
    }
}

/* XXE: an external entity pointing at a file with a secret marker. The
 * parse must fail and the marker must reach no value; and libxml2 used
 * directly with entity substitution and DTD loading switched on must still
 * not read the file once xmlin_init installed the refusing loader. */
static void test_xxe(void)
{
    char path[] = "/tmp/kefu-xxe-XXXXXX";
    int fd = mkstemp(path);
    T_CHECK(fd >= 0, "mkstemp");
    if (fd < 0) return;
    const char *secret = "KEFU-SECRET-7f3a9";
    T_CHECK(write(fd, secret, strlen(secret)) == (ssize_t)strlen(secret), "write secret");
    close(fd);

    sbuf doc = {0};
    sbuf_printf(&doc, "<?xml version=\"1.0\"?>\n<!DOCTYPE attendance [\n"
                      "<!ENTITY x SYSTEM \"file://%s\">\n]>\n"
                      "<attendance><record><note>&x;</note></record></attendance>\n", path);
    collect c = {0};
    c.marker = "SECRET";
    kerr e;
    int rc = parse(doc.p, doc.len, NULL, &c, &e, NULL);
    T_EQ_INT(rc, -1, "xxe: rejected");
    T_CHECK(strstr(e.msg, "t.xml:2: DOCTYPE is not allowed") != NULL, "xxe: message '%s'", e.msg);
    T_CHECK(!c.marker_seen && c.n == 0, "xxe: the secret reached a value");
    T_CHECK(strstr(e.msg, "SECRET") == NULL, "xxe: the secret reached the message");

    /* the same without the root record: an entity in an attribute value */
    sbuf_reset(&doc);
    sbuf_printf(&doc, "<!DOCTYPE a [<!ENTITY x SYSTEM \"%s\">]><attendance a=\"&x;\"/>", path);
    rc = parse(doc.p, doc.len, NULL, &c, &e, NULL);
    T_EQ_INT(rc, -1, "xxe in an attribute: rejected");
    T_CHECK(strstr(e.msg, "SECRET") == NULL, "xxe in an attribute: the secret reached the message");

    /* second line of defence: libxml2 itself, asked to substitute */
    sbuf_reset(&doc);
    sbuf_printf(&doc, "<!DOCTYPE a [<!ENTITY x SYSTEM \"file://%s\">]><a>&x;</a>", path);
    xmlin_init();
    quiet_begin();
    xmlSetGenericErrorFunc(NULL, NULL);
    xmlDocPtr d = xmlReadMemory(doc.p, (int)doc.len, "direct.xml", NULL,
                                XML_PARSE_NOENT | XML_PARSE_DTDLOAD | XML_PARSE_NOERROR |
                                XML_PARSE_NOWARNING);
    quiet_end();
    int leaked = 0;
    if (d) {
        xmlChar *text = xmlNodeGetContent(xmlDocGetRootElement(d));
        if (text && strstr((const char *)text, "SECRET")) leaked = 1;
        xmlFree(text);
        xmlFreeDoc(d);
    }
    T_CHECK(!leaked, "refusing loader: libxml2 read the file despite xmlin_init");
    sbuf_free(&doc);
    sbuf_free(&c.out);
    unlink(path);
}

/* 100,000 nested elements, inside a field and from the root: a depth
 * message, fast. */
static void test_deep(void)
{
    const int n = 100000;
    const char *prefix[] = { "<attendance><record><note>", "<attendance>", "" };
    const char *tag[] = { "a", "record", "attendance" };
    for (int v = 0; v < 3; v++) {
        sbuf doc = {0};
        sbuf_adds(&doc, prefix[v]);
        for (int i = 0; i < n; i++) sbuf_printf(&doc, "<%s>", tag[v]);
        for (int i = 0; i < n; i++) sbuf_printf(&doc, "</%s>", tag[v]);
        collect c = {0};
        kerr e;
        double secs;
        int rc = parse(doc.p, doc.len, NULL, &c, &e, &secs);
        char label[64];
        snprintf(label, sizeof label, "deep <%s> x %d", tag[v], n);
        T_EQ_INT(rc, -1, label);
        T_CHECK(strstr(e.msg, "is nested deeper than 16 levels") != NULL, "%s: message '%s'", label,
                e.msg);
        printf("# %s: %.3f s: %s\n", label, secs, e.msg);
        sbuf_free(&doc);
        sbuf_free(&c.out);
    }
}

/* Text node limits: 65,536 bytes pass, 65,537 and 70,000 do not; the
 * message names the element and its line. CJK counts in bytes. */
static void test_text_limits(void)
{
    struct { const char *label; size_t bytes; const char *unit; int ok; } tl[] = {
        { "65536 ASCII bytes", 65536, "x", 1 },
        { "65537 ASCII bytes", 65537, "x", 0 },
        { "70000 ASCII bytes", 70000, "x", 0 },
        { "21845 hanzi (65535 bytes)", 65535, "中", 1 },
        { "21846 hanzi (65538 bytes)", 65538, "中", 0 },
        { "70000 bytes as character references", 70000, "&#x41;", 0 },
    };
    for (size_t t = 0; t < sizeof tl / sizeof tl[0]; t++) {
        sbuf doc = {0}, val = {0};
        sbuf_adds(&doc, "<incident>\n<record>\n<incident_id>I1</incident_id>\n<note>");
        size_t ul = strlen(tl[t].unit);
        size_t produced = strcmp(tl[t].unit, "&#x41;") == 0 ? 1 : ul;
        for (size_t b = 0; b < tl[t].bytes; b += produced) {
            sbuf_adds(&doc, tl[t].unit);
            sbuf_add(&val, produced == 1 && ul > 1 ? "A" : tl[t].unit, produced);
        }
        sbuf_adds(&doc, "</note>\n</record>\n</incident>\n");
        collect c = {0};
        kerr e;
        double secs;
        int rc = parse(doc.p, doc.len, NULL, &c, &e, &secs);
        if (tl[t].ok) {
            T_EQ_INT(rc, 0, tl[t].label);
            sbuf want = {0};
            sbuf_printf(&want, "2{incident_id=I1|note=%s}", val.p);
            T_CHECK(c.out.p && strcmp(c.out.p, want.p) == 0, "%s: value differs", tl[t].label);
            sbuf_free(&want);
        } else {
            T_EQ_INT(rc, -1, tl[t].label);
            T_CHECK(strstr(e.msg, "t.xml:4: element <note> holds more than 65536 bytes of text") != NULL,
                    "%s: message '%s'", tl[t].label, e.msg);
            T_EQ_INT(c.n, 0, tl[t].label);
        }
        printf("# %s: %.3f s\n", tl[t].label, secs);
        sbuf_free(&doc);
        sbuf_free(&val);
        sbuf_free(&c.out);
    }

    /* a long run of white space between records is a text node too */
    sbuf doc = {0};
    sbuf_adds(&doc, "<hold>\n");
    for (int i = 0; i < 70000; i++) sbuf_addc(&doc, ' ');
    sbuf_adds(&doc, "<record/></hold>");
    collect c = {0};
    kerr e;
    int rc = parse(doc.p, doc.len, NULL, &c, &e, NULL);
    T_EQ_INT(rc, -1, "70000 spaces between records");
    T_CHECK(strstr(e.msg, "t.xml:1: element <hold> holds more than 65536 bytes") != NULL,
            "white space: message '%s'", e.msg);
    sbuf_free(&doc);
    sbuf_free(&c.out);
}

/* 50,000 attributes or namespace declarations on one tag: libxml2 2.9
 * would spend seconds (quadratic); the raw scan refuses them first. */
static void test_attribute_bomb(void)
{
    const char *fmt[] = { " a%d=\"\"", " xmlns:a%d='u'", " a%d = \"x\"", " a%d=\"\"", " a%d=\"\"" };
    /* the last two hide the bomb behind malformed markup */
    const char *pre[] = { "", "", "", "<attendance><!x>\n<attendance", "<attendance x=\"<\">\n<attendance" };
    for (int v = 0; v < 5; v++) {
        sbuf doc = {0};
        sbuf_adds(&doc, "<?xml version=\"1.0\"?>\n");
        sbuf_adds(&doc, v < 3 ? "<attendance" : pre[v]);
        for (int i = 0; i < 50000; i++) sbuf_printf(&doc, fmt[v], i);
        sbuf_adds(&doc, "/>");
        collect c = {0};
        kerr e;
        double secs;
        int rc = parse(doc.p, doc.len, NULL, &c, &e, &secs);
        T_EQ_INT(rc, -1, fmt[v]);
        if (v < 3)
            T_CHECK(strstr(e.msg, "t.xml:2: element <attendance> has more than 32 attributes") != NULL,
                    "attribute bomb %d: message '%s'", v, e.msg);
        printf("# 50000 attributes (%s%s): %.3f s: %s\n", pre[v], fmt[v], secs, e.msg);
        sbuf_free(&doc);
        sbuf_free(&c.out);
    }
}

/* Many records: all delivered in order with their lines; the callback can
 * stop the parse (-1, e untouched). */
static void test_stream_and_stop(void)
{
    sbuf doc = {0};
    sbuf_adds(&doc, "<report_submission>\n");
    const int n = 20000;
    for (int i = 0; i < n; i++)
        sbuf_printf(&doc, "<record><dept>D%d</dept><period>2026-%02d</period></record>\n", i,
                    i % 12 + 1);
    sbuf_adds(&doc, "</report_submission>\n");
    collect c = {0};
    kerr e;
    int rc = parse(doc.p, doc.len, NULL, &c, &e, NULL);
    T_EQ_INT(rc, 0, "20000 records");
    T_EQ_INT(c.n, n, "20000 records: count");
    char last[64];
    snprintf(last, sizeof last, "%d{dept=D%d|period=2026-%02d}", n + 1, n - 1, (n - 1) % 12 + 1);
    T_CHECK(c.out.p && strlen(c.out.p) > strlen(last) &&
            strcmp(c.out.p + strlen(c.out.p) - strlen(last), last) == 0,
            "20000 records: last record is not '%s'", last);

    collect s = {0};
    s.stop_after = 3;
    kerr_clear(&e);
    rc = parse(doc.p, doc.len, NULL, &s, &e, NULL);
    T_EQ_INT(rc, -1, "callback stop");
    T_EQ_INT(s.n, 3, "callback stop: records");
    T_EQ_INT(e.code, 0, "callback stop: e untouched");
    T_EQ_STR(e.msg, "", "callback stop: e untouched");
    sbuf_free(&doc);
    sbuf_free(&c.out);
    sbuf_free(&s.out);
}

/* The sniffer alone: kinds, DOCTYPE, junk. */
static void test_sniff(void)
{
    struct { const char *doc; const char *kind; const char *err; } sc[] = {
        { "<?xml version=\"1.0\"?><!-- c --><leave>", "leave", NULL },
        { "<borrowing><record>", "borrowing", NULL },
        { "<!DOCTYPE leave><leave/>", NULL, "t.xml:1: DOCTYPE is not allowed" },
        { "<leaves/>", NULL, "t.xml: root element <leaves> is not a record kind" },
        { "not xml", NULL, "t.xml:1: this is not XML: expected a document starting with '<'" },
        { "", NULL, "t.xml:1: the file is empty" },
    };
    for (size_t i = 0; i < sizeof sc / sizeof sc[0]; i++) {
        kerr e;
        kerr_clear(&e);
        quiet_begin();
        const kind_def *k = xmlin_sniff(sc[i].doc, strlen(sc[i].doc), "t.xml", &e);
        quiet_end();
        if (sc[i].kind) {
            T_CHECK(k && strcmp(k->name, sc[i].kind) == 0, "sniff '%s': got %s", sc[i].doc,
                    k ? k->name : e.msg);
        } else {
            T_CHECK(k == NULL, "sniff '%s': not rejected", sc[i].doc);
            T_CHECK(strstr(e.msg, sc[i].err) != NULL, "sniff '%s': message '%s' lacks '%s'",
                    sc[i].doc, e.msg, sc[i].err);
            T_EQ_INT(e.code, EXIT_DATAERR, sc[i].doc);
        }
    }
}

int main(void)
{
    noquiet = getenv("KEFU_TEST_NOQUIET") != NULL;
    snprintf(errlog, sizeof errlog, "/tmp/kefu-xmlin-stderr-XXXXXX");
    int fd = mkstemp(errlog);
    if (fd < 0) {
        perror("mkstemp");
        return 1;
    }
    close(fd);
    printf("# stderr of the parses goes to %s (removed at the end)\n", errlog);
    fflush(stdout);
    xmlin_init();

    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) run_case(&cases[i]);
    test_every_kind();
    test_xxe();
    test_deep();
    test_text_limits();
    test_attribute_bomb();
    test_stream_and_stop();
    test_sniff();

    /* libxml2 printed nothing by itself during any parse */
    char *log = NULL;
    size_t loglen = 0;
    kerr e;
    T_CHECK(util_read_file(errlog, &log, &loglen, &e) == 0, "read stderr log");
    T_CHECK(loglen == 0, "libxml2 wrote to stderr: '%.300s'", log ? log : "");
    free(log);
    unlink(errlog);

    xmlin_cleanup();
    xmlCleanupParser();
    return t_done();
}
