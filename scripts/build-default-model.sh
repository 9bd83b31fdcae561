#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Rebuilds models/en.mds, the default English model, from the Reuters-21578 corpus.
#   scripts/build-default-model.sh DIR_WITH_reut2-*.sgm [extra model build options]
# The corpus is not part of this repository (see models/README.md for where it came from).
# The model build options below are the measured defaults (docs/benchmarks.md).
set -euo pipefail
cd "$(dirname "$0")/.."
corpus=${1:?usage: scripts/build-default-model.sh REUTERS_DIR [options]}; shift
[ -x build/summarize ] || { cmake -S . -B build >/dev/null && cmake --build build -j "$(nproc)" --target summarize >/dev/null; }
build/summarize model build --lang english --latin1 \
  --bucket-bits 18 --dimensions 1024 --idf-blend 0.3 \
  --stopwords models/en/stopwords.txt \
  --abbreviations models/en/abbreviations.txt \
  --phrases models/en/phrases.txt \
  "$@" "$corpus"/reut2-*.sgm -o models/en.mds
ls -l models/en.mds
