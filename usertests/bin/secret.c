/*
 * /bin/secret TEXT - a process with something to peek at: TEXT at the fixed
 * address 0x20000000 (a page mapped there with MAP_FIXED), then it sleeps
 * until it is killed. With the shell's `peek` builtin (docs/faq.md):
 *
 *   $ secret hello &
 *   [5]
 *   secret: pid 5 keeps "hello" at 0x20000000
 *   $ peek 5 0x20000000 5
 *   0000000020000000  68 65 6c 6c 6f ...   |hello|
 *   $ kill 5
 */
#include "ulib.h"

#define SECRET_ADDR 0x20000000ul

int main(int argc, char **argv)
{
	const char *text = argc > 1 ? argv[1] : "hello";
	char *p = mmap((void *)SECRET_ADDR, 4096, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);

	if (p == (void *)-1) {
		fprintf(2, "secret: mmap: %s\n", strerror(errno));
		return 1;
	}
	snprintf(p, 4096, "%s", text);
	printf("secret: pid %d keeps \"%s\" at %p\n", getpid(), p, (void *)p);
	for (;;)
		sleep_ms(1000);
}
