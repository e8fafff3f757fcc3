#!/usr/bin/env python3
"""tools/grade.py - grade the labs, and prove them (docs/labs/README.md).

    tools/grade.py [LAB...]     grade: boot what each lab needs, print every test with its
                                points, `Score: N/M` and `N passed, N failed`; exit 0 only on
                                full marks. No LAB: the lab of this starting point (its .lab
                                file), or every lab in the full tree.
    tools/grade.py --prove [LAB...]
                                what `make test` runs: each lab grades full marks here, and
                                its starting point (tools/lab.py export) builds and boots on
                                both architectures, passes every test outside the lab, and
                                fails the lab's own.

Each lab's handout, docs/labs/NN-name.md, ends its "What the grader checks" section with the
block the grader reads:

    ```grade
    boot doublefetch                          (optional: kernel command-line words)
    10  both     ktest  copy_partial_page     Step 3: the fault tail
    8   x86_64   user   t_procinfo            Step 2: the kernel side
    5   aarch64  check  -                     Step 4: the disassembly check
    ```

points, the architectures (both = each of them), the kind of test (ktest: a kernel
self-test by name; user: a program in usertests/tests; check: `make ARCH=a check` passes)
and the handout section a failure points to. GRADE_TIMEOUT=F multiplies every timeout
(a slow laptop: GRADE_TIMEOUT=3).
"""
import os
import re
import shutil
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import lab as labs_mod  # noqa: E402

TOP = labs_mod.TOP
ARCHS = ("x86_64", "aarch64")
try:
    FACTOR = float(os.environ.get("GRADE_TIMEOUT") or 1)
    assert FACTOR > 0
except (ValueError, AssertionError):
    sys.exit("grade: GRADE_TIMEOUT is a factor for every timeout, e.g. GRADE_TIMEOUT=3")
RESULT = re.compile(r"^(ok|not ok) \d+ - (.+?)(?: \(\d+ ms\))?( # SKIP.*)?$")
DETAIL = re.compile(r"^(# FAIL|\s+not ok|\s+# |LAB |KERNEL |  [a-z].*(fault|violation)|#   )")


class Item:
    def __init__(self, points, arch, kind, name, section):
        self.points, self.arch, self.kind, self.name, self.section = points, arch, kind, name, section
        self.ok, self.happened = False, []

    def label(self):
        return f"{self.arch:7} {self.kind:5} {self.name if self.kind != 'check' else 'make check'}"


def parse(lab):
    """(boot words, [Item per arch]) from the lab's handout."""
    number, path = labs_mod.handouts()[lab]
    text = open(path).read()
    m = re.search(r"```grade\n(.*?)```", text, re.S)
    if not m:
        raise labs_mod.LabError(f"{path}: no ```grade block")
    boot, items = [], []
    for n, line in enumerate(m.group(1).split("\n")):
        f = line.split()
        if not f or f[0].startswith("#"):
            continue
        if f[0] == "boot":
            boot += f[1:]
            continue
        if len(f) < 5 or not f[0].isdigit() or f[1] not in ARCHS + ("both",) \
                or f[2] not in ("ktest", "user", "check"):
            raise labs_mod.LabError(f"{path}: grade block line {n + 1}: "
                                    f"want POINTS ARCH KIND NAME SECTION: {line!r}")
        for a in (ARCHS if f[1] == "both" else (f[1],)):
            items.append(Item(int(f[0]), a, f[2], f[3], " ".join(f[4:])))
    return boot, items


def make(top, arch, target, log=None):
    if log:
        os.makedirs(os.path.dirname(log), exist_ok=True)
    out = open(log, "w") if log else subprocess.DEVNULL
    r = subprocess.run(["make", "--no-print-directory", "-C", top, f"ARCH={arch}", target],
                       stdout=out, stderr=subprocess.STDOUT)
    return r.returncode == 0


def boot(top, runs):
    """Boot each (arch, name, cmdline, timeout) at once; return {arch: log lines}."""
    procs = []
    for arch, name, cmdline, timeout in runs:
        env = dict(os.environ, NAME=name, CMDLINE=cmdline, TIMEOUT=str(int(timeout * FACTOR)))
        procs.append((arch, name, subprocess.Popen([os.path.join(top, "tools/qemu.sh"), arch, "test"],
                                                   env=env, stdout=subprocess.DEVNULL,
                                                   stderr=subprocess.DEVNULL)))
    logs = {}
    for arch, name, p in procs:
        p.wait()
        base = os.path.join(top, "build", arch, name)
        rc = open(base + ".rc").read().strip() if os.path.exists(base + ".rc") else "?"
        lines = open(base + ".log", errors="replace").read().split("\n") \
            if os.path.exists(base + ".log") else []
        if rc == "124":
            lines.append(f"(QEMU was stopped after {int(FACTOR * runs[0][3])} s: "
                         "try GRADE_TIMEOUT=3 on a slow machine)")
        logs[arch] = lines
    return logs


