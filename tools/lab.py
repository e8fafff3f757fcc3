#!/usr/bin/env python3
"""tools/lab.py - the labs' regions in the real source, and the starting points cut from them.

A lab marks, in the kernel's own source, each region a student writes, with
the stub that replaces it written right after the solution (C and assembly
alike: the assembler files go through the C preprocessor, which drops //
comments):

    // LAB copy BEGIN: finish a copy that faulted, byte by byte
    ...the solution...
    // LAB copy STUB
    // return n;               <- each stub line: the code, commented out
    // LAB copy END

`make lab LAB=copy` (`tools/lab.py export copy DEST`) writes a fresh tree
where each region of that lab keeps its BEGIN and END lines, loses the
solution and gets the stub; every other lab keeps its solution. The tree is
its own git repository with one commit and no history, and a file `.lab`
naming the lab, so that `make grade` there grades that lab.

    tools/lab.py list              the labs (docs/labs/NN-name.md) with their titles
    tools/lab.py regions [LAB]     where each region is
    tools/lab.py check             every marker well formed, every lab with regions,
                                   a handout and a grade block (run by make check)
    tools/lab.py export LAB DEST   the starting point

docs/labs/README.md explains the mechanism for teachers and students.
"""
import os
import re
import shutil
import subprocess
import sys

TOP = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
HANDOUTS = os.path.join(TOP, "docs", "labs")
MARKER = re.compile(r"^\s*//\s*LAB ([a-z0-9_]+) (BEGIN|STUB|END)\b(.*)$")
ANY_MARKER = re.compile(r"\bLAB [a-z0-9_]+ (BEGIN|STUB|END)\b")
STUB_LINE = re.compile(r"^(\s*)//(.*)$")
SOURCE_EXT = (".c", ".h", ".S")


class LabError(Exception):
    pass


def handouts():
    """{name: (number, path)} for every docs/labs/NN-name.md."""
    labs = {}
    if os.path.isdir(HANDOUTS):
        for f in sorted(os.listdir(HANDOUTS)):
            m = re.match(r"^(\d\d)-([a-z0-9_]+)\.md$", f)
            if m:
                labs[m.group(2)] = (m.group(1), os.path.join(HANDOUTS, f))
    return labs


def title(path):
    with open(path) as f:
        for line in f:
            if line.startswith("# "):
                return line[2:].strip()
    return "?"


def tree_files(top=TOP):
    """The files of the tree: tracked and untracked-but-not-ignored (git)."""
    out = subprocess.run(["git", "-C", top, "ls-files", "-z", "--cached", "--others",
                          "--exclude-standard"], check=True, capture_output=True).stdout
    return sorted({f for f in out.decode().split("\0") if f and os.path.isfile(os.path.join(top, f))})


def parse_regions(path, text):
    """The regions of one file: a list of dicts (lab, begin, stub, end: 0-based
    line numbers; stub is None where a starting point already replaced it)."""
    regions, open_ = [], None
    for i, line in enumerate(text.split("\n")):
        m = MARKER.match(line)
        if not m:
            if ANY_MARKER.search(line) and not line.lstrip().startswith(("*", "/*", "#")):
                raise LabError(f"{path}:{i + 1}: a LAB marker must be a // comment on its own line")
            if open_ and open_["stub"] is not None and not STUB_LINE.match(line):
                raise LabError(f"{path}:{i + 1}: stub lines of lab {open_['lab']} must each start with //")
            continue
        lab, kind = m.group(1), m.group(2)
        if kind == "BEGIN":
            if open_:
                raise LabError(f"{path}:{i + 1}: LAB {lab} BEGIN inside lab {open_['lab']}'s region "
                               f"(line {open_['begin'] + 1}): regions do not nest")
            if not m.group(3).startswith(":") or not m.group(3)[1:].strip():
                raise LabError(f"{path}:{i + 1}: LAB {lab} BEGIN needs ': what the student writes here'")
            open_ = {"lab": lab, "begin": i, "stub": None, "end": None, "what": m.group(3)[1:].strip()}
        elif not open_ or open_["lab"] != lab:
            raise LabError(f"{path}:{i + 1}: LAB {lab} {kind} with no LAB {lab} BEGIN before it")
        elif kind == "STUB":
            if open_["stub"] is not None:
                raise LabError(f"{path}:{i + 1}: a second LAB {lab} STUB in one region")
            open_["stub"] = i
        else:
            open_["end"] = i
            regions.append(open_)
            open_ = None
    if open_:
        raise LabError(f"{path}:{open_['begin'] + 1}: LAB {open_['lab']} BEGIN is never ENDed")
    return regions


def all_regions(top=TOP):
    """{path: (text, regions)} for every source file that has a region."""
    found = {}
    for f in tree_files(top):
        if not f.endswith(SOURCE_EXT):
            continue
        with open(os.path.join(top, f), errors="replace") as fh:
            text = fh.read()
        if "LAB " in text:
            regions = parse_regions(f, text)
            if regions:
                found[f] = (text, regions)
    return found


