/* cli.c — kefu's option and command tables, the parser that checks a
 * command line against them, and the help text made from them (cli.h).
 * Nothing here prints or exits: main.c does (STYLE 5). */
#include "msg.h"
#include "cli.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Every option kefu knows. The help line is shown by `kefu help CMD` for
 * each command that takes the option. */
const cli_opt cli_options[] = {
    { CLI_O_HELP, "help", 'h', NULL, "print this help and exit" },
    { CLI_O_VERSION, "version", 'V', NULL, "print the version and the libraries' versions and exit" },
    { CLI_O_QUIET, "quiet", 'q', NULL, "print only errors and rejects, no summary" },
    { CLI_O_LANG, "lang", 0, "zh|en", "language of messages (default: $KEFU_LANG or the locale, else en) and of reports (default zh)" },
    { CLI_O_DB, "db", 0, "PATH", "the database (default ./kefu.db, or $KEFU_DB)" },
    { CLI_O_POLICY, "policy", 0, "FILE|NAME", "the policy file, or a shipped pack's name (default: property)" },
    { CLI_O_ASOF, "as-of", 0, "DATE", "judge as of the end of this date (default: yesterday in the policy's timezone)" },
    { CLI_O_FONT, "font", 0, "FILE", "CJK TrueType font for the PDFs (default: $KEFU_FONT, else a system font)" },
    { CLI_O_JSON, "json", 0, NULL, "print one JSON object on stdout instead of text" },
    { CLI_O_STRICT, "strict", 0, NULL, "stop at the first rejected row and store nothing of that file" },
    { CLI_O_ENCODING, "encoding", 0, "utf-8|gb18030", "the CSV encoding (default: detected)" },
    { CLI_O_KIND, "kind", 0, "KIND", "the record kind, instead of recognising it from the header" },
    { CLI_O_MONTH, "month", 0, "YYYY-MM", "the report's period: one month" },
    { CLI_O_FROM, "from", 0, "DATE", "the report's period: first day (with --to)" },
    { CLI_O_TO, "to", 0, "DATE", "the report's period: last day (with --from)" },
    { CLI_O_OUTPUT, "output", 'o', "FILE", "write the PDF (or the --format file) to FILE (default KIND-PERIOD.pdf)" },
    { CLI_O_BATCH, "batch", 0, "ID", "the purge batch whose register to print (report register)" },
    { CLI_O_TEMPLATES, "templates", 0, "DIR", "report templates to use instead of the embedded ones" },
    { CLI_O_IN, "in", 0, "DIR", "the directory of export files to ingest" },
    { CLI_O_OUT, "out", 0, "DIR", "the directory to write outputs into" },
    { CLI_O_PREPARED, "prepared-by", 0, "ID", "employee id of the preparer" },
    { CLI_O_REVIEWED, "reviewed-by", 0, "ID", "employee id of the reviewer" },
    { CLI_O_APPROVED, "approved-by", 0, "ID", "employee id of the approver" },
    { CLI_O_WITNESS, "witness", 0, "ID", "employee id of a witness; repeat for each (at least two)" },
    { CLI_O_RECHECKED, "rechecked-by", 0, "ID", "employee id of who re-checks what is destroyed, on the spot (the policy's rechecker role)" },
    { CLI_O_CATEGORY, "category", 0, "CODE", "an archive category code" },
    { CLI_O_HOLD_ID, "hold-id", 0, "ID", "the new hold's identifier" },
    { CLI_O_RECORD, "record", 0, "ID", "hold one archive record" },
    { CLI_O_OWNER, "owner", 0, "OWNER", "hold every record of one owner" },
    { CLI_O_REASON, "reason", 0, "TEXT", "why the hold is placed" },
    { CLI_O_PLACED_BY, "placed-by", 0, "ID", "the same as --by (hold add)" },
    { CLI_O_BY, "by", 0, "ID", "employee id of who places or lifts the hold (a role the policy's <hold-roles> allows)" },
    { CLI_O_ON, "on", 0, "DATE", "the day the hold is placed or lifted (default: the as-of date)" },
    { CLI_O_DATE, "date", 0, "DATE", "the day whose ingested files to bundle (default: the as-of date)" },
    { CLI_O_WAIT, "wait", 0, "SECONDS", "wait this long for another kefu process's database lock (default 0: exit 75 at once)" },
    { CLI_O_GROUP_READABLE, "group-readable", 0, NULL,
      "create files 0640 and directories 0750 (default 0600/0700: they hold personal data)" },
    { CLI_O_SOURCE, "source", 0, "DOC", "the regulations document every quote must occur in" },
    { CLI_O_RULE, "rule", 0, "RULE", "only this rule's findings" },
    { CLI_O_DEPT, "dept", 0, "DEPT", "only this department's findings (its employees' and its own)" },
    { CLI_O_EMPLOYEE, "employee", 0, "ID", "only this employee's findings" },
    { CLI_O_CSV, "csv", 0, NULL, "print CSV (a header row, then one row each) instead of text" },
    { CLI_O_SHEET, "sheet", 0, "NAME", "read only this sheet of a workbook (.xlsx)" },
    { CLI_O_MAPPING, "mapping", 0, "NAME|FILE", "read a foreign layout by a mapping (shipped: dingtalk-punch, dingtalk-daily)" },
    { CLI_O_FORMAT, "format", 0, "pdf|csv|xlsx", "the output's format: report pdf (default), csv or xlsx; export csv (default) or xlsx" },
    { CLI_O_ANCHOR, "anchor", 0, "FILE|HASH", "the chain must still extend this head (a bundle, bag-info.txt, run JSON, or a hash)" },
    { CLI_O_ROLES, "roles", 0, NULL, "list the role history: who held which role, from which file, from when" },
    { CLI_O_AUDIT_KEY_FILE, "audit-key-file", 0, "FILE",
      "HMAC the audit chain with this key (mode 0600, 32+ bytes; default: $KEFU_AUDIT_KEY_FILE)" },
    { 0, NULL, 0, NULL, NULL }
};

