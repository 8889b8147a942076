/* test_bag.c — the tar.gz writer/reader and the BagIt builder/verifier:
 * round trips with long and Chinese names, determinism, refused names,
 * tampered bundles, the Library of Congress conformance suite (every bag
 * as a directory and packed as a .tar.gz), and the outside tools (GNU tar,
 * bsdtar, tests/bagcheck.py) on a bundle we wrote.
 *
 * Run from the repository root; the suite is read from
 * tests/data/bagit-conformance (its README says where it comes from and
 * its licence), or from $KEFU_BAGIT_SUITE. */
#include "bag.h"
#include "hash.h"
#include "tar.h"
#include "t.h"

#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

static char tmpdir[256];

/* Returns a path inside the test's temp dir (static buffer rotation). */
static const char *tpath(const char *name)
{
    static char buf[4][512];
    static int k;
    k = (k + 1) % 4;
    snprintf(buf[k], sizeof buf[k], "%s/%s", tmpdir, name);
    return buf[k];
}

static int run(const char *cmd)
{
    int rc = system(cmd);
    return rc == -1 ? -1 : WEXITSTATUS(rc);
}

static int file_eq(const char *a, const char *b)
{
    char *pa = NULL, *pb = NULL;
    size_t la = 0, lb = 0;
    kerr e = {0};
    int ok = util_read_file(a, &pa, &la, &e) == 0 && util_read_file(b, &pb, &lb, &e) == 0 && la == lb &&
             memcmp(pa, pb, la) == 0;
    free(pa);
    free(pb);
    return ok;
}

/* 40 Chinese characters: 120 bytes of UTF-8, past ustar's 100-byte name. */
static const char *CN40 =
    "客服部规章制度及日常工作流程档案管理细则过期文件处理登记表业主档案移交清册销毁清册会员回访记录表格";

/* ---------------------------------------------------------------- tar */

