# valgrind memcheck over the suite: every cmocka test program, fuzz replay
# and other test program runs under valgrind, and so does every built
# program a test script is handed (the rcvd CLI tests). Any error or leak
# (definite, indirect, possible) fails. One RelWithDebInfo build, no
# sanitizers (valgrind and ASan do not mix), warnings not fatal (stages 10-50
# gate them).
#
# Left out, and printed by the driver: the e2e_* tests. They start
# rcvd-server and stop it with a signal after a few seconds' wait; under
# valgrind the server starts too slowly for that wait, and a killed process
# leaves no complete report. The server's use of the library goes through
# the same functions the unit tests cover here; the e2e tests run under
# ASan+UBSan in stage 30. Tests that run no program built here (symbols,
# readme_examples) are listed too.
. "$(dirname "$0")/lib.sh"
need valgrind cmake gcc g++ python3
dir=$RCVD_BUILD_ROOT/valgrind
rm -rf "$dir"
CC=gcc CXX=g++ cmake -S "$RCVD_TOP" -B "$dir" \
	-DCMAKE_BUILD_TYPE=RelWithDebInfo >"$dir.configure.log" 2>&1 ||
	{ cat "$dir.configure.log"; exit 1; }
cmake --build "$dir" -j "$RCVD_JOBS" >"$dir.build.log" 2>&1 ||
	{ cat "$dir.build.log"; exit 1; }
RCVD_MEMCHECK_EXCLUDE='^e2e_' python3 "$(dirname "$0")/ctest_programs.py" "$dir" memcheck
