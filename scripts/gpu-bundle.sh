#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Gathers, on a Debian machine with the build dependencies installed (scripts/install-deps.sh
# --tests), what a bare GPU machine lacks to build and test mds: the shared libraries of
# OpenBLAS (the pthreads variant: the CPU rows of the scaling table use every core), libunistring,
# libstemmer, xxHash, CUnit and gumbo (ICU, optional, stays behind: Chinese and Japanese words
# then fall back to single ideographs), with the libraries they pull beyond glibc and the compiler's own
# (libgfortran, libquadmath), their headers, relocatable pkg-config files, and pkgconf itself
# (CMake's FindPkgConfig needs a pkg-config program; a bare image may have none). Optionally a
# copy of the DUC 2006 documents for bench/gpu-check.sh's scaling steps.
#   scripts/gpu-bundle.sh DIR [--duc DIR]
# DIR gets lib/ (each library under its SONAME, plus the lib*.so link the linker looks for),
# include/, lib/pkgconfig/, bin/pkg-config (a wrapper that runs the carried pkgconf), data/
# (with --duc) and MANIFEST (packages, versions, the newest glibc symbol version needed, sizes).
# No static archives. Make DIR a folder that git ignores (.gpu-bundle/ in the repository root
# is; bench/gpu-check.sh looks there first) so the device tool can carry it: it carries at most
# 64 MiB with the working tree, and the bundle is 41 MiB, 46.6 MiB with DUC 2006 (measured on Debian 12) (OpenBLAS
# alone is 36 MiB: it holds the kernels of every x86-64 CPU).
# Needs dpkg, ldd, objdump (binutils) and the packages above; never writes outside DIR.
set -euo pipefail
prog=${0##*/}
die() { echo "$prog: $*" >&2; exit 1; }
usage() { sed -n '3,21p' "$0" | sed 's/^# \{0,1\}//'; }

out="" duc=""
while [ $# -gt 0 ]; do
  case $1 in
    --duc) [ $# -ge 2 ] || die "--duc needs a value"; duc=$2; shift 2 ;;
    -h|--help) usage; exit 0 ;;
    -*) echo "$prog: unknown option $1" >&2; usage >&2; exit 1 ;;
    *) [ -z "$out" ] || die "one DIR only"; out=$1; shift ;;
  esac
done
[ -n "$out" ] || { usage >&2; exit 1; }
for t in dpkg-query ldd objdump pkgconf; do command -v $t >/dev/null || die "needs $t"; done
if [ -n "$duc" ]; then
  compgen -G "$duc/D06*/" >/dev/null || die "--duc $duc: no D06*/ topic folders in it"
fi

# The -dev packages whose headers we build against, and the libraries we link (by link name).
dev_pkgs=(libopenblas-pthread-dev libunistring-dev libstemmer-dev libxxhash-dev libcunit1-dev
          libgumbo-dev)
link_names=(openblas unistring stemmer xxhash cunit gumbo)
for p in "${dev_pkgs[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' ||
    die "package $p is not installed (scripts/install-deps.sh --tests)"
done
multiarch=$(dpkg-architecture -qDEB_HOST_MULTIARCH 2>/dev/null || echo x86_64-linux-gnu)
openblas_dir=/usr/lib/$multiarch/openblas-pthread

rm -rf "$out"
mkdir -p "$out/lib/pkgconfig" "$out/include/openblas" "$out/bin"

