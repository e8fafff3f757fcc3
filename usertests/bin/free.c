/* /bin/free - memory and processes, from sysinfo(). */
#include "ulib.h"

int main(void)
{
	struct sysinfo si;

	if (sysinfo(&si) < 0) {
		fprintf(2, "free: sysinfo: %s\n", strerror(errno));
		return 1;
	}
	unsigned long kib = si.page_size / 1024;
	printf("memory: %lu KiB in all, %lu KiB free (%lu of %lu pages)\n",
	       si.total_pages * kib, si.free_pages * kib, si.free_pages, si.total_pages);
	printf("kernel heap: %lu bytes in use\n", si.heap_bytes);
	printf("processes: %u of at most %u; threads per process: at most %u\n",
	       si.nprocs, si.max_procs, si.max_threads_per_proc);
	printf("mapped memory per process: at most %lu KiB\n", si.max_map_bytes_per_proc / 1024);
	printf("up %lu.%03lu s on %u CPU%s\n", si.uptime_ms / 1000, si.uptime_ms % 1000,
	       si.ncpus, si.ncpus == 1 ? "" : "s");
	return 0;
}
