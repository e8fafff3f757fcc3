#!/bin/sh
# tools/ksyms.sh NM KERNEL.ELF - the kernel's function symbols as assembly.
#
# Output: ksym_count and ksym_table[] = {address, name} sorted by address,
# which kernel/base/ksym.c searches to print "CopyFromUser+0x24" in reports.
# The Makefile links the kernel once with an empty table, runs this on the
# result, and links again with the real one: only .rodata grows, so the
# function addresses of the first link are the final ones.
set -eu
nm=$1 elf=$2
[ -s "$elf" ] || elf=/dev/null
"$nm" -n --defined-only "$elf" 2>/dev/null | awk '
	BEGIN { n = 0 }
	$2 ~ /^[tT]$/ && $3 !~ /^(__|\$)/ { addr[n] = $1; name[n] = $3; n++ }
	END {
		print "\t.section .rodata.ksyms, \"a\""
		print "\t.balign 8"
		print "\t.globl ksym_count"
		print "ksym_count:\t.quad " n + 0
		print "\t.globl ksym_table"
		print "ksym_table:"
		for (i = 0; i < n; i++)
			printf "\t.quad 0x%s, .Lname%d\n", addr[i], i
		for (i = 0; i < n; i++)
			printf ".Lname%d:\t.asciz \"%s\"\n", i, name[i]
	}'
