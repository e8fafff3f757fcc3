/*
 * kernel/main.c - from the loader's jump to a running kernel.
 *
 * The arch entry code (arch/<arch>/entry.S) set up a stack and called
 * kmain() with the physical address of the struct boot_info the loader
 * filled (boot/boot_info.h). We are still on the loader's page tables.
 */
#include "boot/boot_info.h"
#include "arch/arch.h"
#include "base/printk.h"
#include "base/string.h"
#include "pmm.h"
#include "failinject.h"
#include "vm.h"
#include "kmalloc.h"
#include "timer.h"
#include "smp.h"
#include "bkl.h"
#include "base/cmdline.h"
#include "arch/trap.h"
#include "ktest.h"
#include "bench.h"
#include "base/fdt.h"
#include "uma/usermode_accessors.h"
#include "sched.h"
#include "proc.h"
#include "console.h"
#include "fs/fs.h"
#include "sys/syscall.h"
#include "kcov.h"

static struct boot_info boot_info;   /* our copy: the loader's is freed */

/* The device tree sits in memory the firmware may have called free:
 * keep the allocator away from it. */
static void reserve_dtb(paddr_t dtb)
{
	uint32_t size = fdt_total_size(phys_to_virt(dtb));

	pmm_reserve_range(ALIGN_DOWN(dtb, PAGE_SIZE), size + (dtb & (PAGE_SIZE - 1)));
}

/* Hand the loader's boot-info page and hand-over page tables back. */
static void release_boot_data(const struct boot_info *bi)
{
	for (unsigned i = 0; i < bi->mem_count; i++)
		if (bi->mem[i].type == BOOT_MEM_BOOT_DATA)
			pmm_release_range(bi->mem[i].base, bi->mem[i].size);
}

static void banner(uint64_t entry_counter)
{
	uint64_t mib = 1024 * 1024 / PAGE_SIZE;
	uint64_t ready = arch_counter();

	kprintf("\nUMA teaching kernel (%s)\n", arch_name());
	arch_cpu_describe();
	kprintf("memory: %lu MiB usable, %lu MiB free; kernel image %lu KiB at phys %#lx\n",
		pmm_total_pages() / mib, pmm_free_pages() / mib,
		boot_info.kernel_size / 1024, boot_info.kernel_phys);
	kprintf("timer: %u Hz tick, counter at %lu kHz\n", TIMER_HZ, arch_counter_hz() / 1000);
	uint64_t us = counter_to_ns(ready - entry_counter) / 1000;
	uint64_t handover_us = counter_to_ns(entry_counter - boot_info.loader_counter) / 1000;
	kprintf("boot: kernel entry to ready in %lu.%03lu ms (loader hand-over %lu us)\n",
		us / 1000, us % 1000, handover_us);
}

static unsigned ktest_failures;

static void __noreturn kernel_finish(int init_status)
{
	kprintf("# kernel: self-test failures %u, init exit status %d: powering off\n",
		ktest_failures, init_status);
	kcov_record_dump();            /* kcov=record: the coverage for tools/cover.py */
	arch_poweroff(ktest_failures || init_status ? 1 : 0);
}

/* panic()'s last steps, which need layers above kernel/base/. */
static void __noreturn panic_stop(uint64_t fp, uint64_t pc)
{
	smp_stop_others();             /* nothing runs on after a panic */
	backtrace_from(fp, pc);
	/* Under `make test` nobody is watching: leave QEMU at once with a
	 * failure instead of waiting for the runner's timeout. */
	if (ktest_running())
		arch_poweroff(1);
	kprintf("System halted.\n");
	arch_halt();
}

/*
 * The ways into the kernel from the architecture, each under the big
 * kernel lock (kernel/bkl.h). Interrupt handlers never wait for it: the
 * tick and the console leave their work to its holder (timer_tick,
 * console_rx_irq), and an IPI never needs it (smp_ipi). A call that does
 * not return (exit) hands the lock on through schedule().
 */
