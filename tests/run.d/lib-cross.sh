# Sourced by the portability stages (52-m32.sh, 56-s390x.sh).
# cross_build_and_test DIR [cmake args...]: a fresh build tree, warnings as
# errors, then the ctests that can run in a foreign-architecture build: the
# test programs (through CMAKE_CROSSCOMPILING_EMULATOR when set) and the
# `cmake -P` checks. Tests that are scripts (they run host tools such as
# swaks, spamassassin, python or the host compiler on the built programs)
# are excluded, and each is printed with its command; the examples
# (rcvd, rcvd-server, rcvd-milter need OpenSSL/libmilter for the target)
# are not built, so the CLI tests do not exist here.
cross_build_and_test() {
	local dir=$1; shift
	rm -rf "$dir"
	cmake -S "$RCVD_TOP" -B "$dir" -DRCVD_WERROR=ON -DRCVD_HEADER_CXX=OFF \
		-DRCVD_BUILD_EXAMPLES=OFF -DCMAKE_BUILD_TYPE=RelWithDebInfo "$@" \
		>"$dir.configure.log" 2>&1 || { cat "$dir.configure.log"; return 1; }
	cmake --build "$dir" -j "$RCVD_JOBS" >"$dir.build.log" 2>&1 ||
		{ cat "$dir.build.log"; return 1; }
	# the examples are off: the e2e tests must not be registered (they
	# would fail for want of the programs; tests/e2e.cmake)
	if (cd "$dir" && ctest -N) | grep -q ' e2e_'; then
		echo "FAIL: e2e tests registered in a build without the examples"; return 1
	fi
	local re
	re=$(python3 "$RCVD_TOP/tests/run.d/ctest_programs.py" "$dir" programs) || return 1
	echo "excluded from this build's ctest run (scripts running host tools):"
	python3 "$RCVD_TOP/tests/run.d/ctest_programs.py" "$dir" others | sed 's/^/  /'
	(cd "$dir" && ctest --output-on-failure -j "$RCVD_JOBS" -R "$re")
}
