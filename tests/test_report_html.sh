#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# The HTML report in a real browser: headless Chromium (Debian's chromium; CI installs it
# with scripts/install-deps.sh --tests) loads `summarize --format html` of the example, and
# the DOM it built is checked: every sentence of the summary is there, linked to an element
# that exists, highlighted in its document with the same text; every link stays in the page
# and nothing is fetched from elsewhere; a screenshot is written; batch writes the same page.
# Then a hostile cluster (markup, quotes, controls and a file name with a byte that is not
# UTF-8) must come out as text, never as markup. Skips, saying so, only where Chromium is not installed.
# Usage: tests/test_report_html.sh path/to/summarize SOURCE_DIR
# MDS_REPORT_DIR=DIR keeps the page and the screenshot there (docs/report.png comes from it).
. "$(dirname "$0")/lib.sh" "$@"

browser=
for c in chromium chromium-browser google-chrome; do
  command -v "$c" >/dev/null && { browser=$c; break; }
done
if [ -z "$browser" ]; then
  echo "SKIP the HTML report in a browser: chromium is not installed (scripts/install-deps.sh --tests)"
  exit 0
fi
# --no-sandbox: CI runs as root; --disable-dev-shm-usage: a container's /dev/shm is small; a
# profile of its own, so no state outside $tmp
chrome() { timeout 120 "$browser" --headless --no-sandbox --disable-gpu --disable-dev-shm-usage --hide-scrollbars \
             --user-data-dir="$tmp/profile" "$@" 2>>"$tmp/chrome.err"; }

# HTML text as Chromium serializes it: & < > and the no-break space as references
htmltext() { sed -e 's/&/\&amp;/g' -e 's/</\&lt;/g' -e 's/>/\&gt;/g' -e 's/\xc2\xa0/\&nbsp;/g'; }

# --- the example --------------------------------------------------------------------------------
"$bin" --format html "$ex" >"$tmp/r.html" 2>"$tmp/err" && ok "--format html writes a page" ||
  bad "--format html writes a page" "$(head -c 300 "$tmp/err")"
"$bin" "$ex" 2>/dev/null | htmltext >"$tmp/summary"
n=$(wc -l <"$tmp/summary")
[ "$n" -ge 3 ] && ok "the example's summary has $n sentences" || bad "the example's summary" "$n lines"

chrome --dump-dom "file://$tmp/r.html" >"$tmp/dom"
grep -q '</html>' "$tmp/dom" && ok "chromium loads the page" ||
  bad "chromium loads the page" "$(tail -c 300 "$tmp/chrome.err")"

# the summary as the page lists it: "target<TAB>text", in order
sed -n 's|^<li id="sum[0-9]*"><a class="sentence" href="#\([^"]*\)">\(.*\)</a><span class="from">.*|\1\t\2|p' \
  "$tmp/dom" >"$tmp/links"
cut -f2 "$tmp/links" >"$tmp/listed"
if cmp -s "$tmp/summary" "$tmp/listed"; then ok "every summary sentence is listed, linked, in order"
else bad "every summary sentence is listed, linked, in order" "$(diff "$tmp/summary" "$tmp/listed" | head -6)"; fi

# every link is to an element of the page
grep -o 'href="[^"]*"' "$tmp/dom" | sed 's/^href="//; s/"$//' | sort -u >"$tmp/hrefs"
grep -o ' id="[^"]*"' "$tmp/dom" | sed 's/^ id="//; s/"$//' | sort -u >"$tmp/ids"
outside=$(grep -v '^#' "$tmp/hrefs")
[ -z "$outside" ] && ok "every link is within the page" || bad "every link is within the page" "$outside"
missing=$(sed -n 's/^#//p' "$tmp/hrefs" | comm -23 - "$tmp/ids")
[ -z "$missing" ] && ok "every link target exists ($(wc -l <"$tmp/hrefs") targets)" ||
  bad "every link target exists" "$(echo "$missing" | head -5)"

# no resource from elsewhere: no URL in src or href, no <link>, <script src>, @import or url()
if grep -qiE '(src|href)="[a-z]+:|(src|href)="//|<link |<script|@import|url\(' "$tmp/dom"; then
  bad "nothing loads from elsewhere" "$(grep -oiE '.{0,40}((src|href)="[a-z]+:|(src|href)="//|<link |<script|@import|url\().{0,40}' "$tmp/dom" | head -3)"
else ok "nothing loads from elsewhere"; fi

# the highlighted sentences are the summary's: the same elements, the same text
sed -n 's|^<div class="s chosen" id="\([^"]*\)".*<span class="t">\(.*\)</span><a class="tag" href="#sum[0-9]*">.*|\1\t\2|p' \
  "$tmp/dom" | sort >"$tmp/chosen"
sort "$tmp/links" >"$tmp/links.sorted"
if [ -s "$tmp/chosen" ] && cmp -s "$tmp/links.sorted" "$tmp/chosen"; then
  ok "the highlighted sentences are the summary's ($(wc -l <"$tmp/chosen"))"
