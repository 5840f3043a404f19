# clang, warnings as errors, every ctest.
. "$(dirname "$0")/lib.sh"
need clang cmake
CC=clang build_and_test "$RCVD_BUILD_ROOT/clang" -DCMAKE_BUILD_TYPE=RelWithDebInfo
