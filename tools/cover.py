#!/usr/bin/env python3
"""tools/cover.py - what `make cover` prints: kernel coverage after a run.

    tools/cover.py [-v] ARCH KERNEL_ELF LOG...

A coverage kernel (`make COVER=1`) booted with `kcov=record` keeps every
(system call, PC) pair that its system calls reached and prints them at
power-off (kernel/kcov.c, kcov_record_dump):

    kcov: record text=0xffffffff80000000 used=41234 dropped=0 slots=131072 edges=...
    kcov: 14 1a2b 1a40 ...        system call 14 (read) reached these PCs,
                                  as offsets from __text_start (hex)
    kcov: e 1a2b:1a40 ...         edges: PCs one system call reached one
                                  after the other (from:to)
    kcov: end

This script takes those lines from one or more serial logs (their union),
and the kernel ELF's symbol table (nm -l: each function's address, size and
source file, from the debug information) and disassembly (objdump -d: every
call to __sanitizer_cov_trace_pc, that is every PC that could be recorded),
and prints
  1. per file of kernel/ and uma/ that is instrumented: functions reached /
     functions in the file, and PCs (basic blocks) reached / in the file;
  2. per system call: how many functions and PCs it reached, and which
     functions of kernel/sys/ (all functions with -v);
  3. totals, and the system-call layer (kernel/sys/) on its own, with the
     edges (those that end in kernel/sys/ for the layer; a static count of
     all possible edges would need the control-flow graph, so edges have
     no denominator).
binutils for the right architecture (aarch64-linux-gnu-nm for ARM64).
"""
import bisect
import collections
import os
import re
import subprocess
import sys

TOP = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))


def tool(arch, name):
    return ("aarch64-linux-gnu-" if arch == "aarch64" else "") + name


def syscall_names():
    names = {}
    with open(os.path.join(TOP, "kernel/uapi/syscall_table.h")) as f:
        for m in re.finditer(r"^SYSCALL\(\s*(\d+),\s*(\w+)", f.read(), re.M):
            names[int(m.group(1))] = m.group(2)
    return names


def read_record(logs):
    """{nr: set of PCs}, the set of edges (from, to) and the header fields,
    from the logs' kcov: lines."""
    pcs = collections.defaultdict(set)
    edges = set()
    heads = []
    for log in logs:
        text, seen_end = None, False
        with open(log, errors="replace") as f:
            for line in f:
                if not line.startswith("kcov: "):
                    continue
                words = line.split()[1:]
                if words and words[0] == "record":
                    fields = dict(w.split("=", 1) for w in words[1:])
                    text = int(fields["text"], 16)
                    heads.append((log, fields))
                elif words == ["end"]:
                    seen_end = True
                elif text is not None and words and words[0] == "e":
                    for w in words[1:]:
                        a, b = w.split(":")
                        edges.add((text + int(a, 16), text + int(b, 16)))
                elif text is not None and words and words[0].isdigit():
                    nr = int(words[0])
                    pcs[nr].update(text + int(w, 16) for w in words[1:])
        if text is None:
            print(f"cover: {log}: no coverage record (was it a COVER=1 kernel booted "
                  f"with kcov=record that powered off?)")
        elif not seen_end:
            print(f"cover: {log}: the record is cut short (no 'kcov: end')")
    return pcs, edges, heads


def functions(arch, elf):
    """Sorted function list: (start, end, name, file relative to the tree)."""
    out = subprocess.run([tool(arch, "nm"), "-l", "-n", "-S", "--defined-only", elf],
                         check=True, capture_output=True, text=True).stdout
    funcs = []
    for line in out.splitlines():
        head, _, where = line.partition("\t")
        f = head.split()
        if len(f) != 4 or f[2] not in "tTW":
            continue
        start, size = int(f[0], 16), int(f[1], 16)
        path = os.path.relpath(where.rsplit(":", 1)[0], TOP) if where else "?"
        funcs.append((start, start + size, f[3], path))
    return funcs


def probe_sites(arch, elf):
    """Every PC the hook can record: the return address of each call to it."""
    out = subprocess.run([tool(arch, "objdump"), "-d", "--no-show-raw-insn", elf],
                         check=True, capture_output=True, text=True).stdout
    length = 4 if arch == "aarch64" else 5          # bl / call rel32
    return [int(m.group(1), 16) + length for m in
            re.finditer(r"^\s*([0-9a-f]+):\s+(?:call|bl)\s+[0-9a-f]+ <__sanitizer_cov_trace_pc>",
                        out, re.M)]


