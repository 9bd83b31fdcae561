#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# What `cmake --install` puts in a prefix works from there, with nothing of the build tree:
# the files of docs/packaging.md's layout (DESTDIR too), the program (its RUNPATH relative),
# tests/consumer built against the prefix by pkg-config, by find_package(mds) and statically
# (pkg-config --static), each summarizing the example as the installed summarize does, byte
# for byte; libmds.a linked whole into a shared object (it is position-independent);
# README.md's C snippet, built and run; the man page rendered by man(1), with every option of
# the program's tables in it; the bash completion, completing.
# Usage: tests/test_install.sh BUILD_DIR SOURCE_DIR [CC]
. "$(dirname "$0")/lib.sh" "$@"
build=$(cd "$1" && pwd) cc=${3:-cc}
P=$tmp/prefix
lib=lib # the default libdir of a prefix that is not /usr (GNUInstallDirs)
if ! cmake --install "$build" --prefix "$P" >"$tmp/install.log" 2>&1; then
  bad "cmake --install --prefix" "$(tail -5 "$tmp/install.log")"; finish; exit
fi
DESTDIR=$tmp/stage cmake --install "$build" --prefix /opt/mds >"$tmp/stage.log" 2>&1 &&
  [ -x "$tmp/stage/opt/mds/bin/summarize" ] && [ -f "$tmp/stage/opt/mds/$lib/pkgconfig/mds.pc" ] &&
  ok "DESTDIR: everything under DESTDIR/PREFIX" || bad "DESTDIR install" "$(tail -3 "$tmp/stage.log")"
missing=
for f in bin/summarize $lib/libmds.so $lib/libmds.so.0 $lib/libmds.a include/mds.h $lib/pkgconfig/mds.pc \
    $lib/cmake/mds/mdsConfig.cmake $lib/cmake/mds/mdsConfigVersion.cmake $lib/cmake/mds/mdsTargets.cmake \
    share/man/man1/summarize.1 share/bash-completion/completions/summarize share/doc/mds/LICENSE \
    share/doc/mds/README.md share/doc/mds/api.md share/doc/mds/examples/putin-north-korea; do
  [ -e "$P/$f" ] || missing="$missing $f"
done
[ -z "$missing" ] && ok "the install has the program, libraries, header, pkg-config and CMake files, man page, completion, docs" ||
  bad "installed files" "missing:$missing"
soname=$(readelf -d "$P/$lib/libmds.so" | sed -n 's/.*SONAME.*\[\(.*\)\]/\1/p')
[ "$soname" = libmds.so.0 ] && ok "soname libmds.so.0" || bad "soname" "$soname"

# The program: no path into the build tree; found its library beside it, from anywhere.
runpath=$(readelf -d "$P/bin/summarize" | sed -n 's/.*R\(UN\)\{0,1\}PATH.*\[\(.*\)\]/\2/p')
case $runpath in *"$build"*) bad "installed summarize's RUNPATH names the build tree" "$runpath" ;;
  *) ok "installed summarize's RUNPATH: ${runpath:-none}" ;; esac
ex_i=$P/share/doc/mds/examples/putin-north-korea
(cd / && env -i PATH=/usr/bin:/bin "$P/bin/summarize" "$ex_i" >"$tmp/cli.txt" 2>"$tmp/cli.err") &&
  [ "$(readlink -f "$(ldd "$P/bin/summarize" | sed -n 's/.*libmds.so.0 => \([^ ]*\).*/\1/p')")" = \
    "$(readlink -f "$P/$lib/libmds.so.0")" ] &&
  ok "installed summarize runs from / with a clean environment, on its own libmds.so.0" ||
  bad "installed summarize" "$(cat "$tmp/cli.err"; ldd "$P/bin/summarize" | grep mds)"
# JSON, less the timings of the run
nostats() { sed -E 's/"seconds_[a-z_]*": [0-9.e+-]*//g' "$1" >"$1.cut"; }
"$P/bin/summarize" --format json "$ex_i" >"$tmp/cli.json" 2>/dev/null
nostats "$tmp/cli.json"

# The consumer, three ways; each its summary of the example as the program's (JSON: all but
# the seconds the stages took).
consumer=$src/tests/consumer
check_consumer() { # NAME BINARY
  if "$2" "$ex_i" >"$tmp/c.txt" 2>"$tmp/c.err" && cmp -s "$tmp/c.txt" "$tmp/cli.txt" &&
     "$2" --json "$ex_i" >"$tmp/c.json" 2>/dev/null && nostats "$tmp/c.json" &&
     cmp -s "$tmp/c.json.cut" "$tmp/cli.json.cut"; then
    ok "$1: the example's summary, text and JSON, as summarize's"
  else
    bad "$1" "$(head -c 300 "$tmp/c.err"; diff "$tmp/c.txt" "$tmp/cli.txt" | head -5)"
  fi
}
export PKG_CONFIG_PATH=$P/$lib/pkgconfig
pcflags=$(pkg-config --cflags --libs mds) && libdir=$(pkg-config --variable=libdir mds) &&
  "$cc" -std=c11 -D_POSIX_C_SOURCE=200809L -Wall -Wextra -Werror -o "$tmp/c-pc" "$consumer/consumer.c" \
    $pcflags -Wl,-rpath,"$libdir" 2>"$tmp/cc.err" &&
  check_consumer "consumer by pkg-config (-lmds alone: $(pkg-config --libs mds))" "$tmp/c-pc" ||
  bad "consumer by pkg-config: build" "$(head -c 600 "$tmp/cc.err")"
