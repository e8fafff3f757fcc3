#!/usr/bin/env python3
"""tools/check-uaccess.py ARCH KERNEL.ELF - check the user-access code in the binary.

What the compiler and assembler produced is what runs, so the rules UMA
relies on are checked on the disassembly of the linked kernel:

 (a) each of the 174 scalar accessors (named from the UMA_SCALAR_TYPES table
     in uma/usermode_accessors.h) exists and contains exactly one
     exception-table entry, on a single load or store instruction
     (x86: mov with a memory operand; ARM64: ldtr*/sttr*);
 (b) every exception-table entry and its fixup lie in .text.uaccess
     (between __uaccess_text_start and __uaccess_text_end);
 (c) no user-access window contains a call or a return: x86 STAC..CLAC,
     ARM64 `msr pan, #0` .. `msr pan, #1`; and no window is left open at
     the end of a function.
Prints one line per problem and exits 1 if there is any. Accessors that
have no entry because they call a bulk copy instead (the uaccess lab's
starting point, docs/labs/02-uaccess.md) are summed up in one line that
names the lab's region.
"""
import re
import struct
import subprocess
import sys


def elf_symbols_and_reader(path):
    """Return ({name: (value, size)}, read(va, n)) for a little-endian ELF64 file."""
    data = open(path, "rb").read()
    shoff, = struct.unpack_from("<Q", data, 0x28)
    shentsize, shnum = struct.unpack_from("<HH", data, 0x3A)
    sections = [struct.unpack_from("<IIQQQQIIQQ", data, shoff + i * shentsize) for i in range(shnum)]
    symbols = {}
    for (_, stype, _, _, off, size, link, _, _, entsize) in sections:
        if stype != 2:  # SHT_SYMTAB
            continue
        stroff = sections[link][4]
        for k in range(size // entsize):
            name, _, _, _, value, symsize = struct.unpack_from("<IBBHQQ", data, off + k * entsize)
            end = data.index(b"\0", stroff + name)
            symbols[data[stroff + name:end].decode()] = (value, symsize)

    def read(va, n):
        for (_, stype, _, addr, off, size, _, _, _, _) in sections:
            if stype == 1 and addr <= va and va + n <= addr + size:  # SHT_PROGBITS
                return data[off + va - addr: off + va - addr + n]
        raise ValueError("address %#x is not in the file" % va)
    return symbols, read


def scalar_accessor_names():
    text = open("uma/usermode_accessors.h").read()
    table = text[text.index("#define UMA_SCALAR_TYPES(X)"):]
    table = table[:table.index("\n\n")]
    names = re.findall(r"X\((\w+),", table)
    forms = ["Read%sFromUser", "Read%sFromUserAcquire", "Read%sFromMode",
             "Write%sToUser", "Write%sToUserRelease", "Write%sToMode"]
    return [f % n for n in names for f in forms]


def disassemble(objdump, path, start, stop):
    """[(address, mnemonic, operands, function)] for [start, stop)."""
    out = subprocess.run([objdump, "-d", "--no-show-raw-insn", "--start-address=%#x" % start,
                          "--stop-address=%#x" % stop, path],
                         check=True, capture_output=True, text=True).stdout
    insns, func = [], None
    for line in out.splitlines():
        m = re.match(r"^([0-9a-f]+) <(.+)>:$", line)
        if m:
            func = m.group(2)
            continue
        m = re.match(r"^\s*([0-9a-f]+):\s+(\S+)\s*(.*)$", line)
        if m:
            insns.append((int(m.group(1), 16), m.group(2), m.group(3), func))
    return insns


def bulk_call(insns, syms, lo, size, depth=0):
    """The arch_copy_* routine the function at [lo, lo+size) calls, if any,
    also through a jump to another function (the compiler merges identical
    accessors into one body and a jump to it: -fipa-icf)."""
    for (a, m, o, _) in insns:
        if not lo <= a < lo + size:
            continue
        if (m.startswith("call") or m == "bl") and "arch_copy_" in o:
            return o
        t = re.match(r"^([0-9a-f]+) <(\w+)>$", o)
        if depth == 0 and (m.startswith("jmp") or m == "b") and t and t.group(2) in syms:
            tlo, tsize = syms[t.group(2)]
            if tlo != lo:
                found = bulk_call(insns, syms, tlo, tsize, 1)
                if found:
                    return found
    return None


def main():
    arch, elf = sys.argv[1], sys.argv[2]
    objdump = "objdump" if arch == "x86_64" else "aarch64-linux-gnu-objdump"
    syms, read = elf_symbols_and_reader(elf)
    problems = []

    ex_start, ex_end = syms["__extable_start"][0], syms["__extable_end"][0]
    raw = read(ex_start, ex_end - ex_start)
    table = [struct.unpack_from("<QQ", raw, i) for i in range(0, len(raw), 16)]
    ua_start, ua_end = syms["__uaccess_text_start"][0], syms["__uaccess_text_end"][0]
    insns = disassemble(objdump, elf, ua_start, ua_end)
    by_addr = {a: (mn, ops) for (a, mn, ops, _) in insns}

    # (b) entries and fixups inside .text.uaccess
    for insn, fixup in table:
        for what, addr in (("instruction", insn), ("fixup", fixup)):
            if not ua_start <= addr < ua_end:
                problems.append("(b) exception-table %s %#x is outside .text.uaccess" % (what, addr))

    # (a) one entry per scalar accessor, on one load/store of user memory
    if arch == "x86_64":
        is_access = lambda mn, ops: mn.startswith("mov") and "(" in ops
    else:
        is_access = lambda mn, ops: re.match(r"^(ldtr|sttr)", mn) is not None
    names = scalar_accessor_names()
    if len(names) != 174:
        problems.append("(a) the UMA_SCALAR_TYPES table gives %d accessors, not 174" % len(names))
    calls_bulk = []      # accessors with no entry of their own that call a bulk copy instead
    for name in names:
        if name not in syms:
            problems.append("(a) %s is missing from the kernel" % name)
            continue
        lo, size = syms[name]
        entries = [i for (i, _) in table if lo <= i < lo + size]
        if not entries:
            callee = bulk_call(insns, syms, lo, size)
            if callee:
                calls_bulk.append((name, callee))
                continue
        if len(entries) != 1:
            problems.append("(a) %s has %d exception-table entries, expected 1" % (name, len(entries)))
            continue
        mn, ops = by_addr.get(entries[0], ("?", ""))
        if not is_access(mn, ops):
            problems.append("(a) %s: the listed instruction is `%s %s`, not a user load/store" % (name, mn, ops))
        accesses = [a for (a, m, o, _) in insns if lo <= a < lo + size and is_access(m, o)
                    and (arch != "x86_64" or a in entries)]
        if arch != "x86_64" and len(accesses) != 1:
            problems.append("(a) %s has %d unprivileged accesses, expected 1" % (name, len(accesses)))

    if calls_bulk:
        # The uaccess lab's starting point: one summary instead of 174 lines.
        name, callee = calls_bulk[0]
        target = re.search(r"<(\w+)", callee)
        problems.append(
            "(a) %d of the %d scalar accessors have no exception-table entry of their own: they "
            "call a bulk copy instead (e.g. %s calls %s). That is the uaccess lab's stub in "
            "arch/%s/include/asm/uaccess.h (LAB uaccess BEGIN): write __ULOAD and __USTORE so that "
            "each accessor does its one access itself, %s with an __ex_table entry "
            "(docs/labs/02-uaccess.md)"
            % (len(calls_bulk), len(names), name, target.group(1) if target else callee, arch,
               "STAC, one mov, CLAC," if arch == "x86_64" else "one LDTR/STTR"))

    # (c) windows: no call/ret inside, none left open at the end of a function
    if arch == "x86_64":
        opens = lambda mn, ops: mn == "stac"
        closes = lambda mn, ops: mn == "clac"
        leaves = lambda mn, ops: (mn.startswith("call") or mn.startswith("ret")
                                  or (mn.startswith("jmp") and "<" not in ops))  # indirect jump
    else:
        opens = lambda mn, ops: mn == "msr" and re.match(r"pan, #0x0\b", ops) is not None
        closes = lambda mn, ops: mn == "msr" and re.match(r"pan, #0x1\b", ops) is not None
        leaves = lambda mn, ops: mn in ("bl", "blr", "ret", "br")
    open_at, func = None, None
    for (addr, mn, ops, f) in insns:
        if f != func:
            if open_at is not None:
                problems.append("(c) %s: window opened at %#x is still open at the end" % (func, open_at))
            open_at, func = None, f
        if opens(mn, ops):
            open_at = addr
        elif closes(mn, ops):
            open_at = None
        elif open_at is not None and leaves(mn, ops):
            problems.append("(c) %s: `%s` at %#x inside the user-access window opened at %#x"
                            % (f, mn, addr, open_at))
    if open_at is not None:
        problems.append("(c) %s: window opened at %#x is still open at the end" % (func, open_at))

    for p in problems:
        print("check-uaccess: " + p)
    if not problems:
        print("check-uaccess: %s: %d accessors with one listed access each, %d table entries in "
              ".text.uaccess, no call or return inside a user-access window"
              % (arch, len(names), len(table)))
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
