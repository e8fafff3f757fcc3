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
import copy
import os
import re
import shutil
import subprocess
import sys
import threading
import time

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


def boot(top, runs, slots=None):
    """Boot each (arch, name, cmdline, timeout) at once, or each as a slot is free (slots: a
    Semaphore shared with other work); return {arch: log lines}."""
    if slots is None:
        procs = [(arch, name, timeout, start_qemu(top, arch, name, cmdline, timeout))
                 for arch, name, cmdline, timeout in runs]
        return {arch: qemu_log(top, arch, name, timeout, p) for arch, name, timeout, p in procs}
    logs = {}

    def one(arch, name, cmdline, timeout):
        with slots:
            logs[arch] = qemu_log(top, arch, name, timeout,
                                  start_qemu(top, arch, name, cmdline, timeout))
    threads = [threading.Thread(target=one, args=r) for r in runs]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return logs


def start_qemu(top, arch, name, cmdline, timeout):
    env = dict(os.environ, NAME=name, CMDLINE=cmdline, TIMEOUT=str(int(timeout * FACTOR)))
    return subprocess.Popen([os.path.join(top, "tools/qemu.sh"), arch, "test"], env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def qemu_log(top, arch, name, timeout, proc):
    """Wait for a boot of start_qemu; its log lines."""
    proc.wait()
    base = os.path.join(top, "build", arch, name)
    rc = open(base + ".rc").read().strip() if os.path.exists(base + ".rc") else "?"
    lines = open(base + ".log", errors="replace").read().split("\n") \
        if os.path.exists(base + ".log") else []
    if rc == "124":
        lines.append(f"(QEMU was stopped after {int(FACTOR * timeout)} s: "
                     "try GRADE_TIMEOUT=3 on a slow machine)")
    return lines


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


def grade_items(top, lab, boot_words, items, quiet=False, built=False, logs=None, checks=None,
                slots=None):
    """Build (unless built), boot and judge; return (score, total). logs: {arch: lines} of
    boots already made that ran the lab's tests (reuse_suite_log): those are not booted
    again. checks: the `make check` runs made or started already (Checks)."""
    archs = [a for a in ARCHS if any(i.arch == a for i in items)]
    say = (lambda m: None) if quiet else (lambda m: print(m, flush=True))
    logs = dict(logs or {})
    for a in archs if not built else ():
        log = f"build/grade-{lab}-{a}-build.log"
        say(f"grade: building {a} (log: {log})")
        if not make(top, a, "all", os.path.join(top, log)):
            tail = open(os.path.join(top, log)).read().split("\n")[-15:]
            raise labs_mod.LabError(f"the {a} build failed ({log}):\n" + "\n".join(tail))
    runs = []
    for a in archs:
        kt = [i.name for i in items if i.arch == a and i.kind == "ktest"]
        ut = [i.name for i in items if i.arch == a and i.kind == "user"]
        if (kt or ut) and a not in logs:
            words = ([f"ktest={','.join(kt)}"] if kt else []) + boot_words
            words += ["init=/bin/usertests", "poweroff", "--"] + ut if ut else []
            runs.append((a, f"grade-{lab}", " ".join(words), 120 + 30 * len(ut)))
    say(f"grade: booting {' and '.join(r[0] for r in runs)} with the lab's tests "
        f"(logs: build/ARCH/grade-{lab}.log)" if runs else "grade: nothing to boot")
    logs.update(boot(top, runs, slots) if runs else {})
    checks = Checks() if checks is None else checks
    for i in items:
        if i.kind == "check":
            i.ok, log = checks.result(top, i.arch, os.path.join(top, "build", i.arch,
                                                                f"grade-{lab}-check.log"))
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
                                  "initrd-root", "*.txt", "*.csv", "autoboot-*.cfg")
    for d in ("sysroot-arm64", "tools") + ARCHS:
        src = os.path.join(TOP, "build", d)
        if os.path.isdir(src):
            shutil.copytree(src, os.path.join(dest, "build", d), ignore=skip, symlinks=True)


class Checks:
    """`make ARCH=a check` once per tree and architecture, however many lab items ask for it
    (a tree does not change while it is graded), started at once in the background with
    start() or on first use with result()."""

    def __init__(self, slots=None):
        self.lock, self.runs, self.slots = threading.Lock(), {}, slots

    def start(self, top, arch, log):
        with self.lock:
            if (top, arch) not in self.runs:
                t = threading.Thread(target=self._run, args=(top, arch, log))
                self.runs[(top, arch)] = [t, None, log]
                t.start()
            return self.runs[(top, arch)]

    def _run(self, top, arch, log):
        if self.slots:
            with self.slots:
                ok = make(top, arch, "check", log)
        else:
            ok = make(top, arch, "check", log)
        self.runs[(top, arch)][1] = ok

    def result(self, top, arch, log):
        """(passed, its log)"""
        run = self.start(top, arch, log)
        run[0].join()
        return run[1], run[2]


