#!/usr/bin/env bash
# tests/run.sh -- sets up and runs every test of librcvd.
#
# Run from anywhere. As root on Debian it installs the packages the stages
# list (tests/run.d/*.pkgs, after any tests/run.d/*.setup step). Each stage
# tests/run.d/NN-name.sh then runs in order; a stage fails the run. A tool a
# stage needs that is missing fails it too, unless RCVD_ALLOW_SKIP=1 is set,
# in which case that stage reports itself skipped (exit 77).
#
# Environment: RCVD_ALLOW_SKIP=1 (skip instead of fail), RCVD_ONLY=PATTERN
# (run only stages whose file name matches), RCVD_BUILD_ROOT (where build
# trees go; default: build-tests/ in the source tree).
set -uo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
top=$(dirname "$here")
export RCVD_TOP=$top
export RCVD_BUILD_ROOT=${RCVD_BUILD_ROOT:-$top/build-tests}
export RCVD_JOBS=${RCVD_JOBS:-$(nproc 2>/dev/null || echo 2)}
mkdir -p "$RCVD_BUILD_ROOT"

# ---- install what is missing (root on Debian only) ----
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
	for s in "$here"/run.d/*.setup; do
		[ -e "$s" ] || continue
		echo "== setup $(basename "$s")"
		bash "$s" || echo "warning: $(basename "$s") failed"
	done
	want=$(cat "$here"/run.d/*.pkgs 2>/dev/null | sed 's/#.*//' | tr -s ' \t' '\n' | sort -u)
	missing=()
	for p in $want; do
		dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
	done
	if [ ${#missing[@]} -gt 0 ]; then
		echo "== installing: ${missing[*]}"
		export DEBIAN_FRONTEND=noninteractive
		# A foreign-architecture index (i386, s390x) can fail to download
		# while a mirror syncs; apt-get update then exits non-zero but has
		# still fetched the rest, so go on and let each install decide.
		apt-get update -qq || { sleep 5; apt-get update -qq; } ||
			echo "warning: apt-get update reported errors; using what it fetched"
		# Native packages first, then each foreign-architecture one on its
		# own, so one unavailable package cannot block the others. Every
		# install is simulated first and refused if it would remove
		# anything (a foreign package that lags behind its native twin can
		# make apt remove the compilers).
		native=() foreign=()
		for p in "${missing[@]}"; do
			case "$p" in *:*) foreign+=("$p") ;; *) native+=("$p") ;; esac
		done
		install_set() {
			local sim
			sim=$(apt-get -s install -y --no-install-recommends "$@" 2>&1) ||
				{ echo "warning: cannot install $*:"; echo "$sim" | tail -3; return 1; }
			if printf '%s\n' "$sim" | grep -q '^Remv '; then
				echo "warning: refusing to install $*: it would remove"
				printf '%s\n' "$sim" | grep '^Remv '
				return 1
			fi
			apt-get install -y -qq --no-install-recommends "$@" >/dev/null
		}
		[ ${#native[@]} -eq 0 ] || install_set "${native[@]}" ||
			for p in "${native[@]}"; do install_set "$p"; done
		for p in "${foreign[@]}"; do install_set "$p"; done
		# what is still missing makes the stages that need it fail
	fi
fi

# ---- run the stages ----
passed=0; failed=0; skipped=0; failures=()
start_all=$(date +%s)
for stage in "$here"/run.d/[0-9]*.sh; do
	name=$(basename "$stage" .sh)
	if [ -n "${RCVD_ONLY:-}" ] && [[ "$name" != *${RCVD_ONLY}* ]]; then continue; fi
	echo
	echo "======== stage $name"
	t0=$(date +%s)
	bash "$stage"
	rc=$?
	t1=$(date +%s)
	if [ $rc -eq 0 ]; then
		passed=$((passed + 1)); echo "======== stage $name: PASS ($((t1 - t0)) s)"
	elif [ $rc -eq 77 ]; then
		skipped=$((skipped + 1)); echo "======== stage $name: SKIPPED ($((t1 - t0)) s)"
	else
		failed=$((failed + 1)); failures+=("$name"); echo "======== stage $name: FAIL rc=$rc ($((t1 - t0)) s)"
	fi
done
echo
echo "total time: $(( $(date +%s) - start_all )) s"
[ $failed -eq 0 ] || echo "failed stages: ${failures[*]}"
echo "stages: $passed passed, $failed failed, $skipped skipped"
[ $failed -eq 0 ]
