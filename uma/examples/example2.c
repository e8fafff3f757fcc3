/*
 * uma/examples/example2.c - the seed's Example 2, for reading the
 * disassembly (tools/example2.sh, docs/races.md). Nothing calls these
 * functions: with SMAP/PAN on, the plain ones would stop at their first
 * direct access of user memory.
 *
 * Example 2 says: copying Ptr->Size into a local does not make the kernel
 * read it once. The compiler assumes no other thread writes the memory, so
 * it may read Ptr->Size again wherever the C code uses LocalSize. Two
 * pairs show it:
 *
 *  - Example2Plain / Example2Uma: the seed's code (allocate LocalSize
 *    bytes, copy LocalSize bytes). The allocator call sits between the read
 *    and the use; the compiler cannot know the call leaves *Ptr alone, so
 *    it has to keep its copy -- this shape happens to be safe from GCC.
 *  - Example2PlainDispatch / Example2UmaDispatch: the same "copy it to a
 *    local first" idea on a value that picks a handler through a switch.
 *    Nothing sits between the check (is it in range?) and the use (index
 *    the jump table), and GCC on x86-64 reads the user value twice: once
 *    to compare, once to index. If another thread changes it in between,
 *    the jump goes through an entry past the end of the table. This is the
 *    shape of Xen's XSA-155 (2015), found in the compiled backend drivers.
 *
 * The __try blocks of the seed are left out: the system call dispatcher
 * has one, and without them the disassembly fits on a screen. The plain
 * functions dereference a __user pointer on purpose, so `make check`
 * leaves this file out of sparse, as it does seed_unsafe.c.
 */
#include "sys/wdm.h"

typedef struct _StructWithData {
	ULONG Size;
	CHAR *Data[1];
} StructWithData;

PVOID Example2Plain(StructWithData __user *Ptr);
PVOID Example2Uma(StructWithData __user *Ptr);
LONG Example2PlainDispatch(StructWithData __user *Ptr);
LONG Example2UmaDispatch(StructWithData __user *Ptr);

/* The seed's Example 2 as written. */
PVOID Example2Plain(StructWithData __user *Ptr)
{
	// Probe user-mode memory to ensure it's valid
	ProbeForRead(Ptr, sizeof(StructWithData), 1);

	// Read Ptr->Size once to avoid possible memory change in user mode
	ULONG LocalSize = Ptr->Size;

	// Allocate memory in the kernel
	PVOID LocalData = ExAllocatePool2(POOL_FLAG_PAGED, LocalSize);

	//Copy user-mode data into the heap allocation
	RtlCopyMemory(LocalData, Ptr, LocalSize);
	return LocalData;
}

/* The seed's UMA version of the same code: one volatile read. */
PVOID Example2Uma(StructWithData __user *Ptr)
{
	ULONG LocalSize = ReadULongFromUser(&Ptr->Size);
	PVOID LocalData = ExAllocatePool2(POOL_FLAG_PAGED, LocalSize);
	CopyFromUser(LocalData, Ptr, LocalSize);
	return LocalData;
}

/* Six handlers, one per request kind (their bodies do not matter). */
LONG Example2Handler0(ULONG), Example2Handler1(ULONG), Example2Handler2(ULONG);
LONG Example2Handler3(ULONG), Example2Handler4(ULONG), Example2Handler5(ULONG);
__attribute__((noinline)) LONG Example2Handler0(ULONG n) { return (LONG)n + 10; }
__attribute__((noinline)) LONG Example2Handler1(ULONG n) { return (LONG)n + 11; }
__attribute__((noinline)) LONG Example2Handler2(ULONG n) { return (LONG)n + 12; }
__attribute__((noinline)) LONG Example2Handler3(ULONG n) { return (LONG)n + 13; }
__attribute__((noinline)) LONG Example2Handler4(ULONG n) { return (LONG)n + 14; }
__attribute__((noinline)) LONG Example2Handler5(ULONG n) { return (LONG)n + 15; }

/* "Read it once into a local", then dispatch on the local. */
LONG Example2PlainDispatch(StructWithData __user *Ptr)
{
	ULONG Kind = Ptr->Size;

	switch (Kind) {
	case 0: return Example2Handler0(1);
	case 1: return Example2Handler1(2);
	case 2: return Example2Handler2(3);
	case 3: return Example2Handler3(4);
	case 4: return Example2Handler4(5);
	case 5: return Example2Handler5(6);
	default: return -1;
	}
}

/* The same dispatch on a value read with UMA: one load, whatever the compiler does next. */
LONG Example2UmaDispatch(StructWithData __user *Ptr)
{
	ULONG Kind = ReadULongFromUser(&Ptr->Size);

	switch (Kind) {
	case 0: return Example2Handler0(1);
	case 1: return Example2Handler1(2);
	case 2: return Example2Handler2(3);
	case 3: return Example2Handler3(4);
	case 4: return Example2Handler4(5);
	case 5: return Example2Handler5(6);
	default: return -1;
	}
}
