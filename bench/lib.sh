# SPDX-License-Identifier: MIT
# The shared part of the benchmarks that run one or more binaries on inputs made at run time
# (bench/crumbs.sh, bench/tiny-docs.sh), sourced after the script sets its defaults (bins=()
# sizes=... timeout_s=... extra=()) and, for options of its own that take a value, a function
# bench_option NAME VALUE that sets them and returns 0 (1: not its option).
#   bench_parse "$@"   --summarize BIN (repeatable), --sizes N,N..., --timeout S, -h/--help
#                      (the script's header comment, lines 3 to $usage_lines + 1), then
#                      -- extra summarize options; checks them; makes $work (removed at exit)
#   bench_run OUT -- COMMAND...
#                      runs COMMAND under --timeout with stdout in OUT and stderr in
#                      $work/err; sets rc (124: ran out of time), secs and rss (peak MiB
#                      from GNU time, else n/a)
prog=${0##*/}
usage() { sed -n "3,$((usage_lines + 1))p" "$0" | sed 's/^# \{0,1\}//'; }
die() { echo "$prog: $*" >&2; exit 1; }

bench_parse() {
  while [ $# -gt 0 ]; do
    [ "$1" = -- ] || [ "$1" = -h ] || [ "$1" = --help ] || [ $# -ge 2 ] ||
      die "$1 needs a value"
    case $1 in
      --summarize) bins+=("$2"); shift 2 ;;
      --sizes) sizes=$2; shift 2 ;;
      --timeout) timeout_s=$2; shift 2 ;;
      -h|--help) usage; exit 0 ;;
      --) shift; extra=("$@"); break ;;
      *) if declare -F bench_option >/dev/null && bench_option "$1" "$2"; then shift 2
         else echo "$prog: unknown option $1" >&2; usage >&2; exit 1; fi ;;
    esac
  done
  [ ${#bins[@]} -gt 0 ] || bins=(build/summarize)
  for b in "${bins[@]}"; do [ -x "$b" ] || die "$b: not an executable"; done
  [[ $sizes =~ ^[0-9]+(,[0-9]+)*$ ]] || die "--sizes: a comma-separated list of counts"
  [[ $timeout_s =~ ^[0-9]+$ ]] || die "--timeout: seconds"
  work=$(mktemp -d "${TMPDIR:-/tmp}/mds-${prog%.sh}.XXXXXX")
  trap 'rm -rf "$work"' EXIT
  have_time=0
  if [ -x /usr/bin/time ] && /usr/bin/time -f %M true 2>/dev/null; then have_time=1; fi
}

bench_run() {
  local out=$1 start; shift 2
  start=$(date +%s.%N)
  rc=0
  rm -f "$work/rss"
  if [ $have_time = 1 ]; then
    timeout "$timeout_s" /usr/bin/time -f %M -o "$work/rss" "$@" >"$out" 2>"$work/err" || rc=$?
  else
    timeout "$timeout_s" "$@" >"$out" 2>"$work/err" || rc=$?
  fi
  secs=$(awk -v s="$start" -v e="$(date +%s.%N)" 'BEGIN { printf "%.2f", e - s }')
  rss=n/a
  if [ $have_time = 1 ] && [ -s "$work/rss" ]; then
    rss=$(awk '/^[0-9]+$/ { v = $1 } END { if (v != "") printf "%.1f", v / 1024; else print "n/a" }' \
          "$work/rss")
  fi
}
