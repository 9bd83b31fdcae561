#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Builds the Debian packages mds, libmds0 and libmds-dev (cmake/package.cmake) in a build
# folder of their own, configured for /usr (so the library goes to the multiarch folder and
# the program needs no RUNPATH), and copies them to OUTDIR.
#   scripts/deb.sh [OUTDIR]    default OUTDIR: build-deb/packages
# Then, as root: apt-get install ./OUTDIR/*.deb
set -euo pipefail
cd "$(dirname "$0")/.."
b=build-deb
out=${1:-$b/packages}
cmake -S . -B "$b" -DCMAKE_BUILD_TYPE=Release -DCMAKE_INSTALL_PREFIX=/usr -DMDS_TESTS=OFF >/dev/null
cmake --build "$b" -j "$(nproc)"
rm -rf "$b/packages"
(cd "$b" && cpack -G DEB >cpack.log 2>&1) || { cat "$b/cpack.log" >&2; exit 1; }
mkdir -p "$out"
[ "$(cd "$b/packages" && pwd)" = "$(cd "$out" && pwd)" ] || cp "$b"/packages/*.deb "$out/"
ls "$out"/*.deb
