# tools/gdb-walk.gdb - one read() into a bad pointer, watched in gdb.
#
# Run by tools/gdb-walk.sh ARCH, which boots the kernel paused with
# "init=/bin/badread poweroff" and first defines for this architecture:
#   $bad                 the bad buffer /bin/badread passes to read()
#   break_user_entry     a (temporary) breakpoint on the first kernel instruction of a
#                        system call from user mode whose buffer is $bad
#   show_user_entry      the user's registers there: number and arguments
# Each "walk: ok" line below is checked by tools/gdb-walk.sh; a stop that
# does not happen stops this script (an error ends a gdb command file).
#
# Every stop is a tbreak, a breakpoint deleted once it has stopped the
# CPU. To continue from a breakpoint that is still there, gdb first
# single-steps over it; on a loaded host we once saw the breakpoint on
# trap_fixup_apply reported a second time, same arguments, right after
# such a continue. Continuing from a deleted breakpoint needs no step.

echo \n=== 1. Firmware, GRUB and the loader run; we stop at the kernel's first C function.\n
tbreak kmain
continue
if !$_caller_is("kmain", 0)
  echo walk: FAILED: not stopped in kmain\n
  quit 1
end
echo walk: ok kmain\n

echo \n=== 2. The kernel boots and runs /bin/badread; its read() enters the kernel.\n
break_user_entry
continue
show_user_entry
echo walk: ok user entry\n

echo \n=== 3. The dispatcher gets the number and the six argument words.\n
tbreak syscall_dispatch if a->arg[1] == $bad
continue
print/x *a
if a->nr != 14
  echo walk: FAILED: not system call 14 (read)\n
  quit 1
end
echo walk: ok syscall_dispatch\n

echo \n=== 4. sys_read reaches the accessor CopyToUser with the bad pointer.\n
break_copy_to_user
continue
backtrace
echo walk: ok CopyToUser\n

echo \n=== 5. Step into the architecture's copy primitive, arch_copy_to_user.\n
set $steps = 0
while $pc != (unsigned long)arch_copy_to_user && $steps < 20
  step
  set $steps = $steps + 1
end
if $pc != (unsigned long)arch_copy_to_user
  echo walk: FAILED: step did not reach arch_copy_to_user\n
  quit 1
end
x/8i $pc
echo walk: ok arch_copy_to_user\n

echo \n=== 6. Its store to the bad page faults; the trap handler finds the pc in the\n
echo ===    exception table and sends the CPU to the fixup.\n
tbreak trap_fixup_apply
continue
set $fixup = fixup
printf "faulting pc %#lx, fault address %#lx, fixup %#lx\n", pc, addr, fixup
x/i pc
info symbol fixup
echo walk: ok trap_fixup_apply\n

echo \n=== 7. Back from the trap, the CPU runs the fixup instead of the store.\n
tbreak *$fixup
continue
if $pc != $fixup
  echo walk: FAILED: not stopped at the fixup\n
  quit 1
end
x/4i $pc
echo walk: ok fixup\n

echo \n=== 8. CopyToUser raises an exception, read_regular's __except makes it -EFAULT;\n
echo ===    the system call returns -14 to the arch entry.\n
frame function syscall_run
finish
if $ != -14
  echo walk: FAILED: the system call did not return -EFAULT\n
  quit 1
end
echo walk: ok -EFAULT\n

echo \n=== 9. Let go: /bin/badread prints its result and the kernel powers off.\n
delete
detach