/* The Chinese help (--lang zh, KEFU_LANG=zh, or a zh LANG): one line per
 * option and a summary and text per command, indexed by id; test_cli checks
 * that every option and command has them. */
const char *const cli_opt_zh[CLI_O_COUNT] = {
    [CLI_O_HELP] = "显示本帮助并退出",
    [CLI_O_VERSION] = "显示 kefu 及所用程序库的版本并退出",
    [CLI_O_QUIET] = "只输出错误和被拒的行，不输出汇总",
    [CLI_O_LANG] = "报表和提示的语言（报表默认 zh；提示默认英文，除非 --lang zh、KEFU_LANG=zh 或 zh_CN 的 LANG）",
    [CLI_O_DB] = "数据库文件（默认 ./kefu.db，或 $KEFU_DB）",
    [CLI_O_POLICY] = "规则文件，或随附规则包的名称（默认 property）",
    [CLI_O_ASOF] = "按该日结束时判定（默认：规则时区的昨天）",
    [CLI_O_FONT] = "PDF 所用的中文 TrueType 字体（默认 $KEFU_FONT，否则系统字体）",
    [CLI_O_JSON] = "在标准输出打印一个 JSON 对象，而不是文本",
    [CLI_O_STRICT] = "遇到第一条被拒的行即停止，该文件一行也不存",
    [CLI_O_ENCODING] = "CSV 的编码（默认自动识别）",
    [CLI_O_KIND] = "记录类型，不再按表头识别",
    [CLI_O_MONTH] = "报表期间：一个月",
    [CLI_O_FROM] = "报表期间：首日（与 --to 同用）",
    [CLI_O_TO] = "报表期间：末日（与 --from 同用）",
    [CLI_O_OUTPUT] = "PDF（或 --format 指定格式的文件）写入 FILE（默认 KIND-期间.pdf；- 表示标准输出）",
    [CLI_O_BATCH] = "要打印登记表的销毁批次（report register）",
    [CLI_O_TEMPLATES] = "使用该目录的报表模板，而不是内置模板",
    [CLI_O_IN] = "要导入的导出文件所在目录",
    [CLI_O_OUT] = "输出写入的目录",
    [CLI_O_PREPARED] = "编制人的员工编号（客服主任）",
    [CLI_O_REVIEWED] = "审核人的员工编号",
    [CLI_O_APPROVED] = "批准人的员工编号",
    [CLI_O_WITNESS] = "监销人的员工编号；每人一次（至少两人）",
    [CLI_O_RECHECKED] = "现场复核销毁内容者的员工编号（规则文件中的复核岗位，如客户服务部主管）",
    [CLI_O_CATEGORY] = "档案类别代码",
    [CLI_O_HOLD_ID] = "新冻结的编号",
    [CLI_O_RECORD] = "冻结一份档案",
    [CLI_O_OWNER] = "冻结某业主的全部档案",
    [CLI_O_REASON] = "冻结原因",
    [CLI_O_PLACED_BY] = "同 --by（设置冻结）",
    [CLI_O_BY] = "设置或解除冻结的员工编号（须为政策<hold-roles>允许的角色）",
    [CLI_O_ON] = "冻结或解除的日期（默认判定日）",
    [CLI_O_DATE] = "打包哪一天导入的文件（默认判定日）",
    [CLI_O_WAIT] = "等待其他 kefu 进程释放数据库锁的秒数（默认 0：立即以 75 退出）",
    [CLI_O_GROUP_READABLE] = "文件以 0640、目录以 0750 创建（默认 0600/0700：其中有个人信息）",
    [CLI_O_SOURCE] = "每条引文都必须出现在其中的规章制度文件",
    [CLI_O_RULE] = "只列该规则的违规",
    [CLI_O_DEPT] = "只列该部门的违规（其员工的及部门自身的）",
    [CLI_O_EMPLOYEE] = "只列该员工的违规",
    [CLI_O_CSV] = "输出 CSV（先表头，每条一行），而不是文本",
    [CLI_O_SHEET] = "只读取工作簿（.xlsx）中的这一张工作表",
    [CLI_O_MAPPING] = "按映射文件读取其他系统的导出格式（内置：dingtalk-punch、dingtalk-daily）",
    [CLI_O_FORMAT] = "输出格式：report 为 pdf（默认）、csv 或 xlsx；export 为 csv（默认）或 xlsx",
    [CLI_O_ANCHOR] = "审计链必须仍然延续这个链头（包、bag-info.txt、运行 JSON 或哈希值）",
    [CLI_O_ROLES] = "列出岗位记录的历史：谁在何时、依据哪个文件担任哪个岗位",
    [CLI_O_AUDIT_KEY_FILE] = "用此密钥以 HMAC 计算审计链（权限 0600，至少 32 字节；默认 $KEFU_AUDIT_KEY_FILE）",
};

