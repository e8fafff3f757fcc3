#!/bin/sh
# tools/run-tests.sh ARCH... - boot every architecture's self-tests and judge them.
#
# Each QEMU is one host thread under TCG, so the architectures boot in
# parallel. Then the harness checks itself: a boot that runs only the
# deliberately failing test (ktest_must_fail) must be judged a failure,
# or a broken runner could report green forever.
set -u
cd "$(dirname "$0")/.."

for a in "$@"; do tools/qemu.sh "$a" test & done
for a in "$@"; do NAME=mustfail CMDLINE=ktest=ktest_must_fail tools/qemu.sh "$a" test & done
wait

ok=1
for a in "$@"; do
	if tools/tap-summary.sh "build/$a/mustfail.log" >/dev/null; then
		echo "harness: the deliberately failing test passed on $a: the runner is broken"
		ok=0
	fi
done
logs=""
for a in "$@"; do logs="$logs build/$a/test.log"; done
tools/tap-summary.sh $logs || ok=0
[ "$ok" = 1 ]
