#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Installs what is missing, builds, and runs every test. This is the README's test command
# and what .ci/run calls.
#   scripts/test.sh              Release build in build/, all tests
#   scripts/test.sh --sanitize   AddressSanitizer + UndefinedBehaviorSanitizer build in build-asan/
set -euo pipefail
cd "$(dirname "$0")/.."

dir=build; flags=(-DCMAKE_BUILD_TYPE=Release)
if [ "${1:-}" = "--sanitize" ]; then
  dir=build-asan; flags=(-DCMAKE_BUILD_TYPE=Debug -DMDS_SANITIZE=ON)
fi

# Dependencies: installed where this user may (root, or sudo without a password); the system
# services of tests/test_slurm.sh (Slurm, munge) only where they are wanted too: in CI (CI set,
# as .ci/run and CI services set it) or with MDS_TEST_SERVICES=1. Anyone else needs only the
# build dependencies: what is missing is said, and the tests that need it say SKIP and why.
if [ "$(id -u)" -eq 0 ] || sudo -n true 2>/dev/null; then
  extra=(--tests)
  if [ -n "${CI:-}" ] || [ "${MDS_TEST_SERVICES:-0}" = 1 ]; then extra+=(--services); fi
  scripts/install-deps.sh "${extra[@]}"
else
  scripts/install-deps.sh --check --tests --services
fi
cmake -S . -B "$dir" -DMDS_WERROR=ON "${flags[@]}" >/dev/null
cmake --build "$dir" -j "$(nproc)"
# OpenBLAS threads buy nothing on test-sized inputs and confuse the sanitizers' reports.
export OPENBLAS_NUM_THREADS=1
export ASAN_OPTIONS=detect_leaks=1:abort_on_error=0 UBSAN_OPTIONS=print_stacktrace=1
ctest --test-dir "$dir" --output-on-failure -j "$(nproc)"
# The Python module's tests (python/, its own script), against this build installed to a
# temporary prefix, as a user installs it; not in the sanitized build, whose library a Python
# interpreter built without ASan cannot load.
if [ "$dir" = build ] && [ -x python/test.sh ]; then
  pyprefix=$(mktemp -d)
  trap 'rm -rf "$pyprefix"' EXIT
  cmake --install "$dir" --prefix "$pyprefix" >/dev/null
  python/test.sh "$pyprefix"
fi