const cli_zh cli_cmd_zh[CLI_C_COUNT] = {
    [CLI_C_HELP] = { "列出命令，或显示某个命令的选项",
      "不带参数时列出全部命令；带命令名时打印其用法、选项和示例（与 kefu 命令 --help 相同）。\n" },
    [CLI_C_INIT] = { "创建或升级数据库（可重复执行）",
      "创建数据库，或就地把旧数据库升级到当前结构，并说明做了哪一项。带 --audit-key-file 时，\n"
      "审计链自下一条记录起以该密钥做 HMAC（只需一次；此后每个写入的命令都需要该密钥）。\n" },
    [CLI_C_INGEST] = { "把 CSV/XML 导出文件存入数据库",
      "逐个读取文件（目录指其中按名排序的 *.csv 和 *.xml），按表头或根元素识别类型，\n"
      "存入有效的行，拒收其余的行并给出行号和原因（退出码 65）。已导入过的同一文件（SHA-256 相同）跳过。\n"
      "PATH 为 '-' 时读取标准输入，在提示和来源中名为 '-'（类型按表头或根元素识别，或用 --kind）；同样的内容再次输入时跳过。\n" },
    [CLI_C_INSPECT] = { "显示 kefu 如何读取一个文件，不存任何东西",
      "打印编码、分隔符、表头、类型（或无法识别的原因）、kefu 切分出的各行，以及每个错误及其行号。不打开数据库。\n"
      "FILE 为 '-' 时读取标准输入。\n" },
    [CLI_C_CHECK] = { "重新计算全部规则并保存违规结果",
      "从头重新计算数据库上的每条规则，保存违规和回访义务，并按规则、部门和月份打印汇总。\n" },
    [CLI_C_REPORT] = { "生成 PDF 报表：fines、visits、retention、register 或 run",
      "从数据库生成一份 PDF。KIND 为 fines、visits、retention、register（销毁批次用 --batch ID）或 run；\n"
      "fines、visits 和 run 需要期间：--month YYYY-MM，或 --from DATE --to DATE。\n"
      "--format csv 或 xlsx 改为写出报表中的表格，行与合计同 PDF：CSV 为一个文件，前两列为表名和行类型\n"
      "（head、row、group、total；-o - 输出到标准输出）；xlsx 每个表一张工作表，单元格均为文本。\n" },
    [CLI_C_FINDINGS] = { "列出已保存的违规，可筛选",
      "列出上次 check 保存的违规（check 负责保存，本命令只读），按日期排列，含规则、对象、部门、处罚、金额和条款。\n"
      "--month 或 --from/--to 按违规日期筛选。\n" },
    [CLI_C_REJECTS] = { "列出被拒的行和文件",
      "列出每条被拒的行及其文件、行号、字段、值和原因。--month 或 --from/--to 按文件导入日筛选；\n"
      "不给期间时也列出整份被拒的文件。\n" },
    [CLI_C_RUN] = { "夜间批处理：导入、检查、报表、打包、运行 JSON",
      "取得锁，导入 --in 中的新文件，重新计算全部规则，在 OUT/reports/YYYY-MM/ 生成本月报表，\n"
      "把当晚的新导出文件打包为 OUT/bundles/sources-DATE.tar.gz，并写出 OUT/run-DATE.json。\n" },
    [CLI_C_PURGE_PLAN] = { "为已到期的档案编制销毁批次",
      "把保管期满的档案（冻结的除外）编入新批次，在 --out 写出其登记表 PDF，并打印批次号。\n" },
    [CLI_C_PURGE_APPROVE] = { "记录批次的审核和批准",
      "记录审核人和批准人已签署该批次的登记表；其岗位按规则核对。\n" },
    [CLI_C_PURGE_EXECUTE] = { "在监销人见证下执行已批准的批次",
      "先把批次中的档案写入 --out 中经过校验的 BagIt 包，再销毁或移交；--witness 至少两次。\n"
      "规则文件的 <purge> 指定了复核岗位且批次有待销毁档案时，必须用 --rechecked-by 指明现场复核销毁内容的人，\n"
      "此人计入在场人数。\n" },
    [CLI_C_PURGE_LIST] = { "列出销毁批次",
      "列出每个销毁批次及其状态。\n" },
    [CLI_C_PURGE_SHOW] = { "显示一个销毁批次",
      "打印一个批次：相关人员、状态和档案。\n" },
    [CLI_C_HOLD_ADD] = { "对档案设置冻结",
      "冻结一份档案（--record）、一个类别（--category）或一位业主的档案（--owner），三者只能选一。\n"
      "冻结中的档案不会编入销毁批次。\n" },
    [CLI_C_HOLD_LIFT] = { "解除冻结",
      "解除一项冻结；自该日起不再适用。\n" },
    [CLI_C_HOLD_LIST] = { "列出冻结",
      "列出每项冻结及其是否有效。\n" },
    [CLI_C_BUNDLE_SOURCES] = { "打包某一天导入的文件",
      "把 --date 当天导入的源文件写成经过校验的 BagIt 包 OUT/sources-DATE.tar.gz。\n" },
    [CLI_C_BUNDLE_VERIFY] = { "校验 BagIt 包（.tar.gz 或目录）",
      "核对包的清单和校验和；不打开数据库。'-' 从标准输入读取 .tar.gz 包。\n" },
    [CLI_C_POLICY_LIST] = { "列出随附的规则包",
      "每行打印一个 kefu 随附的规则包名称。\n" },
    [CLI_C_POLICY_SHOW] = { "打印随附的规则包（默认 property，或 --policy）",
      "打印随附的规则包（或 --policy 指定的文件），作为自定义规则的起点。\n" },
    [CLI_C_POLICY_CHECK] = { "校验规则文件，列出全部问题",
      "按结构和 kefu 自身的检查校验规则文件（或随附规则包），列出每个问题及其行号（退出码 65）；\n"
      "带 --source DOC 时，每条引文都必须出现在规章制度文件 DOC（文件，或其中 *.txt 文件所在的目录）中。\n"
      "FILE 为 '-' 时读取标准输入；--source 和 --policy 不接受 '-'。\n" },
    [CLI_C_AUDIT_VERIFY] = { "重新计算审计日志的哈希链",
      "重新计算审计日志的哈希链，并指出第一条断开的记录（退出码 65）。\n" },
    [CLI_C_EXPORT] = { "按 kefu 自己的格式导出某类已存记录",
      "把某类记录按 kefu 自己的格式（中文表头）写成 CSV（不带 -o 或 -o - 时写到标准输出）或 .xlsx 工作簿\n"
      "（需要 -o；-o - 写到标准输出）。\n" },
    [CLI_C_VACUUM] = { "压缩数据库文件，释放销毁和替换留下的空页",
      "重建数据库文件，去掉销毁档案、替换记录后留下的空页，使文件变小（VACUUM，再把 WAL 检查点写回并截断），\n"
      "并写入一条审计记录（前后大小）。需要写锁，以及与数据库同样大的空闲磁盘空间；\n"
      "有销毁批次执行到一半（归档包已写、档案未删）时拒绝（退出码 65），先再次运行 purge execute。\n" },
    [CLI_C_AUDIT_SHOW] = { "打印审计日志",
      "打印每条审计日志记录。带 --roles 时改为列出岗位历史：每名员工每次岗位、入职或离职日期的变化，"
      "来自哪个文件、何时读入、其审计记录；* 标出保管岗位（制表、审核、批准、冻结）。\n" },
};

