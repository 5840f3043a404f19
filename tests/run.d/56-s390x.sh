# Big-endian s390x: Debian's cross gcc, libcmocka-dev:s390x (multiarch), and
# qemu-s390x as CMAKE_CROSSCOMPILING_EMULATOR (cmake/toolchain-s390x.cmake).
# The test programs and cmake checks run; script tests are listed as
# excluded (see lib-cross.sh).
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib-cross.sh"
need s390x-linux-gnu-gcc qemu-s390x cmake python3
if [ ! -e /usr/lib/s390x-linux-gnu/pkgconfig/cmocka.pc ]; then
	echo "FAIL: libcmocka-dev:s390x is not installed (see multiarch.setup)"; exit 1
fi
cross_build_and_test "$RCVD_BUILD_ROOT/s390x" \
	--toolchain "$RCVD_TOP/cmake/toolchain-s390x.cmake"
