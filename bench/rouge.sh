#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# bench/rouge.sh — score many summarization systems at once with the original
# ROUGE-1.5.5 Perl script and print ROUGE-1 / ROUGE-2 recall with 95% CIs.
#
# Input layout (DUC style, one file per topic and system):
#   --refs  DIR   reference summaries  <TOPIC>.<REF_ID>    e.g. D0601.M.250.A.A
#   --peers DIR   system summaries     <TOPIC>.<SYSTEM_ID> e.g. D0601.M.250.A.mds
# Plain text, one sentence per line.  TOPIC is everything before the last dot.
# Every file is converted into ROUGE's SEE html format in a temp dir, one
#   <a name="i">[i]</a> <a href="#i" id=i>sentence</a>
# line per sentence (the form ROUGE-1.5.5's SEE reader matches), a ROUGE XML
# config is written for all systems, and ROUGE is run ONCE, so every figure
# comes from the same run with the same settings:
#   ROUGE-1.5.5.pl -e DATA -n 2 -m -l N -c 95 -r 1000 -f A -p 0.5 -t 0 -a CONFIG
# (-l 0 drops -l; ROUGE's -l truncates peers AND references to N words.)
#
# Reference sets.
#   default      every peer summary is scored against ALL references of its
#                topic (-f A: ROUGE pools the n-gram matches over the references).
#                A peer whose id is also a reference id of that topic (a human
#                summary that is itself a reference, like DUC's lettered peers)
#                is scored against the other references only — never against
#                itself.
#   --jackknife  what NIST did for DUC 2005-2007 (NISTeval/ROUGE/rougejk.in):
#                for a topic with k references, k evaluations each leaving one
#                reference out; systems are scored in all k, a human only in the
#                one that leaves out his/her own summary; ROUGE averages over all
#                those evaluations.  Use this to reproduce NIST's official tables.
#
# Bootstrap CIs: ROUGE-1.5.5 seeds its resampler with the sample index, so CIs
# are reproducible run to run for the same inputs.
#
# WordNet exceptions: ROUGE -m looks words up in data/WordNet-2.0.exc.db (a
# DB_File).  The db shipped with RELEASE-1.5.5 is Berkeley DB 1.85, which
# today's DB_File cannot open; then this script builds an equivalent db in its
# temp dir from data/WordNet-2.0-Exceptions/*.exc the way buildExeptionDB.pl
# does (later entries win; files taken in sorted order so the result does not
# depend on readdir order — that matters only for "best"/"better", in both
# adj.exc and adv.exc) and passes that dir with -e.  The ROUGE dir is never
# modified.  The exact match with NIST below shows the rebuilt db is equivalent.
#
# Verification against NIST (2026-11-22, DUC 2006: 35 systems + 10 humans from
# NISTeval/ROUGE/peers, references NISTeval/ROUGE/models, ROUGE-1.5.5, WordNet
# db rebuilt as above).  NIST's official figures: rouge2.jk.m.avg (ROUGE-2) and
# rougejk.m.out (all measures), jackknifed, run with -n 4 -m -2 4 -u -c 95
# -r 1000 -f A -p 0.5 -t 0 (no -l).  Recall, NIST vs this script:
#                NIST jackknife         --jackknife --length 0   default, -l 250
#   peer         R-1      R-2           R-1      R-2             R-1      R-2
#   1 (baseline) 0.30217  0.04947       0.30217  0.04947         0.30188  0.04926
#   24 (best)    0.40980  0.09505       0.40980  0.09505         0.41004  0.09508
#   12           0.40488  0.08987       0.40488  0.08987         0.40506  0.08987
#   11 (worst)   0.22340  0.02834       0.22340  0.02834         0.22336  0.02841
#   A (human)    0.45816  0.10361       0.45816  0.10361         0.45816  0.10361
# * --jackknife: all 45 peers' ROUGE-1 and ROUGE-2 Average_R lines, 95% CIs
#   included, are byte-identical to NIST's rougejk.m.out.
# * default (all 4 references, -l 250): the 10 humans are identical to NIST (a
#   human against the 3 other references is what the jackknife does for them);
#   the 35 systems are within 0.00027 (ROUGE-2) and 0.00044 (ROUGE-1) of NIST.
#   CIs are wider than NIST's (peer 1 R-2: [0.04159-0.05759] vs [0.04560-
#   0.05375]): the bootstrap resamples 50 topic-level scores instead of 200
#   jackknife evaluations, 4 per topic and strongly correlated.
# Run time on a 2-core machine (two runs in parallel): default mode ~6 min for
# 45 systems x 50 topics, --jackknife ~17 min (4x the evaluations).
set -euo pipefail

