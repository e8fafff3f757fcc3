#!/bin/sh
# tools/fuzz.sh fuzz|soak ARCH... - boot /bin/fuzz as process 1 (docs/fuzzing.md).
#
#   fuzz   FUZZ_TIME seconds (default 300) per architecture from seed SEED
#          (default 1), the double-fetch and info-leak detectors on
#   soak   SOAK_TIME seconds (default 3600) of the fuzzer, with the whole
#          user suite run every SOAK_SUITE seconds (default 600) in between;
#          SOAK_CALLS=N stops it after N calls instead, if that comes first
#
# COVER=1 boots the coverage build (build/ARCH-cover, make COVER=1): the
# fuzzer then keeps the programs that reach new kernel code (kcov).
# The architectures boot in parallel, one QEMU each. Each log is
# build/ARCH[-cover]/fuzz.log (soak.log), judged by tools/tap-summary.sh; a
# reproducer the fuzzer printed (the lines starting "#| ") is saved as
# t_fuzz_repro.c beside it, ready for usertests/tests/.
set -u
cd "$(dirname "$0")/.."
what=$1
shift
seed=${SEED:-1}
cover=${COVER:-0}
sfx=""
[ "$cover" = 1 ] && sfx=-cover
case $what in
fuzz) secs=${FUZZ_TIME:-300} args="-s $seed -t $secs" ;;
soak) secs=${SOAK_TIME:-3600} args="-s $seed -t $secs -u ${SOAK_SUITE:-600}"
      [ -n "${SOAK_CALLS:-}" ] && args="$args -n $SOAK_CALLS" ;;
*) echo "usage: tools/fuzz.sh fuzz|soak ARCH..." >&2; exit 2 ;;
esac
# The fuzzer stops itself after secs; the suite runs and the minimising of
# a finding take longer: QEMU gets a generous margin.
for a in "$@"; do
	COVER=$cover NAME=$what TIMEOUT=$((secs + secs / 2 + 600)) \
		CMDLINE="doublefetch infoleak init=/bin/fuzz poweroff -- $args" tools/qemu.sh "$a" test &
done
wait
logs=""
for a in "$@"; do
	dir=build/$a$sfx
	log=$dir/$what.log
	logs="$logs $log"
	grep -a '^# fuzz\(:\| summary\| coverage\| time\)' "$log" | tail -4 | sed "s/^/$a: /"
	if grep -q '^#| ' "$log"; then
		sed -n 's/^#| //p' "$log" > "$dir/t_fuzz_repro.c"
		echo "$a: reproducer: $dir/t_fuzz_repro.c (seed $seed)"
	fi
done
tools/tap-summary.sh $logs
