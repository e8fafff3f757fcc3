#!/bin/sh
# tools/example2.sh [ARCH] - the seed's Example 2, read from the real binary.
#
# Disassembles the four functions of uma/examples/example2.c from
# build/ARCH/kernel.elf with that architecture's objdump and says, from the
# instructions themselves, how often each one reads Ptr->Size (the 4 bytes
# at the user pointer it was given):
#   - a plain version: every instruction that reads memory at Ptr+0 is a
#     direct read of user memory; two of them for one C statement mean the
#     compiler re-read the value the source copied into a local;
#   - a UMA version: the calls to Read*FromUser on Ptr+0, and the single
#     load inside ReadULongFromUser itself.
# Nothing below is canned: the counts, addresses and registers come from
# the disassembly, so a different compiler can change the verdict.
# Pointer tracking is a straight-line scan (copies of the argument register
# are followed; a call ends the caller-saved ones): enough for these small
# functions, not a general analysis.
set -eu
arch=${1:-x86_64}
cd "$(dirname "$0")/.."
case $arch in
x86_64)  objdump=objdump ;;
aarch64) objdump=aarch64-linux-gnu-objdump ;;
*) echo "usage: $0 [x86_64|aarch64]" >&2; exit 2 ;;
esac
elf=build/$arch/kernel.elf
[ -f "$elf" ] || { echo "$elf missing: run 'make ARCH=$arch' first" >&2; exit 1; }

exec python3 - "$arch" "$objdump" "$elf" <<'EOF'
import re, subprocess, sys

arch, objdump, elf = sys.argv[1:]
X86 = arch == "x86_64"
ARG0 = "rdi" if X86 else "x0"
ARGS = ["rdi", "rsi", "rdx", "rcx", "r8", "r9"] if X86 else ["x%d" % i for i in range(6)]
CALLER_SAVED = (set(ARGS) | {"rax", "r10", "r11"}) if X86 else {"x%d" % i for i in range(19)}
NOWRITE = re.compile(r"^(cmp|test|push|j|call|ret|nop|xchg|str|stp|b\b|b\.|bl|cb|tb|ccmp|ret|stur|sttr)")


def reg64(r):
    """Map a sub-register name to its full register (eax -> rax, w19 -> x19)."""
    r = r.lstrip("%")
    if not X86:
        return "x" + r[1:] if re.fullmatch(r"[wx]\d+", r) else r
    m = re.fullmatch(r"(r\d+)[dwb]?", r)
    if m:
        return m.group(1)
    legacy = {"ax": "rax", "bx": "rbx", "cx": "rcx", "dx": "rdx", "si": "rsi", "di": "rdi", "bp": "rbp", "sp": "rsp"}
    for k, v in legacy.items():
        if r in (k, "e" + k, "r" + k) or (len(k) == 2 and r in (k[0] + "l",)):
            return v
    return r


def disasm(fn):
    out = subprocess.run([objdump, "-d", "--no-show-raw-insn", "--disassemble=" + fn, elf],
                         capture_output=True, text=True, check=True).stdout
    insns = []
    for line in out.splitlines():
        m = re.match(r"^\s*([0-9a-f]+):\s+(\S+)\s*(.*?)\s*(//.*)?$", line)
        if m:
            insns.append((int(m.group(1), 16), m.group(2), m.group(3)))
    if not insns:
        sys.exit("example2: %s not found in %s (is uma/examples/example2.c built in?)" % (fn, elf))
    return insns


def mem_base(ops):
    """(base register, offset) of the memory operand, or None."""
    m = re.search(r"(-?0x[0-9a-f]+|\d+)?\(%(\w+)\)", ops) if X86 else \
        re.search(r"\[(\w+)(?:,\s*#(-?0x[0-9a-f]+|-?\d+))?\]", ops)
    if not m:
        return None
    off, base = (m.group(1), m.group(2)) if X86 else (m.group(2), m.group(1))
    return reg64(base), int(off, 0) if off else 0


def operands(ops):
    return [o.strip() for o in re.split(r",(?![^(\[]*[)\]])", ops) if o.strip()]


def dest(mn, ops):
    """Registers the instruction writes (roughly: enough to end an alias)."""
    if NOWRITE.match(mn):
        return []
    o = operands(ops)
    if not o:
        return []
    if X86:
        return [reg64(o[-1])] if o[-1].startswith("%") else []
    regs = [reg64(o[0])]
    if mn.startswith("ldp"):
        regs.append(reg64(o[1]))
    return regs


def scan(fn):
    """Direct reads of *Ptr, and calls (or tail calls) that get Ptr."""
    insns = disasm(fn)
    lo, hi = insns[0][0], insns[-1][0]
    alias = {ARG0}
    reads, calls = [], []
    scan.insns = insns
    for addr, mn, ops in insns:
        text = "%s %s" % (mn, re.sub(r"\s+", " ", ops))
        mb = mem_base(ops)
        if mb and mb[0] in alias and not mn.startswith(("lea", "st", "push")):
            reads.append((addr, text, mb[1], dest(mn, ops)))
        target = re.search(r"<([\w.]+)(\+0x[0-9a-f]+)?>", ops)
        dst_addr = re.match(r"([0-9a-f]+) <", ops)
        is_call = mn in ("call", "bl") or (
            mn in ("jmp", "b") and dst_addr and not lo <= int(dst_addr.group(1), 16) <= hi)
        if is_call and target:
            got = [r for r in ARGS if r in alias]
            calls.append((addr, target.group(1), got, mn in ("call", "bl")))
            alias -= CALLER_SAVED
            continue
        o = operands(ops) + ["", ""]
        src = o[0] if X86 else o[1]
        copies = mn == "mov" and reg64(src) in alias and (
            src.startswith("%r") or re.fullmatch(r"x\d+", src))
        for d in dest(mn, ops):
            alias.discard(d)
        if copies:
            alias |= set(dest(mn, ops))
    return reads, calls


