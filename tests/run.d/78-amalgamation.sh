# The one-file drop-in: `cmake --build B --target amalgamate` writes
# B/amalgamation/rcvd.h and rcvd.c. Then, with nothing but the compiler,
#   cc -std=c99 -pedantic-errors -Wall -Wextra -Werror example.c rcvd.c
# must build tests/consumer/smoke.c (every main function, checked) and the
# program must pass; the same with clang, and rcvd.c alone under the
# project's full warning set. File-scope names that two src/*.c files
# both define collide in one translation unit: they are listed (from
# amalgamation/collisions.txt) and fail the stage. Prints the .text size
# of rcvd.c at -Os.
. "$(dirname "$0")/lib.sh"
need gcc clang cmake size nm
top=$RCVD_TOP
dir=$RCVD_BUILD_ROOT/amalgamation
rm -rf "$dir"
cmake -S "$top" -B "$dir" -DRCVD_BUILD_TESTS=OFF -DRCVD_BUILD_EXAMPLES=OFF \
	>"$dir.configure.log" 2>&1 || { cat "$dir.configure.log"; exit 1; }
cmake --build "$dir" --target amalgamate >"$dir.build.log" 2>&1 || { cat "$dir.build.log"; exit 1; }
a=$dir/amalgamation
rc=0
if [ -s "$a/collisions.txt" ]; then
	echo "FAIL: file-scope names defined in more than one src/*.c (name: files):"
	sed 's/^/  /' "$a/collisions.txt"
	rc=1
fi
grep -q '^struct sockaddr;' "$a/rcvd.h" && ! grep -q '#include <sys/socket.h>\|#include <netinet' "$a/rcvd.h" ||
	{ echo "FAIL: rcvd.h must only forward-declare struct sockaddr"; rc=1; }
work=$dir/work
mkdir -p "$work"
cp "$a/rcvd.h" "$a/rcvd.c" "$top/tests/consumer/smoke.c" "$work/"
cd "$work" || exit 1
for cc in cc clang; do
	echo "---- $cc -std=c99 -pedantic-errors -Wall -Wextra -Werror smoke.c rcvd.c"
	if $cc -std=c99 -pedantic-errors -Wall -Wextra -Werror smoke.c rcvd.c -o "smoke-$cc" 2>"$cc.log"; then
		"./smoke-$cc" || rc=1
	else
		head -n 40 "$cc.log"; rc=1
	fi
done
echo "---- rcvd.c under the project's warnings (gcc and clang)"
warn="-Wall -Wextra -Wpedantic -Wconversion -Wsign-conversion -Wshadow -Wstrict-prototypes
 -Wmissing-prototypes -Wcast-qual -Wpointer-arith -Wundef -Wwrite-strings -Wvla -Wformat=2"
for cc in gcc clang; do
	# shellcheck disable=SC2086
	$cc -std=c99 -pedantic-errors $warn -Werror -O2 -c rcvd.c -o "rcvd-$cc.o" || rc=1
done
if [ -e rcvd-gcc.o ]; then
	bad=$(nm -g --defined-only rcvd-gcc.o | awk '{print $3}' | grep -v '^rcvd_')
	[ -z "$bad" ] || { echo "FAIL: rcvd.c defines global names without rcvd_: $bad"; rc=1; }
fi
for cc in gcc clang; do
	if $cc -std=c99 -Os -c rcvd.c -o "rcvd-Os-$cc.o" 2>/dev/null; then
		echo "drop-in .text at -Os with $cc: $(size -A "rcvd-Os-$cc.o" | awk '$1 == ".text" {print $2}') bytes" \
			"(all sections: $(size "rcvd-Os-$cc.o" | awk 'NR == 2 {print $4}') bytes)"
	fi
done
echo "amalgamation: $(wc -l <rcvd.c) lines in rcvd.c, $(wc -l <rcvd.h) in rcvd.h"
exit $rc
