/*
 * uma/usermode_accessors.h - the user-mode accessor DDIs (Windows' UMA).
 *
 * The only way kernel code reaches user memory. Every function here:
 *  - checks that the whole user range lies below USER_VA_LIMIT, computing
 *    the end without wrap-around, before any byte moves;
 *  - touches user memory only through instructions listed in the
 *    exception table, so a bad pointer raises an exception instead of
 *    crashing the kernel;
 *  - raises STATUS_ACCESS_VIOLATION (or STATUS_DATATYPE_MISALIGNMENT for
 *    the Aligned forms) with uma_raise(), so every call must sit inside
 *    __try / __except (uma/seh.h). Nothing is returned on failure.
 * Scalar accessors do exactly one volatile access of their width: the
 * compiler can neither repeat nor drop it (the seed's Example 2).
 *
 * Mode variants take the caller's KPROCESSOR_MODE: UserMode behaves like
 * the User form; KernelMode accesses kernel memory directly. Their pointer
 * parameters are typed __user, so a kernel caller passing its own memory
 * writes the cast (__force T __user *) -- the visible mark of kernel
 * memory going down a user-pointer path. With DBG (on by default), a user
 * address given with KernelMode fast-fails with
 * FAST_FAIL_KERNEL_POINTER_EXPECTED.
 *
 * Reference with examples: docs/uma.md.
 */
#ifndef UMA_USERMODE_ACCESSORS_H
#define UMA_USERMODE_ACCESSORS_H

#include "uma/ntdef.h"
#include "uma/seh.h"

#ifndef DBG
#define DBG 0
#endif

/*
 * The 29 scalar types, one row each: X(Name, TYPE). Every row becomes six
 * functions (174 in all), declared here and defined in uma/scalar.c from
 * this same table, as Windows generates its header from one script.
 */
#define UMA_SCALAR_TYPES(X)                                                   \
	X(Boolean, BOOLEAN)   X(UChar, UCHAR)        X(Char, CHAR)            \
	X(WChar, WCHAR)       X(UShort, USHORT)      X(Short, SHORT)          \
	X(ULong, ULONG)       X(Long, LONG)          X(ULonglong, ULONGLONG)  \
	X(Longlong, LONGLONG) X(ULong64, ULONG64)    X(Long64, LONG64)        \
	X(ULongPtr, ULONG_PTR) X(LongPtr, LONG_PTR)  X(UInt8, UINT8)          \
	X(Int8, INT8)         X(UInt16, UINT16)      X(Int16, INT16)          \
	X(UInt32, UINT32)     X(Int32, INT32)        X(UInt64, UINT64)        \
	X(Int64, INT64)       X(UIntPtr, UINT_PTR)   X(IntPtr, INT_PTR)       \
	X(Pointer, PVOID)     X(SizeT, SIZE_T)       X(SSizeT, SSIZE_T)       \
	X(Handle, HANDLE)     X(NtStatus, NTSTATUS)

/*
 * Read<N>FromUser         one volatile read; raises STATUS_ACCESS_VIOLATION
 * Read<N>FromUserAcquire  same, and later accesses cannot move before it
 * Read<N>FromMode         UserMode: as FromUser; KernelMode: direct read
 * Write<N>ToUser          one volatile write; raises STATUS_ACCESS_VIOLATION
 * Write<N>ToUserRelease   same, and earlier accesses cannot move after it
 * Write<N>ToMode          UserMode: as ToUser; KernelMode: direct write
 */
#define UMA_DECLARE_SCALAR(N, T)                                                          \
	T Read##N##FromUser(const volatile T __user *Source);                             \
	T Read##N##FromUserAcquire(const volatile T __user *Source);                      \
	T Read##N##FromMode(const volatile T __user *Source, KPROCESSOR_MODE Mode);       \
	void Write##N##ToUser(volatile T __user *Destination, T Value);                   \
	void Write##N##ToUserRelease(volatile T __user *Destination, T Value);            \
	void Write##N##ToMode(volatile T __user *Destination, T Value, KPROCESSOR_MODE Mode);
