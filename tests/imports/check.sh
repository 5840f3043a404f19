#!/bin/sh
# The library's promise "libc only, no heap, no locale, no I/O, never
# aborts" checked on the object code: every function librcvd.a calls from
# outside itself must be on the list below. malloc, free, strftime,
# localtime, setlocale, printf, abort, exit and the like fail the test.
# Names that start with an underscore (compiler and sanitizer runtime such
# as __stack_chk_fail or __asan_*) are not libc API calls and are allowed.
# usage: check.sh NM librcvd.a
set -u
nm=$1 lib=$2
# bcmp: clang turns memcmp calls whose result is only compared with 0 into it.
allowed=" bcmp gmtime_r localtime_r memchr memcmp memcpy memmove memset strlen time "
syms=$("$nm" -u "$lib" 2>&1) || { echo "FAIL: $nm -u $lib: $syms"; exit 1; }
defined=$("$nm" --defined-only "$lib" 2>/dev/null | awk 'NF==3 {print $3}' | sort -u)
bad=0 seen=0
for s in $(printf '%s\n' "$syms" | awk 'NF==2 && $1=="U" {print $2}' | sed 's/@.*//' | sort -u); do
	# calls between the library's own objects are defined inside it
	if printf '%s\n' "$defined" | grep -qx "$s"; then
		continue
	fi
	seen=$((seen + 1))
	case "$s" in _*) continue ;; esac
	case "$allowed" in
	*" $s "*) echo "ok: $s" ;;
	*) echo "FAIL: librcvd calls $s"; bad=$((bad + 1)) ;;
	esac
done
[ "$seen" -gt 0 ] || { echo "FAIL: no external calls found at all: is $lib the library?"; exit 1; }
[ "$bad" -eq 0 ]
