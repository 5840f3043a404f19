# The man pages: examples/rcvd.1 (the program) and include/rcvd.3 (the
# API) lint clean under mandoc -T lint -W warning, rcvd(3) names every
# RCVD_API function of include/rcvd.h (in NAME and SYNOPSIS), and rcvd(1)
# names every subcommand and every long option the CLI sources accept.
. "$(dirname "$0")/lib.sh"
need mandoc
top=$RCVD_TOP
rc=0
for page in "$top/examples/rcvd.1" "$top/include/rcvd.3"; do
	if mandoc -T lint -W warning "$page"; then
		echo "lint clean: ${page#"$top"/}"
	else
		echo "FAIL: mandoc -T lint -W warning ${page#"$top"/}"; rc=1
	fi
done
fns=$(grep 'RCVD_API' "$top/include/rcvd.h" | grep -o 'rcvd_[a-z0-9_]*(' | tr -d '(' | sort -u)
[ -n "$fns" ] || { echo "FAIL: no RCVD_API function found in include/rcvd.h"; exit 1; }
for f in $fns; do
	grep -q "^\.Nm $f\( ,\)\?$" "$top/include/rcvd.3" && grep -q "^\.Fn $f " "$top/include/rcvd.3" ||
		{ echo "FAIL: rcvd.3 does not document $f (.Nm and .Fn)"; rc=1; }
done
echo "rcvd.3 documents the $(echo "$fns" | wc -w) RCVD_API functions"
cmds=$(sed -n 's/^[[:space:]]*{"\([a-z]*\)", cli_[a-z]*},$/\1/p' "$top/examples/rcvd.c")
opts=$(cat "$top"/examples/rcvd.c "$top"/examples/cmd_*.c | grep -o '"--[a-z0-9-]*"' | tr -d '"' | sort -u)
for c in $cmds; do
	grep -q "^\.Cm $c$" "$top/examples/rcvd.1" || { echo "FAIL: rcvd.1 lacks the subcommand $c"; rc=1; }
done
for o in $opts; do
	[ "$o" = --help ] && continue # documented once, for every subcommand
	grep -q "Fl -${o#--}\b" "$top/examples/rcvd.1" || { echo "FAIL: rcvd.1 lacks the option $o"; rc=1; }
done
echo "rcvd.1 names the subcommands ($(echo $cmds)) and $(echo "$opts" | wc -w) long options"
exit $rc
