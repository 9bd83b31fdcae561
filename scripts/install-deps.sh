#!/usr/bin/env bash
# Installs the Debian packages that building and testing mds need, only those missing.
# Needs root (or sudo). CUDA is not a Debian package here: the build finds it at
# /usr/local/cuda when present and builds without it otherwise.
set -euo pipefail

pkgs=(build-essential cmake pkg-config libopenblas-dev libunistring-dev libstemmer-dev
      libxxhash-dev libcunit1-dev libicu-dev libgumbo-dev)
# On request: what the tests add (a single-node Slurm for tests/test_slurm.sh, GNU time for
# the peak-memory bounds of tests/test_hostile.sh, headless Chromium for the HTML report's
# tests/test_report_html.sh), what the
# fuzz harnesses need (clang with libFuzzer, llvm-symbolizer: scripts/fuzz.sh), and what the
# developers' evaluation scripts (bench/) need.
for a in "$@"; do
  case $a in
    --tests) pkgs+=(slurmctld slurmd slurm-client munge time chromium) ;;
    --fuzz) pkgs+=(clang llvm) ;;
    --bench) pkgs+=(libxml-dom-perl time bc gnuplot-nox) ;;
    *) echo "install-deps: unknown option $a (--tests, --fuzz, --bench)" >&2; exit 1 ;;
  esac
done

missing=()
for p in "${pkgs[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done
[ ${#missing[@]} -eq 0 ] && exit 0

sudo=""
if [ "$(id -u)" -ne 0 ]; then
  command -v sudo >/dev/null || { echo "install-deps: need root to install: ${missing[*]}" >&2; exit 1; }
  sudo=sudo
fi
echo "install-deps: installing ${missing[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
