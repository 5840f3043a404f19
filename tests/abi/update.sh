#!/bin/sh
# tests/abi/update.sh [OUT]: the ABI of librcvd.so as an abidw dump.
#
# Without OUT it rewrites the committed baseline tests/abi/rcvd.abi. Do
# that only when the public ABI changes on purpose, and move the SOVERSION
# (RCVD_SOVERSION in CMakeLists.txt, and the version node in
# cmake/rcvd.map) with any incompatible change; tests/run.d/75-abi.sh
# compares every build against the baseline with abidiff.
#
# The dump: gcc, -O2 -g (abidw reads DWARF), shared library only, public
# types only (--headers-dir include --drop-private-types), no paths, so
# that it does not depend on the machine that made it.
set -eu
top=$(cd "$(dirname "$0")/../.." && pwd)
out=${1:-$top/tests/abi/rcvd.abi}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
CC=gcc cmake -S "$top" -B "$work" -DCMAKE_BUILD_TYPE=RelWithDebInfo \
	-DRCVD_BUILD_SHARED=ON -DRCVD_BUILD_STATIC=OFF -DRCVD_BUILD_TESTS=OFF \
	-DRCVD_BUILD_EXAMPLES=OFF >"$work/configure.log" 2>&1 || { cat "$work/configure.log"; exit 1; }
cmake --build "$work" --target rcvd_shared >"$work/build.log" 2>&1 || { cat "$work/build.log"; exit 1; }
so=$(ls "$work"/librcvd.so.*.*.* | head -n 1)
abidw --headers-dir "$top/include" --drop-private-types --no-corpus-path \
	--no-comp-dir-path --short-locs --out-file "$out" "$so"
echo "wrote $out from $(basename "$so") ($(sed -n "s/.*soname='\([^']*\)'.*/\1/p" "$out" | head -n 1))"