usage() {
  cat <<'EOF'
usage: bench/rouge.sh --refs DIR --peers DIR [--rouge DIR] [--length N]
                      [--jackknife] [--tsv] [--raw FILE] [--keep-tmp]

  --rouge DIR   ROUGE RELEASE-1.5.5 dir (has ROUGE-1.5.5.pl and data/);
                required, or set $ROUGE_HOME
  --refs DIR    reference summaries, files <TOPIC>.<REF_ID>
  --peers DIR   system summaries, files <TOPIC>.<SYSTEM_ID> (plain text, one
                sentence a line); all systems are scored in one ROUGE run
  --length N    ROUGE -l N: truncate peers and references to N words
                (default 250; 0 = no truncation)
  --jackknife   NIST-style jackknifing over references (default: all references,
                a human peer's own reference excluded)
  --tsv         print tab-separated: system topics r1 r1_lo r1_hi r2 r2_lo r2_hi
  --raw FILE    also save ROUGE's raw output to FILE
  --keep-tmp    keep the temp dir (SEE files, config) and print its path
  -h, --help    this help

ROUGE flags: -e DATA -n 2 -m -l N -c 95 -r 1000 -f A -p 0.5 -t 0 -a
Output: one line per system, sorted by ROUGE-2 recall, with 95% bootstrap CIs.
EOF
}

die() { echo "rouge.sh: $*" >&2; exit 1; }

rouge_dir="${ROUGE_HOME:-}"
refs="" peers="" length=250 jackknife=0 tsv=0 raw="" keep=0
while [ $# -gt 0 ]; do
  case "$1" in
    --rouge) rouge_dir="${2:?}"; shift 2 ;;
    --refs) refs="${2:?}"; shift 2 ;;
    --peers) peers="${2:?}"; shift 2 ;;
    --length) length="${2:?}"; shift 2 ;;
    --jackknife) jackknife=1; shift ;;
    --tsv) tsv=1; shift ;;
    --raw) raw="${2:?}"; shift 2 ;;
    --keep-tmp) keep=1; shift ;;
    -h|--help) usage; exit 0 ;;
    *) usage >&2; die "unknown argument: $1" ;;
  esac
done

[ -n "$rouge_dir" ] || die "no ROUGE dir: give --rouge DIR or set ROUGE_HOME"
[ -f "$rouge_dir/ROUGE-1.5.5.pl" ] || die "$rouge_dir/ROUGE-1.5.5.pl not found"
[ -d "$refs" ] || die "--refs: not a directory: ${refs:-(none)}"
[ -d "$peers" ] || die "--peers: not a directory: ${peers:-(none)}"
[[ "$length" =~ ^[0-9]+$ ]] || die "--length: not a number: $length"
perl -MXML::DOM -MDB_File -e1 2>/dev/null ||
  die "perl modules XML::DOM and DB_File needed (Debian: libxml-dom-perl)"

rouge_dir=$(cd "$rouge_dir" && pwd)
refs=$(cd "$refs" && pwd)
peers=$(cd "$peers" && pwd)

tmp=$(mktemp -d "${TMPDIR:-/tmp}/mds-rouge.XXXXXX")
if [ "$keep" = 1 ]; then
  echo "rouge.sh: temp dir kept: $tmp" >&2
else
  trap 'rm -rf "$tmp"' EXIT
fi

# --- ROUGE data dir (stopword list + WordNet exception db) -------------------
data="$rouge_dir/data"
if ! perl -MDB_File -MFcntl -e \
    'tie my %h, "DB_File", $ARGV[0], O_RDONLY, 0444, $DB_HASH or exit 1' \
    "$data/WordNet-2.0.exc.db" 2>/dev/null; then
  exc="$data/WordNet-2.0-Exceptions"
  [ -d "$exc" ] || die "cannot open $data/WordNet-2.0.exc.db and no $exc to rebuild it from"
  mkdir -p "$tmp/data"
  cp "$data/smart_common_words.txt" "$tmp/data/"
  perl -MDB_File -MFcntl -e '
    my $out = shift;
    tie my %db, "DB_File", $out, O_CREAT|O_RDWR, 0644, $DB_HASH or die "cannot create $out: $!\n";
    for my $f (sort @ARGV) {
      open(my $in, "<", $f) or die "cannot open $f: $!\n";
      while (my $line = <$in>) { chomp $line; my @t = split /\s+/, $line; $db{$t[0]} = $t[1]; }
      close $in;
    }
    untie %db;' "$tmp/data/WordNet-2.0.exc.db" "$exc"/*.exc
  data="$tmp/data"
