/*
 * uma/ntdef.h - the Windows base types and status codes the UMA DDIs use.
 *
 * Sizes follow the Windows LLP64 model, not the Linux LP64 one: ULONG and
 * LONG are 32 bits (!), LONGLONG/ULONGLONG and the _PTR types 64 bits.
 * Every typedef is checked below, so a port never silently changes a size.
 */
#ifndef UMA_NTDEF_H
#define UMA_NTDEF_H

#include "base/types.h"

typedef unsigned char      BOOLEAN;
typedef unsigned char      UCHAR;
typedef char               CHAR;
typedef uint16_t           WCHAR;       /* UTF-16 code unit */
typedef unsigned short     USHORT;
typedef short              SHORT;
typedef unsigned int       ULONG;       /* 32 bits, as on Windows */
typedef int                LONG;
typedef unsigned long long ULONGLONG;
typedef long long          LONGLONG;
typedef unsigned long long ULONG64;
typedef long long          LONG64;
typedef unsigned long      ULONG_PTR;   /* pointer-sized */
typedef long               LONG_PTR;
typedef ULONG_PTR          SIZE_T;
typedef LONG_PTR           SSIZE_T;
typedef uint8_t            UINT8;
typedef int8_t             INT8;
typedef uint16_t           UINT16;
typedef int16_t            INT16;
typedef uint32_t           UINT32;
typedef int32_t            INT32;
typedef uint64_t           UINT64;
typedef int64_t            INT64;
typedef uintptr_t          UINT_PTR;
typedef intptr_t           INT_PTR;
typedef void              *PVOID;
typedef void              *HANDLE;
typedef LONG               NTSTATUS;
typedef void               VOID;
typedef CHAR              *PCHAR;
typedef WCHAR             *PWCH;
typedef const CHAR        *PCSTR;
typedef const WCHAR       *PCWSTR;

#define TRUE  1
#define FALSE 0

typedef union _LARGE_INTEGER {
	struct { ULONG LowPart; LONG HighPart; };
	LONGLONG QuadPart;
} LARGE_INTEGER, *PLARGE_INTEGER;

typedef union _ULARGE_INTEGER {
	struct { ULONG LowPart; ULONG HighPart; };
	ULONGLONG QuadPart;
} ULARGE_INTEGER, *PULARGE_INTEGER;

/* Length and MaximumLength are in bytes. On 64-bit there are 4 bytes of
 * padding before Buffer: WriteUnicodeStringToUser never writes them. */
typedef struct _UNICODE_STRING {
	USHORT Length;
	USHORT MaximumLength;
	PWCH   Buffer;
} UNICODE_STRING, *PUNICODE_STRING;

typedef enum _MODE { KernelMode = 0, UserMode = 1 } MODE;
typedef CHAR KPROCESSOR_MODE;

/* NTSTATUS values (ntstatus.h). */
#define STATUS_SUCCESS                 ((NTSTATUS)0x00000000)
#define STATUS_DATATYPE_MISALIGNMENT   ((NTSTATUS)0x80000002)
#define STATUS_ACCESS_VIOLATION        ((NTSTATUS)0xC0000005)
#define STATUS_INVALID_PARAMETER       ((NTSTATUS)0xC000000D)
#define STATUS_NO_MEMORY               ((NTSTATUS)0xC0000017)
#define STATUS_BUFFER_TOO_SMALL        ((NTSTATUS)0xC0000023)
#define STATUS_STACK_BUFFER_OVERRUN    ((NTSTATUS)0xC0000409)
#define NT_SUCCESS(s) ((NTSTATUS)(s) >= 0)

/* __fastfail codes (winnt.h). */
#define FAST_FAIL_KERNEL_POINTER_EXPECTED 68

_Static_assert(sizeof(ULONG) == 4 && sizeof(LONG) == 4, "ULONG/LONG are 32-bit");
_Static_assert(sizeof(ULONG_PTR) == sizeof(void *), "ULONG_PTR is pointer-sized");
_Static_assert(sizeof(ULONGLONG) == 8 && sizeof(LARGE_INTEGER) == 8, "64-bit integers");
_Static_assert(sizeof(UNICODE_STRING) == 16, "UNICODE_STRING layout");
_Static_assert(sizeof(WCHAR) == 2, "WCHAR is UTF-16");

#endif
