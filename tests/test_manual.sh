#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# The manual agrees with the program. docs/summarize.1.md's option tables between
# <!-- options:begin COMMAND --> and <!-- options:end COMMAND --> are what
# `summarize help --manual COMMAND` prints (regenerate them with that command), and no
# default that docs/summarize.1.md or docs/design.md states elsewhere contradicts the
# program's own table. The default mentions checked:
#   (`--centrality`, 3)    (`--concept-cost`, 0.3;    `--memory` (default 4 GiB)
#   `--selector concepts`, the default    (default `--min-df 3`)
#   `min_df` documents have it (3;    a table row | `--lambda X` | ... | 0.7 |
# Usage: tests/test_manual.sh path/to/summarize SOURCE_DIR
. "$(dirname "$0")/lib.sh" "$@"
man="$src/docs/summarize.1.md" design="$src/docs/design.md"

# Lines without the blank ones at either end.
trim() { awk 'NF { for (; blank > 0; blank--) print ""; print; seen = 1; next } seen { blank++ }'; }

# --- the generated tables ----------------------------------------------------------------------
cmds=$(sed -n 's/^<!-- options:begin \([a-z]*\) -->$/\1/p' "$man")
for c in summarize batch; do
  echo "$cmds" | grep -qx "$c" && ok "the manual has the generated block of $c" ||
    bad "the manual has the generated block of $c" "no '<!-- options:begin $c -->' line"
done
for c in $cmds; do
  awk -v c="$c" '$0 == "<!-- options:end " c " -->" { on = 0 } on { print }
                 $0 == "<!-- options:begin " c " -->" { on = 1 }' "$man" | trim >"$tmp/man-$c"
  if ! "$bin" help --manual "$c" >"$tmp/bin-$c.raw" 2>"$tmp/err"; then
    bad "help --manual $c" "$(cat "$tmp/err")"; continue
  fi
  trim <"$tmp/bin-$c.raw" >"$tmp/bin-$c"
  if cmp -s "$tmp/man-$c" "$tmp/bin-$c"; then ok "the manual's $c tables = summarize help --manual $c"
  else bad "the manual's $c tables = summarize help --manual $c (regenerate them)" \
           "$(diff "$tmp/bin-$c" "$tmp/man-$c" | head -20)"; fi
done