[ "$(readelf -d "$tmp/c-pc" 2>/dev/null | grep -c NEEDED)" -le 2 ] && ok "the consumer needs libmds.so.0 and libc only" ||
  bad "the consumer's NEEDED" "$(readelf -d "$tmp/c-pc" | grep NEEDED)"
if cmake -S "$consumer" -B "$tmp/cb" -DCMAKE_PREFIX_PATH="$P" -DCMAKE_C_COMPILER="$cc" >"$tmp/cb.log" 2>&1 &&
   cmake --build "$tmp/cb" >>"$tmp/cb.log" 2>&1; then
  check_consumer "consumer by find_package(mds) and mds::mds" "$tmp/cb/mds-consumer"
else
  bad "consumer by find_package: build" "$(tail -8 "$tmp/cb.log")"
fi
static_libs=$(pkg-config --static --libs mds | sed "s|-lmds\b|$libdir/libmds.a|")
"$cc" -std=c11 -D_POSIX_C_SOURCE=200809L -o "$tmp/c-static" "$consumer/consumer.c" $(pkg-config --cflags mds) \
    $static_libs 2>"$tmp/cc.err" && check_consumer "consumer linked with libmds.a (pkg-config --static)" "$tmp/c-static" ||
  bad "consumer linked with libmds.a: build" "$(head -c 600 "$tmp/cc.err")"

# libmds.a is position-independent: the whole of it goes into a shared object (a plugin, an
# extension module), which non-PIC code cannot (R_X86_64_PC32 ... recompile with -fPIC).
"$cc" -shared -o "$tmp/plugin.so" -Wl,--whole-archive "$libdir/libmds.a" -Wl,--no-whole-archive \
    $(pkg-config --static --libs mds | sed 's/-lmds / /') 2>"$tmp/cc.err" &&
  ok "libmds.a is position-independent: linked whole into a shared object" ||
  bad "libmds.a into a shared object" "$(head -c 400 "$tmp/cc.err")"

# README.md's C snippet: the block after "<!-- tested: tests/test_install.sh -->", run in the
# source folder (its paths are the repository's).
awk '/<!-- tested: tests\/test_install.sh -->/ { on = 1; next } on && /^```c/ { c = 1; next }
     c && /^```/ { exit } c' "$src/README.md" >"$tmp/snippet.c"
if [ ! -s "$tmp/snippet.c" ]; then
  bad "README.md's C snippet" "no \`\`\`c block after <!-- tested: tests/test_install.sh -->"
elif "$cc" -std=c11 -Wall -Wextra -Werror -o "$tmp/snippet" "$tmp/snippet.c" $pcflags -Wl,-rpath,"$libdir" 2>"$tmp/cc.err" &&
     (cd "$src" && "$tmp/snippet" >"$tmp/snippet.out" 2>"$tmp/snippet.err") && [ -s "$tmp/snippet.out" ]; then
  ok "README.md's C snippet builds against the install and summarizes ($(wc -l <"$tmp/snippet.out") lines)"
else
  bad "README.md's C snippet" "$(head -c 600 "$tmp/cc.err" "$tmp/snippet.err" 2>/dev/null)"
fi

# The man page: rendered by man(1) without a complaint, every option of the program in it.
if command -v man >/dev/null; then
  if MANWIDTH=100 man -l "$P/share/man/man1/summarize.1" >"$tmp/man.txt" 2>"$tmp/man.err" && [ ! -s "$tmp/man.err" ]; then
    opts=$(for c in "" batch model eval extract; do "$P/bin/summarize" help --manual $c; done |
      grep '^| `' | cut -d'|' -f2 | grep -oE -- '--[a-z0-9-]+' | sort -u)
    lost=$(for o in $opts; do grep -qF -- "$o" "$tmp/man.txt" || echo "$o"; done | tr '\n' ' ')
    if [ -z "$lost" ] && grep -q '^NAME' "$tmp/man.txt" && grep -q '^EXIT STATUS' "$tmp/man.txt"; then
      ok "man -l renders summarize.1 ($(wc -l <"$tmp/man.txt") lines, all $(echo "$opts" | wc -l) options)"
    else
      bad "the man page" "options missing: $lost"
    fi
  else
    bad "man -l summarize.1" "$(head -c 300 "$tmp/man.err")"
  fi
else
  echo "SKIP the man page: man(1) is not installed (man-db: scripts/install-deps.sh --tests)"
fi

# The completion: what bash offers, as a user would get it.
comp=$P/share/bash-completion/completions/summarize
mkdir -p "$tmp/cw/bdir" && touch "$tmp/cw/bfile"
got=$(cd "$tmp/cw" && bash -c '
  . "$1"
  t() { COMP_WORDS=("$@"); COMP_CWORD=$((${#COMP_WORDS[@]} - 1)); COMPREPLY=(); _summarize; printf "%s\n" "${COMPREPLY[@]}" | LC_ALL=C sort | xargs; }
  t summarize --form; t summarize --format j; t summarize b; t summarize batch --input-format ""
  t summarize model ""; t summarize eval -f ""; t summarize --lang germ; t summarize help m' _ "$comp" 2>&1)
want='--format
json jsonl
batch bdir bfile
dir jsonl
build
A B
german
model'
[ "$got" = "$want" ] && ok "bash completion: commands, options, their values, files" ||
  bad "bash completion" "got: $(echo "$got" | tr '\n' '/') wanted: $(echo "$want" | tr '\n' '/')"
finish
