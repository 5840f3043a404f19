# The versions agree: a build (gcc, library, rcvd program, smoke program),
# then the 'versions' ctest (cmake/check_versions.cmake), which also runs
# in every other stage's ctest. Prints what it compared.
. "$(dirname "$0")/lib.sh"
need gcc cmake
dir=$RCVD_BUILD_ROOT/versions
rm -rf "$dir"
CC=gcc cmake -S "$RCVD_TOP" -B "$dir" -DRCVD_HEADER_CXX=OFF >"$dir.configure.log" 2>&1 ||
	{ cat "$dir.configure.log"; exit 1; }
cmake --build "$dir" -j "$RCVD_JOBS" --target rcvd_smoke rcvd >"$dir.build.log" 2>&1 ||
	{ cat "$dir.build.log"; exit 1; }
(cd "$dir" && ctest -R '^versions$' -V) | grep -e 'versions:' -e 'disagree' -e '^ ' -e 'tests passed'
(cd "$dir" && ctest -R '^versions$' --output-on-failure >/dev/null)
