# 32-bit x86 (-m32, gcc-12-multilib, libcmocka-dev:i386), twice: with
# glibc's 32-bit time_t and with 64-bit time_t (_TIME_BITS=64 needs
# _FILE_OFFSET_BITS=64). Each build's time_t size is checked, not assumed.
# Kernels without IA32 emulation (this project's CI VMs) cannot exec i386
# programs: the stage probes, and then runs them through qemu-i386.
# Both builds use 64-bit off_t: under qemu-user on a 64-bit host, readdir
# with a 32-bit off_t fails (EOVERFLOW on 64-bit directory offsets), which
# breaks the fuzz replayers' corpus walk; the library uses no off_t.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib-cross.sh"
need gcc cmake python3
probe=$RCVD_BUILD_ROOT/m32-probe
mkdir -p "$RCVD_BUILD_ROOT"
printf '#include <stdio.h>\n#include <time.h>\nint main(void){printf("%%u\\n",(unsigned)sizeof(time_t));return 0;}\n' >"$probe.c"
emu=
if ! gcc -m32 "$probe.c" -o "$probe" 2>"$probe.log"; then
	cat "$probe.log"
	echo "FAIL: gcc -m32 cannot link (gcc-12-multilib missing?)"; exit 1
fi
if ! "$probe" >/dev/null 2>&1; then
	need qemu-i386
	emu=qemu-i386
	echo "this kernel cannot run i386 programs: running them through qemu-i386"
fi
rc=0
for bits in 32 64; do
	flags="-D_FILE_OFFSET_BITS=64"
	[ $bits = 64 ] && flags="$flags -D_TIME_BITS=64"
	gcc -m32 $flags "$probe.c" -o "$probe" && got=$($emu "$probe")
	echo "---- -m32 $flags: sizeof(time_t) = $got"
	if [ "$got" != $((bits / 8)) ]; then
		echo "FAIL: expected a $bits-bit time_t"; rc=1; continue
	fi
	cross_build_and_test "$RCVD_BUILD_ROOT/m32-time$bits" \
		--toolchain "$RCVD_TOP/cmake/toolchain-i386.cmake" \
		-DRCVD_I386_CFLAGS="$flags" ${emu:+-DRCVD_I386_EMULATOR=$emu} || rc=1
done
exit $rc