static long syscall_upcall(struct syscall_args *a)
{
	if (syscall_lockless(a))           /* getpid and the like: nothing shared */
		return syscall_dispatch(a);
	bkl_enter();
	long r = syscall_dispatch(a);
	bkl_exit();
	return r;
}

/* Interrupts, framed for coverage: what they run is no thread's system
 * call (kernel/kcov.h). __nocov: their own first block must not count. */
static void __nocov timer_tick_upcall(void)
{
	kcov_irq_enter();
	timer_tick();
	kcov_irq_exit();
}

static void __nocov console_rx_upcall(char c)
{
	kcov_irq_enter();
	console_rx_irq(c);
	kcov_irq_exit();
}

static void __nocov ipi_upcall(void)
{
	kcov_irq_enter();
	smp_ipi();
	kcov_irq_exit();
}

static void user_return_upcall(struct trapframe *tf)
{
	if (!proc_user_return_pending())   /* the common case: no lock at all */
		return;
	bkl_enter();
	proc_user_return(tf);
	bkl_exit();
}

void kmain(paddr_t boot_info_pa)
{
	uint64_t entry_counter = arch_counter();
	const struct boot_info *in = phys_to_virt(boot_info_pa);

	timer_mark_boot(entry_counter);
	arch_console_init();
	printk_set_console(arch_console_putc);
	panic_set_hook(panic_stop);
	arch_set_upcalls(&(const struct arch_upcalls){
		.syscall = syscall_upcall, .timer_tick = timer_tick_upcall,
		.console_rx = console_rx_upcall, .ipi = ipi_upcall, .user_return = user_return_upcall,
	});
	bkl_set_deferred(BKL_WORK_TICK, sched_tick);
	bkl_set_deferred(BKL_WORK_CONSOLE, console_rx_drain);
	bkl_enter();                   /* the boot thread runs the kernel: one CPU so far */
	if (in->magic != BOOT_INFO_MAGIC || in->version != BOOT_INFO_VERSION) {
		kprintf("kernel: boot_info at %#lx has magic %#lx version %u; expected %#lx version %u\n",
			boot_info_pa, in->magic, in->version, (uint64_t)BOOT_INFO_MAGIC, BOOT_INFO_VERSION);
		arch_halt();
	}
	memcpy(&boot_info, in, sizeof(boot_info));
	kernel_phys_base = boot_info.kernel_phys;
	cmdline_init(boot_info.cmdline);
	kprintf("kernel: entered at %p, command line \"%s\"\n", (void *)kmain, cmdline_get());

	failinject_init();             /* fail=KIND:N counts from the first allocation */
	arch_cpu_init();
	pmm_init(&boot_info);
	if (boot_info.dtb)
		reserve_dtb(boot_info.dtb);
	vm_init(&boot_info);
	release_boot_data(&boot_info);
	uma_init();
	kcov_init();                   /* kcov=record: from the first system call */
	sched_init();
	proc_init();
	console_init();
	fs_init(boot_info.initrd_phys ? phys_to_virt(boot_info.initrd_phys) : NULL,
		boot_info.initrd_size);
	arch_irq_init(&boot_info);
	arch_timer_start(TIMER_HZ);
	arch_irq_enable();
	banner(entry_counter);
	smp_init(&boot_info);

	/* ktest=...: the self-tests first. init=PATH (default /bin/sh) is
	 * process 1; under test without init= the run ends here. */
	char filter[BOOT_CMDLINE_MAX], init[64] = "/bin/sh";
	bool testing = cmdline_value("ktest", filter, sizeof(filter));
	uint64_t t0 = time_ns();
	if (testing)
		ktest_failures = ktest_run(filter);
	if (cmdline_has("kbench"))
		bench_run();
	uint64_t extra_ms = (time_ns() - t0) / 1000000, total_ms = time_ns() / 1000000;
	if (!cmdline_value("init", init, sizeof(init)) && testing)
		kernel_finish(0);
	kprintf("boot: kernel entry to process 1 in %lu ms (%lu ms without self-tests and benchmarks)\n",
		total_ms, total_ms - extra_ms);
	proc_start_init(init, kernel_finish);
	thread_exit();   /* the idle thread and process 1 take over */
}
