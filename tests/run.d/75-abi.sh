# ABI check: librcvd.so (gcc -O2 -g, see tests/abi/update.sh) against the
# committed abidw baseline tests/abi/rcvd.abi. Any abidiff finding (exit
# status other than 0: 4 = ABI change, 8/12 = incompatible) fails, unless
# the SONAME moved with it (a new SOVERSION may break the ABI; regenerate
# the baseline then).
. "$(dirname "$0")/lib.sh"
need abidw abidiff gcc cmake
top=$RCVD_TOP
base=$top/tests/abi/rcvd.abi
cur=$RCVD_BUILD_ROOT/abi-current.abi
[ -s "$base" ] || { echo "FAIL: no baseline $base: run tests/abi/update.sh"; exit 1; }
mkdir -p "$RCVD_BUILD_ROOT"
sh "$top/tests/abi/update.sh" "$cur" || exit 1
soname() { sed -n "s/.*<abi-corpus [^>]*soname='\([^']*\)'.*/\1/p" "$1" | head -n 1; }
old=$(soname "$base") new=$(soname "$cur")
echo "baseline: $old, this build: $new"
abidiff --no-added-syms "$base" "$cur" >"$cur.diff" 2>&1
rc=$?
abidiff "$base" "$cur" >"$cur.full" 2>&1
full=$?
if [ $rc -eq 0 ] && [ $full -eq 0 ]; then
	echo "abidiff: no ABI change against the baseline"; exit 0
fi
cat "$cur.full"
if [ "$old" != "$new" ]; then
	echo "abidiff exit $full, but the SONAME moved ($old -> $new): allowed."
	echo "Regenerate the baseline: tests/abi/update.sh"
	exit 0
fi
if [ $rc -eq 0 ]; then
	echo "FAIL: abidiff exit $full: only additions, but the baseline must record them: tests/abi/update.sh"
else
	echo "FAIL: abidiff exit $rc: the ABI changed and the SOVERSION did not"
fi
exit 1
