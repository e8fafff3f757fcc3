#!/bin/sh
# tools/check.sh ARCH - the static checks behind `make check`.
#
#  1. sparse over kernel/, uma/ and arch/ARCH/ (but the two files that
#     dereference user pointers on purpose to show why one must not:
#     uma/examples/seed_unsafe.c and example2.c) with __user in its own
#     address space: zero warnings allowed. A direct dereference of a user
#     pointer, or passing one where a kernel pointer is expected, fails here.
#  2. The checker must bite: sparse MUST report the direct user accesses in
#     uma/examples/seed_unsafe.c (the seed's Examples 1 and 2).
#  3. tools/check-uaccess.py on the linked kernel (see that file).
#  4. tools/check-nofp.py on the linked kernel: no FP/SIMD register used
#     outside the context switch (user threads keep theirs in the CPU).
#  5. tools/check-layers.py: every #include names one header, of the same
#     or a lower layer (tools/layers.txt, docs/architecture.md).
set -u
arch=$1
cd "$(dirname "$0")/.."
case $arch in
x86_64)  sarch="-m64 --arch=x86_64" ;;
aarch64) sarch="--arch=aarch64" ;;
esac
# The compiler's own flags and source list, from the Makefile (`make check`).
: "${CHECK_CFLAGS:?run me through make check}" "${CHECK_SRCS:?run me through make check}"
flags="$sarch $CHECK_CFLAGS"
status=0

srcs=$(echo "$CHECK_SRCS" | tr ' ' '\n' | grep -v -e seed_unsafe.c -e example2.c)
out=$(for f in $srcs; do sparse $flags "$f" 2>&1; done)
if [ -n "$out" ]; then
	echo "$out"
	echo "check: sparse found problems in kernel/, uma/ or arch/$arch/"
	status=1
else
	echo "check: $arch: sparse clean over $(echo $srcs | wc -w) files"
fi

derefs=$(sparse $flags uma/examples/seed_unsafe.c 2>&1 | grep -c 'dereference of noderef expression')
if [ "$derefs" -lt 3 ]; then
	echo "check: sparse reported $derefs direct user dereferences in seed_unsafe.c, expected 3:"
	echo "       the __user annotation is not being checked"
	status=1
else
	echo "check: $arch: sparse flags all $derefs direct user dereferences in the seed's unsafe examples"
fi

python3 tools/check-uaccess.py "$arch" "build/$arch/kernel.elf" || status=1
python3 tools/check-nofp.py "$arch" "build/$arch/kernel.elf" || status=1
python3 tools/check-layers.py "$arch" || status=1
exit $status
