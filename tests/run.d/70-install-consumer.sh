# cmake --install into a fresh prefix, check what was installed, then build
# and run tests/consumer/smoke.c against it with find_package(rcvd)
# (rcvd::rcvd, rcvd::shared, rcvd::static) and with pkg-config (shared and
# -static). A second, static-only install checks that rcvd::rcvd then
# names the static library and that the package still works.
. "$(dirname "$0")/lib.sh"
need gcc cmake pkg-config make
top=$RCVD_TOP
root=$RCVD_BUILD_ROOT/install
rm -rf "$root"
mkdir -p "$root"
set -e

build_install() { # NAME [cmake args...]
	local name=$1; shift
	CC=gcc cmake -S "$top" -B "$root/$name-build" -DRCVD_BUILD_TESTS=OFF \
		-DCMAKE_BUILD_TYPE=Release -DCMAKE_INSTALL_PREFIX="$root/$name" "$@" \
		>"$root/$name.configure.log" 2>&1 || { cat "$root/$name.configure.log"; return 1; }
	cmake --build "$root/$name-build" -j "$RCVD_JOBS" >"$root/$name.build.log" 2>&1 ||
		{ cat "$root/$name.build.log"; return 1; }
	cmake --install "$root/$name-build" >"$root/$name.install.log" 2>&1 ||
		{ cat "$root/$name.install.log"; return 1; }
}

consume_cmake() { # NAME TARGETS...
	local name=$1; shift
	cmake -S "$top/tests/consumer" -B "$root/$name-consumer" -DCMAKE_PREFIX_PATH="$root/$name" \
		>"$root/$name-consumer.log" 2>&1 &&
		cmake --build "$root/$name-consumer" >>"$root/$name-consumer.log" 2>&1 ||
		{ cat "$root/$name-consumer.log"; return 1; }
	for t in "$@"; do
		echo "find_package(rcvd) -> $t: $("$root/$name-consumer/$t")"
	done
}

echo "---- default install (shared + static + rcvd program + man pages)"
build_install full
p=$root/full
lib=$(sed -n 's/^libdir=\${prefix}\///p' "$p"/lib*/pkgconfig/rcvd.pc)
for f in include/rcvd.h "$lib/librcvd.a" "$lib/librcvd.so" "$lib/librcvd.so.0" \
	"$lib/cmake/rcvd/rcvdConfig.cmake" "$lib/cmake/rcvd/rcvdConfigVersion.cmake" \
	"$lib/cmake/rcvd/rcvdTargets.cmake" "$lib/pkgconfig/rcvd.pc" bin/rcvd \
	share/man/man1/rcvd.1 share/man/man3/rcvd.3; do
	[ -e "$p/$f" ] || { echo "FAIL: not installed: $f"; exit 1; }
done
[ "$(readlink "$p/$lib/librcvd.so")" = librcvd.so.0 ] || { echo "FAIL: librcvd.so -> $(readlink "$p/$lib/librcvd.so")"; exit 1; }
soname=$(objdump -p "$p/$lib/librcvd.so" | awk '$1 == "SONAME" {print $2}')
[ "$soname" = librcvd.so.0 ] || { echo "FAIL: SONAME is '$soname'"; exit 1; }
echo "installed: $(cd "$p" && find . -type f -o -type l | sort | tr '\n' ' ')"
"$p/bin/rcvd" --version
consume_cmake full smoke_default smoke_shared smoke_static
# rcvd::rcvd is the shared library here: the program must need librcvd.so.0.
objdump -p "$root/full-consumer/smoke_default" | grep -q 'NEEDED *librcvd\.so\.0' ||
	{ echo "FAIL: rcvd::rcvd did not link librcvd.so"; exit 1; }
if objdump -p "$root/full-consumer/smoke_static" | grep -q 'NEEDED *librcvd'; then
	echo "FAIL: rcvd::static linked librcvd.so"; exit 1
fi
# A version the package does not promise must be refused (SameMajorVersion).
mkdir -p "$root/badver"
printf 'cmake_minimum_required(VERSION 3.16)\nproject(v LANGUAGES C)\nfind_package(rcvd 1.0 REQUIRED)\n' >"$root/badver/CMakeLists.txt"
if cmake -S "$root/badver" -B "$root/badver/b" -DCMAKE_PREFIX_PATH="$p" >/dev/null 2>&1; then
	echo "FAIL: find_package(rcvd 1.0) accepted version $(sed -n 's/^Version: //p' "$p/$lib/pkgconfig/rcvd.pc")"; exit 1
fi
echo "find_package(rcvd 1.0) refused, as SameMajorVersion says"

echo "---- pkg-config ($(pkg-config --modversion --with-path="$p/$lib/pkgconfig" rcvd 2>/dev/null || PKG_CONFIG_PATH="$p/$lib/pkgconfig" pkg-config --modversion rcvd))"
PKG_CONFIG_PATH="$p/$lib/pkgconfig" make -s -f "$top/tests/consumer/Makefile" O="$root" CC=gcc
echo "pkg-config shared: $(LD_LIBRARY_PATH="$p/$lib" "$root/smoke_pc")"
echo "pkg-config static: $("$root/smoke_pc_static")"

echo "---- static-only install: rcvd::rcvd is the static library"
build_install static -DRCVD_BUILD_SHARED=OFF
consume_cmake static smoke_default smoke_static
if objdump -p "$root/static-consumer/smoke_default" | grep -q 'NEEDED *librcvd'; then
	echo "FAIL: rcvd::rcvd linked a shared librcvd in a static-only install"; exit 1
fi
echo "install and consume: ok"
