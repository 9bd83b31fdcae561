#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# bench/lead-baseline.sh — a "lead" reference system with the command line of
# `summarize`: prints the first N words of ONE document of a cluster, one
# sentence a line (the last sentence cut at N words).  Used as a stand-in for
# summarize in bench/duc2006.sh, and as a reference point in its own right.
#
# The document is the earliest of the cluster (or with --latest the most recent
# one, which is what DUC 2006's baseline, peer 1, used), ordered by the date in
# its DUC/TREC file name (APW19990707.0181 -> 19990707.0181).  Only the <TEXT>
# part is used; SGML tags and entities are dropped; sentences are split with a
# simple rule (. ! ? then a capital letter/quote, no split after common
# abbreviations and initials).
set -euo pipefail

usage() {
  cat <<'EOF'
usage: bench/lead-baseline.sh [--words N] [--latest] CLUSTER_DIR

  --words N   summary length in words (default 250)
  --latest    take the most recent document (default: the earliest)
  -h, --help  this help
Files named _DS_Store or starting with "." are ignored.
EOF
}

words=250 latest=0 dir=""
while [ $# -gt 0 ]; do
  case "$1" in
    --words) words="${2:?}"; shift 2 ;;
    --latest) latest=1; shift ;;
    -h|--help) usage; exit 0 ;;
    -*) usage >&2; echo "lead-baseline.sh: unknown option: $1" >&2; exit 2 ;;
    *) [ -z "$dir" ] || { usage >&2; exit 2; }; dir="$1"; shift ;;
  esac
done
[ -n "$dir" ] && [ -d "$dir" ] || { usage >&2; echo "lead-baseline.sh: not a directory: ${dir:-(none)}" >&2; exit 2; }
[[ "$words" =~ ^[1-9][0-9]*$ ]] || { echo "lead-baseline.sh: --words: not a positive number: $words" >&2; exit 2; }

# pick the document: sort by the name with its leading letters (source) removed
doc=$(cd "$dir" && for f in *; do
        [ -f "$f" ] && [ "$f" != _DS_Store ] && printf '%s %s\n' "${f#"${f%%[0-9]*}"}" "$f"
      done | LC_ALL=C sort | { if [ "$latest" = 1 ]; then tail -n 1; else head -n 1; fi; } | cut -d' ' -f2)
[ -n "$doc" ] || { echo "lead-baseline.sh: no documents in $dir" >&2; exit 1; }

perl -e '
use strict; use warnings;
my ($file, $max) = @ARGV;
local $/; open(my $fh, "<", $file) or die "lead-baseline.sh: cannot open $file: $!\n";
my $all = <$fh>; close $fh;
my ($text) = $all =~ m{<TEXT>(.*?)</TEXT>}s;
$text = $all unless defined $text;
$text =~ s/\r//g;
# paragraphs: <P> blocks, blank lines, or lines starting with an indent
$text =~ s{</?P>}{\n\n}gi;
$text =~ s/<[^>]*>/ /g;
$text =~ s/&amp;/&/g; $text =~ s/&lt;/</g; $text =~ s/&gt;/>/g; $text =~ s/&quot;/"/g;
$text =~ s/&[A-Za-z0-9]+;/ /g;
$text =~ s/\n(?=[ \t])/\n\n/g;
my @sent;
my $abbr = qr/(?:Mr|Mrs|Ms|Dr|Prof|Sen|Rep|Gov|Gen|Col|Lt|Sgt|Capt|Cmdr|Adm|Maj|St|Jr|Sr|Rev|Inc|Corp|Co|Ltd|Bros|No|vs|etc|Jan|Feb|Mar|Apr|Aug|Sept?|Oct|Nov|Dec|Ariz|Calif|Colo|Conn|Fla|Ill|Ind|Kan|Mass|Mich|Minn|Miss|Mont|Neb|Nev|Okla|Ore|Penn?|Tenn|Tex|Va|Vt|Wash|Wis|Wyo)/;
for my $p (split /\n\s*\n/, $text) {
  $p =~ s/\s+/ /g; $p =~ s/^ //; $p =~ s/ $//;
  next unless length $p;
  my $cur = "";
  for my $w (split / /, $p) {
    $cur .= (length $cur ? " " : "") . $w;
    if ($w =~ /[.!?][\x27"\x60)\]]*$/ && $w !~ /^\(?$abbr\.$/ && $w !~ /^\(?[A-Z]\.$/
        && $w !~ /^[A-Za-z]\.[A-Za-z]\./) {
      push @sent, $cur; $cur = "";
    }
  }
  push @sent, $cur if length $cur;
}
# sentence boundaries need a following capital/quote/digit: rejoin otherwise
my @out;
for my $s (@sent) {
  if (@out && $s !~ /^[\x27"\x60(\[A-Z0-9]/) { $out[-1] .= " $s" } else { push @out, $s }
}
my $n = 0;
for my $s (@out) {
  my @w = split / /, $s;
  if ($n + @w >= $max) { print join(" ", @w[0 .. $max - $n - 1]), "\n"; last; }
  print "$s\n"; $n += @w;
}
' "$dir/$doc" "$words"
