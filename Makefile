# Makefile - the one entry point.
#
#   make [all]     build the kernel, loader, GRUB image and ESP for $(ARCH)
#   make run       boot it in QEMU with the GRUB menu on this terminal
#   make test      build and run every self-test on both architectures
#   make check     static checks: sparse (__user) and tools/check-uaccess.py
#   make bench     benchmarks on both architectures (tools/bench.sh)
#   make cover     coverage of a run of the user suite (and /bin/fuzz, if
#                  there is one): per file and per system call (tools/cover.py)
#   make fuzz      /bin/fuzz on both architectures (FUZZ_TIME, SEED, ARCH;
#                  docs/fuzzing.md); make soak: the fuzzer and the user suite
#                  in turn for SOAK_TIME
#   make debug     boot paused, waiting for gdb (see README)
#   make gdbtest   gdb-multiarch in batch mode walks read() into a bad pointer
#                  (tools/gdb-walk.sh, docs/debugging.md)
#   make lab LAB=x [DEST=dir]   the starting point of lab x (docs/labs/README.md)
#   make grade [LAB=x]          grade lab x (every lab; in a starting point, its own)
#   make clean
#
# ARCH=x86_64 (default) or ARCH=aarch64. Outputs go to build/$(ARCH)/;
# with COVER=1 (the coverage build) to build/$(ARCH)-cover/.
# Any missing host tool is installed first by tools/setup.sh.

ARCH ?= x86_64
ifneq ($(ARCH),x86_64)
ifneq ($(ARCH),aarch64)
$(error ARCH must be x86_64 or aarch64)
endif
endif

.DEFAULT_GOAL := all
# COVER=1: the coverage build (kernel/kcov.h, docs/detectors.md), in a
# directory of its own so that its objects never mix with the normal ones.
COVER   ?= 0
B       := build/$(ARCH)$(if $(filter 1,$(COVER)),-cover)
# DBG=1 (default): debug checks such as FAST_FAIL_KERNEL_POINTER_EXPECTED.
DBG     ?= 1
SYSROOT := build/sysroot-arm64
Q       := @

ifeq ($(ARCH),x86_64)
CROSS      :=
EFI_INC    := /usr/include/efi
EFI_LIB    := /usr/lib
EFI_NAME   := BOOTX64.EFI
GRUB_FMT   := x86_64-efi
GRUB_DIR   := /usr/lib/grub/x86_64-efi
ARCH_CFLAGS := -mcmodel=kernel -mno-red-zone -mgeneral-regs-only -mno-sse
EFI_CFLAGS  := -mno-red-zone -maccumulate-outgoing-args -mgeneral-regs-only
else
CROSS      := aarch64-linux-gnu-
EFI_INC    := $(SYSROOT)/usr/include/efi
EFI_LIB    := $(SYSROOT)/usr/lib
EFI_NAME   := BOOTAA64.EFI
GRUB_FMT   := arm64-efi
GRUB_DIR   := $(SYSROOT)/usr/lib/grub/arm64-efi
ARCH_CFLAGS := -mgeneral-regs-only -mno-omit-leaf-frame-pointer -mstrict-align \
               -mno-outline-atomics
EFI_CFLAGS  := -mgeneral-regs-only
endif

CC      := $(CROSS)gcc
LD      := $(CROSS)ld
OBJCOPY := $(CROSS)objcopy
OBJDUMP := $(CROSS)objdump

