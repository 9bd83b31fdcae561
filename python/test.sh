#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Builds the mds Python module against an installed libmds, the way a user installs it
# (pip install ./python in a virtual environment, offline), and runs its tests with pytest.
#   python/test.sh PREFIX [PYTEST ARGS...]
# PREFIX: where libmds is installed (cmake --install build --prefix PREFIX; /usr for the
# .debs): its lib*/pkgconfig/mds.pc or include/ and lib/. PREFIX/bin/summarize, when there,
# is the program the tests compare summaries with (else MDS_SUMMARIZE, else build/summarize).
# PYTHON: the interpreter (default: the first of python3 and /usr/bin/python3 that has
# Python.h, setuptools, wheel, pytest and venv). Prints SKIP with the reason, and exits 0, where
# those are missing (scripts/install-deps.sh --tests installs them). The module is built
# and installed by python/venv.sh, which never writes into the source tree.
set -euo pipefail
src=$(cd "$(dirname "$0")/.." && pwd)
[ $# -ge 1 ] || { echo "usage: python/test.sh PREFIX [PYTEST ARGS...]" >&2; exit 1; }
prefix=$(cd "$1" && pwd -P) || { echo "python/test.sh: no such prefix: $1" >&2; exit 1; }
shift

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
WANT=pytest "$src/python/venv.sh" "$prefix" "$tmp/venv"
[ -x "$tmp/venv/bin/python" ] || exit 0  # venv.sh said SKIP and why

[ -x "$prefix/bin/summarize" ] && export MDS_SUMMARIZE=${MDS_SUMMARIZE:-$prefix/bin/summarize}
export MDS_SOURCE_DIR=$src MDS_PREFIX=$prefix OPENBLAS_NUM_THREADS=${OPENBLAS_NUM_THREADS:-1}
export PYTHONDONTWRITEBYTECODE=1
# run outside the source tree, so that `import mds` is the installed module
cd "$tmp"
"$tmp/venv/bin/python" -m pytest -q -p no:cacheprovider "$src/python/tests" "$@"
