/* uma/tests/bad_pointers.c - the catalogue of addresses a user pointer must never reach. */
#include "uma/tests/uma_test.h"

static uint64_t kernel_data_word = 0x600dda7a600dda7aull;

int uma_bad_pointers(struct bad_ptr *out, void *heap, void *stack_var, uintptr_t user_page)
{
	int n = 0;

	out[n++] = (struct bad_ptr){ "kernel text", (uintptr_t)ReadULongFromUser };
	out[n++] = (struct bad_ptr){ "kernel data", (uintptr_t)&kernel_data_word };
	out[n++] = (struct bad_ptr){ "kernel heap", (uintptr_t)heap };
	out[n++] = (struct bad_ptr){ "kernel stack", (uintptr_t)stack_var };
	out[n++] = (struct bad_ptr){ "direct map", DIRECT_MAP + 0x1000 };
	out[n++] = (struct bad_ptr){ "user_va_limit", USER_VA_LIMIT };
	out[n++] = (struct bad_ptr){ "user_va_limit - 1 (crossing)", USER_VA_LIMIT - 1 };
	out[n++] = (struct bad_ptr){ "non-canonical / TTBR1 low", 0x0000800000000000ull };
	out[n++] = (struct bad_ptr){ "non-canonical high", 0x8000000000000000ull };
	out[n++] = (struct bad_ptr){ "top-byte tagged user", (0x5aull << 56) | user_page };
	out[n++] = (struct bad_ptr){ "all ones", ~0ull };
	return n;
}
