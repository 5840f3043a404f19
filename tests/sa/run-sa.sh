#!/bin/sh
# run-sa.sh GEN PERL-SCRIPT OUT.tsv -- the SpamAssassin ctest: compose the
# fields, then let SpamAssassin read them back. A missing perl or
# Mail::SpamAssassin fails the test unless RCVD_ALLOW_SKIP=1 (then 77).
gen=$1 script=$2 tsv=$3
if ! command -v perl >/dev/null 2>&1; then
	if [ "${RCVD_ALLOW_SKIP:-0}" = 1 ]; then echo "SKIP: perl is missing"; exit 77; fi
	echo "FAIL: perl is missing (install spamassassin; RCVD_ALLOW_SKIP=1 skips)"; exit 1
fi
"$gen" "$tsv" || exit 1
exec perl "$script" "$tsv"
