#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Makes a virtual environment with the mds module installed against the libmds of PREFIX,
# as a user installs it: pip install of a copy of python/, offline (--no-index), in a venv
# that sees the system's packages (Debian's setuptools and wheel; its pip refuses to install
# into the system's Python).
#   python/venv.sh PREFIX DIR [PYSRC]
# PYSRC: the module's sources to build (default: this python/ folder; the benchmark builds a
# variant).
# PYTHON: the interpreter (default: the first of python3 and /usr/bin/python3 that has
# Python.h, setuptools and venv; with WANT=pytest, pytest too). Where none has them it prints
# SKIP with the reason and exits 0 without making DIR. The module must load PREFIX's libmds,
# or it fails. Used by python/test.sh and bench/python-threads.sh.
set -euo pipefail
[ $# -eq 2 ] || [ $# -eq 3 ] || { echo "usage: python/venv.sh PREFIX DIR [PYSRC]" >&2; exit 1; }
src=$(cd "$(dirname "$0")/.." && pwd)
prefix=$(cd "$1" && pwd -P) || { echo "python/venv.sh: no such prefix: $1" >&2; exit 1; }
dir=$2
pysrc=${3:-$src/python}

skip() { echo "SKIP the Python module: $*"; exit 0; }

# What an interpreter lacks ("" when nothing).
lacks() {
  WANT=${WANT:-} "$1" - <<'PY' 2>/dev/null || echo "$1 does not run"
import importlib.util, os, sysconfig
need = {"Python.h (python3-dev)":
        os.path.exists(os.path.join(sysconfig.get_paths()["include"], "Python.h"))}
# wheel too: without it pip builds in an isolated environment, fetching setuptools
mods = [("setuptools", "python3-setuptools"), ("wheel", "python3-wheel"),
        ("venv", "python3-venv"), ("ensurepip", "python3-venv")]
if os.environ.get("WANT"):
    mods += [(m, "python3-" + m) for m in os.environ["WANT"].split()]
for mod, pkg in mods:
    need["%s (%s)" % (mod, pkg)] = importlib.util.find_spec(mod) is not None
print(", ".join(k for k, v in need.items() if not v))
PY
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

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# a copy: pip builds in place, and a build folder left from another prefix would be reused
(cd "$pysrc" && tar --exclude=./build --exclude='./*.egg-info' --exclude=__pycache__ \
  --exclude=./tests -cf - .) | (mkdir "$work/mds" && cd "$work/mds" && tar -xf -)
"$py" -m venv --system-site-packages "$dir"
echo "python/venv.sh: $py, libmds of $prefix, in $dir"
if ! MDS_PREFIX=$prefix "$dir/bin/python" -m pip install --no-index -q "$work/mds" \
    >"$work/pip.log" 2>&1; then
  cat "$work/pip.log" >&2
  echo "python/venv.sh: pip install failed" >&2
  exit 1
fi
ext=$(cd "$work" && "$dir/bin/python" -c 'import mds._mds as m; print(m.__file__)')
case $ext in
  "$dir/"*) ;;
  *) echo "python/venv.sh: imported $ext, not the module just installed" >&2; exit 1 ;;
esac
# the module loads the prefix's library (through its rpath, or the system's directories)
if command -v ldd >/dev/null; then
  lib=$(ldd "$ext" | awk '/libmds\.so/ {print $3}')
  real=$(readlink -f "$lib" 2>/dev/null || true)
  case $real in
    "$prefix"/*) ;;
    *) echo "python/venv.sh: $ext loads libmds from '${lib:-nowhere}', not $prefix" >&2; exit 1 ;;
  esac
fi
