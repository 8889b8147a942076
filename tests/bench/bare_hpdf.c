/* bare_hpdf.c — the floor for bench-report.sh: libharu alone writes the
 * same rows as plain text lines, in the same embedded CJK font, with no
 * layout (no table, wrapping, header, footer or glyph checks): A4 pages of
 * fixed-height lines. Usage: bare_hpdf FONT.ttc IN.txt OUT.pdf; prints the
 * page count. Not part of kefu; compiled by the benchmark with -lhpdf. */
#include <hpdf.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define LINE_PT 14.0     /* about a one-line table row of the report (9 pt text) */
#define TOP_PT 785.0
#define BOTTOM_PT 60.0

static void on_error(HPDF_STATUS e, HPDF_STATUS d, void *u)
{
    (void)u;
    fprintf(stderr, "bare_hpdf: libharu error 0x%04X (detail %u)\n", (unsigned)e, (unsigned)d);
    exit(1);
}

int main(int argc, char **argv)
{
    if (argc != 4) { fprintf(stderr, "usage: bare_hpdf FONT IN OUT\n"); return 64; }
    FILE *in = fopen(argv[2], "r");
    if (!in) { perror(argv[2]); return 66; }
    HPDF_Doc pdf = HPDF_New(on_error, NULL);
    HPDF_SetCompressionMode(pdf, HPDF_COMP_ALL);
    HPDF_UseUTFEncodings(pdf);
    HPDF_SetCurrentEncoder(pdf, "UTF-8");
    size_t fl = strlen(argv[1]);
    const char *name = fl > 4 && strcmp(argv[1] + fl - 4, ".ttc") == 0
                           ? HPDF_LoadTTFontFromFile2(pdf, argv[1], 0, HPDF_TRUE)
                           : HPDF_LoadTTFontFromFile(pdf, argv[1], HPDF_TRUE);
    HPDF_Font font = HPDF_GetFont(pdf, name, "UTF-8");
    HPDF_Page page = NULL;
    double y = 0;
    int pages = 0;
    char line[8192];
    while (fgets(line, sizeof line, in)) {
        line[strcspn(line, "\r\n")] = 0;
        if (!page || y < BOTTOM_PT) {
            if (page) HPDF_Page_EndText(page);
            page = HPDF_AddPage(pdf);
            HPDF_Page_SetSize(page, HPDF_PAGE_SIZE_A4, HPDF_PAGE_PORTRAIT);
            HPDF_Page_BeginText(page);
            HPDF_Page_SetFontAndSize(page, font, 9);
            y = TOP_PT;
            pages++;
        }
        HPDF_Page_TextOut(page, 50, (HPDF_REAL)y, line);
        y -= LINE_PT;
    }
    if (page) HPDF_Page_EndText(page);
    fclose(in);
    if (HPDF_SaveToFile(pdf, argv[3]) != HPDF_OK) { HPDF_Free(pdf); return 73; }
    HPDF_Free(pdf);
    printf("%d\n", pages);
    return 0;
}
