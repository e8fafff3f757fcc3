/* uma/large.c - LARGE_INTEGER, ULARGE_INTEGER and UNICODE_STRING accessors. */
#include "uma/uma_internal.h"

/* The 64-bit integers are one 64-bit access, through the scalar accessors. */
LARGE_INTEGER ReadLargeIntegerFromUser(const volatile LARGE_INTEGER __user *Source)
{
	return (LARGE_INTEGER){ .QuadPart = ReadLonglongFromUser(&Source->QuadPart) };
}

LARGE_INTEGER ReadLargeIntegerFromMode(const volatile LARGE_INTEGER __user *Source, KPROCESSOR_MODE Mode)
{
	return (LARGE_INTEGER){ .QuadPart = ReadLonglongFromMode(&Source->QuadPart, Mode) };
}

void WriteLargeIntegerToUser(volatile LARGE_INTEGER __user *Destination, LARGE_INTEGER Value)
{
	WriteLonglongToUser(&Destination->QuadPart, Value.QuadPart);
}

void WriteLargeIntegerToMode(volatile LARGE_INTEGER __user *Destination, LARGE_INTEGER Value, KPROCESSOR_MODE Mode)
{
	WriteLonglongToMode(&Destination->QuadPart, Value.QuadPart, Mode);
}

ULARGE_INTEGER ReadULargeIntegerFromUser(const volatile ULARGE_INTEGER __user *Source)
{
	return (ULARGE_INTEGER){ .QuadPart = ReadULonglongFromUser(&Source->QuadPart) };
}

ULARGE_INTEGER ReadULargeIntegerFromMode(const volatile ULARGE_INTEGER __user *Source, KPROCESSOR_MODE Mode)
{
	return (ULARGE_INTEGER){ .QuadPart = ReadULonglongFromMode(&Source->QuadPart, Mode) };
}

void WriteULargeIntegerToUser(volatile ULARGE_INTEGER __user *Destination, ULARGE_INTEGER Value)
{
	WriteULonglongToUser(&Destination->QuadPart, Value.QuadPart);
}

void WriteULargeIntegerToMode(volatile ULARGE_INTEGER __user *Destination, ULARGE_INTEGER Value, KPROCESSOR_MODE Mode)
{
	WriteULonglongToMode(&Destination->QuadPart, Value.QuadPart, Mode);
}

/*
 * UNICODE_STRING is read and written field by field. Writing it as one
 * block would copy the 4 padding bytes after MaximumLength from the kernel
 * stack to user space: a small but real information leak.
 */
UNICODE_STRING ReadUnicodeStringFromMode(const volatile UNICODE_STRING __user *Source, KPROCESSOR_MODE Mode)
{
	UNICODE_STRING s;

	s.Length = ReadUShortFromMode(&Source->Length, Mode);
	s.MaximumLength = ReadUShortFromMode(&Source->MaximumLength, Mode);
	s.Buffer = (PWCH)ReadPointerFromMode((const volatile PVOID __user *)&Source->Buffer, Mode);
	return s;
}

UNICODE_STRING ReadUnicodeStringFromUser(const volatile UNICODE_STRING __user *Source)
{
	return ReadUnicodeStringFromMode(Source, UserMode);
}

void WriteUnicodeStringToMode(volatile UNICODE_STRING __user *Destination, UNICODE_STRING Value, KPROCESSOR_MODE Mode)
{
	WriteUShortToMode(&Destination->Length, Value.Length, Mode);
	WriteUShortToMode(&Destination->MaximumLength, Value.MaximumLength, Mode);
	WritePointerToMode((volatile PVOID __user *)&Destination->Buffer, Value.Buffer, Mode);
}

void WriteUnicodeStringToUser(volatile UNICODE_STRING __user *Destination, UNICODE_STRING Value)
{
	WriteUnicodeStringToMode(Destination, Value, UserMode);
}