fi

# --- SEE files + ROUGE config -------------------------------------------------
mkdir -p "$tmp/see/peers" "$tmp/see/models"
perl -e '
use strict; use warnings;
my ($refs, $peers, $see, $conf, $jk) = @ARGV;

# one SEE html file per summary; returns the number of sentences
sub see {
  my ($in, $out, $name) = @_;
  open(my $fh, "<", $in) or die "cannot open $in: $!\n";
  my @s;
  while (my $l = <$fh>) {
    $l =~ s/\r//g; $l =~ s/[<>]/ /g;      # ROUGE SEE reader stops at "<"
    $l =~ s/^\s+//; $l =~ s/\s+$//; $l =~ s/\s+/ /g;
    push @s, $l if length $l;
  }
  close $fh;
  open(my $o, ">", $out) or die "cannot write $out: $!\n";
  print $o "<html>\n<head><title>$name</title></head>\n<body bgcolor=\"white\">\n";
  my $i = 0;
  for (@s) { $i++; print $o "<a name=\"$i\">[$i]</a> <a href=\"#$i\" id=$i>$_</a>\n"; }
  print $o "</body>\n</html>\n";
  close $o;
  return scalar @s;
}

sub ls { my $d = shift; opendir(my $dh, $d) or die "cannot list $d\n";
  my @f = grep { !/^\./ && /^(.+)\.([A-Za-z0-9_-]+)$/ && -f "$d/$_" } readdir $dh;
  closedir $dh; return sort @f; }

my (%ref, %peer);                      # topic -> id -> file name
for (ls($refs)) { /^(.+)\.([^.]+)$/; $ref{$1}{$2} = $_; }
for (ls($peers)) { /^(.+)\.([^.]+)$/; $peer{$1}{$2} = $_; }
die "no reference summaries (TOPIC.ID files) in $refs\n" unless %ref;

for my $t (sort keys %ref) {
  for my $r (sort keys %{$ref{$t}}) {
    see("$refs/$ref{$t}{$r}", "$see/models/$ref{$t}{$r}.html", $ref{$t}{$r}) > 0
      or warn "rouge.sh: warning: empty reference $ref{$t}{$r}\n";
  }
}
my (%ntopics, @skipped);
open(my $c, ">", $conf) or die;
print $c "<ROUGE_EVAL version=\"1.5.5\">\n";
sub ev {
  my ($id, $ps, $ms) = @_;   # eval id, [peer file], [model file]
  return unless @$ps && @$ms;
  print $c "<EVAL ID=\"$id\">\n<PEER-ROOT>\n$see/peers\n</PEER-ROOT>\n",
           "<MODEL-ROOT>\n$see/models\n</MODEL-ROOT>\n",
           "<INPUT-FORMAT TYPE=\"SEE\">\n</INPUT-FORMAT>\n<PEERS>\n";
  for (@$ps) { /\.([^.]+)\.html$/; print $c "<P ID=\"$1\">$_</P>\n"; }
  print $c "</PEERS>\n<MODELS>\n";
  for (@$ms) { /\.([^.]+)\.html$/; print $c "<M ID=\"$1\">$_</M>\n"; }
  print $c "</MODELS>\n</EVAL>\n";
}
for my $t (sort keys %peer) {
  unless ($ref{$t}) { push @skipped, $_ for values %{$peer{$t}}; next; }
  my @r = sort keys %{$ref{$t}};
  my (@sys, @hum);
  for my $p (sort keys %{$peer{$t}}) {
    if (see("$peers/$peer{$t}{$p}", "$see/peers/$peer{$t}{$p}.html", $peer{$t}{$p}) == 0) {
      warn "rouge.sh: warning: empty summary $peer{$t}{$p} (scored as 0)\n";
    }
    if (exists $ref{$t}{$p}) { push @hum, $p } else { push @sys, $p }
    $ntopics{$p}++;
  }
  my $pf = sub { map { "$peer{$t}{$_}.html" } @_ };
  my $mf = sub { map { "$ref{$t}{$_}.html" } @_ };
  if ($jk && @r > 1) {
    for my $left (@r) {
      ev("$t-$left", [$pf->(@sys, (grep { $_ eq $left } @hum))],
         [$mf->(grep { $_ ne $left } @r)]);
    }
  } else {
    ev($t, [$pf->(@sys)], [$mf->(@r)]);
    for my $h (@hum) {
      my @o = grep { $_ ne $h } @r;
      if (@o) { ev("$t-$h", [$pf->($h)], [$mf->(@o)]); }
      else { warn "rouge.sh: warning: $h is the only reference of $t; not scored there\n"; $ntopics{$h}--; }
    }
  }
}
print $c "</ROUGE_EVAL>\n";
close $c;
warn "rouge.sh: warning: no references for ".scalar(@skipped)." peer files (e.g. $skipped[0]); skipped\n" if @skipped;
open(my $n, ">", "$see/ntopics") or die;
print $n "$_\t$ntopics{$_}\n" for sort keys %ntopics;
close $n;
' "$refs" "$peers" "$tmp/see" "$tmp/config.xml" "$jackknife"

