#!/bin/sh
# tools/run-tests.sh ARCH... - boot every architecture's self-tests and judge them.
#
# Each configuration below is one boot per architecture; the architectures
# of one configuration run in parallel. Each boot gets SMP CPUs (default 4,
# tools/qemu.sh) unless it names its own. Judged by tools/tap-summary.sh:
#   test      ktest=all init=/bin/usertests    every kernel and user test must pass
#   noprot    the same with nosmap nosmep nopan: again with the protection off,
#             and with the double-fetch detector on: no system call but the
#             demo driver's deliberate bugs may read a user byte twice; and
#             with the info-leak detector on: no poisoned kernel byte may
#             reach user memory but the demo driver's planted one
#             (demo_leak_padding) and the self-tests' (infoleak_test); on
#             one CPU (SMP=1), where the races need DEMO_SET_WINDOW
#   rerun     init=/bin/usertests -- -r 5: the whole user suite five times in one
#             boot; every program must clean up after itself (a second run
#             passes too) and give the kernel's memory back to the byte
#   mustfail  ktest=ktest_must_fail            must be judged a FAILURE, or the
#                                              runner could report green forever
#   bugcheck  a UMA exception with no __try    must stop the kernel with the
#                                              KMODE_EXCEPTION_NOT_HANDLED message
#   cpulate   the first CPU started answers only after CPU 0 has given up
#             on it: it must park, and the kernel go on with one CPU
#             (arch/generic/smp_claim.h)
#   kcov      the coverage build (make COVER=1, build/ARCH-cover), just
#             t_kcov: kcov_enable/kcov_disable really work there (in the
#             other boots the kernel has no coverage and t_kcov checks ENOSYS)
#   fuzz      /bin/fuzz -s 1 -t 60 as process 1 (the normal build: random
#             mode, three times the calls of the coverage build), with the
#             double-fetch and info-leak detectors on: no oracle may fire
#             (docs/fuzzing.md; make fuzz runs it longer, coverage-guided)
#   gdbwalk   init=/bin/badread poweroff, paused for gdb: tools/gdb-walk.sh
#             drives gdb-multiarch through read() into a bad pointer; every
#             stop it must make is one TAP line (docs/debugging.md)
# Then every lab is proven (tools/grade.py --prove, docs/labs/README.md):
# full marks here; its starting point builds, boots, passes every test
# outside the lab and fails the lab's own. One TAP line per lab in
# build/host/labs.log.
set -u
cd "$(dirname "$0")/.."

boot() {   # boot NAME CMDLINE CPUS ARCH... (CPUS "-": SMP, default 4)
	name=$1 cmdline=$2 cpus=$3
	shift 3
	[ "$cpus" = - ] && cpus=${SMP:-4}
	for a in "$@"; do
		COVER=${cover:-0} SMP=$cpus NAME=$name CMDLINE=$cmdline TIMEOUT=${timeout:-120} \
			tools/qemu.sh "$a" test &
	done
	wait
}

boot test "ktest=all init=/bin/usertests" - "$@"
boot noprot "ktest=all init=/bin/usertests nosmap nosmep nopan doublefetch infoleak" 1 "$@"
timeout=600 boot rerun "init=/bin/usertests poweroff -- -r 5" - "$@"
boot mustfail "ktest=ktest_must_fail" - "$@"
boot bugcheck "ktest=uma_unhandled_exception_bugchecks" - "$@"
boot cpulate "cpulate init=/bin/usertests poweroff -- t_smp t_thread" - "$@"
cover=1 boot kcov "init=/bin/usertests poweroff -- t_kcov" - "$@"
cover=0
timeout=300 boot fuzz "doublefetch infoleak init=/bin/fuzz poweroff -- -s 1 -t 60" - "$@"
for a in "$@"; do
	tools/gdb-walk.sh "$a" &
done
wait

labs=build/host/labs.log
if [ -f .lab ]; then
	echo "harness: this is the starting point of lab $(cat .lab): the labs are proven in the full tree"
	labs=""
elif [ $# -lt 2 ]; then
	echo "harness: the labs are proven when both architectures are tested (make test)"
	labs=""
else
	python3 tools/grade.py --prove
	[ -f "$labs" ] || labs=""          # a tree with no labs
fi

ok=1
for a in "$@"; do
	if tools/tap-summary.sh "build/$a/mustfail.log" >/dev/null; then
		echo "harness: $a: the deliberately failing test passed: the runner is broken"
		ok=0
	fi
	if ! grep -q "KMODE_EXCEPTION_NOT_HANDLED" "build/$a/bugcheck.log" ||
	   tools/tap-summary.sh "build/$a/bugcheck.log" >/dev/null; then
		echo "harness: $a: an unhandled UMA exception did not stop the kernel with its bugcheck"
		ok=0
	fi
	grep -q "^cpu: .*\(SMAP=off\|PAN=off\)" "build/$a/noprot.log" ||
		{ echo "harness: $a: the nosmap/nopan boot did not turn the protection off"; ok=0; }
	grep -q "^uma: double-fetch detector on" "build/$a/noprot.log" ||
		{ echo "harness: $a: the noprot boot did not turn the double-fetch detector on"; ok=0; }
	df=$(grep "double fetch: syscall" "build/$a/noprot.log" | grep -v "(demo)\|(doublefetch_test)")
	[ -z "$df" ] || { echo "harness: $a: double fetch in the kernel's own system calls:"; echo "$df"; ok=0; }
	grep -q "^smp: cpu .* answered after CPU 0 gave up on it: parked" "build/$a/cpulate.log" &&
	grep -q "^smp: 1 CPU online" "build/$a/cpulate.log" ||
		{ echo "harness: $a: the late CPU of the cpulate boot did not park"; ok=0; }
	grep -q "ok 1 - kcov_enable: this kernel is built with coverage" "build/$a-cover/kcov.log" ||
		{ echo "harness: $a: t_kcov did not find coverage in the COVER=1 kernel"; ok=0; }
	grep -q "^infoleak: detector on" "build/$a/noprot.log" ||
		{ echo "harness: $a: the noprot boot did not turn the info-leak detector on"; ok=0; }
	il=$(grep "^infoleak: " "build/$a/noprot.log" | grep -v "^infoleak: detector on" |
	     grep -v "syscall [0-9]* (demo) .* at demo_leak_padding+\|(infoleak_test)")
	[ -z "$il" ] || { echo "harness: $a: kernel bytes nobody wrote reached user memory:"; echo "$il"; ok=0; }
done
logs=""
for a in "$@"; do
	logs="$logs build/$a/test.log build/$a/noprot.log build/$a/rerun.log build/$a/gdbwalk.log"
	logs="$logs build/$a/cpulate.log build/$a-cover/kcov.log build/$a/fuzz.log"
done
tools/tap-summary.sh $logs $labs || ok=0
[ "$ok" = 1 ]