UMA_SCALAR_TYPES(UMA_DECLARE_SCALAR)

/* --- LARGE_INTEGER, ULARGE_INTEGER, UNICODE_STRING -------------------- */

/* One 64-bit read / write; raises STATUS_ACCESS_VIOLATION. */
LARGE_INTEGER ReadLargeIntegerFromUser(const volatile LARGE_INTEGER __user *Source);
LARGE_INTEGER ReadLargeIntegerFromMode(const volatile LARGE_INTEGER __user *Source, KPROCESSOR_MODE Mode);
void WriteLargeIntegerToUser(volatile LARGE_INTEGER __user *Destination, LARGE_INTEGER Value);
void WriteLargeIntegerToMode(volatile LARGE_INTEGER __user *Destination, LARGE_INTEGER Value, KPROCESSOR_MODE Mode);
ULARGE_INTEGER ReadULargeIntegerFromUser(const volatile ULARGE_INTEGER __user *Source);
ULARGE_INTEGER ReadULargeIntegerFromMode(const volatile ULARGE_INTEGER __user *Source, KPROCESSOR_MODE Mode);
void WriteULargeIntegerToUser(volatile ULARGE_INTEGER __user *Destination, ULARGE_INTEGER Value);
void WriteULargeIntegerToMode(volatile ULARGE_INTEGER __user *Destination, ULARGE_INTEGER Value, KPROCESSOR_MODE Mode);
/* Reads the three fields (not the buffer); raises STATUS_ACCESS_VIOLATION. */
UNICODE_STRING ReadUnicodeStringFromUser(const volatile UNICODE_STRING __user *Source);
UNICODE_STRING ReadUnicodeStringFromMode(const volatile UNICODE_STRING __user *Source, KPROCESSOR_MODE Mode);
/* Writes Length, MaximumLength and Buffer, never the padding; raises STATUS_ACCESS_VIOLATION. */
void WriteUnicodeStringToUser(volatile UNICODE_STRING __user *Destination, UNICODE_STRING Value);
void WriteUnicodeStringToMode(volatile UNICODE_STRING __user *Destination, UNICODE_STRING Value, KPROCESSOR_MODE Mode);

/* --- string lengths --------------------------------------------------- */

/* Characters before the NUL; raises STATUS_ACCESS_VIOLATION on a fault or if user space ends first. */
SIZE_T StringLengthFromUser(const CHAR __user *String);
/* WCHARs before the L'\0'; raises as StringLengthFromUser. */
SIZE_T WideStringLengthFromUser(const WCHAR __user *String);
SIZE_T StringLengthFromMode(const CHAR __user *String, KPROCESSOR_MODE Mode);
SIZE_T WideStringLengthFromMode(const WCHAR __user *String, KPROCESSOR_MODE Mode);

/* --- interlocked: return the value before the operation ---------------- */

/* Atomically: if *Destination == Comperand then *Destination = Exchange. Raises
 * STATUS_DATATYPE_MISALIGNMENT if not naturally aligned, else STATUS_ACCESS_VIOLATION on a fault. */
LONG InterlockedCompareExchangeToUser(LONG volatile __user *Destination, LONG Exchange, LONG Comperand);
LONG64 InterlockedCompareExchange64ToUser(LONG64 volatile __user *Destination, LONG64 Exchange, LONG64 Comperand);
/* Atomically *Destination |= Value / &= Value; raises as above. */
LONG InterlockedOrToUser(LONG volatile __user *Destination, LONG Value);
LONG64 InterlockedOr64ToUser(LONG64 volatile __user *Destination, LONG64 Value);
LONG InterlockedAndToUser(LONG volatile __user *Destination, LONG Value);
LONG64 InterlockedAnd64ToUser(LONG64 volatile __user *Destination, LONG64 Value);
LONG InterlockedCompareExchangeToMode(LONG volatile __user *Destination, LONG Exchange, LONG Comperand, KPROCESSOR_MODE Mode);
LONG64 InterlockedCompareExchange64ToMode(LONG64 volatile __user *Destination, LONG64 Exchange, LONG64 Comperand, KPROCESSOR_MODE Mode);
LONG InterlockedOrToMode(LONG volatile __user *Destination, LONG Value, KPROCESSOR_MODE Mode);
LONG64 InterlockedOr64ToMode(LONG64 volatile __user *Destination, LONG64 Value, KPROCESSOR_MODE Mode);
LONG InterlockedAndToMode(LONG volatile __user *Destination, LONG Value, KPROCESSOR_MODE Mode);
LONG64 InterlockedAnd64ToMode(LONG64 volatile __user *Destination, LONG64 Value, KPROCESSOR_MODE Mode);

