#!/bin/sh
# Writes an assembler file that embeds each named file with .incbin and a
# table {name, data, size} that src/embed.c searches (embed_get). Run by make.
# An argument NAME=PATH embeds the file PATH under the name NAME.
set -e
for f in "$@"; do
  p=${f#*=}
  [ -r "$p" ] || { echo "embedgen.sh: cannot read '$p'" >&2; exit 1; }
done
echo '	.section .rodata'
i=0
for f in "$@"; do
  echo "	.balign 16"
  echo "kefu_embed_d$i:"
  echo "	.incbin \"${f#*=}\""
  echo "	.byte 0"
  echo "kefu_embed_e$i:"
  echo "kefu_embed_n$i:"
  echo "	.asciz \"${f%%=*}\""
  i=$((i+1))
done
echo '	.section .data.rel.ro,"aw"'
echo '	.balign 8'
echo '	.globl kefu_embed_table'
echo 'kefu_embed_table:'
i=0
for f in "$@"; do
  echo "	.quad kefu_embed_n$i, kefu_embed_d$i, kefu_embed_e$i - kefu_embed_d$i - 1"
  i=$((i+1))
done
echo '	.quad 0, 0, 0'
echo '	.section .note.GNU-stack,"",@progbits'
