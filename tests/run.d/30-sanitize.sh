# AddressSanitizer + UndefinedBehaviorSanitizer over the whole suite, with
# clang and with gcc; any report fails (no recovery, leaks included).
# Built programs that the script tests start (rcvd, rcvd-server, ...) are
# instrumented too and inherit these options through the environment.
. "$(dirname "$0")/lib.sh"
need clang clang++ gcc g++ cmake
export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1:strict_string_checks=1:detect_stack_use_after_return=1
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
san="-fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer"
rc=0
for cc in clang gcc; do
	case $cc in clang) cxx=clang++ ;; gcc) cxx=g++ ;; esac
	echo "---- ASan+UBSan with $cc"
	CC=$cc CXX=$cxx build_and_test "$RCVD_BUILD_ROOT/asan-$cc" -DCMAKE_BUILD_TYPE=Debug \
		-DCMAKE_C_FLAGS="$san" -DCMAKE_CXX_FLAGS="$san" \
		-DCMAKE_EXE_LINKER_FLAGS="$san" -DCMAKE_SHARED_LINKER_FLAGS="$san" || rc=1
done
exit $rc