/* --- copies ------------------------------------------------------------ */

/* User to kernel. On failure the kernel bytes not copied are zeroed, then
 * STATUS_ACCESS_VIOLATION is raised (a Length larger than all of user
 * space is refused before anything is written). */
void CopyFromUser(void *Destination, const void __user *Source, SIZE_T Length);
/* Kernel to user; raises STATUS_ACCESS_VIOLATION (bytes before the fault may have been written). */
void CopyToUser(void __user *Destination, const void *Source, SIZE_T Length);
/* User to user, ranges must not overlap; raises STATUS_ACCESS_VIOLATION. */
void CopyToUserFromUser(void __user *Destination, const void __user *Source, SIZE_T Length);
/* User to user, ranges may overlap (memmove); raises STATUS_ACCESS_VIOLATION. */
void MoveToUserFromUser(void __user *Destination, const void __user *Source, SIZE_T Length);
/* Source is user memory for UserMode, kernel memory for KernelMode; raises as CopyFromUser. */
void CopyFromMode(void *Destination, const void __user *Source, SIZE_T Length, KPROCESSOR_MODE Mode);
/* Destination is user memory for UserMode, kernel memory for KernelMode; raises as CopyToUser. */
void CopyToMode(void __user *Destination, const void *Source, SIZE_T Length, KPROCESSOR_MODE Mode);
/* User source to a destination in Mode's memory; raises STATUS_ACCESS_VIOLATION. */
void CopyFromUserToMode(void __user *Destination, const void __user *Source, SIZE_T Length, KPROCESSOR_MODE Mode);

/* Non-temporal forms: a cache hint on Windows; here the same copies. */
#define CopyFromUserNonTemporal(D, S, L)    CopyFromUser((D), (S), (L))
#define CopyToUserNonTemporal(D, S, L)      CopyToUser((D), (S), (L))
#define CopyFromModeNonTemporal(D, S, L, M) CopyFromMode((D), (S), (L), (M))
#define CopyToModeNonTemporal(D, S, L, M)   CopyToMode((D), (S), (L), (M))

/* Aligned forms: raise STATUS_DATATYPE_MISALIGNMENT, before any byte moves,
 * if the user pointer is not a multiple of Alignment (a power of two). */
void CopyFromUserAligned(void *Destination, const void __user *Source, SIZE_T Length, SIZE_T Alignment);
void CopyToUserAligned(void __user *Destination, const void *Source, SIZE_T Length, SIZE_T Alignment);
void CopyFromModeAligned(void *Destination, const void __user *Source, SIZE_T Length, SIZE_T Alignment, KPROCESSOR_MODE Mode);
void CopyToModeAligned(void __user *Destination, const void *Source, SIZE_T Length, SIZE_T Alignment, KPROCESSOR_MODE Mode);

/* --- structures: the size comes from the kernel-side type -------------- */

/* Compile-time check that D and S point to the same type (qualifiers and
 * address space aside); evaluates to sizeof(*D). */
#define UMA_SAME_TYPE_SIZE(D, S)                                                          \
	(sizeof(*(D)) + 0 * sizeof(struct {                                               \
		_Static_assert(__builtin_types_compatible_p(__typeof__(*(D)),             \
							    __typeof__(*(S))),            \
			       "UMA struct copy between different types");                \
		int unused; }))

