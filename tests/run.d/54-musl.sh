# Static musl build (musl-gcc from musl-tools). musl-gcc cannot use
# Debian's -dev libraries (it does not search /usr/include), so there is no
# cmocka here: the library is built by CMake (static only, no tests, no
# examples), then the programs that need nothing but libc are linked
# against it statically and run:
#  - tests/consumer/smoke.c (every main function, checked);
#  - the rcvd CLI (examples/rcvd.c + cmd_*.c): keyword, date, compose,
#    then parse and validate of what compose wrote;
#  - every fuzz replay program over its committed corpus
#    (tests/fuzz/build-replay.sh).
# Not built here: the cmocka unit tests (need cmocka), rcvd-server and
# rcvd-milter (need OpenSSL / libmilter).
. "$(dirname "$0")/lib.sh"
need musl-gcc cmake readelf
dir=$RCVD_BUILD_ROOT/musl
rm -rf "$dir"
CC=musl-gcc cmake -S "$RCVD_TOP" -B "$dir" -DRCVD_WERROR=ON -DCMAKE_BUILD_TYPE=Release \
	-DRCVD_BUILD_SHARED=OFF -DRCVD_BUILD_STATIC=ON -DRCVD_BUILD_TESTS=OFF \
	-DRCVD_BUILD_EXAMPLES=OFF >"$dir.configure.log" 2>&1 || { cat "$dir.configure.log"; exit 1; }
cmake --build "$dir" -j "$RCVD_JOBS" >"$dir.build.log" 2>&1 || { cat "$dir.build.log"; exit 1; }
set -e
cc="musl-gcc -static -std=c99 -D_POSIX_C_SOURCE=200809L -Wall -Wextra -Werror -I$RCVD_TOP/include"
$cc "$RCVD_TOP/tests/consumer/smoke.c" "$dir/librcvd.a" -o "$dir/smoke"
if readelf -l "$dir/smoke" | grep -q INTERP; then echo "FAIL: smoke is not static"; exit 1; fi
"$dir/smoke"
$cc "$RCVD_TOP"/examples/rcvd.c "$RCVD_TOP"/examples/cmd_*.c "$dir/librcvd.a" -o "$dir/rcvd"
kw=$("$dir/rcvd" keyword --greeting lhlo --tls --auth --utf8)
[ "$kw" = UTF8LMTPSA ] || { echo "FAIL: rcvd keyword gave '$kw'"; exit 1; }
d=$("$dir/rcvd" date --time 0 --zone +0000)
[ "$d" = "Thu, 01 Jan 1970 00:00:00 +0000" ] || { echo "FAIL: rcvd date gave '$d'"; exit 1; }
"$dir/rcvd" compose --by mx.example.net --helo client.example --addr 2001:db8::7 \
	--tls --id 4Qx7Lm2Zk --for alice@example.net --time 1795237238 --zone +0100 >"$dir/field.txt"
cat "$dir/field.txt"
"$dir/rcvd" validate "$dir/field.txt"
"$dir/rcvd" parse --json "$dir/field.txt" | grep -q '"by_name": *"mx.example.net"' ||
	{ echo "FAIL: rcvd parse --json did not read the BY name back"; exit 1; }
echo "musl rcvd CLI: ok"
CC="musl-gcc -static" CFLAGS="-Wall -Wextra -Werror" sh "$RCVD_TOP/tests/fuzz/build-replay.sh" "$dir/fuzz" --run
