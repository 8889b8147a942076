/* test_cli.c — the command-line parser (cli.h) as a table: each case is a
 * command line, the command it must find, its positional arguments, and
 * either 0 or the exit code 64 with the text the one-line error must
 * contain. Then the tables themselves: every option a command names exists,
 * and every command's help has its synopsis, its options and an example. */
#include "cli.h"
#include "t.h"

#include <stdlib.h>
#include <string.h>

#define N(a) (sizeof(a) / sizeof((a)[0]))

struct parse_case {
    const char *line;   /* arguments after "kefu", separated by '|' */
    int rc;             /* 0 or EXIT_USAGE */
    const char *cmd;    /* the command found, or NULL */
    int nargs;          /* positional arguments (when rc is 0) */
    const char *arg0;   /* the first of them, or NULL */
    const char *err;    /* text the error must contain (when rc is 64) */
};

static const struct parse_case cases[] = {
    /* commands and their arguments */
    { "init", 0, "init", 0, NULL, NULL },
    { "ingest|a.csv|b.csv", 0, "ingest", 2, "a.csv", NULL },
    { "--db|x.db|--quiet|ingest|a.csv", 0, "ingest", 1, "a.csv", NULL },      /* options before */
    { "ingest|a.csv|--db=x.db|-q", 0, "ingest", 1, "a.csv", NULL },           /* and after */
    { "purge|plan|--prepared-by|E001", 0, "purge plan", 0, NULL, NULL },
    { "purge|approve|B1|--reviewed-by|E2|--approved-by|E3", 0, "purge approve", 1, "B1", NULL },
    { "report|fines|-o|-|--month|2026-11", 0, "report", 1, "fines", NULL },   /* "-" as a value */
    { "report|fines|-o-", 0, "report", 1, "fines", NULL },                    /* -oFILE */
    { "inspect|-", 0, "inspect", 1, "-", NULL },                              /* "-" is stdin */
    { "ingest|--|-dash.csv", 0, "ingest", 1, "-dash.csv", NULL },             /* "--" ends options */
    { "ingest|--|--db", 0, "ingest", 1, "--db", NULL },
    { "help|purge|plan", 0, "help", 2, "purge", NULL },
    { "policy|check|p.xml", 0, "policy check", 1, "p.xml", NULL },
    /* help and version skip the checks after the command words */
    { "check|--witness|E1|--help", 0, "check", 0, NULL, NULL },
    { "-V", 0, NULL, 0, NULL, NULL },
    /* usage errors name the argument at fault */
    { "check|--witness|E001|-o|foo.pdf", EXIT_USAGE, "check", 0, NULL,
      "option '--witness' does not apply to 'kefu check'" },
    { "policy|check|p.xml|--db|x", EXIT_USAGE, "policy check", 0, NULL, "'--db' does not apply" },
    { "--db|x|--as-of|2026-11-26|policy|check|p.xml", 0, "policy check", 1, "p.xml", NULL }, /* global, before */
    { "--csv|policy|show", EXIT_USAGE, "policy show", 0, NULL, "'--csv' does not apply" }, /* not global */
    { "ingest|-dash.csv", EXIT_USAGE, "ingest", 0, NULL,
      "unknown option '-d' in '-dash.csv' (an argument that starts with '-' goes after '--': kefu ingest -- -dash.csv)" },
    { "ingest|--nope|a", EXIT_USAGE, "ingest", 0, NULL, "unknown option '--nope'" },
    { "ingest|a|--db", EXIT_USAGE, "ingest", 0, NULL, "option '--db' needs an argument PATH" },
    { "ingest|a|--json=yes", EXIT_USAGE, "ingest", 0, NULL, "option '--json' takes no argument" },
    { "ingest", EXIT_USAGE, "ingest", 0, NULL, "'kefu ingest' needs PATH..." },
    { "check|extra", EXIT_USAGE, "check", 0, NULL, "'kefu check' takes no arguments, but was given 'extra'" },
    { "inspect|a|b", EXIT_USAGE, "inspect", 0, NULL, "takes FILE, but was also given 'b'" },
    { "purge|plan", EXIT_USAGE, "purge plan", 0, NULL, "'kefu purge plan' needs --prepared-by ID" },
    { "purge|approve|B|--reviewed-by|E2", EXIT_USAGE, "purge approve", 0, NULL, "needs --approved-by ID" },
    { "run|--in|x", EXIT_USAGE, "run", 0, NULL, "'kefu run' needs --out DIR" },
    { "purge", EXIT_USAGE, NULL, 0, NULL, "'purge' needs a subcommand" },
    { "purge|burn", EXIT_USAGE, NULL, 0, NULL, "unknown command 'purge burn'" },
    { "frobnicate", EXIT_USAGE, NULL, 0, NULL, "unknown command 'frobnicate'" },
};