#define ReadStructFromUser(D, S)   CopyFromUser((D), (S), UMA_SAME_TYPE_SIZE(D, S))
#define WriteStructToUser(D, S)    CopyToUser((D), (S), UMA_SAME_TYPE_SIZE(D, S))
#define ReadStructFromMode(D, S, M) CopyFromMode((D), (S), UMA_SAME_TYPE_SIZE(D, S), (M))
#define WriteStructToMode(D, S, M)  CopyToMode((D), (S), UMA_SAME_TYPE_SIZE(D, S), (M))
/* The Aligned forms take the Alignment, as Windows' do: the user side must
 * be a multiple of it (a power of two), else STATUS_DATATYPE_MISALIGNMENT
 * before any byte moves. */
#define ReadStructFromUserAligned(D, S, A) \
	CopyFromUserAligned((D), (S), UMA_SAME_TYPE_SIZE(D, S), (A))
#define WriteStructToUserAligned(D, S, A) \
	CopyToUserAligned((D), (S), UMA_SAME_TYPE_SIZE(D, S), (A))
#define ReadStructFromModeAligned(D, S, M, A) \
	CopyFromModeAligned((D), (S), UMA_SAME_TYPE_SIZE(D, S), (A), (M))
#define WriteStructToModeAligned(D, S, M, A) \
	CopyToModeAligned((D), (S), UMA_SAME_TYPE_SIZE(D, S), (A), (M))

/* --- fill -------------------------------------------------------------- */

/* Set Length user bytes to Fill / to zero; raise STATUS_ACCESS_VIOLATION. */
void FillUserMemory(void __user *Destination, SIZE_T Length, UCHAR Fill);
void ZeroUserMemory(void __user *Destination, SIZE_T Length);
void SetUserMemory(void __user *Destination, UCHAR Fill, SIZE_T Length);
void FillModeMemory(void __user *Destination, SIZE_T Length, UCHAR Fill, KPROCESSOR_MODE Mode);
void ZeroModeMemory(void __user *Destination, SIZE_T Length, KPROCESSOR_MODE Mode);
void SetModeMemory(void __user *Destination, UCHAR Fill, SIZE_T Length, KPROCESSOR_MODE Mode);

/* --- _Generic front-ends: the accessor picked by the pointee's type ---- */

/* The controlling expression is a value of the pointee type, never a
 * dereference, so sparse sees no user access here. */
#define UMA_GENERIC(P, Op)                                                     \
	_Generic((__typeof__(*(P)))0,                                          \
		unsigned char: Op(UChar), signed char: Op(Int8), char: Op(Char), \
		unsigned short: Op(UShort), short: Op(Short),                  \
		unsigned int: Op(ULong), int: Op(Long),                        \
		unsigned long: Op(ULongPtr), long: Op(LongPtr),                \
		unsigned long long: Op(ULonglong), long long: Op(Longlong),    \
		void *: Op(Pointer))
#define UMA_OP_READ(N)        Read##N##FromUser
#define UMA_OP_WRITE(N)       Write##N##ToUser
#define UMA_OP_READ_MODE(N)   Read##N##FromMode
#define UMA_OP_WRITE_MODE(N)  Write##N##ToMode

/* Read / write *P with the accessor for its type; raise as that accessor. */
#define ReadFromUser(P)          UMA_GENERIC(P, UMA_OP_READ)(P)
#define WriteToUser(P, V)        UMA_GENERIC(P, UMA_OP_WRITE)((P), (V))
#define ReadFromMode(P, M)       UMA_GENERIC(P, UMA_OP_READ_MODE)((P), (M))
#define WriteToMode(P, V, M)     UMA_GENERIC(P, UMA_OP_WRITE_MODE)((P), (V), (M))

/* Called once at boot: register the exception table, pick copy routines. */
void uma_init(void);

#endif
