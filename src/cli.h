/* cli.h — kefu's command line as data: the table of options, the table of
 * commands (each naming the options it takes), the parser that checks a
 * command line against them, and the help printed from them.
 *
 * main.c applies the parsed options and runs the command; this module
 * prints nothing and chooses no exit code, so tests can drive it.
 *
 * To add an option: a CLI_O_* id below, a row in cli_options[] (cli.c),
 * its name in the `opts` of every command that takes it, and a case in
 * main.c's apply_option(). */
#ifndef KEFU_CLI_H
#define KEFU_CLI_H

#include "util.h"

/* Option ids: main.c switches on them. */
enum {
    CLI_O_HELP = 1, CLI_O_VERSION, CLI_O_QUIET, CLI_O_LANG,
    CLI_O_DB, CLI_O_POLICY, CLI_O_ASOF, CLI_O_FONT, CLI_O_JSON,
    CLI_O_STRICT, CLI_O_ENCODING, CLI_O_KIND,
    CLI_O_MONTH, CLI_O_FROM, CLI_O_TO, CLI_O_OUTPUT, CLI_O_BATCH, CLI_O_TEMPLATES,
    CLI_O_IN, CLI_O_OUT,
    CLI_O_PREPARED, CLI_O_REVIEWED, CLI_O_APPROVED, CLI_O_WITNESS, CLI_O_CATEGORY,
    CLI_O_HOLD_ID, CLI_O_RECORD, CLI_O_OWNER, CLI_O_REASON, CLI_O_PLACED_BY, CLI_O_BY, CLI_O_ON,
    CLI_O_DATE, CLI_O_WAIT, CLI_O_GROUP_READABLE, CLI_O_SOURCE, CLI_O_RULE, CLI_O_DEPT, CLI_O_EMPLOYEE, CLI_O_CSV,
    CLI_O_SHEET, CLI_O_FORMAT, CLI_O_ANCHOR, CLI_O_ROLES, CLI_O_AUDIT_KEY_FILE, CLI_O_RECHECKED, CLI_O_MAPPING,
    CLI_O_COUNT            /* one more than the last id */
};

/* Command ids: main.c dispatches on them. */
enum {
    CLI_C_HELP = 1, CLI_C_INIT, CLI_C_INGEST, CLI_C_INSPECT, CLI_C_CHECK, CLI_C_REPORT,
    CLI_C_RUN, CLI_C_PURGE_PLAN, CLI_C_PURGE_APPROVE, CLI_C_PURGE_EXECUTE, CLI_C_PURGE_LIST,
    CLI_C_PURGE_SHOW, CLI_C_HOLD_ADD, CLI_C_HOLD_LIFT, CLI_C_HOLD_LIST, CLI_C_BUNDLE_SOURCES,
    CLI_C_BUNDLE_VERIFY, CLI_C_POLICY_SHOW, CLI_C_POLICY_CHECK, CLI_C_AUDIT_VERIFY,
    CLI_C_AUDIT_SHOW, CLI_C_POLICY_LIST, CLI_C_FINDINGS, CLI_C_REJECTS, CLI_C_EXPORT,
    CLI_C_VACUUM,
    CLI_C_COUNT            /* one more than the last id */
};

/* One option. */
typedef struct cli_opt {
    int id;               /* CLI_O_* */
    const char *name;     /* long name without "--" */
    char shortc;          /* short letter ("-o"), or 0 */
    const char *arg;      /* the argument's name in help ("FILE"), NULL for a flag */
    const char *help;     /* one line, no trailing newline */
} cli_opt;

/* One command ("ingest") or subcommand ("purge plan"). */
typedef struct cli_cmd {
    int id;               /* CLI_C_* */
    const char *name;     /* one or two words */
    const char *args;     /* positional arguments in the synopsis ("PATH..."), "" for none */
    int min_args;         /* positional arguments it needs */
    int max_args;         /* at most, or -1 for any number */
    const char *opts;     /* the options it takes: long names separated by spaces; a
                           * trailing '!' marks one it cannot do without. --help,
                           * --version, --quiet and --lang are taken by every command;
                           * the global options (--db, --policy, --as-of, --font,
                           * --wait) by every command when they come before it. */
    const char *summary;  /* one line for `kefu help` */
    const char *help;     /* what it does, a few lines ending in '\n' */
    const char *example;  /* one or more example lines ending in '\n' */
} cli_cmd;

/* An option as given on the command line. */
typedef struct cli_val {
    const cli_opt *opt;   /* the table row (static) */
    const char *value;    /* its argument (points into argv), NULL for a flag */
    int before;           /* 1 when it came before the command's first word */
} cli_val;

/* A parsed command line. */
typedef struct cli_parsed {
    const cli_cmd *cmd;   /* the command, NULL when none was named */
    const char *family;   /* "purge" when the first word names a family of
                           * subcommands but the second names none of them */
    cli_val *vals;        /* options in command-line order (owned) */
    size_t nvals;
    char **args;          /* positional arguments after the command words (owned array, strings in argv) */
    int nargs;
    int help;             /* --help or -h was given */
    int version;          /* --version or -V was given */
} cli_parsed;

/* A command's Chinese summary and help text. */
typedef struct cli_zh {
    const char *summary;  /* one line */
    const char *help;     /* lines ending in '\n' */
} cli_zh;

/* The Chinese help, indexed by CLI_O_* and CLI_C_* (every id has one). */
extern const char *const cli_opt_zh[];
extern const cli_zh cli_cmd_zh[];

/* The tables, each ended by a row whose name is NULL. */
extern const cli_opt cli_options[];
extern const cli_cmd cli_commands[];

/* Parses argv[1..argc) into *out. Options may come before or after the
 * command words; "--" ends the options (what follows is an argument even if
 * it starts with '-'); "-" alone is an argument (stdin or stdout). Returns 0,
 * or EXIT_USAGE with one line in *err naming the argument at fault: an unknown
 * option, a missing argument, an option the command does not take, an unknown
 * command, a wrong number of arguments, a required option missing. With
 * --help or --version given, returns 0 without those checks after the
 * command words. Free *out with cli_parsed_free either way. */
int cli_parse(int argc, char **argv, cli_parsed *out, sbuf *err);
void cli_parsed_free(cli_parsed *p);

/* The command named by one or two words, or NULL. */
const cli_cmd *cli_find_command(const char *w1, const char *w2);

/* Appends to *b: the list of commands (`kefu help`); one command's help
 * (synopsis, what it does, its options, an example); or every subcommand of
 * a family ("purge"). cli_help_family returns -1 when the family is unknown. */
void cli_help_all(sbuf *b);
/* Help in Chinese (1) or English (0, the default) from now on. */
void cli_set_zh(int on);
void cli_help_command(const cli_cmd *c, sbuf *b);
int cli_help_family(const char *family, sbuf *b);
/* `kefu help --json [COMMAND [SUBCOMMAND]]`: appends {"commands":[{"name",
 * "args","summary","options":[…],"required":[…]}…]} — every command (or
 * those w1/w2 name: one, or a family) with the options it takes — without
 * the envelope (schema, exit) main.c adds. Returns -1 when w1/w2 name none. */
int cli_help_json(const char *w1, const char *w2, sbuf *b);

#endif
