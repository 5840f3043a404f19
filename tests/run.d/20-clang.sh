# clang, warnings as errors, every ctest (the header's C++ checks with clang++).
. "$(dirname "$0")/lib.sh"
need clang clang++ cmake
CC=clang CXX=clang++ build_and_test "$RCVD_BUILD_ROOT/clang" -DCMAKE_BUILD_TYPE=RelWithDebInfo
