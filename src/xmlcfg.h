/* xmlcfg.h — the parse of kefu's own small XML files: policy packs,
 * mappings and report templates. One place keeps libxml2 from loading
 * anything (no DTD, no external entity, no network, no XInclude; entities
 * are not substituted), refuses a DOCTYPE, and keeps libxml2's messages
 * off stderr: a failure is named by its cause (an encoding error, say,
 * rather than the "Premature end of data" it leads to). What a file must
 * hold is each reader's own business (its schema and semantic pass). */
#ifndef KEFU_XMLCFG_H
#define KEFU_XMLCFG_H

#include <stddef.h>
#include <libxml/tree.h>

/* Why a parse gave no document. */
typedef struct xmlcfg_result {
    long doctype_line;     /* > 0: the line of a DOCTYPE; the document is refused */
    long err_line;         /* the line of the parse error, 0 when unknown */
    int no_parser;         /* 1 when libxml2 could not make a parser (no memory) */
    char err[400];         /* the parse error, one line; "" when none */
} xmlcfg_result;

/* Parses the len bytes at buf as the XML file `name` (for libxml2's
 * messages). Returns the document, which the caller frees with
 * xmlFreeDoc, or NULL with r telling why: a DOCTYPE (r->doctype_line), no
 * parser (r->no_parser), or a document that is not well-formed (r->err,
 * r->err_line). Line numbers past 65535 are kept (XML_PARSE_BIG_LINES). */
xmlDocPtr xmlcfg_parse(const char *buf, size_t len, const char *name, xmlcfg_result *r);

#endif