static void test_tar_roundtrip(void)
{
    const char *path = tpath("rt.tar.gz");
    kerr e = {0};
    tar_writer *w = NULL;
    char longascii[200], longflat[160], cn[512];
    snprintf(longascii, sizeof longascii, "top/%s/%s", "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
             "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb.txt");   /* >100, splits */
    memset(longflat, 'x', 150);
    memcpy(longflat, "top/", 4);
    longflat[150] = '\0';                                                           /* no split fits */
    snprintf(cn, sizeof cn, "top/%s.csv", CN40);
    T_EQ_INT(tar_writer_open(path, 6, 1795651200, &w, &e), 0, "open writer");
    T_EQ_INT(tar_writer_add_dir(w, "top", &e), 0, "add dir");
    T_EQ_INT(tar_writer_add_file(w, "top/small.txt", "hello\n", 6, &e), 0, "add small");
    T_EQ_INT(tar_writer_add_file(w, "top/empty", "", 0, &e), 0, "add empty");
    T_EQ_INT(tar_writer_add_file(w, longascii, "a", 1, &e), 0, "add long split name");
    T_EQ_INT(tar_writer_add_file(w, longflat, "b", 1, &e), 0, "add long flat name");
    T_EQ_INT(tar_writer_add_file(w, cn, "中文", strlen("中文"), &e), 0, "add chinese name");
    /* streamed: 1 MiB + 7 in uneven chunks */
    size_t big = (1u << 20) + 7;
    unsigned char *buf = xmalloc(big);
    for (size_t i = 0; i < big; i++) buf[i] = (unsigned char)(i * 131 + (i >> 9));
    T_EQ_INT(tar_writer_begin_file(w, "top/stream.bin", big, &e), 0, "begin stream");
    for (size_t off = 0; off < big; ) {
        size_t n = big - off < 9999 ? big - off : 9999;
        T_CHECK(tar_writer_write(w, buf + off, n, &e) == 0, "stream write at %zu: %s", off, e.msg);
        off += n;
    }
    T_EQ_INT(tar_writer_end_file(w, &e), 0, "end stream");
    T_EQ_INT(tar_writer_finish(w, &e), 0, "finish");
    struct stat st;
    T_CHECK(stat(path, &st) == 0 && st.st_size > 0, "archive exists");

    struct { const char *name; int type; uint64_t size; } want[] = {
        { "top", TAR_DIR, 0 }, { "top/small.txt", TAR_FILE, 6 }, { "top/empty", TAR_FILE, 0 },
        { longascii, TAR_FILE, 1 }, { longflat, TAR_FILE, 1 }, { cn, TAR_FILE, 6 },
        { "top/stream.bin", TAR_FILE, big },
    };
    tar_reader *r = NULL;
    T_EQ_INT(tar_reader_open(path, 0, &r, &e), 0, "open reader");
    tar_entry ent;
    size_t i = 0;
    int k;
    while (r && (k = tar_reader_next(r, &ent, &e)) == 1) {
        if (i < sizeof want / sizeof *want) {
            T_EQ_STR(ent.name, want[i].name, "entry name");
            T_EQ_INT(ent.type, want[i].type, want[i].name);
            T_EQ_INT(ent.size, want[i].size, want[i].name);
            if (strcmp(ent.name, "top/stream.bin") == 0) {
                unsigned char *back = xmalloc(big);
                size_t off = 0, got;
                while (tar_reader_read(r, back + off, 65536 < big - off ? 65536 : big - off, &got, &e) == 0 && got)
                    off += got;
                T_CHECK(off == big && memcmp(back, buf, big) == 0, "streamed content round trip");
                free(back);
            } else if (strcmp(ent.name, cn) == 0) {
                char c[16] = {0};
                size_t got;
                tar_reader_read(r, c, sizeof c, &got, &e);
                T_EQ_STR(c, "中文", "chinese entry content");
            }
        }
        i++;
    }
    T_EQ_INT(i, sizeof want / sizeof *want, "entry count");
    tar_reader_close(r);
    free(buf);

    /* GNU tar sees the same names: long split, pax and Chinese */
    char cmd[4096];
    snprintf(cmd, sizeof cmd, "LC_ALL=C.UTF-8 tar --quoting-style=literal -tzf %s > %s", path, tpath("rt.list"));
    T_EQ_INT(run(cmd), 0, "GNU tar lists our archive");
    char *list = NULL;
    size_t ll = 0;
    if (util_read_file(tpath("rt.list"), &list, &ll, &e) == 0) {
        T_CHECK(strstr(list, cn) != NULL, "GNU tar shows the 40-character Chinese name intact");
        T_CHECK(strstr(list, longflat) != NULL, "GNU tar shows the 150-byte flat name intact");
        T_CHECK(strstr(list, longascii) != NULL, "GNU tar shows the split name intact");
        free(list);
    }

    /* writer refuses unsafe names and leaves no file behind */
    const char *bad[] = { "../x", "/abs", "a//b", "a/./b", "a/../b", "" };
    for (size_t b = 0; b < sizeof bad / sizeof *bad; b++) {
        const char *p2 = tpath("bad.tar.gz");
        T_EQ_INT(tar_writer_open(p2, -1, 0, &w, &e), 0, "open for bad name");
        kerr be = {0};
        T_CHECK(tar_writer_add_file(w, bad[b], "x", 1, &be) != 0, "writer refuses '%s'", bad[b]);
        T_CHECK(tar_writer_finish(w, &be) != 0, "finish fails after refused name '%s'", bad[b]);
        T_CHECK(access(p2, F_OK) != 0, "no archive left after refused name '%s'", bad[b]);
    }
    /* declared size must match what is streamed */
    T_EQ_INT(tar_writer_open(tpath("short.tar.gz"), -1, 0, &w, &e), 0, "open for short file");
    tar_writer_begin_file(w, "f", 10, &e);
    tar_writer_write(w, "abc", 3, &e);
    kerr se = {0};
    T_CHECK(tar_writer_end_file(w, &se) != 0 && strstr(se.msg, "'f'") && strstr(se.msg, "fewer bytes"),
            "short streamed file refused: %s", se.msg);
    tar_writer_abort(w);
    T_CHECK(access(tpath("short.tar.gz"), F_OK) != 0, "abort leaves nothing");
}

/* Writes a raw (uncompressed) one-entry tar with a hand-made header. */
static void raw_tar(const char *path, const char *name, char type, uint64_t size)
{
    unsigned char h[512];
    memset(h, 0, sizeof h);
    memcpy(h, name, strlen(name));
    memcpy(h + 100, "0000644", 7);
    memcpy(h + 108, "0000000", 7);
    memcpy(h + 116, "0000000", 7);
    snprintf((char *)h + 124, 12, "%011llo", (unsigned long long)size);
    memcpy(h + 136, "00000000000", 11);
    h[156] = (unsigned char)type;
    memcpy(h + 257, "ustar", 6);
    memcpy(h + 263, "00", 2);
    memset(h + 148, ' ', 8);
    unsigned sum = 0;
    for (int i = 0; i < 512; i++) sum += h[i];
    snprintf((char *)h + 148, 8, "%06o", sum);
    h[155] = ' ';
    FILE *f = fopen(path, "wb");
    if (!f) return;
    fwrite(h, 1, 512, f);
    unsigned char z[512] = {0};
    for (uint64_t i = 0; i < (size + 511) / 512; i++) fwrite(z, 1, 512, f);
    fwrite(z, 1, 512, f);
    fwrite(z, 1, 512, f);
    fclose(f);
}