/* Options every command takes. */
static const char universal[] = "help version quiet lang";

/* The global options: the context a command runs in (like git's -C). Before
 * the command every command takes them, so that a wrapper such as
 * `kefu --db X --as-of D "$@"` works for all; after it, only a command that
 * uses one takes it. */
static const char global[] = "db policy as-of font wait group-readable audit-key-file";

/* Every command. Option lists: see cli_cmd.opts. */
const cli_cmd cli_commands[] = {
    { CLI_C_HELP, "help", "[COMMAND [SUBCOMMAND]]", 0, 2, "json",
      "list the commands, or show one command's options",
      "Without an argument, lists every command. With one, prints its synopsis,\n"
      "options and an example (the same as `kefu COMMAND --help`).\n",
      "kefu help ingest\nkefu help purge plan\n" },
    { CLI_C_INIT, "init", "", 0, 0, "db json wait group-readable audit-key-file",
      "create or upgrade the database (idempotent)",
      "Creates the database, or upgrades an older one in place to the current\n"
      "schema; says which it did. With --audit-key-file, keys the audit chain\n"
      "from its next entry (once; every later writer then needs the key).\n",
      "kefu --db /srv/kefu/kefu.db init\nkefu --db /srv/kefu/kefu.db --audit-key-file /srv/kefu/audit.key init\n" },
    { CLI_C_INGEST, "ingest", "PATH...", 1, -1, "db policy strict encoding kind sheet mapping json wait group-readable audit-key-file",
      "store CSV/XML/.xlsx export files in the database",
      "Reads each file (a directory means its *.csv, *.xml and *.xlsx, sorted by name),\n"
      "recognises its kind from the header or root element, stores the rows that\n"
      "are valid and rejects the others with their line and reason (exit 65).\n"
      "A file already ingested (same SHA-256) is skipped. PATH '-' is standard input,\n"
      "named '-' in messages and as the source (its kind from its header or root\n"
      "element, or --kind); the same bytes piped twice are skipped the second time.\n",
      "kefu ingest exports/2026-11-26/\nkefu ingest --kind attendance -- -odd-name.csv\n"
      "iconv -f GBK -t UTF-8 att.txt | kefu ingest --kind attendance -\n" },
    { CLI_C_INSPECT, "inspect", "FILE", 1, 1, "db policy encoding kind sheet mapping json",
      "show how kefu reads a file, storing nothing",
      "Prints the encoding, delimiter, header, kind (or why none), the rows as\n"
      "kefu splits them and every error with its line. FILE '-' is standard input.\n"
      "A punch log is paired with the roster of the database (--db, read only) as\n"
      "check would.\n",
      "kefu inspect --json samples/03-attendance.csv\n" },
    { CLI_C_CHECK, "check", "", 0, 0, "db policy as-of json wait group-readable audit-key-file",
      "recompute every rule and store the findings",
      "Recomputes every rule from scratch over the database, stores the findings\n"
      "and obligations, and prints a summary per rule, department and month.\n",
      "kefu check --as-of 2026-11-26\n" },
    { CLI_C_REPORT, "report", "KIND", 1, 1, "db policy as-of month from to output batch templates font format json group-readable",
      "render a PDF report: fines, visits, retention, register or run",
      "Renders one PDF from the database. KIND is fines, visits, retention,\n"
      "register (with --batch ID for a purge batch) or run. fines, visits and\n"
      "run need a period: --month YYYY-MM, or --from DATE --to DATE.\n"
      "--format csv or xlsx writes the report's tables instead, with the PDF's\n"
      "rows and totals: CSV as one file whose first two columns name the table\n"
      "and the row's kind (head, row, group, total; -o - for stdout), xlsx as\n"
      "one sheet per table, every cell a string cell.\n",
      "kefu report fines --month 2026-11 -o fines-2026-11.pdf\n"
      "kefu report fines --month 2026-11 --format xlsx -o fines-2026-11.xlsx\n" },
    { CLI_C_FINDINGS, "findings", "", 0, 0, "db month from to rule dept employee json csv",
      "list the stored findings, filtered",
      "Lists the findings the last check stored (check stores; this only reads),\n"
      "by date, with their rule, subject, department, sanction, amount and article.\n"
      "--month or --from/--to select by the finding's date.\n",
      "kefu findings --month 2026-11 --dept 客服部\nkefu findings --employee E013 --csv > e013.csv\n" },
    { CLI_C_REJECTS, "rejects", "", 0, 0, "db month from to json csv",
      "list the rejected rows and files",
      "Lists every rejected row with its file, line, field, value and message.\n"
      "--month or --from/--to select by the day the file was ingested; without\n"
      "them, files refused whole are listed too.\n",
      "kefu rejects --month 2026-11\n" },
    { CLI_C_RUN, "run", "", 0, 0, "db policy as-of in! out! font json wait group-readable audit-key-file",
      "the nightly batch: ingest, check, reports, bundle, run JSON",
      "Takes the lock, ingests the new files of --in, recomputes every rule,\n"
      "renders the month's reports under OUT/reports/YYYY-MM/, bundles the\n"
      "night's export files as OUT/bundles/sources-DATE.tar.gz and writes\n"
      "OUT/run-DATE.json.\n",
      "kefu --quiet --db /srv/kefu/kefu.db run --in /srv/kefu/exports --out /srv/kefu/out\n" },
    { CLI_C_PURGE_PLAN, "purge plan", "", 0, 0, "db policy as-of prepared-by! category out json font templates wait group-readable audit-key-file",
      "prepare a disposal batch of the records now eligible",
      "Collects the records whose retention has ended (holds respected) into a\n"
      "new batch, writes its register PDF into --out, and prints the batch id.\n",
      "kefu purge plan --prepared-by E001 --out registers/\n" },
    { CLI_C_PURGE_APPROVE, "purge approve", "BATCH", 1, 1,
      "db policy as-of reviewed-by! approved-by! font templates json wait group-readable audit-key-file",
      "record the review and approval of a batch",
      "Records that the reviewer and the approver signed the batch's register;\n"
      "their roles are checked against the policy.\n",
      "kefu purge approve P-20261126-01 --reviewed-by E002 --approved-by E003\n" },
    { CLI_C_PURGE_EXECUTE, "purge execute", "BATCH", 1, 1, "db policy as-of witness rechecked-by out json font templates wait group-readable audit-key-file",
      "carry out an approved batch before witnesses",
      "Writes the batch's records into a verified BagIt bundle in --out, then\n"
      "destroys or transfers them; --witness at least twice. When the policy's\n"
      "<purge> names a rechecker role and the batch destroys records,\n"
      "--rechecked-by ID is required: that person re-checks what is destroyed on\n"
      "the spot and counts among the people present.\n",
      "kefu purge execute P-20261126-01 --rechecked-by E004 --witness E005 --witness E006 --out bundles/\n" },
    { CLI_C_PURGE_LIST, "purge list", "", 0, 0, "db policy as-of json group-readable",
      "list the purge batches", "Lists every purge batch with its state.\n", "kefu purge list\n" },
    { CLI_C_PURGE_SHOW, "purge show", "BATCH", 1, 1, "db policy as-of json group-readable",
      "show one purge batch", "Prints one batch: its people, state and records.\n",
      "kefu purge show P-20261126-01\n" },
    { CLI_C_HOLD_ADD, "hold add", "", 0, 0,
      "db policy as-of hold-id! record category owner reason! by placed-by on json wait group-readable audit-key-file",
      "place a legal hold on records",
      "Places a hold on one record (--record), a category (--category) or an\n"
      "owner's records (--owner): exactly one of them. Held records are never\n"
      "planned for disposal.\n",
      "kefu hold add --hold-id H-1 --owner 3-1-502 --reason 'lawsuit' --by E004\n" },
    { CLI_C_HOLD_LIFT, "hold lift", "HOLD_ID", 1, 1, "db policy as-of by on json wait group-readable audit-key-file",
      "lift a hold", "Lifts a hold; from that day it no longer applies. --by is required; --on may not\n"
      "be before the last audit entry that touched the hold, nor after the last complete day.\n",
      "kefu hold lift H-1 --by E004\n" },
    { CLI_C_HOLD_LIST, "hold list", "", 0, 0, "db policy as-of json group-readable",
      "list the holds", "Lists every hold and whether it is in force.\n", "kefu hold list\n" },
    { CLI_C_BUNDLE_SOURCES, "bundle sources", "", 0, 0, "db policy as-of date out json group-readable audit-key-file",
      "bundle the files ingested on one day",
      "Writes the source files ingested on --date as a verified BagIt bundle\n"
      "OUT/sources-DATE.tar.gz.\n",
      "kefu bundle sources --date 2026-11-26 --out bundles/\n" },
    { CLI_C_BUNDLE_VERIFY, "bundle verify", "FILE|DIR", 1, 1, "json",
      "verify a BagIt bundle (.tar.gz or directory)",
      "Checks a bundle's manifests and checksums; opens no database. '-' reads a\n"
      ".tar.gz bundle from standard input.\n",
      "kefu bundle verify out/bundles/sources-2026-11-26.tar.gz\n" },
    { CLI_C_POLICY_LIST, "policy list", "", 0, 0, "json",
      "list the shipped policy packs", "Prints the names of the policy packs kefu ships, one a line.\n",
      "kefu policy list\n" },
    { CLI_C_POLICY_SHOW, "policy show", "[NAME]", 0, 1, "policy json",
      "print a shipped pack (default: property, or --policy)",
      "Prints a shipped policy pack (or the file --policy names), to start your\n"
      "own from.\n",
      "kefu policy show > policy.xml\n" },
    { CLI_C_POLICY_CHECK, "policy check", "FILE|NAME", 1, 1, "source json",
      "validate a policy, listing every problem",
      "Validates a policy file (or a shipped pack) against the schema and kefu's\n"
      "own checks and lists every problem with its line (exit 65); with\n"
      "--source DOC, every quote must occur in the regulations document DOC\n"
      "(a file, or a folder whose *.txt files are read). FILE '-' is standard\n"
      "input; --source and --policy do not take '-'.\n",
      "kefu policy check policy.xml\nkefu policy check --source \"$KEFU_REGULATIONS\" property\n" },
    { CLI_C_AUDIT_VERIFY, "audit verify", "", 0, 0, "db anchor json group-readable audit-key-file",
      "recompute the audit log's hash chain",
      "Recomputes the hash chain of the audit log and names the first broken\n"
      "entry (exit 65); with --anchor, the chain must still extend the head a\n"
      "bundle, run JSON or hash recorded earlier (truncation, rewriting).\n",
      "kefu audit verify\nkefu audit verify --anchor out/bundles/purge-P-20261126-01.tar.gz\n" },
    { CLI_C_EXPORT, "export", "KIND", 1, 1, "db format output json group-readable",
      "write a kind's stored rows in kefu's own layout",
      "Writes the stored rows of one kind with kefu's Chinese headers, as CSV\n"
      "(stdout without -o, or with -o -) or as an .xlsx workbook (--format xlsx,\n"
      "needs -o; -o - writes it to stdout): a template a department can start from.\n",
      "kefu export employee -o employee.csv\nkefu export callback --format xlsx -o callback.xlsx\n" },
    { CLI_C_AUDIT_SHOW, "audit show", "", 0, 0, "db roles json group-readable",
      "print the audit log",
      "Prints every audit log entry. With --roles, lists the role history instead: each change of an "
      "employee's role, hire or leaving date, the file it came from, when it was read and its audit entry; "
      "* marks the custody roles (purge preparer, reviewer, approver, hold roles).\n",
      "kefu audit show\nkefu audit show --roles\n" },
    { CLI_C_VACUUM, "vacuum", "", 0, 0, "db json wait group-readable audit-key-file",
      "compact the database file after purges and replacements",
      "Rebuilds the database file without the free pages that destroyed records\n"
      "and replaced rows leave behind, so that it shrinks (SQLite VACUUM, then a\n"
      "TRUNCATE checkpoint of the WAL), and appends an audit entry with the sizes\n"
      "before and after. Takes the writer lock and needs free disk space for a\n"
      "second copy of the database. Refused (exit 65) while a purge batch is\n"
      "part-way through its execution: run `kefu purge execute` again first.\n",
      "kefu --db /srv/kefu/kefu.db vacuum\n" },
    { 0, NULL, NULL, 0, 0, NULL, NULL, NULL, NULL }
};

