#!/bin/sh
# Compiles and runs every C example in README.md: each ```c block that has a
# main(). When the block right after it is a ```output block, the program's
# standard output must equal it byte for byte.
# usage: check.sh README.md INCLUDE_DIR LIBRARY CC WORKDIR [FLAGS]
# FLAGS: the build's own compiler and linker flags (sanitizers, -m32, ...)
set -u
readme=$1 inc=$2 lib=$3 cc=$4 work=$5 flags=${6:-}
rm -rf "$work" && mkdir -p "$work" || exit 1
awk -v dir="$work" '
	/^```c$/      { n++; f = sprintf("%s/ex%02d.c", dir, n); mode = "c"; next }
	/^```output$/ { if (n) { f = sprintf("%s/ex%02d.out", dir, n); mode = "o"; next } }
	/^```/        { if (mode != "") { mode = ""; next } }
	mode != ""    { print > f }
' "$readme"
count=0 fail=0
for src in "$work"/ex*.c; do
	[ -e "$src" ] || continue
	grep -q 'int main' "$src" || continue
	count=$((count + 1))
	base=${src%.c}
	if ! $cc $flags -std=c99 -pedantic-errors -Wall -Wextra -Werror -I"$inc" -o "$base" "$src" "$lib"; then
		echo "FAIL: $(basename "$src") does not compile"; fail=$((fail + 1)); continue
	fi
	if ! "$base" >"$base.got"; then
		echo "FAIL: $(basename "$src") exited non-zero"; fail=$((fail + 1)); continue
	fi
	if [ -e "$base.out" ] && ! cmp -s "$base.out" "$base.got"; then
		echo "FAIL: $(basename "$src") printed something else:"
		diff "$base.out" "$base.got"; fail=$((fail + 1)); continue
	fi
	echo "ok: $(basename "$src")"
done
if [ "$count" -eq 0 ]; then echo "FAIL: no C example found in $readme"; exit 1; fi
echo "$count examples, $fail failed"
[ "$fail" -eq 0 ]
