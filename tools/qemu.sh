#!/bin/sh
# tools/qemu.sh ARCH MODE - the one place that knows the QEMU command lines.
#
#   run    GRUB menu and kernel on this terminal (Ctrl-A x quits QEMU)
#   test   select "UMA kernel: self-tests" with no wait, log the serial port to
#          build/ARCH/test.log (ESC sequences and CR stripped), kill on timeout
#   debug  like run, but QEMU waits for gdb on :1234 (tools/gdbinit)
#   gdbtest  like test, but QEMU starts paused and waits for gdb on
#          127.0.0.1:GDBPORT (default 1234), writing its process id to
#          build/ARCH/NAME.pid (tools/gdb-walk.sh drives it)
#
# CMDLINE="..." (environment) boots a custom command line with no wait,
# in any mode. TIMEOUT (seconds, default 120) bounds a test run; NAME
# (default "test") names its files: build/ARCH/NAME.log and NAME.rc.
# SMP (default 4) is how many CPUs QEMU gives the guest; each runs in its own
# host thread (multi-threaded TCG), so the CPUs really run at the same time.
# Each run gets a fresh copy of the firmware's variable store and of the ESP.
# COVER=1 boots the coverage build (build/ARCH-cover, `make COVER=1`).
set -eu
arch=$1 mode=$2
top=$(cd "$(dirname "$0")/.." && pwd)
b=$top/build/$arch
[ "${COVER:-0}" = 1 ] && b=$b-cover   # make COVER=1: the coverage build
timeout=${TIMEOUT:-120}
smp=${SMP:-4}
cmdline=${CMDLINE:-}

name=${NAME:-$mode}
esp=$b/esp-$name.img
cp "$b/esp.img" "$esp"
auto=$b/autoboot-$name.cfg
if [ -n "$cmdline" ]; then
	printf 'set timeout=0\nset default=custom\nmenuentry "UMA kernel: %s" --id custom {\n\tchainloader ($root)/EFI/uma/loader.efi %s\n}\n' \
		"$cmdline" "$cmdline" > "$auto"
elif [ "$mode" = test ] || [ "$mode" = gdbtest ]; then
	printf 'set timeout=0\nset default=1\n' > "$auto"
fi
[ -f "$auto" ] && MTOOLS_SKIP_CHECK=1 mcopy -o -i "$esp" "$auto" ::/EFI/uma/autoboot.cfg && rm -f "$auto"

case $arch in
x86_64)
	cp /usr/share/OVMF/OVMF_VARS_4M.fd "$b/vars-$name.fd"
	set -- qemu-system-x86_64 -machine q35 -cpu max -accel tcg,thread=multi -smp "$smp" -m 512M \
		-drive if=pflash,format=raw,readonly=on,file=/usr/share/OVMF/OVMF_CODE_4M.fd \
		-drive if=pflash,format=raw,file="$b/vars-$name.fd" \
		-device isa-debug-exit,iobase=0xf4,iosize=0x04 ;;
aarch64)
	cp /usr/share/AAVMF/AAVMF_VARS.fd "$b/vars-$name.fd"
	set -- qemu-system-aarch64 -machine virt,acpi=off -cpu max,pauth-impdef=on -accel tcg,thread=multi -smp "$smp" -m 512M \
		-drive if=pflash,format=raw,readonly=on,file=/usr/share/AAVMF/AAVMF_CODE.fd \
		-drive if=pflash,format=raw,file="$b/vars-$name.fd" \
		-boot menu=on,splash-time=0 ;;
*)	echo "qemu.sh: unknown ARCH $arch" >&2; exit 2 ;;
esac
set -- "$@" -drive if=none,id=esp,format=raw,file="$esp" -device virtio-blk-pci,drive=esp \
	-nodefaults -display none -vga none -net none -no-reboot

case $mode in
run)
	echo "Booting $arch in QEMU. Quit with Ctrl-A x."
	exec "$@" -serial mon:stdio ;;
debug)
	echo "QEMU waits for gdb on :1234. In another terminal: gdb-multiarch -x build/$arch/gdbinit"
	sed "s|@KERNEL@|$b/kernel.elf|" "$top/tools/gdbinit" > "$b/gdbinit"
	exec "$@" -serial mon:stdio -s -S ;;
test|gdbtest)
	[ "$mode" = gdbtest ] &&
		set -- "$@" -S -gdb tcp:127.0.0.1:"${GDBPORT:-1234}" -pidfile "$b/$name.pid"
	raw=$b/$name.raw log=$b/$name.log
	rc=0
	timeout -k 5 "$timeout" "$@" -serial file:"$raw" -monitor none </dev/null >"$b/$name.err" 2>&1 || rc=$?
	# Strip ANSI escape sequences (firmware and GRUB draw with them) and CR.
	sed -e 's/\x1b\[[0-9;?]*[A-Za-z]//g' -e 's/\x1b[()][0-9A-Za-z]//g' -e 's/\x1b[=>c]//g' -e 's/\r//g' "$raw" > "$log"
	echo "$rc" > "$b/$name.rc"
	[ "$rc" = 124 ] && echo "# $arch: timed out after ${timeout}s" >> "$log"
	exit 0 ;;
*)	echo "qemu.sh: unknown mode $mode" >&2; exit 2 ;;
esac