static void test_tar_reader_hostile(void)
{
    struct { const char *name; char type; uint64_t size; uint64_t cap; const char *want; } cases[] = {
        { "../evil", '0', 1, 0, "'..' path component" },
        { "a/../../evil", '0', 1, 0, "'..' path component" },
        { "/etc/passwd", '0', 1, 0, "absolute name" },
        { "big", '0', 4096, 1024, "exceeds the limit" },
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        const char *p = tpath("hostile.tar");
        raw_tar(p, cases[i].name, cases[i].type, cases[i].size);
        tar_reader *r = NULL;
        kerr e = {0};
        tar_entry ent;
        T_EQ_INT(tar_reader_open(p, cases[i].cap, &r, &e), 0, "open hostile");
        int k = r ? tar_reader_next(r, &ent, &e) : 0;
        T_CHECK(k == -1 && strstr(e.msg, cases[i].want), "hostile '%s' refused: got %d '%s'", cases[i].name, k, e.msg);
        tar_reader_close(r);
    }
    /* a damaged header checksum */
    raw_tar(tpath("cks.tar"), "ok", '0', 1);
    FILE *f = fopen(tpath("cks.tar"), "r+b");
    if (f) { fseek(f, 5, SEEK_SET); fputc('Z', f); fclose(f); }
    tar_reader *r = NULL;
    kerr e = {0};
    tar_entry ent;
    tar_reader_open(tpath("cks.tar"), 0, &r, &e);
    T_CHECK(r && tar_reader_next(r, &ent, &e) == -1 && strstr(e.msg, "checksum"), "bad checksum refused: %s", e.msg);
    tar_reader_close(r);

    /* GNU 'L' long names and pax archives made by GNU tar */
    char cmd[4096];
    char d[512];
    snprintf(d, sizeof d, "%s", tpath("gnu"));
    snprintf(cmd, sizeof cmd,
             "mkdir -p %s/src/%s && printf x > %s/src/%s/%s.txt && "
             "cd %s/src && tar --format=gnu -czf ../gnu.tar.gz %s && tar --format=pax -czf ../pax.tar.gz %s",
             d, CN40, d, CN40, CN40, d, CN40, CN40);
    T_EQ_INT(run(cmd), 0, "make GNU and pax archives with GNU tar");
    char want[600];
    snprintf(want, sizeof want, "%s/%s.txt", CN40, CN40);
    const char *which[] = { "gnu.tar.gz", "pax.tar.gz" };
    for (int i = 0; i < 2; i++) {
        char ap[600];
        snprintf(ap, sizeof ap, "%s/%s", d, which[i]);
        r = NULL;
        T_EQ_INT(tar_reader_open(ap, 0, &r, &e), 0, which[i]);
        int found = 0, k;
        while (r && (k = tar_reader_next(r, &ent, &e)) == 1)
            if (strcmp(ent.name, want) == 0 && ent.size == 1) found = 1;
        T_CHECK(found, "%s: 240-byte Chinese long name read back", which[i]);
        tar_reader_close(r);
    }
}

/* ---------------------------------------------------------------- bag */

/* A callback source: `n` copies of a line. */
typedef struct gen {
    int n;          /* rows to produce */
    int calls;      /* times the source was called */
    int drift;      /* 1: change row 3 on later calls (a misbehaving source) */
} gen;

static int gen_source(void *arg, bag_emit_fn emit, void *sink, kerr *e)
{
    gen *g = arg;
    g->calls++;
    for (int i = 0; i < g->n; i++) {
        char line[64];
        int len = snprintf(line, sizeof line, "row %d,%s\n", i, (g->drift && g->calls > 1 && i == 3) ? "changed" : "same");
        if (emit(sink, line, (size_t)len, e) != 0) return -1;
    }
    return 0;
}

/* Builds the sample bundle; returns 0 on success. */
static int build_sample(const char *out, gen *g, kerr *e)
{
    bag_builder *b = NULL;
    if (bag_builder_new("sources-2026-11-26", &b, e) != 0) return -1;
    char cn[512];
    snprintf(cn, sizeof cn, "attachments/%s.pdf", CN40);
    int rc = bag_add_info(b, "Source-Organization", "某物业服务中心客服部", e) ||
             bag_add_info(b, "Bagging-Date", "2026-11-26", e) ||
             bag_add_info(b, "External-Description", "Source files ingested on 2026-11-26", e) ||
             bag_add_info(b, "Kefu-Batch-Id", "B-2026-0001", e) ||
             bag_add_info(b, "Kefu-Note", "two\nlines\r\x1b]0;pwned\x07 \xc2\x9b \xff 张\tok", e) ||
             bag_add_bytes(b, "records/attendance.csv", "employee_id,date\nE001,2026-11-02\n", 34, e) ||
             bag_add_bytes(b, "records/考勤.xml", "<attendance/>\n", 14, e) ||
             bag_add_bytes(b, cn, "%PDF-1.4 MARKER-PAYLOAD-BYTES\n", 30, e) ||
             bag_add_bytes(b, "empty.txt", "", 0, e) ||
             bag_add_source(b, "records/generated.csv", gen_source, g, e) ||
             bag_add_path(b, "records/from-disk.txt", tpath("disk.txt"), e);
    if (rc == 0) rc = bag_write(b, out, 6, 1795651200, e);
    bag_builder_free(b);
    return rc ? -1 : 0;
}

