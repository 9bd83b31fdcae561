#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Installs the Debian packages that building and testing mds need, only those missing.
# Needs root (or sudo). CUDA is not a Debian package here: the build finds it at
# /usr/local/cuda when present and builds without it otherwise.
#   --check   install nothing: say what is missing; exit 1 if a build dependency is (the
#             others only make their tests SKIP, each saying why)
set -euo pipefail

pkgs=(build-essential cmake pkg-config libopenblas-dev libunistring-dev libstemmer-dev
      libxxhash-dev libcunit1-dev libicu-dev libgumbo-dev)
nbuild=${#pkgs[@]}
# On request: what the tests add (--tests: GNU time for the peak-memory bounds of
# tests/test_hostile.sh, headless Chromium for the HTML report's tests/test_report_html.sh,
# man-db for tests/test_install.sh to render the man page; --services: a single-node Slurm
# with munge for tests/test_slurm.sh, system services that scripts/test.sh installs only in
# CI), what the fuzz harnesses need (clang with libFuzzer, llvm-symbolizer: scripts/fuzz.sh),
# and what the developers' evaluation scripts (bench/) need.
check=0
for a in "$@"; do
  case $a in
    --tests) pkgs+=(time chromium man-db python3-dev python3-venv python3-setuptools python3-wheel
                    python3-pip python3-pytest) ;;
    --services) pkgs+=(slurmctld slurmd slurm-client munge) ;;
    --fuzz) pkgs+=(clang llvm) ;;
    --bench) pkgs+=(libxml-dom-perl time bc gnuplot-nox) ;;
    --check) check=1 ;;
    *) echo "install-deps: unknown option $a (--tests, --services, --fuzz, --bench, --check)" >&2; exit 1 ;;
  esac
done

missing=()
for p in "${pkgs[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done
[ ${#missing[@]} -eq 0 ] && exit 0
if [ $check -eq 1 ]; then
  build_missing=()
  for p in "${missing[@]}"; do
    for b in "${pkgs[@]:0:nbuild}"; do [ "$p" = "$b" ] && build_missing+=("$p"); done
  done
  if [ ${#build_missing[@]} -gt 0 ]; then
    echo "install-deps: the build needs: ${build_missing[*]} (as root: scripts/install-deps.sh)" >&2
    exit 1
  fi
  echo "install-deps: not installed: ${missing[*]}; the tests that need them say SKIP" >&2
  exit 0
fi

sudo=""
if [ "$(id -u)" -ne 0 ]; then
  command -v sudo >/dev/null || { echo "install-deps: need root to install: ${missing[*]}" >&2; exit 1; }
  sudo=sudo
fi
echo "install-deps: installing ${missing[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
