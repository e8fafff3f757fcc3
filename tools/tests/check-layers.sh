#!/bin/sh
# tools/tests/check-layers.sh - tools/check-layers.py must fail a tree that
# breaks a rule. Each case copies the kernel's sources, plants one mistake
# and expects the check to refuse it; the untouched copy must pass.
# Runs on the host in a second; `make test` runs it first.
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fails=0

# case NAME EXPECT(pass|fail) FILE LINE: add LINE after the first line of FILE
case_() {
	rm -rf "$tmp/t" && mkdir -p "$tmp/t/boot"
	cp -r "$top/kernel" "$top/uma" "$top/arch" "$top/usertests" "$top/tools" "$tmp/t/"
	cp "$top/boot/boot_info.h" "$top/boot/elf64.h" "$tmp/t/boot/"
	[ -n "$3" ] && sed -i "1a $4" "$tmp/t/$3"
	if python3 "$top/tools/check-layers.py" x86_64 "$tmp/t" >/dev/null; then got=pass; else got=fail; fi
	if [ "$got" != "$2" ]; then
		echo "not ok - check-layers: $1 judged $got, expected $2"
		fails=$((fails + 1))
	fi
}

case_ clean pass "" ""
case_ base_includes_core fail kernel/base/string.c '#include "proc.h"'
case_ uma_includes_sys fail uma/copy.c '#include "sys/syscall.h"'
case_ arch_includes_uma fail arch/x86_64/uaccess.c '#include "uma/seh.h"'
case_ core_includes_sys fail kernel/proc.c '#include "sys/syscall.h"'
case_ same_folder_name fail kernel/fs/file.c '#include "inode.h"'
case_ unknown_header fail kernel/vm.c '#include "nosuch.h"'
case_ sys_includes_core pass kernel/sys/syscall.c '#include "proc.h"'

[ "$fails" = 0 ] && echo "tools: check-layers judged 8 cases correctly"
[ "$fails" = 0 ]