# ---------------------------------------------------------------- kernel
KSRC := $(wildcard kernel/base/*.c arch/*.c arch/$(ARCH)/*.c arch/$(ARCH)/*.S uma/*.c \
                  kernel/*.c kernel/fs/*.c kernel/sys/*.c \
                  kernel/tests/*.c kernel/fs/tests/*.c kernel/sys/tests/*.c \
                  uma/tests/*.c uma/examples/*.c \
                  arch/$(ARCH)/tests/*.c)
# Objects keep their source's suffix (uaccess.c.o, uaccess.S.o): a C file
# and an assembly file may share a name.
KOBJ := $(patsubst %,$(B)/%.o,$(KSRC))

# Every kernel header is named from one of these roots: "uma/seh.h",
# "boot/boot_info.h", "arch/arch.h" from the top; "base/printk.h",
# "fs/file.h", "sys/syscall.h", "uapi/errno.h", "proc.h" from kernel/; and
# <asm/...> from the architecture. tools/check-layers.py checks that no name
# reaches two files and that no layer includes a header of a higher one.
KINCLUDE := -I. -Ikernel -Iarch/$(ARCH)/include

KCFLAGS := -std=gnu11 -O2 -g -Wall -Wextra -Werror -Wno-unused-parameter \
           -ffreestanding -fno-pie -fno-pic -fno-stack-protector -fno-common \
           -fno-omit-frame-pointer -fno-asynchronous-unwind-tables \
           -fno-strict-aliasing -nostdinc -isystem $(shell $(CC) -print-file-name=include) \
           -fno-reorder-blocks-and-partition -DDBG=$(DBG) -DCOVER=$(COVER) \
           $(KINCLUDE) $(ARCH_CFLAGS) -MMD -MP

# UMA tests call __try in loops; GCC's -Wclobbered then flags loop counters
# that no longjmp can clobber (they do not change between the setjmp and the
# raise). The warning stays on for all other code.
$(B)/uma/tests/%.c.o: KCFLAGS += -Wno-clobbered

# Coverage (COVER=1): every basic block of kernel/ and uma/ calls
# __sanitizer_cov_trace_pc (kernel/kcov.c) -- but not arch/ and kernel/base/
# (they run before there is a thread to record for, and in every trap), not
# the hook's own file, and not the self-tests and benchmarks. No sibling
# calls there: a block that ends the function would otherwise *jump* to the
# hook, which would then record its caller's return address.
ifeq ($(COVER),1)
KCOV_SRC := $(filter-out kernel/base/% kernel/kcov.c kernel/ktest.c kernel/ktest_user.c \
              kernel/bench.c kernel/tests/% kernel/fs/tests/% kernel/sys/tests/% uma/tests/%, \
              $(filter kernel/%.c uma/%.c,$(KSRC)))
$(patsubst %,$(B)/%.o,$(KCOV_SRC)): KCFLAGS += -fsanitize-coverage=trace-pc -fno-optimize-sibling-calls
endif

$(B)/%.c.o: %.c | setup
	@mkdir -p $(dir $@)
	@echo "  CC      $<"
	$(Q)$(CC) $(KCFLAGS) -c $< -o $@

$(B)/%.S.o: %.S | setup
	@mkdir -p $(dir $@)
	@echo "  AS      $<"
	$(Q)$(CC) $(KCFLAGS) -D__ASSEMBLY__ -c $< -o $@

$(B)/linker.ld: linker.ld boot/boot_info.h
	@mkdir -p $(B)
	$(Q)$(CC) -E -P -x c -D__ASSEMBLY__ -DARCH_$(ARCH) -Iboot linker.ld | \
		grep -v '^#' > $@

# Link twice: first with an empty symbol table, then with the function
# symbols of the first link (tools/ksyms.sh, kernel/base/ksym.h); then sort the
# exception table in place (asm/extable.h, tools/sortextable.c).
KLD = $(LD) -nostdlib -z max-page-size=4096 -z noexecstack -T $(B)/linker.ld
$(B)/kernel.elf: $(KOBJ) $(B)/linker.ld build/tools/sortextable tools/ksyms.sh
	@echo "  LD      $@"
	$(Q)tools/ksyms.sh $(CROSS)nm /dev/null > $(B)/ksyms0.S
	$(Q)$(CC) -c $(B)/ksyms0.S -o $(B)/ksyms0.o
	$(Q)$(KLD) -o $@.1 $(KOBJ) $(B)/ksyms0.o
	$(Q)tools/ksyms.sh $(CROSS)nm $@.1 > $(B)/ksyms.S
	$(Q)$(CC) -c $(B)/ksyms.S -o $(B)/ksyms.o
	$(Q)$(KLD) -o $@.tmp $(KOBJ) $(B)/ksyms.o
	$(Q)build/tools/sortextable $@.tmp
	$(Q)rm -f $@.1 && mv $@.tmp $@

# Host tools.
build/tools/%: tools/%.c | setup
	@mkdir -p $(dir $@)
	@echo "  HOSTCC  $<"
	$(Q)gcc -O2 -Wall -Wextra -Werror -o $@ $<

# ---------------------------------------------------------------- loader
LSRC := boot/loader.c boot/$(ARCH)/handoff.c
LOBJ := $(patsubst %,$(B)/%.o,$(basename $(LSRC)))
LCFLAGS := -std=gnu11 -O2 -Wall -Wextra -Werror -Wno-unused-parameter \
           -ffreestanding -fpic -fshort-wchar -fno-stack-protector \
           -fno-strict-aliasing -I$(EFI_INC) -I$(EFI_INC)/$(ARCH) -Iboot \
           $(EFI_CFLAGS) -DGNU_EFI_USE_MS_ABI -MMD -MP

$(B)/boot/%.o: boot/%.c | setup
	@mkdir -p $(dir $@)
	@echo "  CC      $<"
	$(Q)$(CC) $(LCFLAGS) -c $< -o $@

EFI_SECTIONS := -j .text -j .sdata -j .data -j .dynamic -j .dynsym -j .rel \
                -j .rela -j .rel.* -j .rela.* -j .reloc
$(B)/loader.so: $(LOBJ)
	@echo "  LD      $@"
ifeq ($(ARCH),x86_64)
	$(Q)$(LD) -shared -Bsymbolic -nostdlib -T $(EFI_LIB)/elf_x86_64_efi.lds \
		$(EFI_LIB)/crt0-efi-x86_64.o $(LOBJ) -L$(EFI_LIB) -lefi -lgnuefi -o $@
else
	$(Q)$(LD) -shared -Bsymbolic -nostdlib -T $(EFI_LIB)/elf_aarch64_efi.lds \
		--defsym=EFI_SUBSYSTEM=0xa \
		$(EFI_LIB)/crt0-efi-aarch64.o $(LOBJ) -L$(EFI_LIB) -lefi -lgnuefi -o $@
endif

# Debian's crt0-efi-aarch64.o carries its own PE header, so ARM64 is a raw
# binary copy; x86-64 lets objcopy write the PE header (SPEC section 3).
$(B)/loader.efi: $(B)/loader.so
	@echo "  EFI     $@"
ifeq ($(ARCH),x86_64)
	$(Q)$(OBJCOPY) $(EFI_SECTIONS) --target efi-app-x86_64 --subsystem=10 $< $@
else
	$(Q)$(OBJCOPY) $(EFI_SECTIONS) -O binary $< $@
endif

# ---------------------------------------------------------------- GRUB + ESP
GRUB_MODULES := part_gpt part_msdos fat search search_fs_file normal configfile \
                echo chain boot test
$(B)/$(EFI_NAME): boot/grub.cfg | setup
	@mkdir -p $(B)
	@echo "  GRUB    $@"
	$(Q)grub-mkstandalone -O $(GRUB_FMT) -d $(GRUB_DIR) -o $@ \
		--modules="$(GRUB_MODULES)" --locales= --fonts= --themes= \
		"boot/grub/grub.cfg=boot/grub.cfg"

# ---------------------------------------------------------------- user space
# Every .c in usertests/bin/ and usertests/tests/ is one program, linked
# with usertests/lib/ and packed into the initrd as /bin/NAME or /tests/NAME.
# They do not depend on COVER, so the coverage build uses the same ones.
UB       := build/$(ARCH)
ULIB_SRC := $(wildcard usertests/lib/*.c usertests/lib/arch/$(ARCH)/*.S)
ULIB_OBJ := $(patsubst %,$(UB)/%.o,$(ULIB_SRC))
UBIN     := $(patsubst usertests/bin/%.c,$(UB)/user/bin/%,$(wildcard usertests/bin/*.c))
UTESTS   := $(patsubst usertests/tests/%.c,$(UB)/user/tests/%,$(wildcard usertests/tests/*.c))
# /bin/fuzz is the one program made of several files (docs/fuzzing.md).
FUZZ_OBJ := $(patsubst %,$(UB)/%.o,$(wildcard usertests/fuzz/*.c))
UBIN     += $(UB)/user/bin/fuzz
# No -mgeneral-regs-only here (unlike the kernel): user programs may use
# floating point and SIMD; the kernel saves those registers per thread.
UCFLAGS  := -std=gnu11 -O2 -g -Wall -Wextra -Werror -Wno-unused-parameter \
            -ffreestanding -fno-pie -fno-pic -fno-stack-protector -fno-builtin \
            -fno-omit-frame-pointer -fno-asynchronous-unwind-tables \
            -nostdinc -isystem $(shell $(CC) -print-file-name=include) \
            -Iusertests/lib -Ikernel/uapi -Iarch/$(ARCH)/include/uapi -MMD -MP
ifeq ($(ARCH),aarch64)
UCFLAGS  += -mno-outline-atomics   # inline atomics: user programs link no libgcc
endif

$(UB)/usertests/%.c.o: usertests/%.c | setup
	@mkdir -p $(dir $@)
	@echo "  UCC     $<"
	$(Q)$(CC) $(UCFLAGS) -c $< -o $@

$(UB)/usertests/%.S.o: usertests/%.S | setup
	@mkdir -p $(dir $@)
	@echo "  UAS     $<"
	$(Q)$(CC) $(UCFLAGS) -D__ASSEMBLY__ -c $< -o $@

$(UB)/ulib.a: $(ULIB_OBJ)
	$(Q)rm -f $@ && $(CROSS)ar rcs $@ $^

ULINK = @mkdir -p $(dir $@) && echo "  ULD     $@" && \
	$(LD) -static -nostdlib -z max-page-size=4096 -z noexecstack -T usertests/user.ld \
		-o $@ $< $(UB)/ulib.a
$(UB)/user/bin/%: $(UB)/usertests/bin/%.c.o $(UB)/ulib.a usertests/user.ld
	$(ULINK)
$(UB)/user/tests/%: $(UB)/usertests/tests/%.c.o $(UB)/ulib.a usertests/user.ld
	$(ULINK)
$(UB)/user/bin/fuzz: $(FUZZ_OBJ) $(UB)/ulib.a usertests/user.ld
	@mkdir -p $(dir $@) && echo "  ULD     $@"
	$(Q)$(LD) -static -nostdlib -z max-page-size=4096 -z noexecstack -T usertests/user.ld \
		-o $@ $(FUZZ_OBJ) $(UB)/ulib.a

# The initrd is a cpio archive (newc format): /bin/NAME, /tests/NAME and an
# empty /tmp for scratch files. initrd.list holds the programs' names and
# changes only when they do, so that deleting a test rebuilds the initrd
# too (no remaining program is newer than it then).
$(UB)/initrd.list: FORCE
	@mkdir -p $(UB)
	$(Q)echo '$(UBIN) $(UTESTS)' | cmp -s - $@ || echo '$(UBIN) $(UTESTS)' > $@

$(UB)/initrd: $(UBIN) $(UTESTS) $(UB)/initrd.list | setup
	@echo "  CPIO    $@"
	$(Q)rm -rf $(UB)/initrd-root && mkdir -p $(UB)/initrd-root/bin $(UB)/initrd-root/tests \
		$(UB)/initrd-root/tmp
	$(Q)for f in $(UBIN); do cp $$f $(UB)/initrd-root/bin/; done
	$(Q)for f in $(UTESTS); do cp $$f $(UB)/initrd-root/tests/; done
	$(Q)cd $(UB)/initrd-root && find . -mindepth 1 | LC_ALL=C sort | \
		cpio -o -H newc --quiet > ../initrd

# ---------------------------------------------------------------- ESP
$(B)/esp.img: $(B)/$(EFI_NAME) $(B)/loader.efi $(B)/kernel.elf $(UB)/initrd tools/mkesp.sh
	@echo "  ESP     $@"
	$(Q)tools/mkesp.sh $@ $(B)/$(EFI_NAME) $(B)/loader.efi $(B)/kernel.elf $(UB)/initrd

# ---------------------------------------------------------------- targets
.PHONY: all run test test-arch check bench cover debug gdbtest clean setup lab grade fuzz soak FORCE
FORCE:
all: $(B)/esp.img

setup:
	$(Q)tools/setup.sh $(ARCH)

run: all
	$(Q)COVER=$(COVER) tools/qemu.sh $(ARCH) run

debug: all
	$(Q)COVER=$(COVER) tools/qemu.sh $(ARCH) debug

# gdb in batch mode: kmain, a system call from user mode, CopyToUser, the
# fixup of its fault and -EFAULT; transcript in build/$(ARCH)/gdbwalk.txt.
gdbtest: all
	$(Q)tools/gdb-walk.sh -v $(ARCH)

# Static checks: the include layers, sparse with __user (with the very
# flags the kernel is compiled with), and the disassembly of the accessors.
check: all
	$(Q)python3 tools/lab.py check
	$(Q)CHECK_CFLAGS="$(filter-out -MMD -MP,$(KCFLAGS))" \
		CHECK_SRCS="$(filter %.c,$(KSRC))" tools/check.sh $(ARCH)

# `make test` runs the static checks, builds both architectures, boots both
# (in parallel) and ends with "N passed, N failed"; `make test-arch` is one ARCH.
test:
	$(Q)tools/tests/tap-summary.sh
	$(Q)tools/tests/check-layers.sh
	$(Q)tools/tests/lab.sh
	$(Q)$(MAKE) --no-print-directory ARCH=x86_64 check
	$(Q)$(MAKE) --no-print-directory ARCH=aarch64 check
	$(Q)$(MAKE) --no-print-directory ARCH=x86_64 COVER=1 all
	$(Q)$(MAKE) --no-print-directory ARCH=aarch64 COVER=1 all
	$(Q)tools/run-tests.sh x86_64 aarch64

test-arch: all
	$(Q)$(MAKE) --no-print-directory COVER=1 all
	$(Q)tools/run-tests.sh $(ARCH)

# Benchmarks on both architectures: a table, and build/ARCH/bench.csv.
bench:
	$(Q)$(MAKE) --no-print-directory ARCH=x86_64 all
	$(Q)$(MAKE) --no-print-directory ARCH=aarch64 all
	$(Q)tools/bench.sh x86_64 aarch64

# The system-call fuzzer (docs/fuzzing.md): FUZZ_TIME seconds per
# architecture (default 300) from SEED (default 1); `make soak`: the fuzzer
# and the user suite in turn for SOAK_TIME seconds (default 3600). Both
# architectures, or the one named with ARCH= on the command line. `make
# fuzz` boots the coverage build (COVER=1: a coverage-guided corpus, about
# three times slower), `make soak` the normal one (random mode, for the
# calls per second); COVER=0 or COVER=1 on the command line chooses.
FUZZ_ARCHES := $(if $(filter command line,$(origin ARCH)),$(ARCH),x86_64 aarch64)
fuzz: FUZZ_COVER := $(if $(filter command line,$(origin COVER)),$(COVER),1)
soak: FUZZ_COVER := $(if $(filter command line,$(origin COVER)),$(COVER),0)
fuzz soak:
	$(Q)for a in $(FUZZ_ARCHES); do \
		$(MAKE) --no-print-directory ARCH=$$a COVER=$(FUZZ_COVER) all || exit 1; done
	$(Q)COVER=$(FUZZ_COVER) tools/fuzz.sh $@ $(FUZZ_ARCHES)

# Coverage (docs/detectors.md, "Coverage (KCOV)"): boot the coverage build
# with the global record on (kcov=record), run the whole user suite as
# process 1, then /bin/fuzz if the tree has it (COVER_FUZZ_ARGS are its
# arguments: seed 1 for 60 s by default; it must end by itself), and
# symbolize the (system call, PC) pairs each boot prints at power-off.
# COVER_TIMEOUT bounds each boot.
COVER_TIMEOUT   ?= 1500
COVER_FUZZ_ARGS ?= -s 1 -t 60
CB := build/$(ARCH)-cover
cover:
	$(Q)$(MAKE) --no-print-directory COVER=1 all
	@echo "  COVER   $(ARCH): the user suite with kcov=record (log: $(CB)/cover.log)"
	$(Q)COVER=1 NAME=cover TIMEOUT=$(COVER_TIMEOUT) \
		CMDLINE="kcov=record init=/bin/usertests poweroff" tools/qemu.sh $(ARCH) test
	$(Q)grep -a "^# usertests:" $(CB)/cover.log || true
	$(Q)rm -f $(CB)/cover-fuzz.log
	$(Q)if [ -f build/$(ARCH)/initrd-root/bin/fuzz ]; then \
		echo "  COVER   $(ARCH): /bin/fuzz $(COVER_FUZZ_ARGS) (log: $(CB)/cover-fuzz.log)"; \
		COVER=1 NAME=cover-fuzz TIMEOUT=$(COVER_TIMEOUT) \
		CMDLINE="kcov=record init=/bin/fuzz poweroff -- $(COVER_FUZZ_ARGS)" tools/qemu.sh $(ARCH) test; \
	else echo "  COVER   $(ARCH): no /bin/fuzz in this tree: the user suite only"; fi
	$(Q)python3 tools/cover.py $(ARCH) $(CB)/kernel.elf $(CB)/cover.log \
		$$(ls $(CB)/cover-fuzz.log 2>/dev/null) | tee $(CB)/cover.txt

# Labs (docs/labs/README.md): a student's starting point, cut from this
# tree, and the grader. GRADE_TIMEOUT=F multiplies the grader's timeouts.
LAB  ?=
DEST ?= ../lab-$(LAB)
lab: setup
ifeq ($(LAB),)
	$(Q)python3 tools/lab.py list
else
	$(Q)python3 tools/lab.py export $(LAB) $(DEST)
endif

grade: setup
	$(Q)python3 tools/grade.py $(LAB)

clean:
	rm -rf build/x86_64 build/aarch64 build/x86_64-cover build/aarch64-cover

-include $(KOBJ:.o=.d) $(LOBJ:.o=.d) $(ULIB_OBJ:.o=.d) $(FUZZ_OBJ:.o=.d)
