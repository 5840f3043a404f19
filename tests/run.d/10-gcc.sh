# gcc, warnings as errors, every ctest (the header's C++ checks with g++).
. "$(dirname "$0")/lib.sh"
need gcc g++ cmake
CC=gcc CXX=g++ build_and_test "$RCVD_BUILD_ROOT/gcc" -DCMAKE_BUILD_TYPE=RelWithDebInfo