else bad "the highlighted sentences are the summary's" "$(diff "$tmp/links.sorted" "$tmp/chosen" | head -6)"; fi

# what cleaning dropped is in the page, faded, with its reason
grep -q '^<div class="s drop" id="d[0-9]*-s[0-9]*".*<span class="tag">' "$tmp/dom" &&
  ok "dropped sentences are shown with their reason" || bad "dropped sentences are shown with their reason"
[ "$(grep -c '^<div class="s[ "]' "$tmp/dom")" -ge "$(( $("$bin" --format json "$ex" | sed -n 's/.*"sentences": \([0-9]*\),.*/\1/p') ))" ] &&
  ok "every sentence of the cluster is shown" || bad "every sentence of the cluster is shown"
grep -q '<th>selector</th><td>concepts</td>' "$tmp/dom" && grep -q '<th>embedding</th><td class="num">' "$tmp/dom" &&
  ok "the parameters and timings are shown" || bad "the parameters and timings are shown"

chrome --window-size=900,1000 --screenshot="$tmp/report.png" "file://$tmp/r.html" >/dev/null
if [ "$(head -c 8 "$tmp/report.png" 2>/dev/null | od -An -tx1 | tr -d ' \n')" = 89504e470d0a1a0a ] &&
   [ "$(wc -c <"$tmp/report.png")" -gt 20000 ]; then
  ok "a screenshot is written ($(wc -c <"$tmp/report.png") bytes)"
else bad "a screenshot is written" "$(tail -c 300 "$tmp/chrome.err")"; fi
if [ -n "${MDS_REPORT_DIR:-}" ]; then
  mkdir -p "$MDS_REPORT_DIR" && cp "$tmp/r.html" "$tmp/report.png" "$MDS_REPORT_DIR"/
fi

# batch writes a page per cluster, the same page
mkdir -p "$tmp/corpus/putin" && cp "$ex"/* "$tmp/corpus/putin/"
"$bin" batch -q --format html "$tmp/corpus" -o "$tmp/out" 2>"$tmp/err" &&
  [ -f "$tmp/out/putin.html" ] && diff <(grep -v 'ms</td>' "$tmp/out/putin.html" | sed 's|[^ ]*/putin/||g') \
                                     <(grep -v 'ms</td>' "$tmp/r.html" | sed 's|[^ ]*/putin-north-korea/||g') >/dev/null &&
  ok "batch --format html writes OUT/NAME.html, the same page" ||
  bad "batch --format html writes OUT/NAME.html, the same page" "$(head -c 300 "$tmp/err"; ls "$tmp/out" 2>&1 | head -3)"

# --- hostile text: markup, quotes, controls, a file name that is not UTF-8 -----------------------
mkdir -p "$tmp/hostile"
name=$'n<b>"q\'&\xff.txt'
{
  printf 'The council met on <script>alert(1)</script> Tuesday & voted "yes" on the plan for the park.\n\n'
  printf 'Critics said the <img src=x onerror=alert(2)> plan would cost \x1b[31mforty million\x1b[0m dollars.\n\n'
  printf 'The mayor promised a hearing on the </div></article> matter before the spring & summer.\n'
} >"$tmp/hostile/$name"
"$bin" --format html --min-words 1 --sentences 2 "$tmp/hostile" >"$tmp/h.html" 2>"$tmp/err" &&
  ok "--format html on hostile text" || bad "--format html on hostile text" "$(head -c 300 "$tmp/err")"
chrome --dump-dom "file://$tmp/h.html" >"$tmp/hdom"
if grep -qiE '<(script|img|b)[ >]' "$tmp/hdom"; then
  bad "input markup stays text" "$(grep -oiE '.{0,30}<(script|img|b)[ >].{0,30}' "$tmp/hdom" | head -3)"
else ok "input markup stays text"; fi
grep -q '&lt;script&gt;alert(1)&lt;/script&gt; Tuesday &amp; voted "yes"' "$tmp/hdom" &&
  grep -q '&lt;/div&gt;&lt;/article&gt;' "$tmp/hdom" &&
  ok "markup, ampersands and quotes read as written" || bad "markup, ampersands and quotes read as written"
grep -q $'\x1b' "$tmp/hdom" && bad "no control character reaches the page" || ok "no control character reaches the page"
grep -q $'n&lt;b&gt;"q\'&amp;\xef\xbf\xbd.txt' "$tmp/hdom" &&
  ok "the file name, not UTF-8, shown with U+FFFD" || bad "the file name, not UTF-8, shown with U+FFFD" "$(grep -o '.\{0,20\}q.\{0,20\}txt' "$tmp/hdom" | head -2)"
[ "$(grep -c '^<article class="doc"' "$tmp/hdom")" -eq 1 ] && grep -q '</section>' "$tmp/hdom" &&
  ok "the page's structure survives the input" || bad "the page's structure survives the input"

finish
