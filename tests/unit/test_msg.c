/* test_msg.c — the message catalogue (msg.h): English by default, the
 * Chinese when chosen, the English for a format the catalogue lacks;
 * kerr_set builds its message in the chosen language; numbered
 * conversions (%2$s) and a swallowed English plural (%.0s) print as the
 * catalogue means. That every format of src/ has an entry is
 * tests/msgcheck.py's part. */
#include "t.h"
#include "msg.h"
#include "util.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

/* printf through the catalogue, as the modules do */
static void fmt(char *out, size_t n, const char *en, ...) __attribute__((format(printf, 3, 4)));
static void fmt(char *out, size_t n, const char *en, ...)
{
    va_list ap;
    va_start(ap, en);
    vsnprintf(out, n, msg_tr(en), ap);
    va_end(ap);
}

int main(void)
{
    static const char read_err[] = "%s: read error";
    static const char unknown[] = "a message no catalogue has: %s";
    char b[512];
    kerr e;

    /* English is the default: the format itself, not a copy */
    T_CHECK(msg_zh() == 0, "English by default");
    T_CHECK(msg_tr(read_err) == read_err, "English: msg_tr returns its argument");
    T_EQ_STR(msg_lookup(read_err), "%s: 读取出错", "lookup works whatever the language");
    T_CHECK(msg_lookup(unknown) == NULL, "lookup of an unknown format: NULL");
    T_CHECK(msg_tr(NULL) == NULL, "msg_tr(NULL)");
    kerr_clear(&e);
    kerr_set(&e, EXIT_NOINPUT, "%s: read error", "a.csv");
    T_EQ_STR(e.msg, "a.csv: read error", "kerr_set in English");

    msg_set_zh(1);
    T_CHECK(msg_zh() == 1, "Chinese chosen");
    T_EQ_STR(msg_tr(read_err), "%s: 读取出错", "Chinese: the catalogue's format");
    T_CHECK(msg_tr(unknown) == unknown, "Chinese: an unknown format stays English");
    kerr_clear(&e);
    T_EQ_INT(kerr_set(&e, EXIT_NOINPUT, "%s: read error", "a.csv"), -1, "kerr_set returns -1");
    T_EQ_STR(e.msg, "a.csv: 读取出错", "kerr_set in Chinese keeps the FILE: prefix");
    T_EQ_INT(e.code, EXIT_NOINPUT, "kerr_set keeps the code");
    kerr_clear(&e);
    kerr_set(&e, EXIT_DATAERR, "%s:%ld: row has %d fields, the header has %d", "a.csv", 7L, 3, 8);
    T_EQ_STR(e.msg, "a.csv:7: 该行有 3 个字段，表头有 8 个", "FILE:LINE: prefix kept");

    /* numbered conversions take the arguments in the English order */
    fmt(b, sizeof b, "%s: another kefu process still holds the lock (%s) after "
                     "waiting %d s; try again when it has finished", "kefu.db", "pid 42", 30);
    T_EQ_STR(b, "kefu.db: 等待 30 秒后，另一个 kefu 进程仍持有锁（pid 42）；请在它结束后重试",
             "numbered conversions");
    fmt(b, sizeof b, "%s: rejected whole under --strict (%ld bad row%s)", "b.csv", 2L, "s");
    T_EQ_STR(b, "b.csv: 在 --strict 下整体拒收（2 行有误）", "the English plural is swallowed (%.0s)");

    /* a summary line */
    fmt(b, sizeof b, "total: %ld stored, %ld rejected, %ld replaced, %ld files skipped, %ld files rejected\n",
        5L, 1L, 0L, 2L, 0L);
    T_EQ_STR(b, "合计：存入 5 行，拒收 1 行，替换 0 行，跳过 2 个文件，整体拒收 0 个文件\n", "ingest total");

    /* system errors: kefu's Chinese for the common ones, else the system's */
    T_EQ_STR(msg_strerror(ENOSPC), "磁盘空间不足", "ENOSPC in Chinese");
    T_EQ_STR(msg_strerror(ENOENT), "没有该文件或目录", "ENOENT in Chinese");
    T_EQ_STR(msg_strerror(EHOSTUNREACH), strerror(EHOSTUNREACH), "an uncommon errno: the system's text");

    msg_set_zh(0);
    T_CHECK(msg_tr(read_err) == read_err, "back to English");
    T_EQ_STR(msg_strerror(ENOSPC), strerror(ENOSPC), "ENOSPC in English: strerror");
    return t_done();
}
