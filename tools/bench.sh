#!/bin/sh
# tools/bench.sh ARCH... - `make bench`: boot each architecture with the
# kernel benchmarks (kbench) and /bin/bench as process 1, collect every
# `bench: NAME,VALUE,UNIT` line into build/ARCH/bench.csv and print a table.
# Figures are ratios or times inside one emulated run (QEMU TCG): compare
# them with each other, not with real hardware.
set -u
cd "$(dirname "$0")/.."
for a in "$@"; do
	NAME=bench CMDLINE="kbench init=/bin/bench poweroff" TIMEOUT=300 tools/qemu.sh "$a" test
	csv=build/$a/bench.csv
	echo "name,value,unit" > "$csv"
	sed -n 's/^bench: //p' "build/$a/bench.log" >> "$csv"
	sed -n 's/^boot: kernel entry to process 1 in .* (\([0-9]*\) ms without.*/kernel entry to process 1,\1,ms/p' \
		"build/$a/bench.log" >> "$csv"
	echo "== $a (build/$a/bench.csv; copy routine: $(grep -m1 '^uma:' build/$a/bench.log | sed 's/^uma: [0-9]* exception-table entries, //'))"
	tail -n +2 "$csv" | awk -F, '{ printf "  %-52s %10s %s\n", $1, $2, $3 }'
	[ "$(wc -l < "$csv")" -gt 60 ] || { echo "bench: $a: results missing, see build/$a/bench.log"; exit 1; }
done
