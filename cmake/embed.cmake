# SPDX-License-Identifier: MIT
# Turns a binary file into a C array: cmake -DIN=file -DOUT=file.c -P embed.cmake
# An empty or missing IN yields an empty model (the library then reports that none is built in).
set(hex "")
set(size 0)
if(IN AND EXISTS "${IN}")
  file(READ "${IN}" hex HEX)
  string(LENGTH "${hex}" n)
  math(EXPR size "${n} / 2")
  string(REGEX REPLACE "([0-9a-f][0-9a-f])" "0x\\1," hex "${hex}")
  string(REGEX REPLACE "(0x..,0x..,0x..,0x..,0x..,0x..,0x..,0x..,0x..,0x..,0x..,0x..,0x..,0x..,0x..,0x..,)" "\\1\n" hex "${hex}")
endif()
file(WRITE "${OUT}.tmp" "/* generated from ${IN}; do not edit */\n#include <stddef.h>\nconst unsigned char mds__model_default_data[] __attribute__((aligned(16))) = {\n${hex}0};\nconst size_t mds__model_default_size = ${size};\n")
file(RENAME "${OUT}.tmp" "${OUT}")
