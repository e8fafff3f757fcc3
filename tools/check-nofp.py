#!/usr/bin/env python3
"""tools/check-nofp.py ARCH KERNEL_ELF - the kernel uses no FP/SIMD register.

The kernel keeps each user thread's FP/SIMD registers in the CPU while the
thread is in the kernel and saves them only on a switch (docs/architecture.md,
"A thread's user registers"). That is only correct if no kernel code touches
those registers: the compiler is told so (-mgeneral-regs-only, -mno-sse), and
this check makes sure of it in the linked kernel, assembly files included.
Only the functions that save and load a thread's registers may name them.
"""
import re
import subprocess
import sys

# Instructions naming FP/SIMD state. x86-64: x87 st, MMX, XMM/YMM/ZMM, MXCSR
# and the save/restore instructions. ARM64: b/h/s/d/q/v/z/p registers,
# FPCR/FPSR.
PATTERNS = {
    "x86_64": re.compile(r"^f|%(xmm|ymm|zmm|mm)\d+|%st\b|(save|rstor)|mxcsr"),
    "aarch64": re.compile(r"\b[hsdqvzp]\d+\b|\bfp[cs]r\b"),
}
# The functions allowed to (inlined helpers land in their callers).
ALLOWED = {
    "x86_64": {"arch_context_switch", "arch_user_state_fork", "arch_user_state_reset",
               "user_state_save", "user_state_load", "x86_fp_save", "x86_fp_load"},
    "aarch64": {"fpsimd_save", "fpsimd_load"},
}


def main():
    arch, elf = sys.argv[1], sys.argv[2]
    objdump = "objdump" if arch == "x86_64" else "aarch64-linux-gnu-objdump"
    out = subprocess.run([objdump, "-d", "--no-show-raw-insn", elf],
                         capture_output=True, text=True, check=True).stdout
    func, bad, allowed_hits = "?", [], 0
    for line in out.splitlines():
        m = re.match(r"^[0-9a-f]+ <([^>]+)>:$", line)
        if m:
            func = m.group(1)
            continue
        if ":\t" not in line:
            continue
        # the instruction alone: no comment, no <symbol> reference
        insn = line.split(":\t", 1)[1].split("//")[0].split("#")[0]
        insn = re.sub(r"<[^>]*>", "", insn).strip()
        if not PATTERNS[arch].search(insn):
            continue
        if func.split(".")[0] in ALLOWED[arch]:
            allowed_hits += 1
        else:
            bad.append("%s: %s" % (func, line.strip()))
    if bad:
        print("check-nofp: %s: FP/SIMD registers used outside the context switch:" % arch)
        for b in bad[:20]:
            print("  " + b)
        return 1
    if allowed_hits == 0:
        print("check-nofp: %s: the context switch saves no FP/SIMD register: check broken?" % arch)
        return 1
    print("check-nofp: %s: no FP/SIMD register in the kernel outside the %d instructions that "
          "switch them" % (arch, allowed_hits))
    return 0


if __name__ == "__main__":
    sys.exit(main())
