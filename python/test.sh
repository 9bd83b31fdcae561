#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Builds the mds Python module against an installed libmds, the way a user installs it
# (pip install ./python in a virtual environment, offline), and runs its tests with pytest.
#   python/test.sh PREFIX [PYTEST ARGS...]
# PREFIX: where libmds is installed (cmake --install build --prefix PREFIX; /usr for the
# .debs): its lib*/pkgconfig/mds.pc or include/ and lib/. PREFIX/bin/summarize, when there,
# is the program the tests compare summaries with (else MDS_SUMMARIZE, else build/summarize).
# PYTHON: the interpreter (default: the first of python3 and /usr/bin/python3 that has
# Python.h, setuptools, pytest and venv). Prints SKIP with the reason, and exits 0, where
# those are missing (scripts/install-deps.sh --tests installs them). Never writes into the
# source tree: the module is built from a copy.
set -euo pipefail
src=$(cd "$(dirname "$0")/.." && pwd)
[ $# -ge 1 ] || { echo "usage: python/test.sh PREFIX [PYTEST ARGS...]" >&2; exit 1; }
prefix=$(cd "$1" && pwd -P) || { echo "python/test.sh: no such prefix: $1" >&2; exit 1; }
shift

skip() { echo "SKIP the Python module: $*"; exit 0; }

# What an interpreter lacks to build and test the module ("" when nothing).
lacks() {
  "$1" - <<'EOF' 2>/dev/null || echo "$1 does not run"
import importlib.util, os, sysconfig
need = {"Python.h (python3-dev)": os.path.exists(os.path.join(sysconfig.get_paths()["include"], "Python.h"))}
for mod, pkg in (("setuptools", "python3-setuptools"), ("pytest", "python3-pytest"),
                 ("venv", "python3-venv"), ("ensurepip", "python3-venv")):
    need["%s (%s)" % (mod, pkg)] = importlib.util.find_spec(mod) is not None
print(", ".join(k for k, v in need.items() if not v))
EOF
}

py= why=
for cand in ${PYTHON:-python3 /usr/bin/python3}; do
  command -v "$cand" >/dev/null || continue
  miss=$(lacks "$cand")
  if [ -z "$miss" ]; then py=$(command -v "$cand"); break; fi
  why="${why:+$why; }$cand lacks $miss"
done
[ -n "$py" ] || skip "${why:-no python3}"
command -v pkg-config >/dev/null || skip "no pkg-config"

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
# a copy: pip builds in place, and a build folder left from another prefix would be reused
mkdir "$tmp/src"
(cd "$src/python" && tar --exclude=./build --exclude='./*.egg-info' --exclude=__pycache__ -cf - .) |
  (cd "$tmp/src" && tar -xf -)
# Debian's pip refuses to install into the system's Python: a venv that sees its packages
# (setuptools, wheel, pytest), so nothing is fetched; --no-index proves it.
"$py" -m venv --system-site-packages "$tmp/venv"
echo "python/test.sh: $py, libmds of $prefix"
if ! MDS_PREFIX=$prefix "$tmp/venv/bin/python" -m pip install --no-index -q "$tmp/src" \
    >"$tmp/pip.log" 2>&1; then
  cat "$tmp/pip.log" >&2
  echo "python/test.sh: pip install failed" >&2
  exit 1
fi
ext=$("$tmp/venv/bin/python" -c 'import mds._mds as m; print(m.__file__)')
case $ext in
  "$tmp/venv/"*) ;;
  *) echo "python/test.sh: imported $ext, not the module just installed" >&2; exit 1 ;;
esac
# the module uses the prefix's library (through its rpath or the system's directories)
if command -v ldd >/dev/null; then
  lib=$(ldd "$ext" | awk '/libmds\.so/ {print $3}')
  real=$(readlink -f "$lib" 2>/dev/null || true)
  case $real in
    "$prefix"/*) ;;
    *) echo "python/test.sh: $ext loads libmds from '${lib:-nowhere}', not $prefix" >&2; exit 1 ;;
  esac
fi

[ -x "$prefix/bin/summarize" ] && export MDS_SUMMARIZE=${MDS_SUMMARIZE:-$prefix/bin/summarize}
export MDS_SOURCE_DIR=$src MDS_PREFIX=$prefix OPENBLAS_NUM_THREADS=${OPENBLAS_NUM_THREADS:-1}
# run outside the source tree, so that `import mds` is the installed module
cd "$tmp"
"$tmp/venv/bin/python" -m pytest -q -p no:cacheprovider "$tmp/src/tests" "$@"
