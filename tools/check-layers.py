#!/usr/bin/env python3
"""tools/check-layers.py - every #include names one header and points down.

Reads the #include lines of the kernel's sources (kernel/, uma/, arch/ and
the two boot/ headers the kernel shares with the loader) and fails when

  1. a quoted name does not resolve through the kernel's include roots
     (-I. -Ikernel -Iarch/ARCH/include, from the Makefile), or resolves to
     two different files (a name must mean one header wherever it is
     written, so "fs.h" next to fs/ is not allowed: write "fs/fs.h");
  2. a file includes a header of a higher layer (tools/layers.txt).

The user side (usertests/, roots usertests/lib, kernel/uapi and
arch/ARCH/include/uapi, as the Makefile's UCFLAGS, and usertests/fuzz for
/bin/fuzz's own files) is checked
for rule 1 as well. Usage: tools/check-layers.py ARCH [TREE]
(TREE defaults to this checkout; tools/tests/check-layers.sh gives a
doctored copy to prove that the check bites).
"""
import fnmatch, os, re, sys

INCLUDE = re.compile(r'^\s*#\s*include\s+([<"])([^>"]+)[>"]', re.M)


def layer_table(path):
    rows = []
    for line in open(path):
        words = line.split('#', 1)[0].split()
        if words:
            rows += [(int(words[0]), words[1], p) for p in words[2:]]
    return rows


def layer_of(table, f):
    best = None
    for num, name, pat in table:
        folder = pat.endswith('/')
        parts = pat.rstrip('/').split('/')
        fparts = f.split('/')
        if len(fparts) < len(parts) or (not folder and len(fparts) != len(parts)):
            continue
        if all(fnmatch.fnmatchcase(a, b) for a, b in zip(fparts, parts)):
            if best is None or len(parts) + (not folder) > best[0]:
                best = (len(parts) + (not folder), num, name)
    return best and best[1:]


def sources(dirs, exts=('.c', '.h', '.S', '.inc')):
    for d in dirs:
        for top, _, names in os.walk(d):
            for n in sorted(names):
                if n.endswith(exts):
                    yield os.path.join(top, n)


def resolve(name, roots):
    found = {os.path.normpath(os.path.join(r, name)) for r in roots}
    return sorted(f for f in found if os.path.isfile(f))


def check_side(files, roots_of, table, errors):
    for f in files:
        for kind, name in INCLUDE.findall(open(f).read()):
            if kind == '<' and not name.startswith('asm/'):
                continue          # the compiler's own <stdint.h> and friends
            hits = resolve(name, roots_of(f))
            if len(hits) != 1:
                what = 'no header' if not hits else 'several headers: ' + ', '.join(hits)
                errors.append(f'{f}: #include "{name}" names {what}')
                continue
            local = os.path.normpath(os.path.join(os.path.dirname(f), name))
            if kind == '"' and os.path.isfile(local) and local != hits[0]:
                errors.append(f'{f}: "{name}" means {local} here but {hits[0]} elsewhere')
            if table:
                me, it = layer_of(table, f), layer_of(table, hits[0])
                if me is None or it is None:
                    errors.append(f'{f}: {f if me is None else hits[0]} is in no layer (tools/layers.txt)')
                elif it[0] > me[0]:
                    errors.append(f'{f} ({me[1]}) includes {hits[0]} ({it[1]}): a higher layer')


def main():
    arch = sys.argv[1]
    os.chdir(sys.argv[2] if len(sys.argv) > 2 else
             os.path.join(os.path.dirname(os.path.abspath(__file__)), '..'))
    table = layer_table('tools/layers.txt')
    errors = []
    kfiles = [f for f in sources(['kernel', 'uma', 'arch']) if not f.startswith('kernel/uapi/')
              and not re.match(r'arch/(?!%s/)[^/]+/' % arch, f)]
    kfiles += ['boot/boot_info.h', 'boot/elf64.h']
    check_side(kfiles, lambda f: ['.', 'kernel', f'arch/{arch}/include'], table, errors)
    ufiles = list(sources(['usertests', 'kernel/uapi']))
    # /bin/fuzz's files also include their own header, usertests/fuzz/fuzz.h
    check_side(ufiles, lambda f: ['usertests/lib', 'kernel/uapi', f'arch/{arch}/include/uapi']
               + (['usertests/fuzz'] if f.startswith('usertests/fuzz/') else []),
               None, errors)
    for e in errors:
        print('check-layers: ' + e)
    if errors:
        print(f'check-layers: {arch}: {len(errors)} problem(s); the layers are in tools/layers.txt')
        return 1
    print(f'check-layers: {arch}: {len(kfiles)} kernel and {len(ufiles)} user files, '
          'every include names one header of the same or a lower layer')
    return 0


if __name__ == '__main__':
    sys.exit(main())
