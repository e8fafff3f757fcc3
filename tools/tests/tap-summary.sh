#!/bin/sh
# tools/tests/tap-summary.sh - the judge must fail everything that is not a clean pass.
# Runs on the host in a second; `make test` runs it first.
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fails=0

# case NAME RC EXPECT(pass|fail) [DIR] then the log on stdin; DIR is the
# log's folder: an architecture (default x86_64) or host
case_() {
	d=${4:-x86_64}
	mkdir -p "$tmp/$1/$d"
	cat > "$tmp/$1/$d/test.log"
	echo "$2" > "$tmp/$1/$d/test.rc"
	if "$top/tools/tap-summary.sh" "$tmp/$1/$d/test.log" >/dev/null; then got=pass; else got=fail; fi
	if [ "$got" != "$3" ]; then
		echo "not ok - tap-summary: $1 judged $got, expected $3"
		fails=$((fails + 1))
	fi
}

printf '1..2\nok 1 - a\nok 2 - b # SKIP x\n' | case_ clean 33 pass
printf '1..2\nok 1 - a\nnot ok 2 - b\n' | case_ one_failure 35 fail
printf '1..3\nok 1 - a\nok 2 - b\n' | case_ missing_result 33 fail
printf '1..1\nok 1 - a\n' | case_ timeout 124 fail
printf '1..1\nok 1 - a\nKERNEL PANIC: x\n' | case_ panic 33 fail
printf 'ok 1 - a\n' | case_ no_plan 33 fail
printf '' | case_ empty_log 33 fail
printf '1..1\nok 1 - a\n' | case_ bad_exit_status 1 fail
printf '1..1\nok 1 - a\n  not ok 1 - nested detail\n' | case_ nested_lines_ignored 33 pass

printf '1..1\nok 1 - lab a\n' | case_ host_clean 0 pass host
printf '1..1\nok 1 - lab a\n' | case_ host_bad_exit 1 fail host
printf '1..2\nok 1 - lab a\nnot ok 2 - lab b\n' | case_ host_failure 1 fail host

[ "$fails" = 0 ] && echo "tools: tap-summary judged 12 cases correctly"
[ "$fails" = 0 ]
