#!/bin/sh
# tools/tap-summary.sh LOG... - judge test logs and print the final line
#   N passed, N failed[, N skipped]
# Exit 0 only if every log has a TAP plan (1..N), exactly N results,
# no failure, no kernel panic, and the guest left QEMU normally (the
# exit code QEMU gave is in NAME.rc next to NAME.log; a log under
# build/host/ comes from a host tool, whose exit status must be 0).
# A hang, a crash or a missing result counts as one failure.
set -u
tp=0 tf=0 ts=0 bad=0
for log in "$@"; do
	dir=$(dirname "$log")
	arch=$(basename "$dir")
	name="$arch $(basename "$log" .log)"
	arch=${arch%-cover}         # build/ARCH-cover: the coverage build (make COVER=1)
	rc=$(cat "${log%.log}.rc" 2>/dev/null || echo missing)
	set -- $(awk '
		/^1\.\.[0-9]+/     { plan += substr($1, 4) }
		/^ok [0-9]+/       { if ($0 ~ /# SKIP/) s++; else p++ }
		/^not ok [0-9]+/   { f++ }
		/^KERNEL PANIC/    { panic++ }
		END { printf "%d %d %d %d %d\n", plan, p, s, f, panic }' "$log" 2>/dev/null || echo "0 0 0 0 0")
	plan=$1 p=$2 s=$3 f=$4 panic=$5
	why=""
	[ "$plan" -gt 0 ] || why="$why no test plan;"
	[ $((p + s + f)) -eq "$plan" ] || why="$why $((p + s + f)) of $plan results;"
	[ "$panic" -eq 0 ] || why="$why kernel panic;"
	case "$arch:$rc" in
	x86_64:33|aarch64:0|host:0) ;;
	host:*) [ "$f" -gt 0 ] || why="$why exit status $rc;" ;;
	x86_64:35) [ "$f" -gt 0 ] || why="$why guest reported failure;" ;;
	*:124) why="$why timed out;" ;;
	*) why="$why QEMU exit status $rc;" ;;
	esac
	if [ -n "$why" ]; then
		f=$((f + 1)); bad=1
		echo "$name: FAILED:$why log: $log"
		grep -E '^(not ok|KERNEL)' "$log" | head -20 | sed 's/^/  /'
	else
		[ "$f" -eq 0 ] || { bad=1; grep '^not ok' "$log" | sed 's/^/  /'; }
		echo "$name: $p passed, $f failed, $s skipped"
	fi
	tp=$((tp + p)) tf=$((tf + f)) ts=$((ts + s))
done
line="$tp passed, $tf failed"
[ "$ts" -gt 0 ] && line="$line, $ts skipped"
echo "$line"
[ "$bad" -eq 0 ] && [ "$tf" -eq 0 ]