static void test_bag_build_verify(void)
{
    kerr e = {0};
    util_write_file_atomic(tpath("disk.txt"), "read from disk\n", 15, &e);
    gen g = { .n = 10 };
    char a[512], b[512];   /* tpath() buffers rotate: keep copies */
    snprintf(a, sizeof a, "%s", tpath("sources-2026-11-26.tar.gz"));
    snprintf(b, sizeof b, "%s", tpath("again.tar.gz"));
    T_CHECK(build_sample(a, &g, &e) == 0, "build sample: %s", e.msg);
    T_EQ_INT(g.calls, 2, "callback source produced twice (hash pass, write pass)");
    gen g2 = { .n = 10 };
    T_CHECK(build_sample(b, &g2, &e) == 0, "build again: %s", e.msg);
    T_CHECK(file_eq(a, b), "two builds are byte-identical");

    bag_report rep;
    T_CHECK(bag_verify(a, &rep, &e) == 0, "built bag verifies: %s", e.msg);
    T_EQ_INT(rep.nwarnings, 0, "built bag has no warnings");
    T_EQ_INT(rep.payload_files, 6, "payload files counted");
    T_EQ_STR(rep.version, "1.0", "version read");
    bag_report_free(&rep);

    /* tag files first, in the documented order, then data/ sorted */
    tar_reader *r = NULL;
    tar_entry ent;
    const char *order[] = {
        "sources-2026-11-26", "sources-2026-11-26/bagit.txt", "sources-2026-11-26/bag-info.txt",
        "sources-2026-11-26/manifest-sha256.txt", "sources-2026-11-26/tagmanifest-sha256.txt",
        "sources-2026-11-26/data", "sources-2026-11-26/data/attachments",
    };
    tar_reader_open(a, 0, &r, &e);
    for (size_t i = 0; r && i < sizeof order / sizeof *order; i++) {
        T_EQ_INT(tar_reader_next(r, &ent, &e), 1, "next entry");
        T_EQ_STR(ent.name, order[i], "entry order");
        if (strcmp(ent.name, "sources-2026-11-26/bag-info.txt") == 0) {
            char info[1024] = {0};
            size_t got;
            tar_reader_read(r, info, sizeof info - 1, &got, &e);
            T_CHECK(strstr(info, "Payload-Oxum: 203.6\n") != NULL, "Payload-Oxum in bag-info: %s", info);
            T_CHECK(strstr(info, "Kefu-Batch-Id: B-2026-0001\n") != NULL, "batch id in bag-info");
            T_CHECK(strstr(info, "Kefu-Note: two\\x0alines\\x0d\\x1b]0;pwned\\x07 \\xc2\\x9b \\xff 张\tok\n") != NULL,
                    "bag-info: line breaks, ESC, BEL, C1 and a bad byte escaped as \\xNN, hanzi and tab kept: %s", info);
        }
    }
    tar_reader_close(r);

    /* the unpacked directory verifies too; then tamper with it */
    char cmd[4096];
    char ud[512];
    snprintf(ud, sizeof ud, "%s", tpath("unpacked"));
    snprintf(cmd, sizeof cmd, "rm -rf %s && mkdir -p %s && tar -xzf %s -C %s", ud, ud, a, ud);
    T_EQ_INT(run(cmd), 0, "unpack with GNU tar");
    char bagdir[600];
    snprintf(bagdir, sizeof bagdir, "%s/sources-2026-11-26", ud);
    T_CHECK(bag_verify(bagdir, NULL, &e) == 0, "unpacked bag verifies: %s", e.msg);
    snprintf(cmd, sizeof cmd, "printf 'employee_id,date\\nE001,2026-11-03\\n' > %s/data/records/attendance.csv", bagdir);
    run(cmd);
    T_CHECK(bag_verify(bagdir, NULL, &e) != 0 && strstr(e.msg, "data/records/attendance.csv: sha256 checksum mismatch"),
            "edited payload file named: %s", e.msg);
    snprintf(cmd, sizeof cmd, "rm -rf %s && mkdir -p %s && tar -xzf %s -C %s && printf x > %s/data/extra.txt", ud, ud,
             a, ud, bagdir);
    run(cmd);
    T_CHECK(bag_verify(bagdir, NULL, &e) != 0 && strstr(e.msg, "data/extra.txt: in the payload but not listed"),
            "extra payload file named: %s", e.msg);
    snprintf(cmd, sizeof cmd, "rm -rf %s && mkdir -p %s && tar -xzf %s -C %s && rm %s/data/empty.txt", ud, ud, a, ud,
             bagdir);
    run(cmd);
    T_CHECK(bag_verify(bagdir, NULL, &e) != 0 && strstr(e.msg, "data/empty.txt: listed in manifest-sha256.txt"),
            "missing payload file named: %s", e.msg);

    /* issue 13: Payload-Oxum alone wrong — every checksum right, the
     * tag manifest updated for the edited bag-info.txt — must be caught */
    snprintf(cmd, sizeof cmd, "rm -rf %s && mkdir -p %s && tar -xzf %s -C %s && cd %s && "
             "sed -i 's/^Payload-Oxum: 203.6$/Payload-Oxum: 204.6/' bag-info.txt && "
             "grep -q '^Payload-Oxum: 204.6$' bag-info.txt && "
             "sed -i \"s/^[0-9a-f]*  bag-info.txt$/$(sha256sum bag-info.txt | cut -d' ' -f1)  bag-info.txt/\" "
             "tagmanifest-sha256.txt && grep -q \"^$(sha256sum bag-info.txt | cut -d' ' -f1)  bag-info.txt$\" "
             "tagmanifest-sha256.txt", ud, ud, a, ud, bagdir);
    T_EQ_INT(run(cmd), 0, "Oxum-only bag prepared");
    T_CHECK(bag_verify(bagdir, NULL, &e) != 0 && strstr(e.msg, "Payload-Oxum 204.6, but the payload holds 203 bytes"),
            "a Payload-Oxum whose byte count alone is wrong is refused: %s", e.msg);
    /* issue 13: a payload file corrupted without changing its size, the
     * manifest unchanged */
    snprintf(cmd, sizeof cmd, "rm -rf %s && mkdir -p %s && tar -xzf %s -C %s && cd %s/data/records && "
             "s=$(wc -c < attendance.csv) && sed -i 's/E001/E00X/' attendance.csv && "
             "test \"$(wc -c < attendance.csv)\" = \"$s\" && grep -q E00X attendance.csv", ud, ud, a, ud, bagdir);
    T_EQ_INT(run(cmd), 0, "same-size corruption prepared");
    T_CHECK(bag_verify(bagdir, NULL, &e) != 0 && strstr(e.msg, "data/records/attendance.csv: sha256 checksum mismatch"),
            "a same-size corruption with the manifest unchanged is refused: %s", e.msg);

    /* tag files last (GNU tar --sort=name puts data/ before the manifests):
     * still verified correctly, and still caught when tampered */
    snprintf(cmd, sizeof cmd, "rm -rf %s && mkdir -p %s && tar -xzf %s -C %s && cd %s && "
             "tar --sort=name --owner=0 --group=0 -czf ../sorted.tar.gz sources-2026-11-26", ud, ud, a, ud, ud);
    T_EQ_INT(run(cmd), 0, "repack with data before manifests");
    T_CHECK(bag_verify(tpath("sorted.tar.gz"), NULL, &e) == 0, "tag files after payload: still valid: %s", e.msg);

    /* flip one payload byte in the uncompressed stream, re-gzip */
    snprintf(cmd, sizeof cmd, "gzip -dc %s > %s", a, tpath("plain.tar"));
    T_EQ_INT(run(cmd), 0, "gunzip bundle");
    char *tarb = NULL;
    size_t tl = 0;
    if (util_read_file(tpath("plain.tar"), &tarb, &tl, &e) == 0) {
        char *m = memmem(tarb, tl, "MARKER-PAYLOAD", 14);
        T_CHECK(m != NULL, "payload marker found in tar stream");
        if (m) m[0] ^= 0x20;
        util_write_file_atomic(tpath("plain.tar"), tarb, tl, &e);
        free(tarb);
    }
    snprintf(cmd, sizeof cmd, "gzip -n -c %s > %s", tpath("plain.tar"), tpath("tampered.tar.gz"));
    T_EQ_INT(run(cmd), 0, "re-gzip tampered");
    char want[600];
    snprintf(want, sizeof want, "data/attachments/%s.pdf: sha256 checksum mismatch", CN40);
    T_CHECK(bag_verify(tpath("tampered.tar.gz"), &rep, &e) != 0 && strstr(e.msg, want),
            "tampered bundle names the file: %s", e.msg);
    bag_report_free(&rep);

    /* truncated bundle */
    snprintf(cmd, sizeof cmd, "head -c 700 %s > %s", a, tpath("trunc.tar.gz"));
    run(cmd);
    T_CHECK(bag_verify(tpath("trunc.tar.gz"), NULL, &e) != 0 && e.code == EXIT_DATAERR, "truncated bundle: %s", e.msg);
    T_CHECK(bag_verify(tpath("no-such.tar.gz"), NULL, &e) != 0 && e.code == EXIT_NOINPUT, "missing bundle: %s", e.msg);

    /* a source that changes between the passes never yields a bundle */
    gen g3 = { .n = 10, .drift = 1 };
    char c[512];
    snprintf(c, sizeof c, "%s", tpath("drift.tar.gz"));
    T_CHECK(build_sample(c, &g3, &e) != 0 && strstr(e.msg, "records/generated.csv"), "drifting source refused: %s",
            e.msg);
    T_CHECK(access(c, F_OK) != 0, "no bundle left after a drifting source");

    /* the outside tools accept the bundle; bagcheck catches the tampered one */
    snprintf(cmd, sizeof cmd, "tar -tzvf %s > /dev/null", a);
    T_EQ_INT(run(cmd), 0, "GNU tar -tzvf accepts the bundle");
    snprintf(cmd, sizeof cmd, "bsdtar -tzvf %s > /dev/null", a);
    T_EQ_INT(run(cmd), 0, "bsdtar -tzvf accepts the bundle");
    snprintf(cmd, sizeof cmd, "LC_ALL=C.UTF-8 bsdtar -tzf %s > %s", a, tpath("bsd.list"));
    run(cmd);
    snprintf(cmd, sizeof cmd, "LC_ALL=C.UTF-8 tar --quoting-style=literal -tzf %s > %s", a, tpath("gnu.list"));
    T_EQ_INT(run(cmd), 0, "GNU tar lists the bundle");
    snprintf(want, sizeof want, "sources-2026-11-26/data/attachments/%s.pdf\n", CN40);
    const char *lists[] = { "gnu.list", "bsd.list" };
    for (int i = 0; i < 2; i++) {
        char *list = NULL;
        size_t ll = 0;
        if (util_read_file(tpath(lists[i]), &list, &ll, &e) == 0) {
            T_CHECK(strstr(list, want) != NULL, "%s: the Chinese long name is intact", lists[i]);
            free(list);
        }
    }
    snprintf(cmd, sizeof cmd, "python3 tests/bagcheck.py %s > /dev/null", a);
    T_EQ_INT(run(cmd), 0, "bagcheck.py accepts the bundle");
    snprintf(cmd, sizeof cmd, "python3 tests/bagcheck.py %s 2> %s", tpath("tampered.tar.gz"), tpath("bc.err"));
    T_EQ_INT(run(cmd), 1, "bagcheck.py rejects the tampered bundle");
    char *err = NULL;
    size_t el = 0;
    if (util_read_file(tpath("bc.err"), &err, &el, &e) == 0) {
        T_CHECK(strstr(err, "checksum mismatch") != NULL, "bagcheck.py names the mismatch: %s", err);
        free(err);
    }
    snprintf(cmd, sizeof cmd, "python3 tests/bagcheck.py %s > /dev/null", tpath("sorted.tar.gz"));
    T_EQ_INT(run(cmd), 0, "bagcheck.py accepts the repacked bundle");
}