static const cli_opt *opt_by_long(const char *name, size_t n)
{
    for (const cli_opt *o = cli_options; o->name; o++)
        if (strlen(o->name) == n && memcmp(o->name, name, n) == 0) return o;
    return NULL;
}

static const cli_opt *opt_by_short(char c)
{
    for (const cli_opt *o = cli_options; o->name; o++)
        if (o->shortc == c) return o;
    return NULL;
}

/* Whether the space-separated list `list` names `name` (with or without a
 * trailing '!'); *required receives 1 when it has the '!'. */
static int list_has(const char *list, const char *name, int *required)
{
    size_t n = strlen(name);
    for (const char *p = list; *p;) {
        while (*p == ' ') p++;
        const char *end = p;
        while (*end && *end != ' ') end++;
        size_t len = (size_t)(end - p);
        int req = len > 0 && p[len - 1] == '!';
        if (req) len--;
        if (len == n && memcmp(p, name, n) == 0) {
            if (required) *required = req;
            return 1;
        }
        p = end;
    }
    return 0;
}

/* Whether a command takes an option (every command takes the universal ones). */
static int takes(const cli_cmd *c, const cli_opt *o)
{
    return list_has(universal, o->name, NULL) || list_has(c->opts, o->name, NULL);
}

/* Whether `w` is the first word of a family of subcommands ("purge"). */
static int is_family(const char *w)
{
    size_t n = strlen(w);
    for (const cli_cmd *c = cli_commands; c->name; c++)
        if (strncmp(c->name, w, n) == 0 && c->name[n] == ' ') return 1;
    return 0;
}