def suite_cmdline(boot_words):
    """The command line of a whole-suite boot with the lab's boot words."""
    return " ".join(["ktest=all"] + boot_words + ["init=/bin/usertests"])


def logged_boot(lines):
    """(command line, CPUs online) that a kernel log says it booted with."""
    cmd = cpus = None
    for l in lines:
        m = re.match(r'^kernel: entered at \S+ command line "(.*)"$', l)
        if m and cmd is None:
            cmd = m.group(1)
        m = re.match(r"^smp: (\d+) CPUs? online", l)
        if m and cpus is None:
            cpus = m.group(1)
    return cmd, cpus


def reuse_suite_log(arch, boot_words):
    """make test boots the full tree with the whole suite (tools/run-tests.sh) just before
    it proves the labs. Where one of its boots had exactly the command line and the CPUs a
    whole-suite boot with this lab's boot words would have, and is newer than the image it
    booted, it ran every test of the lab in this very kernel: its log is judged instead of
    booting again. Else None."""
    img = os.path.join(TOP, "build", arch, "esp.img")
    want = (suite_cmdline(boot_words), os.environ.get("SMP") or "4")   # tools/qemu.sh's default
    for name in ("test", "noprot"):
        base = os.path.join(TOP, "build", arch, name)
        try:
            if os.path.getmtime(base + ".log") <= os.path.getmtime(img) or \
                    open(base + ".rc").read().strip() == "124":
                continue
            lines = open(base + ".log", errors="replace").read().split("\n")
        except OSError:
            continue
        if logged_boot(lines) == want:
            return lines
    return None


class Proof:
    """One lab's proof: what failed so far, and what it took."""

    def __init__(self, lab):
        self.lab = lab
        self.bad, self.counts, self.logs, self.times = [], None, {}, []
        self.boot_words, self.items = [], []
        self.dest = os.path.join(TOP, "build", "labs", lab)
        self.archs = []
        self.full_done, self.start_done = threading.Event(), threading.Event()

    def took(self, what, t0):
        self.times.append(f"{what} {time.time() - t0:.0f} s")

    def tap(self, n):
        if self.bad:
            return [f"not ok {n} - lab {self.lab}"] + [f"#   {b}" for b in self.bad]
        outside, s, t = self.counts
        return [f"ok {n} - lab {self.lab}: full marks in the full tree; its starting point builds "
                f"and boots, {outside} tests outside it pass, it grades {s}/{t}"]


def prove_full_tree(p, checks, reused, slots):
    """Promise 1: the lab grades full marks in the full tree (built already)."""
    t0 = time.time()
    logs = {}
    for a in p.archs:
        lines = reuse_suite_log(a, p.boot_words)
        if lines is not None:
            logs[a] = lines
            reused.add(a)
    s, t = grade_items(TOP, p.lab, p.boot_words, p.items, quiet=True, built=True,
                       logs=logs, checks=checks, slots=slots)
    if s != t:
        p.bad.append(f"the full tree grades {s}/{t}, not full marks (run: make grade LAB={p.lab})")
    p.took("full tree" + (" (make test's boot judged)" if logs else ""), t0)


def prepare(p, slots):
    """Export the starting point, seed its build, build it on each architecture (a slot each)."""
    t0 = time.time()
    shutil.rmtree(p.dest, ignore_errors=True)
    subprocess.run([sys.executable, os.path.join(TOP, "tools/lab.py"), "export", p.lab, p.dest],
                   check=True, stdout=subprocess.DEVNULL)
    seed_build(p.dest)

    def build(a):
        with slots:
            if not make(p.dest, a, "all", os.path.join(p.dest, "build", f"build-{a}.log")):
                p.bad.append(f"the starting point does not build on {a}: {p.dest}/build/build-{a}.log")
    threads = [threading.Thread(target=build, args=(a,)) for a in p.archs]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    p.took("starting point built", t0)


def boot_starting_point(p, arch, slots):
    """Promise 2's boot: the whole suite on the starting point (one QEMU slot)."""
    with slots:
        t0 = time.time()
        proc = start_qemu(p.dest, arch, "test", suite_cmdline(p.boot_words), 240)
        p.logs[arch] = qemu_log(p.dest, arch, "test", 240, proc)
        p.took(f"{arch} booted", t0)