static void test_bag_names(void)
{
    struct { const char *name; const char *why; } bad[] = {
        { "a%20b.csv", "'%'" }, { "a\rb", "CR or LF" }, { "a\nb", "CR or LF" }, { "../x", "'..'" },
        { "a/../b", "'..'" }, { "/etc/passwd", "absolute" }, { "a//b", "empty path component" },
        { "./a", "'.'" }, { "a\\b", "'\\'" }, { "a\tb", "control character" }, { "", "empty" },
        { "bad\xff.csv", "not valid UTF-8" },
    };
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        kerr e = {0};
        T_CHECK(bag_check_payload_name(bad[i].name, &e) != 0 && strstr(e.msg, bad[i].why),
                "payload name case %zu refused with '%s': %s", i, bad[i].why, e.msg);
    }
    const char *good[] = { "records/考勤.csv", "a b.txt", "x/y/z.pdf", CN40 };
    for (size_t i = 0; i < sizeof good / sizeof *good; i++) {
        kerr e = {0};
        T_CHECK(bag_check_payload_name(good[i], &e) == 0, "payload name '%s' accepted: %s", good[i], e.msg);
    }
    bag_builder *b = NULL;
    kerr e = {0};
    T_CHECK(bag_builder_new("../evil", &b, &e) != 0, "bundle name with '/' refused");
    T_CHECK(bag_builder_new("sources-2026-11-26", &b, &e) == 0, "bundle name ok");
    T_CHECK(bag_add_bytes(b, "100%.csv", "x", 1, &e) != 0, "add refuses '%%'");
    T_CHECK(bag_add_info(b, "Payload-Oxum", "1.1", &e) != 0, "Payload-Oxum is computed, not given");
    T_CHECK(bag_add_info(b, "Bad:Label", "x", &e) != 0, "label with ':' refused");
    T_CHECK(bag_add_info(b, "Bad\xffLabel", "x", &e) != 0, "label not UTF-8 refused");
    bag_add_bytes(b, "a.txt", "x", 1, &e);
    bag_add_bytes(b, "a.txt", "y", 1, &e);
    T_CHECK(bag_write(b, tpath("dup.tar.gz"), -1, 0, &e) != 0 && strstr(e.msg, "data/a.txt") && strstr(e.msg, "twice"),
            "duplicate payload refused: %s", e.msg);
    bag_builder_free(b);
    bag_builder_new("x", &b, &e);
    bag_add_bytes(b, "a", "x", 1, &e);
    bag_add_bytes(b, "a!", "x", 1, &e);
    bag_add_bytes(b, "a/b", "y", 1, &e);
    T_CHECK(bag_write(b, tpath("fd.tar.gz"), -1, 0, &e) != 0 && strstr(e.msg, "also the directory"),
            "file that is also a directory refused: %s", e.msg);
    T_CHECK(access(tpath("fd.tar.gz"), F_OK) != 0, "nothing written");
    bag_builder_free(b);
}

