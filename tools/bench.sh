#!/bin/sh
# tools/bench.sh ARCH... - `make bench`: boot each architecture with the
# kernel benchmarks (kbench) and /bin/bench as process 1, collect every
# `bench: NAME,VALUE,UNIT` line into build/ARCH/bench.csv and print a table.
# Each architecture boots with SMP CPUs (default 4) and with one, in turn,
# BENCH_ROUNDS times (default 3); bench.csv and bench-smp1.csv hold each
# figure's median over the rounds, and the table puts the two side by side.
# Figures are ratios or times inside one emulated run (QEMU TCG): compare
# them with each other, not with real hardware.
#
# Then /bin/fuzz (docs/fuzzing.md) runs BENCH_FUZZ_TIME seconds (default
# 60) from seed 1, once in the normal build (random calls: the speed) and
# once in the coverage build with kcov=record (guided: edges, and what
# tools/cover.py finds it reached), and its figures join bench.csv:
# system calls per second, calls executed, edges, and the functions, basic
# blocks and edges of the system-call layer (kernel/sys/) it reached.
#
# BENCH_LINUX=PATH puts Linux's figures beside ours: PATH is the results
# directory of ../shared/linux-anchor/run.sh (median-x86_64.csv,
# median-arm64.csv) or one or more of those CSV files (separated by
# spaces). Take both in the same sitting: only side-by-side figures compare
# on these shared machines. The table then gives each figure, Linux's, the
# ratio (ours / Linux's: below 1 is faster) and whether the goal of issue 8
# is met. BENCH_LINUX_X86_CPU / BENCH_LINUX_ARM64_CPU pick the -cpu run of
# the Linux results (default: the models tools/qemu.sh uses).
set -u
cd "$(dirname "$0")/.."

# linux_csvs ARCH -> the median CSV files that may hold ARCH's figures
linux_csvs() {
	for p in $BENCH_LINUX; do
		if [ -d "$p" ]; then
			[ -f "$p/median-$1.csv" ] && echo "$p/median-$1.csv"
		else
			echo "$p"
		fi
	done
}

# beside_linux ARCH: our CSV against Linux's medians, one line per goal.
beside_linux() {
	a=$1
	la=$a lcpu=${BENCH_LINUX_X86_CPU:-max}
	[ "$a" = aarch64 ] && la=arm64 lcpu=${BENCH_LINUX_ARM64_CPU:-max+pauth-impdef=on}
	files=$(linux_csvs "$la")
	[ -n "$files" ] || { echo "bench: BENCH_LINUX=$BENCH_LINUX has no $la results"; return 1; }
	# shellcheck disable=SC2086
	awk -F, -v arch="$la" -v cpu="$lcpu" '
	FILENAME != ARGV[ARGC-1] {                # Linux medians: cpu,arch,op,size,runs,ns_per_op,...
		if ($2 != arch || $1 == "cpu") next
		k = $3 "@" $4
		if ($1 == cpu || !(k in lx)) { lx[k] = $6 / 1000; lcpu[k] = $1 }
		next
	}
	FNR > 1 { ours[$1] = $2 }                 # ours: name,value,unit
	function row(label, name, key, goal, stretch,   o, l, r, verdict) {
		if (!(name in ours) || !(key in lx)) {
			printf "  %-38s %9s %9s %7s  (missing)\n", label, (name in ours) ? ours[name] : "-", (key in lx) ? lx[key] : "-", "-"
			return
		}
		o = ours[name]; l = lx[key]; r = o / l
		verdict = ""
		if (goal > 0) {
			verdict = sprintf("goal <= %.1fx: %s", goal, r <= goal ? "met" : "NOT met")
			if (stretch > 0)
				verdict = verdict sprintf(" (stretch <= %.1fx: %s)", stretch, r <= stretch ? "met" : "not met")
		}
		printf "  %-38s %9.3f %9.3f %7.2f  %s\n", label, o, l, r, verdict
		used = lcpu[key]
	}
	END {
		printf "  %-38s %9s %9s %7s  %s\n", "(us per call)", "ours", "Linux", "ratio", ""
		row("null syscall (getpid / getppid)", "null syscall (getpid)", "getppid@0", 0.6, 0)
		row("read() hitting EFAULT", "read that faults (EFAULT)", "efault@8", 1.0, 0.5)
		row("4 KiB read (Linux: pread tmpfs)", "read 4 KiB from the ramfs", "pread_tmpfs@4096", 1.0, 0)
		# No per-stage figures on the Linux side: its whole caught fault,
		# as a syscall that faults less one that does not, is the reference.
		if (("efault@8" in lx) && ("getppid@0" in lx)) {
			lx["fault@"] = lx["efault@8"] - lx["getppid@0"]
			lcpu["fault@"] = lcpu["efault@8"]
			row("caught fault (Linux: efault - getppid)", "caught fault (fault+extable+__except)", "fault@", 0, 0)
		}
		for (s = 1; s <= 4; s++)
			for (n in ours)
				if (index(n, "caught fault stage " s ":") == 1)
					printf "    %-36s %9.3f %9s\n", substr(n, 14), ours[n], "-"
		printf "  (Linux figures: -cpu %s)\n", used
	}' $files "build/$a/bench.csv"
}