static void test_parse(void)
{
    for (size_t i = 0; i < N(cases); i++) {
        const struct parse_case *c = &cases[i];
        char *line = strdup(c->line);
        char *argv[32] = { "kefu" };
        int argc = 1;
        for (char *tok = line, *bar; tok; tok = bar) {
            bar = strchr(tok, '|');
            if (bar) *bar++ = '\0';
            argv[argc++] = tok;
        }
        cli_parsed p;
        sbuf err = {0};
        int rc = cli_parse(argc, argv, &p, &err);
        T_EQ_INT(rc, c->rc, c->line);
        T_EQ_STR(p.cmd ? p.cmd->name : NULL, c->cmd, c->line);
        if (c->rc == 0) {
            T_EQ_INT(p.nargs, c->nargs, c->line);
            T_EQ_STR(p.nargs ? p.args[0] : NULL, c->arg0, c->line);
            T_CHECK(p.args[p.nargs] == NULL, "%s: args not NULL-terminated", c->line);
        } else {
            T_CHECK(err.p && strstr(err.p, c->err), "%s: error '%s' lacks '%s'", c->line,
                    err.p ? err.p : "", c->err);
        }
        sbuf_free(&err);
        cli_parsed_free(&p);
        free(line);
    }
}

/* Option values keep their order and their text; a repeated option is
 * there each time (--witness). */
static void test_values(void)
{
    char *argv[] = { "kefu", "purge", "execute", "B", "--witness", "E4", "--witness=E5", "-q", NULL };
    cli_parsed p;
    sbuf err = {0};
    T_EQ_INT(cli_parse(8, argv, &p, &err), 0, "execute parses");
    T_EQ_INT(p.nvals, 3, "three options");
    if (p.nvals == 3) {
        T_EQ_STR(p.vals[0].opt->name, "witness", "first");
        T_EQ_STR(p.vals[0].value, "E4", "first value");
        T_EQ_STR(p.vals[1].value, "E5", "second value (--opt=value)");
        T_EQ_INT(p.vals[2].opt->id, CLI_O_QUIET, "-q is --quiet");
    }
    sbuf_free(&err);
    cli_parsed_free(&p);
}

/* Every option a command lists exists in the option table; every command's
 * help shows its synopsis, each of its options and an example. */
static void test_tables(void)
{
    for (const cli_cmd *c = cli_commands; c->name; c++) {
        for (const char *s = c->opts; *s;) {
            while (*s == ' ') s++;
            size_t n = strcspn(s, " !");
            if (n) {
                const cli_opt *o;
                for (o = cli_options; o->name; o++)
                    if (strlen(o->name) == n && memcmp(o->name, s, n) == 0) break;
                T_CHECK(o->name != NULL, "%s: option '%.*s' is not in cli_options", c->name, (int)n, s);
                if (o->name) {
                    sbuf b = {0};
                    cli_help_command(c, &b);
                    char *want = xasprintf("--%s", o->name);
                    T_CHECK(strstr(b.p, want) != NULL, "help %s lacks %s", c->name, want);
                    free(want);
                    sbuf_free(&b);
                }
            }
            s += n;
            if (*s == '!') s++;
        }
        sbuf b = {0};
        cli_help_command(c, &b);
        char *usage = xasprintf("usage: kefu %s", c->name);
        T_CHECK(strncmp(b.p, usage, strlen(usage)) == 0, "help %s starts '%s'", c->name, usage);
        T_CHECK(strstr(b.p, "\nexample:\n  kefu ") != NULL, "help %s has an example", c->name);
        free(usage);
        sbuf_free(&b);
        T_CHECK(cli_find_command(c->name, NULL) == c || strchr(c->name, ' '), "%s found by name", c->name);
    }
    sbuf all = {0};
    cli_help_all(&all);
    for (const cli_cmd *c = cli_commands; c->name; c++) {
        char *want = xasprintf("\n  %s", c->name);
        T_CHECK(strstr(all.p, want) != NULL, "kefu help lists %s", c->name);
        free(want);
    }
    sbuf_free(&all);
    sbuf fam = {0};
    T_EQ_INT(cli_help_family("purge", &fam), 0, "purge is a family");
    T_CHECK(fam.p && strstr(fam.p, "usage: kefu purge execute BATCH") != NULL, "purge family help has execute");
    sbuf_free(&fam);
    sbuf none = {0};
    T_EQ_INT(cli_help_family("nope", &none), -1, "nope is no family");
    sbuf_free(&none);
}

/* Every option and command has its Chinese help, and the help in Chinese
 * uses it (with the English fallback never needed). */
static void test_zh(void)
{
    for (const cli_opt *o = cli_options; o->name; o++)
        T_CHECK(cli_opt_zh[o->id] != NULL, "option --%s has no Chinese help line", o->name);
    for (const cli_cmd *c = cli_commands; c->name; c++)
        T_CHECK(cli_cmd_zh[c->id].summary && cli_cmd_zh[c->id].help, "command '%s' has no Chinese help", c->name);
    cli_set_zh(1);
    sbuf b = {0};
    cli_help_command(cli_find_command("ingest", NULL), &b);
    T_CHECK(strncmp(b.p, "用法：kefu ingest", strlen("用法：kefu ingest")) == 0, "zh help starts 用法：, got %.40s", b.p);
    T_CHECK(strstr(b.p, "选项：") && strstr(b.p, "示例：") && strstr(b.p, cli_opt_zh[CLI_O_STRICT]), "zh help sections");
    sbuf_free(&b);
    cli_help_all(&b);
    T_CHECK(strstr(b.p, cli_cmd_zh[CLI_C_RUN].summary) != NULL, "kefu help in Chinese lists run's Chinese summary");
    sbuf_free(&b);
    cli_set_zh(0);
}

int main(void)
{
    test_parse();
    test_values();
    test_tables();
    test_zh();
    return t_done();
}