/* ---------------------------------------------------------- conformance */

/* Our verdicts on bags EXPECTED.tsv calls "not applicable on Linux", and the
 * text the first error of each invalid bag must contain (tests are data). */
static const struct { const char *bag; const char *msg; } WANT_MSG[] = {
    { "v0.97/invalid/baginfo-missing-encoding", "bagit.txt: Tag-File-Character-Encoding missing" },
    { "v0.97/invalid/bom-in-bagit.txt", "bagit.txt: starts with a byte-order mark" },
    { "v0.97/invalid/corrupt-data-file", "data/bare-filename: md5 checksum mismatch" },
    { "v0.97/invalid/corrupt-tag-file", "bag-info.txt: md5 checksum mismatch" },
    { "v0.97/invalid/extra-file-in-bag", "data/bar: in the payload but not listed in manifest-md5.txt" },
    { "v0.97/invalid/invalid-version-number", "bagit.txt: BagIt-Version '.97' is not of the form" },
    { "v0.97/invalid/missing-baginfo", "bag-info.txt: listed in tagmanifest-md5.txt:1 but missing" },
    { "v0.97/invalid/missing-bagit.txt", "bagit.txt: missing" },
    { "v0.97/invalid/out-of-scope-file-paths-using-dot-notation", "manifest-md5.txt:3: '../../../README.md' is a '..'" },
    { "v0.97/invalid/out-of-scope-file-paths-using-dot-notation-for-fetch", "fetch.txt:1: '../../../README.md' is a '..'" },
    { "v0.97/invalid/same-filename-listed-twice-with-different-hashes", "'data/README' is listed twice with different" },
    { "v0.97/linux-only/out-of-scope-file-paths-using-absolute-path", "manifest-md5.txt:3: '/tmp/foo' is an absolute path" },
    { "v0.97/linux-only/out-of-scope-file-paths-using-absolute-path-for-fetch", "fetch.txt:1: '/tmp/test.txt' is an absolute" },
    { "v0.97/linux-only/out-of-scope-file-paths-using-shortcut", "manifest-md5.txt:3: '~/foo' is a home-directory" },
    { "v0.97/linux-only/out-of-scope-file-paths-using-shortcut-for-fetch", "fetch.txt:1: '~/test.txt' is a home" },
    { "v0.97/linux-only/out-of-scope-file-paths-using-shortcut-username", "'~root/foo' is a home-directory" },
    { "v0.97/linux-only/out-of-scope-file-paths-using-shortcut-username-for-fetch", "fetch.txt:1: '~root/foo'" },
    { "v0.97/windows-only/out-of-scope-file-paths-using-absolute-path", "manifest-md5.txt:3: 'C:\\Windows" },
    { "v0.97/windows-only/out-of-scope-file-paths-using-absolute-path-for-fetch", "fetch.txt:1: 'C:\\Windows" },
    { "v0.97/windows-only/out-of-scope-file-paths-using-shortcut", "manifest-md5.txt:3: '%HomeDrive%" },
    { "v0.97/windows-only/out-of-scope-file-paths-using-shortcut-for-fetch", "fetch.txt:1: '%HomeDrive%" },
    { "v0.97/windows-only/out-of-scope-file-paths-using-unc", "manifest-md5.txt:3: '\\\\?\\UNC" },
    { "v0.97/windows-only/out-of-scope-file-paths-using-unc-for-fetch", "fetch.txt:1: '\\\\?\\UNC" },
    { "v1.0/invalid/bagit-with-invalid-whitespace", "bagit.txt:1: whitespace before ':'" },
    { "v1.0/invalid/notAllManifestsListAllFiles", "data/missingFromManifest.txt: in the payload but not listed" },
    { "v1.0/invalid/same-filename-listed-twice-with-different-hashes", "bagit.txt:1: trailing whitespace" },
    { "v1.0/invalid/same-filename-listed-twice-with-the-same-hash", "BagIt 1.0 forbids duplicate entries" },
};

