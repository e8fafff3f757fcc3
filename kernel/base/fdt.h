/*
 * kernel/base/fdt.h - a minimal reader for the flattened device tree (DTB).
 *
 * Enough to find a device by its "compatible" string and read its "reg"
 * addresses or a string property. Format: Devicetree Specification v0.4,
 * chapter 5 (all numbers big-endian). Architecture-neutral; the DTB pointer
 * is a kernel virtual address (e.g. phys_to_virt(bi->dtb)).
 */
#ifndef KERNEL_FDT_H
#define KERNEL_FDT_H

#include "base/types.h"

/* Header magic and version check; every function below does it too. */
bool fdt_valid(const void *fdt);

/* Size of the whole blob in bytes (0 if not valid), e.g. to reserve it. */
uint32_t fdt_total_size(const void *fdt);

/*
 * First node with status "okay" (or no status) whose compatible list
 * contains compat: read entry reg_index of its "reg" property, using the
 * parent's #address-cells / #size-cells. False if no such node or entry.
 */
bool fdt_find_compatible(const void *fdt, const char *compat,
			 uint64_t *reg_base, uint64_t *reg_size, int reg_index);

/* Property prop of that same node as a NUL-terminated string, or NULL. */
const char *fdt_compatible_prop_string(const void *fdt, const char *compat,
				       const char *prop);

/* Cell `index` (a big-endian 32-bit word) of property prop of the first
 * enabled node compatible with compat; false if there is none. */
bool fdt_compatible_prop_cell(const void *fdt, const char *compat, const char *prop,
			      int index, uint32_t *out);

/*
 * Enabled node number index (0, 1, ...) among those whose device_type is
 * type, e.g. the "cpu" nodes under /cpus (Devicetree Specification 3.8):
 * the first address of its "reg" (the parent's #address-cells, at most 2)
 * and, when prop is not NULL, that property as a string in *prop_str (NULL
 * if absent). False when there are no more such nodes.
 */
bool fdt_device_type_node(const void *fdt, const char *type, int index, uint64_t *reg,
			  const char *prop, const char **prop_str);

#endif
