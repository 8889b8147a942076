# tests/e2e/glyphs.sh KEFU — the glyph test of SPEC §8: every one of the
# 3,755 GB2312 level-1 hanzi, one per grid cell, rasterised with
# `pdftoppm -r 50 -gray`; every cell must have ink. With AR PL UMing it
# passes; with WenQuanYi Micro Hei and the font check bypassed (the test-only
# KEFU_PDF_UNSAFE_FONT=1) it must find blank cells — the failure libharu 2.3
# produces while qpdf, pdffonts and pdftotext all pass. 𠮷 (U+20BB7) must
# appear as a replacement box with a warning. Beside the 3,755, the UMing
# grid holds every other character kefu's PDFs can show: those of
# templates/, samples/ and the string literals of src/ (tests/glyphchars.py).
#
# The PDFs are made and checked by tests/unit/test_pdf.c run with
# KEFU_GLYPH_DIR set (the ink check is C, so no image tools are needed). It
# uses the test program built next to KEFU (make asan: build-asan/tests/;
# make test: build/tests/), or else compiles one from the sources. KEFU itself is not needed.
. "$(dirname "$0")/lib.sh"

for f in /usr/share/fonts/truetype/arphic/uming.ttc /usr/share/fonts/truetype/wqy/wqy-microhei.ttc; do
  check "font installed: $f" test -r "$f"
done
check "pdftoppm installed" sh -c 'command -v pdftoppm >/dev/null'

prog=$(dirname "$KEFU")/tests/test_pdf
[ -x "$prog" ] || prog=$(dirname "$KEFU")/build/tests/test_pdf   # make test: KEFU is ./kefu
if [ ! -x "$prog" ]; then
  prog=$T_DIR/test_pdf
  # the PDF writer embeds the OutputIntent's ICC profile (Makefile ICC_PROFILE)
  sh "$ROOT/src/embedgen.sh" "srgb.icc=${ICC_PROFILE:-/usr/share/color/icc/sRGB.icc}" >"$T_DIR/embed_data.S" &&
  ${CC:-cc} -std=c11 -D_GNU_SOURCE -O1 -I"$ROOT/src" -I"$ROOT/tests/unit" \
    "$ROOT/tests/unit/test_pdf.c" "$ROOT/src/pdf.c" "$ROOT/src/util.c" "$ROOT/src/embed.c" \
    "$ROOT/src/hash.c" "$T_DIR/embed_data.S" -o "$prog" -lhpdf -lnettle -lm 2>"$T_DIR/cc.log"
  check "glyph test program builds" test -x "$prog"
  [ -x "$prog" ] || { cat "$T_DIR/cc.log"; finish; exit 1; }
fi

python3 "$ROOT/tests/glyphchars.py" "$ROOT" >"$T_DIR/extra.txt"
check "characters of templates, samples and sources collected" test -s "$T_DIR/extra.txt"

mkdir -p "$T_DIR/grids"
KEFU_GLYPH_DIR=$T_DIR/grids KEFU_GLYPH_EXTRA=$T_DIR/extra.txt "$prog" >"$T_DIR/out" 2>"$T_DIR/err"
rc=$?
check_eq "glyph program exit status" "$rc" 0
[ "$rc" -eq 0 ] || { cat "$T_DIR/out" "$T_DIR/err"; }

extra=$(sed -n 's/^glyphs extra: \([0-9]*\) characters.*/\1/p' "$T_DIR/out")
check "templates, samples and sources add characters beyond GB2312 level 1 (${extra:-?})" test "${extra:-0}" -gt 90
uming=$(sed -n 's/^glyphs uming: \([0-9]*\) cells, \([0-9-]*\) blank$/\1 \2/p' "$T_DIR/out")
wqy=$(sed -n 's/^glyphs wqy-unsafe: \([0-9]*\) cells, \([0-9-]*\) blank$/\1 \2/p' "$T_DIR/out")
# 3,755 hanzi, the extra characters and 𠮷 (drawn as a box, which must have ink too)
check_eq "uming: $((3756 + ${extra:-0})) cells, none blank" "$uming" "$((3756 + ${extra:-0})) 0"
set -- $wqy
check_eq "wqy (check bypassed): 3,755 cells" "${1:-}" 3755
check "wqy (check bypassed): blank cells detected (${2:-?})" test "${2:-0}" -gt 0
check "the PDFs exist" test -s "$T_DIR/grids/grid-uming.pdf" -a -s "$T_DIR/grids/grid-wqy-unsafe.pdf"
check "wqy refused without the bypass" test ! -e "$T_DIR/grids/grid-refused.pdf"
finish