def listing(fn, marks):
    """Print fn's instructions, offsets from its start, with marks[addr] beside them."""
    insns = disasm(fn)
    base = insns[0][0]
    print("  <%s>:" % fn)
    for a, mn, ops in insns:
        if mn == "nop" or (mn.startswith(("xchg", "nopw", "nopl")) and a != base):
            continue
        line = "    +0x%-3x %-7s %s" % (a - base, mn, re.sub(r"\s*//.*", "", ops))
        print("%-52s %s" % (line, marks.get(a, "")) if a in marks else line)
    return base


def size_reads(reads):
    return [(a, t, d) for a, t, off, d in reads if off == 0]


def accessor_load(fn):
    """The user-memory instruction(s) inside a UMA accessor."""
    insns = disasm(fn)
    if X86:
        out, open_ = [], False
        for addr, mn, ops in insns:
            open_ = True if mn == "stac" else False if mn == "clac" else open_
            if open_ and mn != "stac" and mem_base(ops):
                out.append((addr, "%s %s" % (mn, ops)))
        return out
    return [(a, "%s %s" % (mn, ops)) for a, mn, ops in insns if mn.startswith("ldtr")]


def report(plain, uma, what):
    print("== %s (%s) ==" % (what, arch), flush=True)
    reads, calls = scan(plain)
    sr = size_reads(reads)
    insns = scan.insns
    marks = {a: "<- reads Ptr->Size (user memory)" for a, _, _ in sr}
    for a, name, got, _ in calls:
        if got:
            marks[a] = "<- Ptr in %s%s" % ("/".join(got),
                                            ": a plain memcpy of user memory" if name == "memcpy" else "")
    base = listing(plain, marks)
    print("%s: %d instruction(s) read Ptr->Size straight from user memory." % (plain, len(sr)))
    if len(sr) > 1:
        print("  -> THE COMPILER RE-READ USER MEMORY: the source reads Ptr->Size once, into a local,")
        print("     and the binary reads it %d times. Another thread can change it between the read at" % len(sr))
        print("     +0x%x and the one at +0x%x: what was checked is not what is used."
              % (sr[0][0] - base, sr[-1][0] - base))
        last, used = sr[-1][2], None
        for a, mn, ops in insns:
            if a > sr[-1][0] and mn.startswith(("jmp", "br")) and "*" in ops + "*" and \
                    any(reg64(r) in last for r in re.findall(r"%(\w+)|\b([wx]\d+)\b", ops) for r in r if r):
                used = (a, "%s %s" % (mn, ops))
                break
        if used:
            print("     The second read's value indexes the jump at +0x%x:" % (used[0] - base))
            print("         %s" % used[1])
            print("     Only the first read was range-checked: a change in between jumps through memory past the table.")
    elif len(sr) == 1:
        a, _, d = sr[0]
        uses = [b for b, mn, ops in insns if b > a and not set(d) & set(dest(mn, ops)) and any(
            reg64(r) in d for r in re.findall(r"%?\b([a-z]+\d*[a-z]?)\b", ops))]
        after = [n for c, n, _, real in calls if a < c < max(uses or [0]) and real]
        print("  -> read once here, into %s." % ("/".join(d) or "a flag compare"), end=" ")
        if after:
            print("The value must survive the call to %s, which as far" % ", ".join(after))
            print("     as the compiler knows may change *Ptr, so it keeps its copy instead of reading again.")
            print("     Safe by the luck of the shape: no rule of C promises one read.")
        else:
            print("No call follows: the compiler was free to read again and")
            print("     chose not to this time. No rule of C promises one read.")
            if not X86:
                print("     (ARM64 compares registers only, so here a second read would cost an extra load.)")
    ureads, ucalls = scan(uma)
    acc = [(a, n) for a, n, got, _ in ucalls if re.fullmatch(r"Read\w+FromUser\w*", n) and got]
    marks = {a: "<- reads Ptr->Size directly (user memory)" for a, _, _ in size_reads(ureads)}
    for a, name, got, _ in ucalls:
        if got:
            marks[a] = "<- the one UMA read of Ptr->Size" if (a, name) in acc else \
                "<- Ptr in %s" % "/".join(got)
    print()
    listing(uma, marks)
    print("%s: %d direct read(s) of Ptr->Size, %d UMA read(s)." % (uma, len(size_reads(ureads)), len(acc)))
    print("  -> every later use of the size works on the register the accessor returned.")
    print()


report("Example2Plain", "Example2Uma", "the seed's Example 2: allocate, then copy")
report("Example2PlainDispatch", "Example2UmaDispatch", "the same idea, dispatching on the value")
loads = accessor_load("ReadULongFromUser")
listing("ReadULongFromUser", {a: "<- the user load" for a, _ in loads})
print("ReadULongFromUser itself: %d user load(s)." % len(loads))
if len(loads) == 1:
    print("  -> one load: the compiler may neither repeat nor drop it (a volatile access in inline")
    print("     assembly with an exception-table entry; tools/check-uaccess.py checks all 174 accessors).")
else:
    print("  -> expected exactly one: run tools/check-uaccess.py %s %s" % (arch, elf))
EOF
