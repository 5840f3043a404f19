# Static analysis, each with a short documented suppression list:
#  - cppcheck --enable=warning,style,portability,performance
#    (tests/analysis/cppcheck.supp);
#  - clang-tidy with bugprone-*, cert-*, clang-analyzer-* over
#    compile_commands.json (tests/analysis/clang-tidy.yaml);
#  - gcc -fanalyzer over the library, warnings as errors.
# Gate: the library (src/*.c) for all three; the installed rcvd program
# (examples/rcvd.c, examples/cmd_*.c) for cppcheck and clang-tidy. Advisory
# (printed, not failed on): gcc -fanalyzer over the rcvd program (gcc 12's
# analyzer reports FILE leaks on "if (f != stdin) fclose(f)" paths), and
# cppcheck + clang-tidy over the other example programs (rcvd-server,
# rcvd-milter, examples/server/).
. "$(dirname "$0")/lib.sh"
need cppcheck clang-tidy clang gcc cmake
top=$RCVD_TOP
cfg=$top/tests/analysis
gate=$(ls "$top"/src/*.c "$top"/examples/rcvd.c "$top"/examples/cmd_*.c)
advisory=$(ls "$top"/examples/*.c "$top"/examples/server/*.c 2>/dev/null | grep -v -e '/examples/rcvd\.c$' -e '/examples/cmd_[^/]*\.c$')
rc=0

dir=$RCVD_BUILD_ROOT/analysis
rm -rf "$dir"
CC=clang cmake -S "$top" -B "$dir" -DRCVD_BUILD_TESTS=OFF -DCMAKE_EXPORT_COMPILE_COMMANDS=ON \
	>"$dir.configure.log" 2>&1 || { cat "$dir.configure.log"; exit 1; }

cppcheck_run() {
	cppcheck --enable=warning,style,portability,performance --error-exitcode=1 \
		--std=c99 --inline-suppr --quiet --suppressions-list="$cfg/cppcheck.supp" \
		-I "$top/include" -I "$top/src" -I "$top/examples" \
		-D_POSIX_C_SOURCE=200809L -DRCVD_BUILDING -D__GNUC__=12 "$@"
}
echo "---- cppcheck $(cppcheck --version)"
# shellcheck disable=SC2086
cppcheck_run $gate || { echo "FAIL: cppcheck"; rc=1; }

tidy_run() {
	printf '%s\n' "$@" | xargs -P "$RCVD_JOBS" -n 4 clang-tidy -p "$dir" --quiet \
		--config-file="$cfg/clang-tidy.yaml" 2>&1 | grep -v -e '^[0-9]* warnings\? generated' \
		-e '^Suppressed [0-9]* warnings' -e '^Use -header-filter=' -e 'treated as errors'
}
echo "---- clang-tidy ($(clang-tidy --version | grep -o 'version [0-9.]*'))"
# shellcheck disable=SC2086
out=$(tidy_run $gate)
if printf '%s\n' "$out" | grep -q -e 'warning:' -e 'error:'; then
	printf '%s\n' "$out"; echo "FAIL: clang-tidy"; rc=1
fi

echo "---- gcc -fanalyzer (library)"
fdir=$RCVD_BUILD_ROOT/fanalyzer
rm -rf "$fdir"
CC=gcc cmake -S "$top" -B "$fdir" -DRCVD_WERROR=ON -DRCVD_BUILD_TESTS=OFF \
	-DCMAKE_BUILD_TYPE=Release -DCMAKE_C_FLAGS=-fanalyzer >"$fdir.configure.log" 2>&1 ||
	{ cat "$fdir.configure.log"; exit 1; }
cmake --build "$fdir" -j "$RCVD_JOBS" --target rcvd_static rcvd_shared >"$fdir.build.log" 2>&1 ||
	{ grep -v '^\[' "$fdir.build.log"; echo "FAIL: gcc -fanalyzer"; rc=1; }

echo "---- advisory (not failed on): gcc -fanalyzer over the rcvd program"
cmake --build "$fdir" -j "$RCVD_JOBS" --target rcvd >"$fdir.cli.log" 2>&1 ||
	grep -e 'warning:' -e 'error:' "$fdir.cli.log" | sort -u | sed 's/^/  advisory: /'
echo "---- advisory (not failed on): cppcheck and clang-tidy over the other examples"
if [ -n "$advisory" ]; then
	# shellcheck disable=SC2086
	cppcheck_run $advisory 2>&1 | sed 's/^/  advisory: /'
	# shellcheck disable=SC2086
	tidy_run $advisory | grep -e 'warning:' -e 'error:' | sed 's/^/  advisory: /'
fi
[ $rc = 0 ] && echo "static analysis: no findings in the library or the rcvd program"
exit $rc