# to_csv LOG CSV: the bench lines of one boot as a CSV file.
to_csv() {
	echo "name,value,unit" > "$2"
	sed -n 's/^bench: \([^,]*,[^,]*,[^,]*\)$/\1/p' "$1" >> "$2"
	# a figure whose name holds a comma would be lost: say so
	sed -n '/^bench: [^,]*,[^,]*,[^,]*$/!s/^\(bench: .*,.*\)$/bench: not NAME,VALUE,UNIT (dropped): \1/p' "$1"
	sed -n 's/^boot: kernel entry to process 1 in .* (\([0-9]*\) ms without.*/kernel entry to process 1,\1,ms/p' \
		"$1" >> "$2"
}

# beside_one_cpu ARCH: each figure with SMP=1 and with SMP CPUs (issue 12:
# SMP may cost no figure more than 10%). Times (us, ns, ms) are worse when
# higher, rates (MB/s, calls/ms) when lower.
beside_one_cpu() {
	echo "== $1: one CPU (build/$1/bench-smp1.csv) beside $smp (build/$1/bench.csv)"
	awk -F, -v n="$smp" '
	FNR == 1 { next }
	FILENAME == ARGV[1] { one[$1] = $2; next }
	($1 in one) && one[$1] > 0 && $2 > 0 {
		r = $2 / one[$1]
		worse = ($3 ~ /^(us|ns|ms)$/) ? r > 1.10 : ($3 ~ /\/s$|\/ms$/) ? r < 1 / 1.10 : 0
		if ($3 == "x") worse = 0
		printf "  %-52s %10s %10s %6.2f %s\n", $1, one[$1], $2, r, worse ? "WORSE by more than 10%" : ""
	}' "build/$1/bench-smp1.csv" "build/$1/bench.csv"
}

# median_csv OUT IN...: each figure's median over the rounds' CSV files
# (one boot is noisy on these shared machines; the middle of several is not
# thrown by one slow stretch of the host).
median_csv() {
	out=$1
	shift
	awk -F, '
	FNR == 1 { next }
	!($1 in unit) { order[++n] = $1; unit[$1] = $3 }
	{ v[$1, ++cnt[$1]] = $2 }
	END {
		print "name,value,unit"
		for (i = 1; i <= n; i++) {
			k = order[i]; c = cnt[k]
			for (a = 2; a <= c; a++)          # insertion sort of a few values
				for (b = a; b > 1 && v[k, b - 1] + 0 > v[k, b] + 0; b--) {
					t = v[k, b]; v[k, b] = v[k, b - 1]; v[k, b - 1] = t
				}
			m = (c % 2) ? v[k, (c + 1) / 2] : (v[k, c / 2] + v[k, c / 2 + 1]) / 2
			print k "," m "," unit[k]
		}
	}' "$@" > "$out"
}

# bench_boot ARCH CPUS NAME: one boot with the benchmarks, its CSV beside its log.
bench_boot() {
	SMP=$2 NAME=$3 CMDLINE="kbench init=/bin/bench poweroff" TIMEOUT=300 tools/qemu.sh "$1" test
	to_csv "build/$1/$3.log" "build/$1/$3.csv"
}

