#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Every source file carries the license tag at its top (scripts/spdx.sh defines which files
# are sources, and adds a missing tag).
# Usage: tests/test_spdx.sh SOURCE_DIR
src=${1:?usage: test_spdx.sh SOURCE_DIR}
if out=$("$src/scripts/spdx.sh" --check "$src" 2>&1); then
  echo "ok   every source file has 'SPDX-License-Identifier: MIT' at its top"
else
  echo "$out"
  echo "FAIL source files without the license tag: run scripts/spdx.sh to add it"
  exit 1
fi