const cli_cmd *cli_find_command(const char *w1, const char *w2)
{
    size_t n = strlen(w1);
    for (const cli_cmd *c = cli_commands; c->name; c++) {
        if (strncmp(c->name, w1, n) != 0) continue;
        if (c->name[n] == '\0' && !w2) return c;
        if (c->name[n] == ' ' && w2 && strcmp(c->name + n + 1, w2) == 0) return c;
    }
    return NULL;
}

static void push_val(cli_parsed *out, const cli_opt *o, const char *v, int before)
{
    out->vals = xrealloc(out->vals, (out->nvals + 1) * sizeof *out->vals);
    out->vals[out->nvals].opt = o;
    out->vals[out->nvals].value = v;
    out->vals[out->nvals].before = before;
    out->nvals++;
    if (o->id == CLI_O_HELP) out->help = 1;
    if (o->id == CLI_O_VERSION) out->version = 1;
}

/* The first error is kept; later ones are dropped (one line on stderr). */
static void set_err(sbuf *err, int *rc, const char *msg)
{
    if (*rc) return;
    *rc = EXIT_USAGE;
    sbuf_adds(err, msg);
}

int cli_parse(int argc, char **argv, cli_parsed *out, sbuf *err)
{
    memset(out, 0, sizeof *out);
    int rc = 0;
    char **words = xcalloc((size_t)argc + 1, sizeof *words);
    int nwords = 0, dashdash = 0;
    const char *bad_short = NULL;   /* the argument of an unknown short option */
    char bad_char = 0;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (dashdash || a[0] != '-' || a[1] == '\0') {
            words[nwords++] = argv[i];
        } else if (strcmp(a, "--") == 0) {
            dashdash = 1;
        } else if (a[1] == '-') {
            const char *name = a + 2, *eq = strchr(name, '=');
            size_t n = eq ? (size_t)(eq - name) : strlen(name);
            const cli_opt *o = opt_by_long(name, n);
            if (!o) {
                char *m = xasprintf(msg_tr("unknown option '--%.*s'"), (int)n, name);
                set_err(err, &rc, m);
                free(m);
            } else if (o->arg && eq) {
                push_val(out, o, eq + 1, nwords == 0);
            } else if (o->arg && i + 1 < argc) {
                push_val(out, o, argv[++i], nwords == 0);
            } else if (o->arg) {
                char *m = xasprintf(msg_tr("option '--%s' needs an argument %s"), o->name, o->arg);
                set_err(err, &rc, m);
                free(m);
            } else if (eq) {
                char *m = xasprintf(msg_tr("option '--%s' takes no argument ('%s')"), o->name, a);
                set_err(err, &rc, m);
                free(m);
            } else {
                push_val(out, o, NULL, nwords == 0);
            }
        } else {
            /* a cluster of short options: -qV, -o FILE, -oFILE */
            for (const char *p = a + 1; *p; p++) {
                const cli_opt *o = opt_by_short(*p);
                if (!o) {
                    /* the hint is written once the command is known */
                    if (!rc) bad_short = a, bad_char = *p;
                    set_err(err, &rc, "");
                    break;
                }
                if (!o->arg) {
                    push_val(out, o, NULL, nwords == 0);
                } else if (p[1]) {
                    push_val(out, o, p + 1, nwords == 0);
                    break;
                } else if (i + 1 < argc) {
                    push_val(out, o, argv[++i], nwords == 0);
                    break;
                } else {
                    char *m = xasprintf(msg_tr("option '-%c' needs an argument %s"), *p, o->arg);
                    set_err(err, &rc, m);
                    free(m);
                    break;
                }
            }
        }
    }
    /* the command words */
    int used = 0;
    if (nwords >= 1) {
        if (is_family(words[0])) {
            out->cmd = nwords >= 2 ? cli_find_command(words[0], words[1]) : NULL;
            if (out->cmd) used = 2;
            else {
                out->family = words[0];
                used = nwords >= 2 ? 2 : 1;
                char *m = nwords >= 2 ? xasprintf(msg_tr("unknown command '%s %s'"), words[0], words[1])
                                      : xasprintf(msg_tr("'%s' needs a subcommand"), words[0]);
                if (!out->help) set_err(err, &rc, m);
                free(m);
            }
        } else {
            out->cmd = cli_find_command(words[0], NULL);
            used = 1;
            if (!out->cmd) {
                char *m = xasprintf(msg_tr("unknown command '%s'"), words[0]);
                set_err(err, &rc, m);
                free(m);
            }
        }
    }
    if (bad_short) {
        const char *name = out->cmd ? out->cmd->name : out->family ? out->family : "COMMAND";
        sbuf_printf(err, msg_tr("unknown option '-%c' in '%s' (an argument that starts with '-' goes after "
                         "'--': kefu %s -- %s)"), bad_char, bad_short, name, bad_short);
    }
    out->args = words;
    out->nargs = nwords - used;
    memmove(words, words + used, (size_t)out->nargs * sizeof *words);
    words[out->nargs] = NULL;
    if (rc || out->help || out->version || !out->cmd) return rc;

    const cli_cmd *c = out->cmd;
    for (size_t i = 0; i < out->nvals; i++) {
        if (!takes(c, out->vals[i].opt) && !(out->vals[i].before && list_has(global, out->vals[i].opt->name, NULL))) {
            char *m = xasprintf(msg_tr("option '--%s' does not apply to 'kefu %s'"), out->vals[i].opt->name, c->name);
            set_err(err, &rc, m);
            free(m);
            return rc;
        }
    }
    if (out->nargs < c->min_args || (c->max_args >= 0 && out->nargs > c->max_args)) {
        char *m;
        if (c->max_args == 0)
            m = xasprintf(msg_tr("'kefu %s' takes no arguments, but was given '%s'"), c->name, out->args[0]);
        else if (out->nargs < c->min_args)
            m = xasprintf(msg_tr("'kefu %s' needs %s"), c->name, c->args);
        else
            m = xasprintf(msg_tr("'kefu %s' takes %s, but was also given '%s'"), c->name, c->args,
                          out->args[c->max_args]);
        set_err(err, &rc, m);
        free(m);
        return rc;
    }
    /* required options, in the order the command lists them */
    for (const cli_opt *o = cli_options; o->name; o++) {
        int req = 0;
        if (!list_has(c->opts, o->name, &req) || !req) continue;
        size_t i;
        for (i = 0; i < out->nvals && out->vals[i].opt != o; i++) {}
        if (i == out->nvals) {
            const char *what = msg_zh() && cli_opt_zh[o->id] ? cli_opt_zh[o->id] : o->help;
            char *m = xasprintf(msg_tr("'kefu %s' needs --%s %s (%s)"), c->name, o->name, o->arg, what);
            set_err(err, &rc, m);
            free(m);
            return rc;
        }
    }
    return 0;
}

