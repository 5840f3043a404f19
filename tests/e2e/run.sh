#!/bin/sh
# run.sh SCRIPT ARGS... -- runs one end-to-end driver (e2e.py or
# milter.sh) after checking its interpreter; a missing tool fails the test
# unless RCVD_ALLOW_SKIP=1 (then exit 77, which ctest reports as skipped).
need() {
	for c in "$@"; do
		if ! command -v "$c" >/dev/null 2>&1; then
			if [ "${RCVD_ALLOW_SKIP:-0}" = 1 ]; then
				echo "SKIP: '$c' is missing (RCVD_ALLOW_SKIP=1)"; exit 77
			fi
			echo "FAIL: '$c' is missing (set RCVD_ALLOW_SKIP=1 to skip)"; exit 1
		fi
	done
}
script=$1; shift
case $script in
*.py) need python3; exec python3 "$script" "$@" ;;
*) need sh; exec sh "$script" "$@" ;;
esac