static const char *want_msg(const char *bag)
{
    for (size_t i = 0; i < sizeof WANT_MSG / sizeof *WANT_MSG; i++)
        if (strcmp(WANT_MSG[i].bag, bag) == 0) return WANT_MSG[i].msg;
    return NULL;
}

/* Checks one verdict: kind 'v' valid, 'w' valid with warnings, 'i' invalid. */
static void check_verdict(const char *label, const char *bag, const char *path, int kind)
{
    bag_report rep;
    kerr e = {0};
    int rc = bag_verify(path, &rep, &e);
    if (kind == 'v') {
        T_CHECK(rc == 0, "%s %s: want valid, got: %s", label, bag, e.msg);
    } else if (kind == 'w') {
        T_CHECK(rc == 0 && rep.nwarnings > 0, "%s %s: want valid with warnings, got rc %d, %zu warnings: %s", label,
                bag, rc, rep.nwarnings, e.msg);
    } else {
        const char *w = want_msg(bag);
        T_CHECK(rc != 0 && e.code == EXIT_DATAERR && rep.nerrors > 0, "%s %s: want invalid", label, bag);
        T_CHECK(w && strstr(e.msg, w), "%s %s: first error should contain '%s', got '%s'", label, bag,
                w ? w : "(no table entry)", e.msg);
    }
    bag_report_free(&rep);
}

