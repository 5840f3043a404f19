# Strict standards: the whole tree as -std=c99 -pedantic-errors with gcc
# and clang (CMake's C_STANDARD 99 without extensions gives -std=c99; the
# stage checks that it did), its program tests run; and the public header
# compiled alone as C++11 and C++17 by g++ and clang++ with -pedantic-errors
# (the header_cxx* ctests of stages 10/20 also link and run it).
. "$(dirname "$0")/lib.sh"
need gcc g++ clang clang++ cmake python3
here=$(dirname "$0")
rc=0
for cc in gcc clang; do
	dir=$RCVD_BUILD_ROOT/c99-$cc
	rm -rf "$dir"
	echo "---- -std=c99 -pedantic-errors with $cc"
	CC=$cc cmake -S "$RCVD_TOP" -B "$dir" -DRCVD_WERROR=ON -DRCVD_HEADER_CXX=OFF \
		-DCMAKE_BUILD_TYPE=Release -DCMAKE_C_FLAGS="-pedantic-errors" \
		-DCMAKE_EXPORT_COMPILE_COMMANDS=ON >"$dir.configure.log" 2>&1 ||
		{ cat "$dir.configure.log"; rc=1; continue; }
	cmake --build "$dir" -j "$RCVD_JOBS" >"$dir.build.log" 2>&1 ||
		{ cat "$dir.build.log"; rc=1; continue; }
	if ! python3 - "$dir/compile_commands.json" <<'PY'
import json, sys
bad = [c["file"] for c in json.load(open(sys.argv[1]))
       if c["file"].endswith(".c") and
       not ("-std=c99" in c["command"] and "-pedantic-errors" in c["command"])]
if bad:
    print("compiled without -std=c99 -pedantic-errors:", *bad, sep="\n  ")
    sys.exit(1)
PY
	then rc=1; continue; fi
	(cd "$dir" && ctest --output-on-failure -j "$RCVD_JOBS" \
		-R "$(python3 "$here/ctest_programs.py" "$dir" programs)") || rc=1
done
for cxx in g++ clang++; do
	for std in c++11 c++17; do
		echo "---- include/rcvd.h as $std with $cxx"
		echo '#include "rcvd.h"
int main() { rcvd_info info; rcvd_info_init(&info); return info.rcpt_count == 1 ? 0 : 1; }' |
			$cxx -std=$std -pedantic-errors -Wall -Wextra -Werror -Wold-style-cast \
				-I "$RCVD_TOP/include" -x c++ -fsyntax-only - || rc=1
	done
done
exit $rc
