/*
 * tools/sortextable.c - sort the kernel's exception table after linking.
 *
 *   sortextable kernel.elf
 *
 * The table is an array of {uint64_t insn, uint64_t fixup} between the
 * symbols __extable_start and __extable_end (linker.ld). Entries are
 * emitted in link order; the fault handler binary-searches them, so they
 * must be sorted by insn. The kernel is linked without relocations left
 * (static, not position-independent), so sorting the bytes in the file is
 * all it takes. Runs on the host; little-endian ELF64 only (both targets).
 */
#include <elf.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct entry { uint64_t insn, fixup; };

static int cmp(const void *a, const void *b)
{
	const struct entry *x = a, *y = b;
	return x->insn < y->insn ? -1 : x->insn > y->insn;
}

static unsigned char *read_file(const char *path, long *size)
{
	FILE *f = fopen(path, "rb");
	unsigned char *buf;

	if (!f || fseek(f, 0, SEEK_END) || (*size = ftell(f)) < 0 || fseek(f, 0, SEEK_SET))
		return NULL;
	buf = malloc(*size);
	if (buf && fread(buf, 1, *size, f) != (size_t)*size)
		buf = NULL;
	fclose(f);
	return buf;
}

/* File offset of virtual address va, from the section that contains it. */
static long va_to_offset(unsigned char *elf, uint64_t va)
{
	Elf64_Ehdr *eh = (Elf64_Ehdr *)elf;
	Elf64_Shdr *sh = (Elf64_Shdr *)(elf + eh->e_shoff);

	for (int i = 0; i < eh->e_shnum; i++)
		if (sh[i].sh_type == SHT_PROGBITS && va >= sh[i].sh_addr &&
		    va <= sh[i].sh_addr + sh[i].sh_size)
			return sh[i].sh_offset + (va - sh[i].sh_addr);
	return -1;
}

static int find_symbol(unsigned char *elf, const char *name, uint64_t *value)
{
	Elf64_Ehdr *eh = (Elf64_Ehdr *)elf;
	Elf64_Shdr *sh = (Elf64_Shdr *)(elf + eh->e_shoff);

	for (int i = 0; i < eh->e_shnum; i++) {
		if (sh[i].sh_type != SHT_SYMTAB)
			continue;
		Elf64_Sym *sym = (Elf64_Sym *)(elf + sh[i].sh_offset);
		const char *str = (const char *)elf + sh[sh[i].sh_link].sh_offset;
		for (size_t k = 0; k < sh[i].sh_size / sizeof(*sym); k++)
			if (!strcmp(str + sym[k].st_name, name)) {
				*value = sym[k].st_value;
				return 0;
			}
	}
	return -1;
}

int main(int argc, char **argv)
{
	long size;
	uint64_t start, end;
	unsigned char *elf;

	if (argc != 2 || !(elf = read_file(argv[1], &size))) {
		fprintf(stderr, "usage: sortextable kernel.elf (readable ELF64 file)\n");
		return 2;
	}
	if (memcmp(elf, ELFMAG, SELFMAG) || elf[EI_CLASS] != ELFCLASS64 || elf[EI_DATA] != ELFDATA2LSB ||
	    find_symbol(elf, "__extable_start", &start) || find_symbol(elf, "__extable_end", &end)) {
		fprintf(stderr, "sortextable: %s: not a little-endian ELF64 kernel with __extable_start/_end\n", argv[1]);
		return 1;
	}
	size_t n = (end - start) / sizeof(struct entry);
	long off = va_to_offset(elf, start);
	if (off < 0 || off + n * sizeof(struct entry) > (size_t)size) {
		fprintf(stderr, "sortextable: cannot locate the table in %s\n", argv[1]);
		return 1;
	}
	qsort(elf + off, n, sizeof(struct entry), cmp);

	FILE *f = fopen(argv[1], "r+b");
	if (!f || fseek(f, off, SEEK_SET) || fwrite(elf + off, sizeof(struct entry), n, f) != n || fclose(f)) {
		fprintf(stderr, "sortextable: cannot write %s\n", argv[1]);
		return 1;
	}
	return 0;
}