def judge_starting_point(p, checks):
    """Promises 2 and 3 from the starting point's logs."""
    items = [copy.copy(i) for i in p.items]        # the full tree's grading has its own
    mine = {(i.arch, i.name) for i in items}
    outside = 0
    for a in p.archs:
        lines = p.logs[a]
        res = results(lines)
        plans = sum(int(l[3:].split()[0]) for l in lines if re.match(r"^1\.\.\d+", l))
        if plans == 0 or len(res) < plans:
            p.bad.append(f"{a}: the starting point's suite did not finish ({len(res)} of {plans} "
                         f"results): {p.dest}/build/{a}/test.log")
        if any(l.startswith("KERNEL PANIC") for l in lines):
            p.bad.append(f"{a}: the starting point's kernel panicked: {p.dest}/build/{a}/test.log")
        for name, (ok, _, _) in res.items():
            if (a, name) in mine:
                continue
            outside += 1
            if not ok:
                p.bad.append(f"{a}: {name} fails in the starting point but is not one of the lab's tests")
    for i in items:                                # both architectures' checks at once
        if i.kind == "check":
            checks.start(p.dest, i.arch, os.path.join(p.dest, "build", f"check-{i.arch}.log"))
    for i in items:
        i.ok, i.happened = False, []
        if i.kind == "check":
            i.ok = checks.result(p.dest, i.arch, os.path.join(p.dest, "build", f"check-{i.arch}.log"))[0]
        else:
            judge(i, results(p.logs[i.arch]), p.logs[i.arch])
    s, t = report(p.lab, items, quiet=True)
    if s == t:
        p.bad.append(f"the starting point grades full marks ({s}/{t}): the lab asks for nothing")
    p.counts = (outside, s, t)


def prove_starting_points(proofs, checks, slots):
    """Promises 2 and 3 for every lab, overlapped: a lab is cut and built while others boot,
    and judged as soon as its boots are done. Every build, boot and check takes one of the
    slots (GRADE_JOBS, default 2: the host's cores), so the host runs as many at once as
    before, only with no core left idle. Returns the threads."""
    lock, threads = threading.Lock(), []

    def run(p, arch, left):
        try:
            boot_starting_point(p, arch, slots)
        except Exception as e:                     # noqa: BLE001 - reported, not lost
            p.bad.append(f"{arch}: booting the starting point: {e}")
        with lock:
            left.remove(arch)
            last = not left
        if last:
            try:
                judge_starting_point(p, checks)
            except Exception as e:                 # noqa: BLE001
                p.bad.append(f"judging the starting point: {e}")
            p.start_done.set()

    for p in proofs:
        bad = len(p.bad)
        try:
            if p.items:                            # else its handout did not parse: reported
                prepare(p, slots)
        except (OSError, labs_mod.LabError, subprocess.CalledProcessError) as e:
            p.bad.append(f"cutting the starting point: {e}")
        if not p.items or not p.archs or len(p.bad) > bad:
            p.start_done.set()                     # nothing to boot
            continue
        left = list(p.archs)
        for a in p.archs:
            t = threading.Thread(target=run, args=(p, a, left))
            t.start()
            threads.append(t)
    return threads


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
    t0 = time.time()
    try:
        jobs = max(1, int(os.environ.get("GRADE_JOBS") or 2))
    except ValueError:
        jobs = 2
    slots = threading.Semaphore(jobs)
    proofs, checks, reused = [Proof(lab) for lab in names], Checks(slots), set()
    built = [a for a in ARCHS
             if make(TOP, a, "all", os.path.join(TOP, "build", f"grade-prove-{a}-build.log"))]
    for p in proofs:
        try:
            p.boot_words, p.items = parse(p.lab)
            p.archs = sorted({i.arch for i in p.items}, key=ARCHS.index)
        except labs_mod.LabError as e:
            p.bad.append(str(e))
        for i in p.items:                          # the full tree's checks start now
            if i.kind == "check" and len(built) == len(ARCHS):
                checks.start(TOP, i.arch, os.path.join(TOP, "build", i.arch, "grade-prove-check.log"))

    def full_tree():                               # promise 1 beside the starting points
        for p in proofs:
            try:
                if len(built) < len(ARCHS):
                    raise labs_mod.LabError("the full tree does not build: "
                                            "build/grade-prove-ARCH-build.log")
                if p.items:
                    prove_full_tree(p, checks, reused, slots)
            except labs_mod.LabError as e:
                p.bad.append(str(e))
            p.full_done.set()
    threads = [threading.Thread(target=full_tree)]
    if len(built) == len(ARCHS):                   # cut and build them one after another
        threads.append(threading.Thread(
            target=lambda: threads.extend(prove_starting_points(proofs, checks, slots))))
    for t in list(threads):
        t.start()
    tap, failed = [f"1..{len(names)}"], 0
    for n, p in enumerate(proofs, 1):              # in order, each as soon as it is known
        p.full_done.wait()
        if len(built) == len(ARCHS):
            p.start_done.wait()
        lines = p.tap(n)
        failed += lines[0].startswith("not ok")
        print("\n".join(lines), flush=True)
        tap += lines
    for t in threads:                              # the list grew while it ran
        t.join()
    for p in proofs:
        print(f"# lab {p.lab}: " + ", ".join(p.times))
    print(f"# labs: {len(names)} proven in {time.time() - t0:.0f} s"
          + (f" (make test's own boots judged for the full tree on {' and '.join(sorted(reused))})"
             if reused else ""))
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