[ -s "$tmp/see/ntopics" ] || die "no peer summaries matching the references' topics in $peers"
ntopics_all=$(ls "$refs" | grep -v '^\.' | sed 's/\.[^.]*$//' | sort -u | wc -l)

lflag=()
[ "$length" -gt 0 ] && lflag=(-l "$length")
flags=(-e "$data" -n 2 -m "${lflag[@]}" -c 95 -r 1000 -f A -p 0.5 -t 0 -a)
echo "rouge.sh: perl ROUGE-1.5.5.pl ${flags[*]} config.xml ($(wc -l <"$tmp/see/ntopics") systems, $ntopics_all topics$([ "$jackknife" = 1 ] && echo ', jackknife'))" >&2
# ROUGE warns on stderr for every (peer, evaluation) pair that does not exist
# (each human peer is in only some evaluations): expected, filtered out.
rc=0
(cd "$rouge_dir" && perl ./ROUGE-1.5.5.pl "${flags[@]}" "$tmp/config.xml") \
  >"$tmp/rouge.out" 2>"$tmp/rouge.err" || rc=$?
grep -v '^\*ROUGE Warning: test instance for peer .* does not exist for evaluation' "$tmp/rouge.err" >&2 || true
[ "$rc" = 0 ] || { tail -n 20 "$tmp/rouge.out" >&2; die "ROUGE failed (exit $rc)"; }
[ -n "$raw" ] && cp "$tmp/rouge.out" "$raw"

# --- table --------------------------------------------------------------------
awk -v tsv="$tsv" -v ntop="$ntopics_all" -v len="$length" -v jk="$jackknife" '
  FNR == NR { nt[$1] = $2; next }
  $2 ~ /^ROUGE-[12]$/ && $3 == "Average_R:" {
    n = substr($2, 7); lo = $6; hi = $8; sub(/\)$/, "", hi)
    s[$1] = 1; v[$1, n] = $4; l[$1, n] = lo; h[$1, n] = hi
  }
  END {
    m = 0; for (x in s) ids[++m] = x
    for (i = 2; i <= m; i++) {           # insertion sort: ROUGE-2 desc, then id
      k = ids[i]
      for (j = i - 1; j >= 1 && (v[ids[j], 2] < v[k, 2] || (v[ids[j], 2] == v[k, 2] && ids[j] > k)); j--)
        ids[j + 1] = ids[j]
      ids[j + 1] = k
    }
    if (tsv) {
      print "system\ttopics\tr1\tr1_lo\tr1_hi\tr2\tr2_lo\tr2_hi"
      for (i = 1; i <= m; i++) { x = ids[i]
        printf "%s\t%d\t%s\t%s\t%s\t%s\t%s\t%s\n", x, nt[x], v[x,1], l[x,1], h[x,1], v[x,2], l[x,2], h[x,2] }
      exit
    }
    printf "# ROUGE-1.5.5 recall, -l %s, %s, 95%% bootstrap CI (-r 1000)\n", len,
           jk ? "jackknifed over references (NIST style)" : "all references (own summary excluded for human peers)"
    printf "%-10s %6s  %-27s  %-27s\n", "system", "topics", "ROUGE-1 R  [95% CI]", "ROUGE-2 R  [95% CI]"
    for (i = 1; i <= m; i++) { x = ids[i]
      printf "%-10s %6s  %s [%s-%s]  %s [%s-%s]\n", x, nt[x] "/" ntop, v[x,1], l[x,1], h[x,1], v[x,2], l[x,2], h[x,2] }
  }' "$tmp/see/ntopics" "$tmp/rouge.out"
