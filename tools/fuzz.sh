#!/bin/sh
# tools/fuzz.sh fuzz|soak ARCH... - boot /bin/fuzz as process 1 (docs/fuzzing.md).
#
#   fuzz   FUZZ_TIME seconds (default 300) per architecture from seed SEED
#          (default 1), the double-fetch and info-leak detectors on
#   soak   SOAK_TIME seconds (default 3600) of the fuzzer, with the whole
#          user suite run every SOAK_SUITE seconds (default 600) in between
#
# The architectures boot in parallel, one QEMU each. Each log is
# build/ARCH/fuzz.log (soak.log), judged by tools/tap-summary.sh; a
# reproducer the fuzzer printed (the lines starting "#| ") is saved as
# build/ARCH/t_fuzz_repro.c, ready for usertests/tests/.
set -u
cd "$(dirname "$0")/.."
what=$1
shift
seed=${SEED:-1}
case $what in
fuzz) secs=${FUZZ_TIME:-300} args="-s $seed -t $secs" ;;
soak) secs=${SOAK_TIME:-3600} args="-s $seed -t $secs -u ${SOAK_SUITE:-600}" ;;
*) echo "usage: tools/fuzz.sh fuzz|soak ARCH..." >&2; exit 2 ;;
esac
# The fuzzer stops itself after secs; the suite runs and the minimising of
# a finding take longer: QEMU gets a generous margin.
for a in "$@"; do
	NAME=$what TIMEOUT=$((secs + secs / 2 + 600)) \
		CMDLINE="doublefetch infoleak init=/bin/fuzz poweroff -- $args" tools/qemu.sh "$a" test &
done
wait
logs=""
for a in "$@"; do
	log=build/$a/$what.log
	logs="$logs $log"
	grep -a '^# fuzz\(:\| summary\| coverage\| time\)' "$log" | tail -4 | sed "s/^/$a: /"
	if grep -q '^#| ' "$log"; then
		sed -n 's/^#| //p' "$log" > "build/$a/t_fuzz_repro.c"
		echo "$a: reproducer: build/$a/t_fuzz_repro.c (seed $seed)"
	fi
done
tools/tap-summary.sh $logs
