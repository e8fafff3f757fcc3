/* /bin/sleep SECONDS - wait that long; SECONDS may have a fraction (0.05). */
#include "ulib.h"

int main(int argc, char **argv)
{
	unsigned ms = 0, scale = 1000;
	const char *s = argc == 2 ? argv[1] : "";

	for (; *s >= '0' && *s <= '9'; s++)
		ms = ms * 10 + (unsigned)(*s - '0') * 1000;
	if (*s == '.')
		for (s++; *s >= '0' && *s <= '9' && scale > 1; s++)
			ms += (unsigned)(*s - '0') * (scale /= 10);
	if (argc != 2 || *s) {
		fprintf(2, "usage: sleep SECONDS   (e.g. 2 or 0.05)\n");
		return 2;
	}
	sleep_ms(ms);
	return 0;
}
