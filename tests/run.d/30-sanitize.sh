# clang with AddressSanitizer and UndefinedBehaviorSanitizer; any report fails.
. "$(dirname "$0")/lib.sh"
need clang cmake
export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
san="-fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer"
CC=clang build_and_test "$RCVD_BUILD_ROOT/asan-clang" -DCMAKE_BUILD_TYPE=Debug \
	-DCMAKE_C_FLAGS="$san" -DCMAKE_EXE_LINKER_FLAGS="$san" -DCMAKE_SHARED_LINKER_FLAGS="$san"