void cli_parsed_free(cli_parsed *p)
{
    if (!p) return;
    free(p->vals);
    free(p->args);
    memset(p, 0, sizeof *p);
}

/* Appends the synopsis line: "kefu purge plan --prepared-by ID [options]". */
static void synopsis(const cli_cmd *c, sbuf *b, int with_options)
{
    sbuf_printf(b, "kefu %s", c->name);
    if (c->args[0]) sbuf_printf(b, " %s", c->args);
    for (const cli_opt *o = cli_options; o->name; o++) {
        int req = 0;
        if (list_has(c->opts, o->name, &req) && req) sbuf_printf(b, " --%s %s", o->name, o->arg);
    }
    if (with_options) sbuf_adds(b, " [options]");
}

/* 1: the help in Chinese (cli_set_zh). */
static int zh;

void cli_set_zh(int on) { zh = on; }

/* English or Chinese, as cli_set_zh chose. */
#define T(en, cn) (zh ? (cn) : (en))

static void option_line(const cli_opt *o, sbuf *b)
{
    char left[64];
    if (o->shortc)
        snprintf(left, sizeof left, "-%c, --%s%s%s", o->shortc, o->name, o->arg ? " " : "", o->arg ? o->arg : "");
    else
        snprintf(left, sizeof left, "    --%s%s%s", o->name, o->arg ? " " : "", o->arg ? o->arg : "");
    sbuf_printf(b, "  %-30s %s\n", left, zh && cli_opt_zh[o->id] ? cli_opt_zh[o->id] : o->help);
}

