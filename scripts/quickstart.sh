#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Installs what is missing, builds, and summarizes the bundled example cluster.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
cmake -S . -B build -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build build -j "$(nproc)" --target summarize >/dev/null
echo "== build/summarize examples/putin-north-korea" >&2
build/summarize examples/putin-north-korea