def starting_point_of(top=TOP):
    """The lab whose starting point this tree is (its .lab file), or None."""
    try:
        with open(os.path.join(top, ".lab")) as f:
            return f.read().split()[0]
    except (OSError, IndexError):
        return None


def cut(text, regions, lab):
    """text with each region of `lab` replaced by its stub."""
    lines = text.split("\n")
    out, i = [], 0
    for r in regions:
        if r["lab"] != lab:
            continue
        out += lines[i:r["begin"] + 1]                 # up to and with BEGIN
        for s in lines[r["stub"] + 1:r["end"]]:
            indent, code = STUB_LINE.match(s).groups()   # "\t// x;" -> "\tx;"
            out.append(indent + (code[1:] if code.startswith(" ") else code))
        i = r["end"]                                   # END stays
    out += lines[i:]
    return "\n".join(out)


def check():
    labs, found, own = handouts(), all_regions(), starting_point_of()
    count = {}
    for path, (_, regions) in found.items():
        for r in regions:
            if r["lab"] not in labs:
                raise LabError(f"{path}:{r['begin'] + 1}: lab {r['lab']} has no handout "
                               f"docs/labs/NN-{r['lab']}.md")
            if r["stub"] is None and r["lab"] != own:
                raise LabError(f"{path}:{r['begin'] + 1}: LAB {r['lab']} region has no "
                               f"LAB {r['lab']} STUB: write the stub after the solution")
            count[r["lab"]] = count.get(r["lab"], 0) + 1
    for name, (_, path) in labs.items():
        if not count.get(name):
            raise LabError(f"{os.path.relpath(path, TOP)}: lab {name} marks no region in the source")
        with open(path) as f:
            if "```grade\n" not in f.read():
                raise LabError(f"{os.path.relpath(path, TOP)}: no ```grade block (what the grader checks)")
    print(f"lab: {len(labs)} labs, {sum(count.values())} regions, every marker well formed")


def export(lab, dest):
    labs = handouts()
    if lab not in labs:
        raise LabError(f"no lab named '{lab}'. " + listing(labs))
    if os.path.exists(dest):
        raise LabError(f"{dest} exists already: remove it or give another DEST=")
    found = all_regions()
    cut_files = {p: cut(t, rs, lab) for p, (t, rs) in found.items()
                 if any(r["lab"] == lab for r in rs)}
    for f in tree_files():
        d = os.path.join(dest, f)
        os.makedirs(os.path.dirname(d), exist_ok=True)
        if f in cut_files:
            with open(d, "w") as fh:                   # new mtime: make rebuilds it
                fh.write(cut_files[f])
            shutil.copymode(os.path.join(TOP, f), d)
        else:                                          # same mtime: a copied build stays valid
            shutil.copy2(os.path.join(TOP, f), d)
    with open(os.path.join(dest, ".lab"), "w") as fh:
        fh.write(f"{lab}\n")
    where = [f"  {p}:{r['begin'] + 1}: {r['what']}" for p, (_, rs) in sorted(found.items())
             for r in rs if r["lab"] == lab]
    msg = (f"Starting point of lab {lab}\n\nThe regions to write ({labs[lab][1][len(TOP) + 1:]}):\n"
           + "\n".join(where) + "\n")
    git = ["git", "-C", dest, "-c", "user.name=lab", "-c", "user.email=lab@localhost"]
    subprocess.run(git[:3] + ["init", "-q"], check=True)
    subprocess.run(git + ["add", "-A"], check=True)
    subprocess.run(git + ["commit", "-q", "-m", msg], check=True)
    print(f"lab {lab}: starting point in {dest}, {len(where)} regions to write:")
    print("\n".join(where))
    print(f"Read {os.path.relpath(labs[lab][1], TOP)}; `make grade` there grades it.")


def listing(labs):
    return "The labs are:\n" + "\n".join(f"  {n} {name:12} {title(p)}" for name, (n, p) in
                                          sorted(labs.items(), key=lambda kv: kv[1][0]))


def main(argv):
    cmd = argv[1] if len(argv) > 1 else "list"
    if cmd == "list":
        print(listing(handouts()))
    elif cmd == "regions":
        for p, (_, rs) in sorted(all_regions().items()):
            for r in rs:
                if len(argv) < 3 or r["lab"] == argv[2]:
                    print(f"{p}:{r['begin'] + 1}: {r['lab']}: {r['what']}")
    elif cmd == "check":
        check()
    elif cmd == "export" and len(argv) == 4:
        export(argv[2], argv[3])
    else:
        print(__doc__.split("\n\n")[-2], file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main(sys.argv))
    except LabError as e:
        print(f"lab: {e}", file=sys.stderr)
        sys.exit(2)
