#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Turns the manual's Markdown (docs/summarize.1.md) into a man page (roff, man(7) macros), so
# that the installed summarize(1) is the same text as the Markdown one and cannot drift from
# it. It knows exactly the Markdown the manual uses (docs/packaging.md says why not pandoc):
#   # NAME(1): WHAT          the title: .TH and the NAME section
#   ## Heading, ### Heading  .SH, .SS
#   paragraphs; - bullets, continued by indented lines; ``` fenced code ```
#   | tables |               one .TP per row: the first cell the tag, the others its text,
#                            a third column as "(HEADER: value)", e.g. "(default: 100)"
#   `code`, **strong**, *emphasis*, [text](url), ![image](file) (left out), <!-- comments -->
# Anything else is text as it is.
# Usage: scripts/md2man.sh MANUAL.md VERSION > summarize.1
set -euo pipefail
md=${1:?usage: md2man.sh MANUAL.md VERSION} version=${2:?usage: md2man.sh MANUAL.md VERSION}
LC_ALL=C.UTF-8 awk -v version="$version" '
# roff-safe text: backslashes printed as such; a character the groff fonts lack spelled out
# (tests/test_install.sh renders the page and fails on a warning, which names a new one)
function esc(s) { gsub(/\\/, "\\e", s); gsub(/ᵀ/, "^T", s); return s }
# code: bold, hyphens as minus signs (so that options copy and paste)
function code(s) { s = esc(s); gsub(/-/, "\\-", s); return "\\fB" s "\\fR" }
function prose(s,    out, pre, m) {
  s = esc(s)
  # images: a man page has none
  while (match(s, /!\[[^]]*\]\([^)]*\)/)) s = substr(s, 1, RSTART - 1) substr(s, RSTART + RLENGTH)
  # links: their text, and the address where it is one
  while (match(s, /\[[^]]*\]\([^)]*\)/)) {
    m = substr(s, RSTART, RLENGTH); pre = substr(s, 1, RSTART - 1); s = substr(s, RSTART + RLENGTH)
    split(m, parts, /\]\(/); sub(/^\[/, "", parts[1]); sub(/\)$/, "", parts[2])
    out = parts[1]; if (parts[2] ~ /^https?:/) out = out " <" parts[2] ">"
    s = pre out s
  }
  while (match(s, /\*\*[^*]+\*\*/)) s = substr(s, 1, RSTART - 1) "\\fB" substr(s, RSTART + 2, RLENGTH - 4) "\\fR" substr(s, RSTART + RLENGTH)
  while (match(s, /\*[^* ][^*]*\*/)) s = substr(s, 1, RSTART - 1) "\\fI" substr(s, RSTART + 1, RLENGTH - 2) "\\fR" substr(s, RSTART + RLENGTH)
  return s
}
# a line of inline Markdown: code spans apart from the rest
function inline(s,    out, i) {
  out = ""
  while ((i = index(s, "`")) > 0) {
    out = out prose(substr(s, 1, i - 1)); s = substr(s, i + 1)
    i = index(s, "`"); if (i == 0) { s = "`" s; break }
    out = out code(substr(s, 1, i - 1)); s = substr(s, i + 1)
  }
  return out prose(s)
}
# roff reads a line that starts with . or apostrophe as a request
function emit(s) { if (s ~ /^[.\047]/) s = "\\&" s; print s }
# the text of a paragraph or a bullet, inline Markdown spanning its lines
function flush(    n, i, l) {
  if (buf == "") return
  n = split(inline(buf), l, "\n")
  for (i = 1; i <= n; i++) emit(l[i])
  buf = ""
}
function add(s) { sub(/^[ \t]+/, "", s); buf = (buf == "") ? s : buf "\n" s }
function cells(s, c,    n, i) {
  gsub(/\\\|/, "\001", s); sub(/^[ \t]*\|/, "", s); sub(/\|[ \t]*$/, "", s)
  n = split(s, c, "|")
  for (i = 1; i <= n; i++) { gsub(/\001/, "|", c[i]); gsub(/^[ \t]+|[ \t]+$/, "", c[i]) }
  return n
}
NR == 1 {
  if (!match($0, /^# [^(]+\([0-9]\): /)) { print "md2man: line 1 is not \"# NAME(N): WHAT\"" > "/dev/stderr"; exit 1 }
  name = $0; sub(/^# /, "", name); sub(/\(.*/, "", name)
  sect = $0; sub(/^[^(]*\(/, "", sect); sub(/\).*/, "", sect)
  what = $0; sub(/^[^:]*: /, "", what)
  print ".\\\" SPDX-License-Identifier: MIT"
  print ".\\\" Generated from docs/" name "." sect ".md by scripts/md2man.sh; do not edit."
  printf ".TH %s %s \"\" \"mds %s\" \"User Commands\"\n", toupper(name), sect, version
  # ragged right, no hyphenation: options and file names stay whole
  print ".ad l"; print ".nh"
  print ".SH NAME"; print name " \\- " esc(what)
  next
}
fence {
  if ($0 ~ /^```/) { print ".fi"; print ".RE"; fence = 0; next }
  emit(esc($0)); next
}
/^```/ { flush(); print ".PP"; print ".RS 4"; print ".nf"; fence = 1; next }
/^<!--.*-->[ \t]*$/ { next }
/^## / { flush(); print ".SH " toupper(inline(substr($0, 4))); head = 0; next }
/^### / { flush(); print ".SS " inline(substr($0, 5)); head = 0; next }
/^[ \t]*$/ { flush(); head = 0; block = ""; next }
/^\|/ {
  flush()
  n = cells($0, c)
  if (!head) { head = 1; for (i = 1; i <= n; i++) hdr[i] = c[i]; next }
  if (c[1] ~ /^-+$/) next
  print ".TP"; emit(inline(c[1]))
  t = inline(c[2])
  for (i = 3; i <= n; i++) if (c[i] != "") t = t " (" hdr[i] ": " inline(c[i]) ")"
  emit(t); next
}
/^- / { flush(); print ".IP \\(bu 2"; add(substr($0, 3)); block = "list"; next }
/^!\[[^]]*\]\([^)]*\)[ \t]*$/ { next }
{ if (block == "") { print ".PP"; block = "para" } add($0) }
END { flush(); if (fence) { print "md2man: a code block is not closed" > "/dev/stderr"; exit 1 } }
' "$md"
