#!/bin/sh
# build-replay.sh OUTDIR [--run]: builds every fuzz harness as a plain
# replay program (library sources compiled in, libc only) with $CC (default
# cc) and $CFLAGS, without CMake, and with --run replays each one's
# committed corpus. For toolchains that cannot use the CMake test build,
# e.g. CC="musl-gcc -static" (no cmocka there). Exit status: nonzero when a
# build or a replay fails.
set -eu
out=${1:?usage: build-replay.sh OUTDIR [--run]}
run=${2:-}
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
cc=${CC:-cc}
mkdir -p "$out"
for f in "$here"/fuzz_*.c; do
	h=$(basename "$f" .c)
	h=${h#fuzz_}
	[ "$h" = main ] && continue
	extra=
	case $h in compose | parse) extra=$top/tests/support/rfc5321_check.c ;; esac
	# shellcheck disable=SC2086
	$cc -std=c99 -D_POSIX_C_SOURCE=200809L -DRCVD_BUILDING ${CFLAGS:-} \
		-I"$top/include" -I"$top/src" -I"$here" -I"$top/tests/support" \
		"$top"/src/*.c "$f" "$here/fuzz_main.c" $extra -o "$out/fuzz_${h}_replay"
	if [ "$run" = --run ]; then
		"$out/fuzz_${h}_replay" "$here/corpus/$h" >"$out/fuzz_${h}.log" 2>&1 ||
			{ cat "$out/fuzz_${h}.log"; echo "FAIL: fuzz_$h replay"; exit 1; }
		echo "fuzz_$h: $(tail -n 1 "$out/fuzz_${h}.log")"
	fi
done