# ---- headers: every file under /usr/include of each -dev package --------------------------------
for p in "${dev_pkgs[@]}"; do
  dpkg-query -L "$p" | while read -r f; do
    [ -f "$f" ] || continue
    case $f in
      /usr/include/$multiarch/openblas-pthread/*) cp "$f" "$out/include/openblas/" ;;
      /usr/include/*) rel=${f#/usr/include/}; mkdir -p "$out/include/$(dirname "$rel")"
                      cp "$f" "$out/include/$rel" ;;
    esac
  done
done

# ---- libraries: each link name's shared object, then what it needs beyond the base system ------
# The base system: glibc and the compiler's runtime, which any machine that runs nvcc has.
base='^(linux-vdso|ld-linux[-a-z0-9_]*|libc|libm|libdl|libpthread|librt|libstdc\+\+|libgcc_s)\.'
declare -A have=()
add_lib() { # add_lib PATH: copy under its SONAME, then its dependencies
  local real soname dep
  real=$(readlink -f "$1")
  soname=$(objdump -p "$real" | awk '$1 == "SONAME" {print $2}')
  [ -n "$soname" ] || die "$1: no SONAME"
  [ -n "${have[$soname]:-}" ] && return 0
  have[$soname]=$real
  cp "$real" "$out/lib/$soname"
  while read -r dep; do
    [[ $dep =~ $base ]] && continue
    local path
    path=$(ldd "$real" | awk -v d="$dep" '$1 == d {print $3}')
    [ -n "$path" ] && [ -f "$path" ] || die "$real needs $dep, not found"
    add_lib "$path"
  done < <(objdump -p "$real" | awk '$1 == "NEEDED" {print $2}')
}
for n in "${link_names[@]}"; do
  if [ "$n" = openblas ]; then f=$openblas_dir/libopenblas.so; else f=/usr/lib/$multiarch/lib$n.so; fi
  [ -e "$f" ] || die "$f: not found"
  add_lib "$f"
  soname=$(objdump -p "$(readlink -f "$f")" | awk '$1 == "SONAME" {print $2}')
  ln -sf "$soname" "$out/lib/lib$n.so"
done

# ---- pkg-config files, relocatable (the bundle lands at another path on the GPU machine) ---------
pcfile() { # pcfile NAME VERSION LIBS CFLAGS-SUFFIX
  cat > "$out/lib/pkgconfig/$1.pc" <<EOF
prefix=\${pcfiledir}/../..
libdir=\${prefix}/lib
includedir=\${prefix}/include

Name: $1
Description: $1, carried by scripts/gpu-bundle.sh
Version: $2
Libs: -L\${libdir} $3
Cflags: -I\${includedir}$4
EOF
}
ver() { pkgconf --modversion "$1"; }
pcfile openblas "$(ver openblas)" "-lopenblas" "/openblas"
pcfile libxxhash "$(ver libxxhash)" "-lxxhash" ""
pcfile cunit "$(ver cunit)" "-lcunit" ""
pcfile gumbo "$(ver gumbo)" "-lgumbo" ""

# ---- pkgconf, run through a wrapper that finds its library in the bundle -------------------------
add_lib "$(ldd "$(command -v pkgconf)" | awk '$1 ~ /^libpkgconf/ {print $3}')"
cp "$(readlink -f "$(command -v pkgconf)")" "$out/bin/pkgconf"
cat > "$out/bin/pkg-config" <<'EOF'
#!/bin/sh
# pkgconf from the bundle, with its own library (scripts/gpu-bundle.sh).
d=$(cd "$(dirname "$0")" && pwd)
LD_LIBRARY_PATH="$d/../lib${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}" exec "$d/pkgconf" "$@"
EOF
chmod +x "$out/bin/pkg-config"

# ---- data -------------------------------------------------------------------------------------
if [ -n "$duc" ]; then
  mkdir -p "$out/data/duc2006_docs"
  for d in "$duc"/D06*/; do
    t=$(basename "$d"); mkdir -p "$out/data/duc2006_docs/$t"
    for f in "$d"*; do
      case ${f##*/} in *DS_Store*) continue ;; esac
      [ -f "$f" ] && cp "$f" "$out/data/duc2006_docs/$t/"
    done
  done
fi

# ---- manifest ---------------------------------------------------------------------------------
glibc=$(for f in "$out"/lib/*.so.* "$out/bin/pkgconf"; do
          [ -L "$f" ] || objdump -T "$f"; done |
        grep -o 'GLIBC_[0-9.]*' | sort -t. -k1,1 -k2,2n -k3,3n -u | tail -1)
{
  echo "# scripts/gpu-bundle.sh, $(date -u +%Y-%m-%dT%H:%MZ), on $(. /etc/os-release && echo "$PRETTY_NAME")"
  echo "needs-glibc ${glibc#GLIBC_}"
  for p in "${dev_pkgs[@]}" pkgconf; do dpkg-query -W -f='package ${Package} ${Version}\n' "$p"; done
  for s in "${!have[@]}"; do echo "lib $s ${have[$s]}"; done | sort
  [ -n "$duc" ] && echo "data duc2006_docs $(find "$out/data/duc2006_docs" -type f | wc -l) files"
  echo "bytes $(du -sb "$out" | cut -f1)"
} > "$out/MANIFEST"
echo "$prog: $out: $(du -sb "$out" | awk '{printf "%.1f MiB", $1 / 1048576}'), needs glibc >= ${glibc#GLIBC_}" >&2
