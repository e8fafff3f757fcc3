#!/bin/sh
# tools/gdb-walk.sh [-v] ARCH - gdb watches one read() into a bad pointer.
#
# Boots build/ARCH/esp.img paused (tools/qemu.sh ARCH gdbtest) with
# "init=/bin/badread poweroff" and drives gdb-multiarch in batch mode
# through tools/gdb-walk.gdb: stop at kmain, at the system call's entry
# from user mode, in the dispatcher, in CopyToUser, step into
# arch_copy_to_user, see trap_fixup_apply send the CPU to the fixup, and
# see the system call return -EFAULT (-14). docs/debugging.md explains
# the transcript.
#
# Writes build/ARCH/gdbwalk.txt (gdb's transcript), build/ARCH/gdbwalk.log
# (one TAP line per expected stop, judged by tools/tap-summary.sh) and
# gdbwalk.rc; the serial log is build/ARCH/gdbwalk-qemu.log. Exit status
# 0 only if every stop happened. GDBPORT picks the TCP port (default: one
# derived from this script's process id, so runs can go in parallel).
# QEMU is killed at the end whatever happened; the whole run is bounded
# by TIMEOUT seconds (default 90). -v prints the transcript too.
set -u
verbose=0
[ "${1:-}" = -v ] && { verbose=1; shift; }
arch=${1:?usage: tools/gdb-walk.sh [-v] x86_64|aarch64}
cd "$(dirname "$0")/.."
b=build/$arch
timeout=${TIMEOUT:-90}
port=${GDBPORT:-$((20000 + $$ % 20000))}
bad=0x100000000000                      # the buffer /bin/badread passes to read()
txt=$b/gdbwalk.txt log=$b/gdbwalk.log qlog=$b/gdbwalk-qemu.log

rm -f "$log" "$b/gdbwalk.rc"           # no stale result can pass
[ -f "$b/kernel.elf" ] && [ -f "$b/esp.img" ] ||
	{ echo "gdb-walk: $arch: build it first (make ARCH=$arch)"; exit 1; }
if [ -n "$(ss -Hltn "sport = :$port")" ]; then
	echo "gdb-walk: $arch: TCP port $port is in use; pick another with GDBPORT=N"
	exit 1
fi

# What differs between the architectures: the first kernel instruction of
# a system call from user mode and the registers that carry its number
# and arguments (kernel/uapi/syscalls.h), and the first argument register
# (CopyToUser's Destination at its first instruction).
case $arch in
x86_64)
	entry='syscall_entry'
	show='printf "syscall number rax = %d, arguments rdi = %d, rsi = %#lx, rdx = %d; user pc after the syscall: rcx = %#lx\n", $rax, $rdi, $rsi, $rdx, $rcx'
	cond_entry='$rsi == $bad' cond_copy='$rdi == $bad' ;;
aarch64)
	entry='*((unsigned long)vectors + 0x400)'     # vectors.S: "lower EL, AArch64", synchronous
	show='printf "syscall number x8 = %d, arguments x0 = %d, x1 = %#lx, x2 = %d; user pc after the svc: ELR_EL1 = %#lx\n", $x8, $x0, $x1, $x2, $ELR_EL1'
	cond_entry='$x1 == $bad' cond_copy='$x0 == $bad' ;;
*)	echo "gdb-walk: unknown ARCH $arch"; exit 2 ;;
esac
cat > "$b/gdbwalk-pre.gdb" <<EOT
set pagination off
set confirm off
set \$bad = $bad
file $b/kernel.elf
define break_user_entry
  tbreak $entry if $cond_entry
end
define show_user_entry
  $show
end
define break_copy_to_user
  tbreak *CopyToUser if $cond_copy
end
target remote 127.0.0.1:$port
EOT

rm -f "$b/gdbwalk-qemu.pid" "$b/gdbwalk-qemu.rc"
NAME=gdbwalk-qemu CMDLINE="init=/bin/badread poweroff" TIMEOUT=$timeout GDBPORT=$port \
	tools/qemu.sh "$arch" gdbtest &
qemu_sh=$!
stop_qemu() {
	pid=$(cat "$b/gdbwalk-qemu.pid" 2>/dev/null) && kill "$pid" 2>/dev/null
	wait "$qemu_sh" 2>/dev/null
}
trap 'stop_qemu; exit 1' INT TERM

# QEMU listens once it has started (paused, -S); then gdb connects.
i=0
while [ -z "$(ss -Hltn "sport = :$port")" ]; do
	i=$((i + 1))
	if [ "$i" -gt 100 ] || ! kill -0 "$qemu_sh" 2>/dev/null; then
		echo "gdb-walk: $arch: QEMU did not start listening on port $port"
		cat "$b/gdbwalk-qemu.err" 2>/dev/null
		stop_qemu
		exit 1
	fi
	sleep 0.1
done

timeout -k 5 "$timeout" gdb-multiarch -nx -batch -x "$b/gdbwalk-pre.gdb" -x tools/gdb-walk.gdb \
	> "$txt" 2>&1
gdb_rc=$?
# gdb detached at the end and the kernel powers off by itself: give it
# a few seconds, then kill it whatever state it is in.
i=0
while kill -0 "$qemu_sh" 2>/dev/null && [ "$i" -lt 50 ]; do sleep 0.2; i=$((i + 1)); done
stop_qemu
# QEMU's exit status, for tools/tap-summary.sh (x86-64: 33, ARM64: 0).
cp "$b/gdbwalk-qemu.rc" "$b/gdbwalk.rc" 2>/dev/null || echo missing > "$b/gdbwalk.rc"

# Judge: one TAP line per stop the walk must make.
n=0 failed=0
check() {   # check WHAT PATTERN FILE
	n=$((n + 1))
	if grep -q -- "$2" "$3"; then
		echo "ok $n - $1"
	else
		echo "not ok $n - $1"
		failed=$((failed + 1))
	fi
}
{
	echo "1..9"
	check "gdb stops at kmain" "^walk: ok kmain" "$txt"
	check "read(3, $bad, 16) enters the kernel from user mode" "^walk: ok user entry" "$txt"
	check "syscall_dispatch gets number 14 (read) and $bad" "^walk: ok syscall_dispatch" "$txt"
	check "CopyToUser is called with $bad" "^walk: ok CopyToUser" "$txt"
	check "step reaches arch_copy_to_user" "^walk: ok arch_copy_to_user" "$txt"
	check "the fault reaches trap_fixup_apply" "^walk: ok trap_fixup_apply" "$txt"
	check "the CPU resumes at the fixup" "^walk: ok fixup" "$txt"
	check "the system call returns -EFAULT (-14)" "^walk: ok -EFAULT" "$txt"
	check "/bin/badread sees -1, errno 14" "^badread: read(3, $bad, 16) = -1, errno 14" "$qlog"
} > "$log"
[ "$gdb_rc" = 124 ] && echo "# gdb timed out after ${timeout}s" >> "$log"

[ "$verbose" = 1 ] && cat "$txt"
if grep -q "^not ok" "$log"; then
	echo "gdb-walk: $arch: FAILED:"
	grep "^not ok" "$log" | sed 's/^/  /'
	grep -m1 "walk: FAILED\|Error\|error" "$txt" | sed 's/^/  gdb: /'
	echo "  transcript: $txt, serial log: $qlog"
	exit 1
fi
echo "gdb-walk: $arch: all 9 stops seen (transcript: $txt)"