class Symbolizer:
    def __init__(self, funcs):
        self.funcs = funcs
        self.starts = [f[0] for f in funcs]

    def __call__(self, pc):
        i = bisect.bisect_right(self.starts, pc - 1) - 1     # pc is after the call
        if i >= 0 and self.funcs[i][0] < pc <= self.funcs[i][1]:
            return self.funcs[i]
        return None


def pct(a, b):
    return f"{100.0 * a / b:5.1f}%" if b else "    -"


def main(argv):
    verbose = "-v" in argv
    argv = [a for a in argv if a != "-v"]
    if len(argv) < 3:
        print(__doc__.split("\n\n")[1])
        return 2
    arch, elf, logs = argv[0], argv[1], argv[2:]
    record, edges, heads = read_record(logs)
    if not heads:
        return 1
    sym = Symbolizer(functions(arch, elf))
    sites = probe_sites(arch, elf)

    # What could be reached: per file, its instrumented functions and PCs.
    file_funcs, file_pcs = collections.defaultdict(set), collections.Counter()
    for pc in sites:
        fn = sym(pc)
        if fn:
            file_funcs[fn[3]].add(fn)
            file_pcs[fn[3]] += 1
    # What was reached: per file, per system call.
    hit_funcs, hit_pcs = collections.defaultdict(set), collections.defaultdict(set)
    call_funcs = collections.defaultdict(set)
    unknown = 0
    for nr, pcs in record.items():
        for pc in pcs:
            fn = sym(pc)
            if not fn:
                unknown += 1
                continue
            hit_funcs[fn[3]].add(fn)
            hit_pcs[fn[3]].add(pc)
            call_funcs[nr].add(fn)

    for log, h in heads:
        print(f"cover: {log}: {h.get('used')} (system call, PC) pairs, "
              f"{h.get('dropped')} dropped, {h.get('edges', '?')} edges, "
              f"{h.get('edges_dropped', '?')} dropped, {h.get('slots')} slots each")
    print(f"\n== functions reached, per file ({arch}; every file with instrumented code: kernel/, uma/, and headers whose inline functions were emitted out of line)")
    print(f"  {'file':34} {'functions':>13} {'':6}  {'PCs (blocks)':>13} {'':6}")
    tf = tr = tp = tq = 0
    for path in sorted(file_funcs):
        nf, rf = len(file_funcs[path]), len(hit_funcs[path])
        np_, rp = file_pcs[path], len(hit_pcs[path])
        tf, tr, tp, tq = tf + nf, tr + rf, tp + np_, tq + rp
        print(f"  {path:34} {rf:6} / {nf:<5} {pct(rf, nf)}  {rp:6} / {np_:<5} {pct(rp, np_)}")
    print(f"  {'total':34} {tr:6} / {tf:<5} {pct(tr, tf)}  {tq:6} / {tp:<5} {pct(tq, tp)}")

    names = syscall_names()
    print("\n== functions reached, per system call (kernel/sys/ functions named; -v: all)")
    for nr in sorted(names):
        fns = call_funcs.get(nr, set())
        npcs = len(record.get(nr, ()))
        shown = sorted(f[2] for f in fns if verbose or f[3].startswith("kernel/sys/"))
        print(f"  {nr:3} {names[nr]:18} {len(fns):4} functions {npcs:5} PCs  {' '.join(shown)}")
    never = [names[nr] for nr in sorted(names) if nr not in record]
    if never:
        print(f"  never called: {' '.join(never)}")

    sys_files = [p for p in file_funcs if p.startswith("kernel/sys/")]
    sf = sum(len(file_funcs[p]) for p in sys_files)
    sr = sum(len(hit_funcs[p]) for p in sys_files)
    sp = sum(file_pcs[p] for p in sys_files)
    sq = sum(len(hit_pcs[p]) for p in sys_files)
    into_sys = 0
    for _, to in edges:
        fn = sym(to)
        into_sys += bool(fn and fn[3].startswith("kernel/sys/"))
    print(f"\ncover: system-call layer (kernel/sys/): functions {sr}/{sf} ({pct(sr, sf).strip()}), "
          f"PCs (basic blocks) {sq}/{sp} ({pct(sq, sp).strip()}), edges into it {into_sys}")
    print(f"cover: kernel/ and uma/: functions {tr}/{tf} ({pct(tr, tf).strip()}), "
          f"PCs {tq}/{tp} ({pct(tq, tp).strip()}), edges {len(edges)}; "
          f"{len(record)} system calls seen; {unknown} PCs outside any function")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