void cli_help_command(const cli_cmd *c, sbuf *b)
{
    sbuf_adds(b, T("usage: ", "用法："));
    synopsis(c, b, 1);
    sbuf_printf(b, "\n\n%s\n%s", zh && cli_cmd_zh[c->id].help ? cli_cmd_zh[c->id].help : c->help,
                T("options:\n", "选项：\n"));
    for (const cli_opt *o = cli_options; o->name; o++)
        if (list_has(c->opts, o->name, NULL)) option_line(o, b);
    for (const cli_opt *o = cli_options; o->name; o++)
        if (list_has(universal, o->name, NULL)) option_line(o, b);
    if (c->args[0] && c->id != CLI_C_HELP)
        sbuf_printf(b, T("\nOptions may come before or after %s; '--' ends them, so an argument\n"
                         "that starts with '-' goes after it: kefu %s -- -name\n",
                         "\n选项可放在 %s 之前或之后；'--' 结束选项，以 '-' 开头的参数放在它后面：kefu %s -- -name\n"),
                    c->args, c->name);
    sbuf_adds(b, T("\nexample:\n", "\n示例：\n"));
    for (const char *p = c->example; *p;) {
        const char *nl = strchr(p, '\n');
        size_t n = nl ? (size_t)(nl - p) : strlen(p);
        sbuf_printf(b, "  %.*s\n", (int)n, p);
        p += n + (nl ? 1 : 0);
    }
}

int cli_help_family(const char *family, sbuf *b)
{
    size_t n = strlen(family);
    int found = 0;
    for (const cli_cmd *c = cli_commands; c->name; c++) {
        if (strncmp(c->name, family, n) != 0 || c->name[n] != ' ') continue;
        if (found) sbuf_adds(b, "\n");
        cli_help_command(c, b);
        found = 1;
    }
    return found ? 0 : -1;
}

void cli_help_all(sbuf *b)
{
    sbuf_adds(b, T("usage: kefu [options] COMMAND [ARGS]\n\ncommands:\n", "用法：kefu [选项] 命令 [参数]\n\n命令：\n"));
    for (const cli_cmd *c = cli_commands; c->name; c++) {
        sbuf line = {0};
        synopsis(c, &line, 0);
        const char *sum = zh && cli_cmd_zh[c->id].summary ? cli_cmd_zh[c->id].summary : c->summary;
        if (line.len - 5 > 34) sbuf_printf(b, "  %s\n  %-34s %s\n", line.p + 5, "", sum);
        else sbuf_printf(b, "  %-34s %s\n", line.p + 5, sum);
        sbuf_free(&line);
    }
    sbuf_adds(b, T("\noptions every command takes:\n", "\n每个命令都接受的选项：\n"));
    for (const cli_opt *o = cli_options; o->name; o++)
        if (list_has(universal, o->name, NULL)) option_line(o, b);
    sbuf_adds(b, T("\nglobal options, taken by every command when they come before it\n"
                   "(kefu --db X check); after it, only by a command that uses them:\n",
                   "\n全局选项：放在命令之前时每个命令都接受（kefu --db X check）；放在命令之后时，\n"
                   "只有用到它的命令接受：\n"));
    for (const cli_opt *o = cli_options; o->name; o++)
        if (list_has(global, o->name, NULL)) option_line(o, b);
    sbuf_adds(b, T("\n'kefu help COMMAND' (or 'kefu COMMAND --help') shows a command's options and\n"
                   "an example. Options may come before or after the command; '--' ends them.\n"
                   "\nexit codes: 0 ok, 64 usage, 65 data error (rows rejected, invalid policy),\n"
                   "66 input missing, 70 internal error, 73 cannot create output, 75 locked,\n"
                   "77 audit key missing, wrong or unsafe\n"
                   "The manual: man kefu (src/kefu.1).\n",
                   "\n'kefu help 命令'（或 'kefu 命令 --help'）显示该命令的选项和示例。选项可放在命令之前或之后；\n"
                   "'--' 结束选项。\n"
                   "\n退出码：0 正常，64 用法错误，65 数据错误（有行被拒、规则文件无效），66 输入缺失，\n"
                   "70 内部错误，73 无法创建输出，75 已被锁定，77 审计密钥缺失、错误或不安全\n"
                   "手册：man kefu（src/kefu.1）。\n"));
}

/* Appends the option names of `list` (a command's opts or `universal`) as
 * JSON strings, '!' dropped. */
static void json_opt_names(const char *list, sbuf *b, int *n)
{
    for (const cli_opt *o = cli_options; o->name; o++) {
        if (!list_has(list, o->name, NULL)) continue;
        sbuf_printf(b, "%s\"%s\"", (*n)++ ? "," : "", o->name);
    }
}

int cli_help_json(const char *w1, const char *w2, sbuf *b)
{
    int found = 0;
    size_t n1 = w1 ? strlen(w1) : 0;
    sbuf_adds(b, "{\"commands\":[");
    for (const cli_cmd *c = cli_commands; c->name; c++) {
        /* all, or the one w1 w2 name, or every one of the family w1 */
        if (w1 && !(c == cli_find_command(w1, w2) ||
                    (!w2 && strncmp(c->name, w1, n1) == 0 && c->name[n1] == ' ')))
            continue;
        sbuf_printf(b, "%s{\"name\":\"%s\",\"args\":\"%s\",\"summary\":", found++ ? "," : "",
                    c->name, c->args);
        sbuf_json_str(b, zh && cli_cmd_zh[c->id].summary ? cli_cmd_zh[c->id].summary : c->summary);
        sbuf_adds(b, ",\"options\":[");
        int n = 0;
        json_opt_names(c->opts, b, &n);
        json_opt_names(universal, b, &n);
        sbuf_adds(b, "],\"required\":[");
        n = 0;
        for (const cli_opt *o = cli_options; o->name; o++) {
            int req = 0;
            if (list_has(c->opts, o->name, &req) && req) sbuf_printf(b, "%s\"%s\"", n++ ? "," : "", o->name);
        }
        sbuf_adds(b, "]}");
    }
    sbuf_adds(b, "]}");
    return found ? 0 : -1;
}
