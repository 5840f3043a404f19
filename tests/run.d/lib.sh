# Sourced by the stages of tests/run.sh.
# need CMD...: fail the stage (or skip it under RCVD_ALLOW_SKIP=1) when a
# command is missing.
need() {
	local c
	for c in "$@"; do
		if ! command -v "$c" >/dev/null 2>&1; then
			if [ "${RCVD_ALLOW_SKIP:-0}" = 1 ]; then
				echo "SKIP: '$c' is missing (RCVD_ALLOW_SKIP=1)"; exit 77
			fi
			echo "FAIL: '$c' is missing (set RCVD_ALLOW_SKIP=1 to skip)"; exit 1
		fi
	done
}

# build_and_test DIR [cmake args...]: a fresh build tree, warnings as
# errors, then ctest.
build_and_test() {
	local dir=$1; shift
	rm -rf "$dir"
	cmake -S "$RCVD_TOP" -B "$dir" -DRCVD_WERROR=ON "$@" >"$dir.configure.log" 2>&1 ||
		{ cat "$dir.configure.log"; return 1; }
	cmake --build "$dir" -j "$RCVD_JOBS" >"$dir.build.log" 2>&1 ||
		{ cat "$dir.build.log"; return 1; }
	(cd "$dir" && ctest --output-on-failure -j "$RCVD_JOBS")
}