static void test_conformance(void)
{
    const char *suite = getenv("KEFU_BAGIT_SUITE");
    if (!suite) suite = "tests/data/bagit-conformance";
    char tsv[512];
    snprintf(tsv, sizeof tsv, "%s/EXPECTED.tsv", suite);
    char *text = NULL;
    size_t len = 0;
    kerr e = {0};
    if (util_read_file(tsv, &text, &len, &e) != 0) {
        T_CHECK(0, "conformance suite not found: %s (run from the repository root or set KEFU_BAGIT_SUITE)", e.msg);
        return;
    }
    int rows = 0;
    for (char *line = text, *next; line && *line; line = next) {
        next = strchr(line, '\n');
        if (next) *next++ = '\0';
        char *tab = strchr(line, '\t');
        if (!tab || strncmp(line, "bag\t", 4) == 0) continue;
        *tab = '\0';
        const char *bag = line, *exp = tab + 1;
        int kind;
        if (strcmp(exp, "valid") == 0) kind = 'v';
        else if (strcmp(exp, "valid+warning") == 0) kind = 'w';
        else if (strncmp(exp, "invalid", 7) == 0 && !strstr(exp, "not applicable on Linux")) kind = 'i';
        else if (strstr(exp, "not applicable on Linux")) kind = 'i';  /* see README: we refuse them anywhere */
        else { T_CHECK(0, "%s: unknown expectation '%s'", bag, exp); continue; }
        rows++;
        char dir[600];
        snprintf(dir, sizeof dir, "%s/%s", suite, bag);
        check_verdict("dir", bag, dir, kind);
        /* the same bag packed as a bundle */
        char cmd[4096];
        const char *tgz = tpath("conf.tar.gz");
        snprintf(cmd, sizeof cmd, "tar -czf '%s' -C '%s/..' \"$(basename '%s')\"", tgz, dir, dir);
        T_EQ_INT(run(cmd), 0, "pack conformance bag");
        check_verdict("tar.gz", bag, tgz, kind);
    }
    T_EQ_INT(rows, 60, "EXPECTED.tsv rows checked");
    free(text);
}

/* A payload whose size and SHA-256 are known is read once (the source is
 * called once) and still checked: a wrong hash fails and leaves no file. */
static void test_bag_known(void)
{
    gen g = { 5, 0, 0 };
    /* the bytes gen_source produces for n = 5 */
    sbuf want = {0};
    for (int i = 0; i < 5; i++) sbuf_printf(&want, "row %d,same\n", i);
    char hex[HASH_HEX_LEN];
    hash_hex(want.p, want.len, hex);
    kerr e;
    memset(&e, 0, sizeof e);
    bag_builder *b = NULL;
    const char *out = tpath("known.tar.gz");
    int rc = bag_builder_new("known", &b, &e) ||
             bag_add_source_known(b, "a.csv", gen_source, &g, want.len, hex, &e) ||
             bag_write(b, out, 6, 1795651200, &e);
    bag_builder_free(b);
    T_EQ_INT(rc, 0, "known: bag written");
    T_EQ_INT(g.calls, 1, "known: the source is read once, not twice");
    T_EQ_INT(bag_verify(out, NULL, &e), 0, "known: the bag verifies");
    unlink(out);
    /* a wrong hash: refused, nothing renamed into place */
    gen g2 = { 5, 0, 0 };
    char bad[HASH_HEX_LEN];
    memcpy(bad, hex, sizeof bad);
    bad[0] = bad[0] == '0' ? '1' : '0';
    b = NULL;
    memset(&e, 0, sizeof e);
    rc = bag_builder_new("known", &b, &e) ||
         bag_add_source_known(b, "a.csv", gen_source, &g2, want.len, bad, &e) ||
         bag_write(b, out, 6, 1795651200, &e);
    bag_builder_free(b);
    T_CHECK(rc != 0, "known: a wrong SHA-256 fails bag_write");
    T_CHECK(strstr(e.msg, "differ from the size and SHA-256 recorded") != NULL, "known: message names it: %s", e.msg);
    T_CHECK(access(out, F_OK) != 0, "known: no bundle left behind");
    sbuf_free(&want);
}

int main(void)
{
    snprintf(tmpdir, sizeof tmpdir, "/tmp/kefu-test-bag-XXXXXX");
    if (!mkdtemp(tmpdir)) {
        perror("mkdtemp");
        return 1;
    }
    test_tar_roundtrip();
    test_tar_reader_hostile();
    test_bag_names();
    test_bag_build_verify();
    test_bag_known();
    test_conformance();
    char cmd[400];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmpdir);
    if (!t_fail) run(cmd);
    else fprintf(stderr, "kept %s for inspection\n", tmpdir);
    return t_done();
}
