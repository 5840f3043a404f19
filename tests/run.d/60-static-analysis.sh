# Static analysis of all the project's C code: the library (src/*.c) and
# every example program (examples/*.c: the rcvd CLI, rcvd-server,
# rcvd-milter; examples/server/*.c). Each tool gates every file, with a
# short documented suppression list for proven false positives only:
#  - cppcheck --enable=warning,style,portability,performance
#    --error-exitcode=1 (tests/analysis/cppcheck.supp);
#  - clang-tidy with bugprone-*, cert-*, clang-analyzer-* over the
#    compile_commands.json of a clang configure, so each file is analysed
#    with its real include paths and defines (OpenSSL, libmilter)
#    (tests/analysis/clang-tidy.yaml);
#  - gcc -fanalyzer, warnings as errors, building the library and every
#    example program.
# rcvd-server needs OpenSSL and rcvd-milter libmilter (tests/run.d/e2e.pkgs):
# a file the configure does not build is a failure, never a silent skip.
. "$(dirname "$0")/lib.sh"
need cppcheck clang-tidy clang gcc cmake python3
top=$RCVD_TOP
cfg=$top/tests/analysis
gate=$(ls "$top"/src/*.c "$top"/examples/*.c "$top"/examples/server/*.c)
rc=0

dir=$RCVD_BUILD_ROOT/analysis
rm -rf "$dir"
CC=clang cmake -S "$top" -B "$dir" -DRCVD_BUILD_TESTS=OFF -DCMAKE_EXPORT_COMPILE_COMMANDS=ON \
	>"$dir.configure.log" 2>&1 || { cat "$dir.configure.log"; exit 1; }
# Every gated file must have a compile command (else rcvd-server or
# rcvd-milter was not configured: OpenSSL or libmilter is missing).
# shellcheck disable=SC2086
missing=$(python3 - "$dir/compile_commands.json" $gate <<'EOF'
import json, os, sys
have = {os.path.realpath(os.path.join(e["directory"], e["file"]))
        for e in json.load(open(sys.argv[1]))}
print("\n".join(f for f in sys.argv[2:] if os.path.realpath(f) not in have))
EOF
)
if [ -n "$missing" ]; then
	printf 'no compile command for:\n%s\n' "$missing"
	grep -e 'not found' "$dir.configure.log"
	echo "FAIL: configure (is libssl-dev or libmilter-dev missing?)"; exit 1
fi

# cppcheck is not given the system headers (OpenSSL's and libmilter's
# included): it would analyse them instead of our code.
echo "---- cppcheck $(cppcheck --version)"
# shellcheck disable=SC2086
cppcheck --enable=warning,style,portability,performance --error-exitcode=1 \
	--std=c99 --inline-suppr --quiet --suppressions-list="$cfg/cppcheck.supp" \
	-I "$top/include" -I "$top/src" -I "$top/examples" -I "$top/examples/server" \
	-D_POSIX_C_SOURCE=200809L -DRCVD_BUILDING -D__GNUC__=12 $gate ||
	{ echo "FAIL: cppcheck"; rc=1; }

# One file per clang-tidy process: clang-tidy 14's valist checker keeps
# state from the previous file of the same process and then reports every
# vsnprintf(..., ap) after va_start as "uninitialized va_list"
# (llvm/llvm-project#40656; examples/server/io.c shows it).
echo "---- clang-tidy ($(clang-tidy --version | grep -o 'version [0-9.]*'))"
# shellcheck disable=SC2086
out=$(printf '%s\n' $gate | xargs -P "$RCVD_JOBS" -n 1 clang-tidy -p "$dir" --quiet \
	--config-file="$cfg/clang-tidy.yaml" 2>&1 | grep -v -e '^[0-9]* warnings\? generated' \
	-e '^Suppressed [0-9]* warnings' -e '^Use -header-filter=' -e 'treated as errors')
if printf '%s\n' "$out" | grep -q -e 'warning:' -e 'error:'; then
	printf '%s\n' "$out"; echo "FAIL: clang-tidy"; rc=1
fi

echo "---- gcc -fanalyzer (library and every example program)"
fdir=$RCVD_BUILD_ROOT/fanalyzer
rm -rf "$fdir"
CC=gcc cmake -S "$top" -B "$fdir" -DRCVD_WERROR=ON -DRCVD_BUILD_TESTS=OFF \
	-DCMAKE_BUILD_TYPE=Release -DCMAKE_C_FLAGS=-fanalyzer >"$fdir.configure.log" 2>&1 ||
	{ cat "$fdir.configure.log"; exit 1; }
# -k: one failing file must not hide the findings in the others.
cmake --build "$fdir" -j "$RCVD_JOBS" --target rcvd_static rcvd_shared rcvd rcvd-server \
	rcvd-milter -- -k >"$fdir.build.log" 2>&1 ||
	{ grep -v '^\[' "$fdir.build.log"; echo "FAIL: gcc -fanalyzer"; rc=1; }

[ $rc = 0 ] && echo "static analysis: no findings in src/ or examples/ ($(echo "$gate" | wc -l) files)"
exit $rc
