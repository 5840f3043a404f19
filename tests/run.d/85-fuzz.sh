# libFuzzer: every harness of tests/fuzz/ for RCVD_FUZZ_TIME seconds (30 by
# default) with a fixed -seed (RCVD_FUZZ_SEED, 1 by default), so that a
# finding reproduces: rerun the printed command line. Built with clang
# -fsanitize=fuzzer,address,undefined (the library too, for coverage); any
# crash, oracle failure, sanitizer report, leak, timeout or out-of-memory
# fails the stage. The committed corpus is copied, never written to.
. "$(dirname "$0")/lib.sh"
need clang cmake

fuzz_time=${RCVD_FUZZ_TIME:-30}
fuzz_seed=${RCVD_FUZZ_SEED:-1}
dir=$RCVD_BUILD_ROOT/fuzz
src=$RCVD_TOP/tests/fuzz

# libFuzzer ships apart from clang on Debian (libclang-rt-14-dev): probe it.
probe=$(mktemp -d)
printf '#include <stddef.h>\n#include <stdint.h>\nint LLVMFuzzerTestOneInput(const uint8_t *d, size_t n);\nint LLVMFuzzerTestOneInput(const uint8_t *d, size_t n) { (void)d; (void)n; return 0; }\n' >"$probe/p.c"
if ! clang -fsanitize=fuzzer,address,undefined "$probe/p.c" -o "$probe/p" >"$probe/log" 2>&1; then
	cat "$probe/log"; rm -rf "$probe"
	if [ "${RCVD_ALLOW_SKIP:-0}" = 1 ]; then
		echo "SKIP: clang cannot link libFuzzer (install libclang-rt-14-dev)"; exit 77
	fi
	echo "FAIL: clang cannot link libFuzzer (install libclang-rt-14-dev; RCVD_ALLOW_SKIP=1 to skip)"; exit 1
fi
rm -rf "$probe"

harnesses=$(cd "$src" && ls fuzz_*.c | sed -n 's/^fuzz_\(.*\)\.c$/\1/p' | grep -v '^main$')
[ -n "$harnesses" ] || { echo "FAIL: no harness in $src"; exit 1; }

rm -rf "$dir"
mkdir -p "$dir"
CC=clang cmake -S "$RCVD_TOP" -B "$dir" -DRCVD_WERROR=ON -DRCVD_BUILD_FUZZ=ON \
	-DRCVD_BUILD_EXAMPLES=OFF -DCMAKE_BUILD_TYPE=RelWithDebInfo >"$dir.configure.log" 2>&1 ||
	{ cat "$dir.configure.log"; exit 1; }
targets=$(for h in $harnesses; do printf ' --target fuzz_%s' "$h"; done)
# shellcheck disable=SC2086
cmake --build "$dir" -j "$RCVD_JOBS" $targets >"$dir.build.log" 2>&1 ||
	{ cat "$dir.build.log"; exit 1; }

export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1:allocator_may_return_null=0
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
failed=0
for h in $harnesses; do
	work=$dir/corpus-$h
	mkdir -p "$work" "$dir/artifacts"
	cp "$src/corpus/$h"/* "$work"/ 2>/dev/null || { echo "FAIL: fuzz_$h has no seed corpus"; failed=1; continue; }
	set -- "$dir/tests/fuzz_$h" -seed="$fuzz_seed" -max_total_time="$fuzz_time" \
		-rss_limit_mb=2048 -timeout=10 -max_len=4096 -print_final_stats=1 \
		-artifact_prefix="$dir/artifacts/$h-" "$work"
	echo "== fuzz_$h: $*"
	if "$@" >"$dir/fuzz_$h.log" 2>&1 && ! ls "$dir/artifacts/$h-"* >/dev/null 2>&1; then
		execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$dir/fuzz_$h.log")
		cov=$(grep -o 'cov: [0-9]*' "$dir/fuzz_$h.log" | tail -1)
		echo "   ok: $execs runs, $cov, corpus $(ls "$work" | wc -l) inputs"
	else
		failed=1
		tail -n 60 "$dir/fuzz_$h.log"
		echo "   FAIL: fuzz_$h found something; the input is in $dir/artifacts/"
		ls -l "$dir/artifacts/" 2>/dev/null
	fi
done
exit $failed