# --- defaults stated in prose ------------------------------------------------------------------
# The program's defaults, "flag<TAB>default", from its own table (the summarize block).
"$bin" help --manual summarize 2>/dev/null |
  awk -F ' [|] ' '/^\| `-/ { n = split($1, o, "`--"); if (n < 2) next
                             split(o[2], f, /[ `]/); d = $3; sub(/ \|$/, "", d); sub(/\|$/, "", d)
                             print f[1] "\t" d }' >"$tmp/defaults"
[ "$(wc -l <"$tmp/defaults")" -ge 20 ] && grep -q $'^centrality\t' "$tmp/defaults" &&
  ok "the program's defaults ($(wc -l <"$tmp/defaults") options)" ||
  bad "the program's defaults" "$(head -5 "$tmp/defaults")"

# check FILE: each default mention in FILE ("FILE:LINE: --flag stated X, the program says Y"
# for a contradiction); prints "checked N" last. Generated blocks are skipped.
check() {
  awk -v defaults="$tmp/defaults" '
    BEGIN { FS = "\t"; while ((getline l < defaults) > 0) { split(l, a, "\t"); def[a[1]] = a[2]
            nm = a[1]; gsub(/-/, "_", nm); name[nm] = a[1] } FS = " " }
    # a number with an optional binary size suffix, as a number; "" when it is none
    function num(v,   m, x, s) {
      gsub(/^ +| +$/, "", v)
      if (!match(v, /^-?[0-9]+(\.[0-9]+)?([eE]-?[0-9]+)?/)) return ""
      x = substr(v, 1, RLENGTH) + 0; s = substr(v, RLENGTH + 1); gsub(/^ +/, "", s)
      if (s ~ /^(K|KiB|k)$/) x *= 1024; else if (s ~ /^(M|MiB)$/) x *= 1048576
      else if (s ~ /^(G|GiB)$/) x *= 1073741824; else if (s ~ /^(T|TiB)$/) x *= 1099511627776
      else if (s != "") return ""
      return x
    }
    function same(a, b) { return (num(a) != "" && num(b) != "") ? num(a) == num(b) : a == b }
    function claim(flag, v) {
      if (!(flag in def)) return
      n++
      if (!same(v, def[flag]))
        printf "%s:%d: --%s stated %s, the program says %s\n", FILENAME, FNR, flag, v, def[flag]
    }
    /^<!-- options:begin / { gen = 1 } /^<!-- options:end / { gen = 0; next } gen { next }
    {
      s = $0
      # (`--flag`, V) and (`--flag`, V; ...
      while (match(s, /\(`--[a-z-]+`, [^);,]+[);]/)) {
        m = substr(s, RSTART + 1, RLENGTH - 2); s = substr(s, RSTART + RLENGTH)
        f = m; sub(/^`--/, "", f); sub(/`.*/, "", f); v = m; sub(/^[^,]*, /, "", v); claim(f, v)
      }
      s = $0
      # `--flag` (default V)
      while (match(s, /`--[a-z-]+` \(default [^)]+\)/)) {
        m = substr(s, RSTART, RLENGTH); s = substr(s, RSTART + RLENGTH)
        f = m; sub(/^`--/, "", f); sub(/`.*/, "", f); v = m; sub(/^.*\(default /, "", v); sub(/\)$/, "", v)
        claim(f, v)
      }
      s = $0
      # `--flag V`, the default  /  `--flag V` (the default)  /  default `--flag V`
      while (match(s, /`--[a-z-]+ [^`]+`,? \(?the default|[Dd]efault:? `--[a-z-]+ [^`]+`/)) {
        m = substr(s, RSTART, RLENGTH); s = substr(s, RSTART + RLENGTH)
        sub(/^[^`]*`--/, "", m); f = m; sub(/ .*/, "", f); v = m; sub(/^[^ ]* /, "", v); sub(/`.*/, "", v)
        claim(f, v)
      }
      s = $0
      # `name` ... (V; or (V): a parameter by its name, its value in parentheses just after
      while (match(s, /`[a-z_]+`[^`(]*\([-0-9.]+[;)]/)) {
        m = substr(s, RSTART, RLENGTH); len = RLENGTH; s = substr(s, RSTART + RLENGTH)
        nm = m; sub(/^`/, "", nm); sub(/`.*/, "", nm)
        v = m; sub(/^.*\(/, "", v); sub(/[;)]$/, "", v)
        if (nm in name && len - length(nm) - length(v) - 4 <= 40) claim(name[nm], v)
      }
      # a table row | `--flag ...` | meaning | default |
      if ($0 ~ /^\| `--[a-z-]+[ `]/ && split($0, cell, / [|] /) == 3) {
        f = cell[1]; sub(/^\| `--/, "", f); sub(/[ `].*/, "", f)
        v = cell[3]; sub(/ ?\|$/, "", v); if (v != "") claim(f, v)
      }
    }
    END { print "checked " n + 0 }' "$1"
}

# The checker must see a wrong default: the stale statements this test was written against.
printf 'so mu (`--centrality`, 4) says\nby gain / length^r (`--concept-cost`, 0.4), then\n' >"$tmp/stale.md"
printf '`--memory` (default 4 GiB) bounds\nat least `min_df` documents have it (3; never\n' >>"$tmp/stale.md"
printf '| `--lambda X` | MMR: weight | 0.9 |\n(`--selector mmr`, the default; x)\n' >>"$tmp/stale.md"
check "$tmp/stale.md" >"$tmp/stale.out"
[ "$(grep -c 'stated' "$tmp/stale.out")" -eq 4 ] && grep -q -- '--centrality stated 4, the program says 3' "$tmp/stale.out" &&
  grep -q -- '--concept-cost stated 0.4' "$tmp/stale.out" && grep -q -- '--lambda stated 0.9' "$tmp/stale.out" &&
  grep -q -- '--selector stated mmr' "$tmp/stale.out" && grep -qx 'checked 6' "$tmp/stale.out" &&
  ok "the checker finds stale defaults (4 of 6 wrong)" || bad "the checker finds stale defaults" "$(cat "$tmp/stale.out")"

for f in "$man" "$design"; do
  check "$f" >"$tmp/check.out"
  n=$(sed -n 's/^checked //p' "$tmp/check.out")
  if grep -q 'stated' "$tmp/check.out"; then bad "$(basename "$f"): defaults as the program has them" "$(grep stated "$tmp/check.out")"
  else ok "$(basename "$f"): $n default mentions agree with the program"; fi
done
n=$(check "$design" | sed -n 's/^checked //p')
[ "$n" -ge 3 ] && ok "docs/design.md states defaults the test reads ($n)" || bad "docs/design.md default mentions" "only $n found"

finish