# fuzz_figures ARCH: the fuzzer's figures as bench lines (see the top).
fuzz_figures() {
	a=$1 t=${BENCH_FUZZ_TIME:-60}
	NAME=bench-fuzz CMDLINE="init=/bin/fuzz poweroff -- -s 1 -t $t" TIMEOUT=$((t + 240)) \
		tools/qemu.sh "$a" test >&2
	make --no-print-directory COVER=1 ARCH="$a" all >&2 || return 1
	COVER=1 NAME=bench-fuzz CMDLINE="kcov=record init=/bin/fuzz poweroff -- -s 1 -t $t" \
		TIMEOUT=$((t + 240)) tools/qemu.sh "$a" test >&2
	python3 tools/cover.py "$a" "build/$a-cover/kernel.elf" "build/$a-cover/bench-fuzz.log" \
		> "build/$a-cover/bench-fuzz-cover.txt" || return 1
	awk -v t="$t" '
	/^# fuzz summary: / {                # seed S, N calls in T s (R calls/s), E executors
		how = FILENAME ~ /-cover\// ? "coverage" : "normal"
		printf "fuzz calls per second (%s build; %s s),%s,calls/s\n", how, t, substr($11, 2)
		printf "fuzz calls executed (%s build; %s s),%s,calls\n", how, t, $6
	}
	/^# fuzz coverage: [0-9]+ edges/ {
		printf "fuzz edges (coverage build; hashed PC pairs),%s,edges\n", $4
	}
	/^cover: system-call layer/ {        # functions F/N (p%), PCs (basic blocks) B/M (p%), edges into it E
		split($6, f, "/"); split($11, b, "/")
		printf "kernel/sys functions the fuzzer reached (of %s),%s,functions\n", f[2], f[1]
		printf "kernel/sys basic blocks the fuzzer reached (of %s),%s,blocks\n", b[2], b[1]
		printf "kernel/sys edges the fuzzer reached (PC pairs ending there),%s,edges\n", $NF
	}' "build/$a/bench-fuzz.log" "build/$a-cover/bench-fuzz.log" "build/$a-cover/bench-fuzz-cover.txt"
}

smp=${SMP:-4}
rounds=${BENCH_ROUNDS:-3}
for a in "$@"; do
	# One CPU and SMP CPUs boot in turn, BENCH_ROUNDS times, so both see the
	# same stretches of the host; the tables below are the medians.
	ones="" smps=""
	for r in $(seq "$rounds"); do
		bench_boot "$a" 1 "bench-smp1-r$r"
		bench_boot "$a" "$smp" "bench-r$r"
		ones="$ones build/$a/bench-smp1-r$r.csv" smps="$smps build/$a/bench-r$r.csv"
	done
	# shellcheck disable=SC2086
	median_csv "build/$a/bench-smp1.csv" $ones
	# shellcheck disable=SC2086
	median_csv "build/$a/bench.csv" $smps
	fuzz_figures "$a" > "build/$a/bench-fuzz.csv" ||
		{ echo "bench: $a: the fuzzer's run failed, see build/$a/bench-fuzz.log"; exit 1; }
	[ "$(wc -l < "build/$a/bench-fuzz.csv")" -eq 8 ] ||
		{ echo "bench: $a: fuzzer figures missing, see build/$a/bench-fuzz.log"; exit 1; }
	cat "build/$a/bench-fuzz.csv" >> "build/$a/bench.csv"
	csv=build/$a/bench.csv
	echo "== $a (build/$a/bench.csv, the median of $rounds boots; copy routine: $(grep -m1 '^uma:' build/$a/bench-r1.log | sed 's/^uma: [0-9]* exception-table entries, //'))"
	tail -n +2 "$csv" | awk -F, '{ printf "  %-52s %10s %s\n", $1, $2, $3 }'
	grep -h '^bench: .*did not' build/$a/bench-r*.log build/$a/bench-smp1-r*.log
	for f in $smps $ones; do
		[ "$(wc -l < "$f")" -gt 60 ] || { echo "bench: $a: results missing, see ${f%.csv}.log"; exit 1; }
	done
	beside_one_cpu "$a"
	if [ -n "${BENCH_LINUX:-}" ]; then
		echo "== $a beside Linux (BENCH_LINUX=$BENCH_LINUX)"
		beside_linux "$a" || exit 1
	fi
done