def results(lines):
    """{test name: (ok, skipped, the lines that led to it)} of a log's top-level TAP results."""
    res, block = {}, []
    for line in lines:
        m = RESULT.match(line)
        if m:
            name = m.group(2).split()[0]                   # "t_sched (exit status 1)"
            res[name] = (m.group(1) == "ok" and not m.group(3), bool(m.group(3)), block)
            block = []
        elif not line.startswith("1.."):
            block.append(line)
    return res


def judge(item, res, lines):
    """Set item.ok and item.happened from the log of its architecture."""
    if item.name not in res:
        tail = [l for l in lines if DETAIL.match(l)][-8:] or lines[-6:]
        item.happened = ["it never ran: the boot ended before it. The end of the log:"] + tail
        return
    ok, skipped, block = res[item.name]
    item.ok = ok
    if not ok:
        item.happened = (["it was skipped"] if skipped else []) + \
            counted([l.strip() for l in block if DETAIL.match(l)])[:14]


def counted(lines):
    """Each distinct line once, in order, with "(N times)" if it came again."""
    seen = {}
    for l in lines:
        seen[l] = seen.get(l, 0) + 1
    return [l + (f"  ({n} times)" if n > 1 else "") for l, n in seen.items()]


def grade_items(top, lab, boot_words, items, quiet=False):
    """Build, boot and judge; return (score, total)."""
    archs = [a for a in ARCHS if any(i.arch == a for i in items)]
    say = (lambda m: None) if quiet else (lambda m: print(m, flush=True))
    for a in archs:
        log = f"build/grade-{lab}-{a}-build.log"
        say(f"grade: building {a} (log: {log})")
        if not make(top, a, "all", os.path.join(top, log)):
            tail = open(os.path.join(top, log)).read().split("\n")[-15:]
            raise labs_mod.LabError(f"the {a} build failed ({log}):\n" + "\n".join(tail))
    runs = []
    for a in archs:
        kt = [i.name for i in items if i.arch == a and i.kind == "ktest"]
        ut = [i.name for i in items if i.arch == a and i.kind == "user"]
        if kt or ut:
            words = ([f"ktest={','.join(kt)}"] if kt else []) + boot_words
            words += ["init=/bin/usertests", "poweroff", "--"] + ut if ut else []
            runs.append((a, f"grade-{lab}", " ".join(words), 120 + 30 * len(ut)))
    say(f"grade: booting {' and '.join(r[0] for r in runs)} with the lab's tests "
        f"(logs: build/ARCH/grade-{lab}.log)" if runs else "grade: nothing to boot")
    logs = boot(top, runs) if runs else {}
    for i in items:
        if i.kind == "check":
            log = os.path.join(top, "build", i.arch, f"grade-{lab}-check.log")
            i.ok = make(top, i.arch, "check", log)
            if not i.ok:
                i.happened = [l for l in open(log).read().split("\n") if l.strip()][-10:]
        else:
            judge(i, results(logs.get(i.arch, [])), logs.get(i.arch, []))
    return report(lab, items, quiet)


def report(lab, items, quiet):
    number, path = labs_mod.handouts()[lab]
    score, total = sum(i.points for i in items if i.ok), sum(i.points for i in items)
    if not quiet:
        print(f"== lab {lab} ({os.path.relpath(path, TOP)})")
        for i in items:
            print(f"  {i.label():48} {i.points if i.ok else 0:3}/{i.points:<3} {'ok' if i.ok else 'FAILED'}")
            if not i.ok:
                what = {"ktest": f"the kernel self-test {i.name} passes",
                        "user": f"the user test program {i.name} passes every check",
                        "check": "make check passes on " + i.arch}[i.kind]
                print(f"      expected: {what}")
                for n, l in enumerate(i.happened or ["(no output)"]):
                    print(f"      {'happened: ' if n == 0 else '          '}{l.strip()[:150]}")
                print(f"      help:     {os.path.relpath(path, TOP)}, section \"{i.section}\"")
    return score, total


def grade(names):
    total_score = total = passed = failed = 0
    for lab in names:
        boot_words, items = parse(lab)
        s, t = grade_items(TOP, lab, boot_words, items)
        total_score, total = total_score + s, total + t
        passed += sum(1 for i in items if i.ok)
        failed += sum(1 for i in items if not i.ok)
    print(f"Score: {total_score}/{total}")
    print(f"{passed} passed, {failed} failed")
    return 0 if total_score == total else 1


def seed_build(dest):
    """Copy this tree's build into a starting point, times kept: only the cut files rebuild."""
    skip = shutil.ignore_patterns("*.img", "*.fd", "*.log", "*.raw", "*.rc", "*.err", "*.pid",
                                  "initrd-root", "*.txt", "*.csv")
    for d in ("sysroot-arm64", "tools") + ARCHS:
        src = os.path.join(TOP, "build", d)
        if os.path.isdir(src):
            shutil.copytree(src, os.path.join(dest, "build", d), ignore=skip, symlinks=True)


