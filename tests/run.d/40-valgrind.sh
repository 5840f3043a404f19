# valgrind memcheck over the suite: every cmocka test program, fuzz replay
# and other test program runs under valgrind, and so does every built
# program a test script is handed (the rcvd CLI tests). Any error or leak
# (definite, indirect, possible) fails. One RelWithDebInfo build, no
# sanitizers (valgrind and ASan do not mix), warnings not fatal (stages 10-50
# gate them).
#
# The e2e_* tests run valgrind themselves (RCVD_MEMCHECK_SELF): the driver
# is handed RCVD_E2E_VALGRIND=LOGDIR and runs rcvd-server, every `rcvd
# validate` and rcvd-milter under memcheck, waits for the server's
# "listening on" line and the milter's socket with timeouts 10 times
# longer, stops them with SIGTERM (both return from main having freed what
# they hold, so each report is complete) and fails on any error, leak or
# incomplete report; tests/e2e/valgrind.supp holds the one libmilter entry.
# Left out, and printed by the driver: the tests that run no program built
# here (symbols, readme_examples, e2e_summary, which only reads the other
# e2e tests' results).
. "$(dirname "$0")/lib.sh"
need valgrind cmake gcc g++ python3
dir=$RCVD_BUILD_ROOT/valgrind
rm -rf "$dir"
CC=gcc CXX=g++ cmake -S "$RCVD_TOP" -B "$dir" \
	-DCMAKE_BUILD_TYPE=RelWithDebInfo >"$dir.configure.log" 2>&1 ||
	{ cat "$dir.configure.log"; exit 1; }
cmake --build "$dir" -j "$RCVD_JOBS" >"$dir.build.log" 2>&1 ||
	{ cat "$dir.build.log"; exit 1; }
RCVD_MEMCHECK_SELF='^e2e_' python3 "$(dirname "$0")/ctest_programs.py" "$dir" memcheck
