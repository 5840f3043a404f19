# gcc, warnings as errors, every ctest.
. "$(dirname "$0")/lib.sh"
need gcc cmake
CC=gcc build_and_test "$RCVD_BUILD_ROOT/gcc" -DCMAKE_BUILD_TYPE=RelWithDebInfo