def prove(lab):
    """The lab's three promises; returns a list of what failed (empty: proven)."""
    bad = []
    boot_words, items = parse(lab)
    s, t = grade_items(TOP, lab, boot_words, items, quiet=True)
    if s != t:
        bad.append(f"the full tree grades {s}/{t}, not full marks (run: make grade LAB={lab})")
    dest = os.path.join(TOP, "build", "labs", lab)
    shutil.rmtree(dest, ignore_errors=True)
    subprocess.run([sys.executable, os.path.join(TOP, "tools/lab.py"), "export", lab, dest],
                   check=True, stdout=subprocess.DEVNULL)
    seed_build(dest)
    archs = sorted({i.arch for i in items}, key=ARCHS.index)
    builds = [subprocess.Popen(["make", "--no-print-directory", "-C", dest, f"ARCH={a}", "all"],
                               stdout=open(os.path.join(dest, "build", f"build-{a}.log"), "w"),
                               stderr=subprocess.STDOUT) for a in archs]
    for a, p in zip(archs, builds):
        if p.wait():
            bad.append(f"the starting point does not build on {a}: {dest}/build/build-{a}.log")
    if bad:
        return bad, None
    logs = boot(dest, [(a, "test", " ".join(["ktest=all"] + boot_words + ["init=/bin/usertests"]), 240)
                       for a in archs])
    mine = {(i.arch, i.name) for i in items}
    outside = 0
    for a in archs:
        lines = logs[a]
        res = results(lines)
        plans = sum(int(l[3:].split()[0]) for l in lines if re.match(r"^1\.\.\d+", l))
        if plans == 0 or len(res) < plans:
            bad.append(f"{a}: the starting point's suite did not finish ({len(res)} of {plans} "
                       f"results): {dest}/build/{a}/test.log")
        if any(l.startswith("KERNEL PANIC") for l in lines):
            bad.append(f"{a}: the starting point's kernel panicked: {dest}/build/{a}/test.log")
        for name, (ok, _, _) in res.items():
            if (a, name) in mine:
                continue
            outside += 1
            if not ok:
                bad.append(f"{a}: {name} fails in the starting point but is not one of the lab's tests")
    for i in items:
        i.ok, i.happened = False, []
        if i.kind == "check":
            i.ok = make(dest, i.arch, "check", os.path.join(dest, "build", f"check-{i.arch}.log"))
        else:
            judge(i, results(logs[i.arch]), logs[i.arch])
    s, t = report(lab, items, quiet=True)
    if s == t:
        bad.append(f"the starting point grades full marks ({s}/{t}): the lab asks for nothing")
    return bad, (outside, s, t)


def prove_all(names):
    """Prove each lab; one TAP line each, on the terminal and in build/host/labs.log
    (with labs.rc), which tools/tap-summary.sh counts into make test's last line."""
    log = os.path.join(TOP, "build", "host", "labs.log")
    os.makedirs(os.path.dirname(log), exist_ok=True)
    if os.path.exists(log):
        os.remove(log)
    if not names:
        print("labs: none to prove (no docs/labs/NN-name.md)")
        return 0
    tap, failed = [f"1..{len(names)}"], 0
    for n, lab in enumerate(names, 1):
        try:
            bad, counts = prove(lab)
        except labs_mod.LabError as e:
            bad, counts = [str(e)], None
        if bad:
            failed += 1
            lines = [f"not ok {n} - lab {lab}"] + [f"#   {b}" for b in bad]
        else:
            outside, s, t = counts
            lines = [f"ok {n} - lab {lab}: full marks in the full tree; its starting point builds "
                     f"and boots, {outside} tests outside it pass, it grades {s}/{t}"]
        print("\n".join(lines), flush=True)
        tap += lines
    with open(log, "w") as f:
        f.write("\n".join(tap) + "\n")
    with open(os.path.join(TOP, "build", "host", "labs.rc"), "w") as f:
        f.write(f"{1 if failed else 0}\n")
    return 1 if failed else 0


def main(argv):
    args = argv[1:]
    proving = bool(args) and args[0] == "--prove"
    args = [a for a in args if a != "--prove"]
    known = labs_mod.handouts()
    own = labs_mod.starting_point_of()
    names = args or ([own] if own else sorted(known, key=lambda n: known[n][0]))
    for n in names:
        if n not in known:
            print(f"grade: no lab named '{n}'. " + labs_mod.listing(known))
            return 2
    if proving:
        if own:
            print("grade: a starting point cannot prove its lab (the solution is not here)")
            return 2
        return prove_all(names)
    return grade(names)


if __name__ == "__main__":
    try:
        sys.exit(main(sys.argv))
    except labs_mod.LabError as e:
        print(f"grade: {e}", file=sys.stderr)
        sys.exit(2)
