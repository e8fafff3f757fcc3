/*
 * kernel/base/fdt.c - walk a flattened device tree (Devicetree Specification
 * v0.4, chapter 5). The structure block is a token stream:
 *   BEGIN_NODE name\0 (pad to 4)   PROP len nameoff data (pad)   END_NODE
 * and a node's properties come before its children (5.4.2), so by the time
 * the first child or the END_NODE shows up, a node is completely known.
 * Every offset is checked against the header's sizes: the blob comes from
 * firmware and a bad one must not send the kernel reading wild memory.
 */
#include "base/fdt.h"
#include "base/string.h"

#define FDT_MAGIC      0xd00dfeedu
#define FDT_BEGIN_NODE 1
#define FDT_END_NODE   2
#define FDT_PROP       3
#define FDT_NOP        4
#define FDT_END        9
#define FDT_MAX_DEPTH  16

static uint32_t be32(const void *p)
{
	const uint8_t *b = p;
	return (uint32_t)b[0] << 24 | (uint32_t)b[1] << 16 | (uint32_t)b[2] << 8 | b[3];
}

/* Header fields (5.2), by word index. */
enum { H_MAGIC, H_TOTALSIZE, H_OFF_STRUCT, H_OFF_STRINGS, H_OFF_RSVMAP,
       H_VERSION, H_LAST_COMP, H_BOOT_CPU, H_SIZE_STRINGS, H_SIZE_STRUCT };

static uint32_t hdr(const void *fdt, int field) { return be32((const uint8_t *)fdt + 4 * field); }

bool fdt_valid(const void *fdt)
{
	uint32_t total;

	/* Version 17 added size_dt_struct, which the walk relies on (5.2). */
	if (!fdt || hdr(fdt, H_MAGIC) != FDT_MAGIC || hdr(fdt, H_VERSION) < 17 ||
	    hdr(fdt, H_LAST_COMP) > 17)
		return false;
	total = hdr(fdt, H_TOTALSIZE);
	return hdr(fdt, H_OFF_STRUCT) + (uint64_t)hdr(fdt, H_SIZE_STRUCT) <= total &&
	       hdr(fdt, H_OFF_STRINGS) + (uint64_t)hdr(fdt, H_SIZE_STRINGS) <= total;
}

uint32_t fdt_total_size(const void *fdt)
{
	return fdt_valid(fdt) ? hdr(fdt, H_TOTALSIZE) : 0;
}

/* A cursor over the structure block. */
struct cursor {
	const uint8_t *p, *end;
	const char *strings;
	uint32_t strings_size;
};

static bool cursor_init(struct cursor *c, const void *fdt)
{
	if (!fdt_valid(fdt))
		return false;
	c->p = (const uint8_t *)fdt + hdr(fdt, H_OFF_STRUCT);
	c->end = c->p + hdr(fdt, H_SIZE_STRUCT);
	c->strings = (const char *)fdt + hdr(fdt, H_OFF_STRINGS);
	c->strings_size = hdr(fdt, H_SIZE_STRINGS);
	return true;
}

/* One property, as the reader sees it. */
struct prop {
	const char *name;
	const uint8_t *data;
	uint32_t len;
};

/* Read the next token; fills *pr for FDT_PROP, skips names and padding.
 * Returns FDT_END on any inconsistency. */
static uint32_t next_token(struct cursor *c, struct prop *pr)
{
	uint32_t tok, len, nameoff;

	do {
		if (c->p + 4 > c->end)
			return FDT_END;
		tok = be32(c->p);
		c->p += 4;
	} while (tok == FDT_NOP);
	if (tok == FDT_BEGIN_NODE) {
		size_t n = strnlen((const char *)c->p, c->end - c->p);
		pr->name = (const char *)c->p;
		c->p += ALIGN_UP(n + 1, 4);
	} else if (tok == FDT_PROP) {
		if (c->p + 8 > c->end)
			return FDT_END;
		len = be32(c->p);
		nameoff = be32(c->p + 4);
		if (len > (uint64_t)(c->end - c->p) - 8 || nameoff >= c->strings_size)
			return FDT_END;
		pr->name = c->strings + nameoff;
		pr->data = c->p + 8;
		pr->len = len;
		c->p += 8 + ALIGN_UP(len, 4);
	} else if (tok != FDT_END_NODE) {
		return FDT_END;
	}
	return c->p > c->end ? FDT_END : tok;
}

/* Does a stringlist property ("a\0b\0") contain s? */
static bool strlist_has(const struct prop *pr, const char *s)
{
	size_t n = strlen(s);

	for (uint32_t i = 0; i + n < pr->len; ) {
		const char *item = (const char *)pr->data + i;
		size_t len = strnlen(item, pr->len - i);
		if (len == n && memcmp(item, s, n) == 0)
			return true;
		i += len + 1;
	}
	return false;
}

/* What we learn about a node while reading its properties. */
struct node {
	bool match, disabled, type_match;
	struct prop reg, want;        /* want: the property the caller asked for */
	uint32_t addr_cells, size_cells;   /* for this node's children */
};

/*
 * Walk the tree to the first enabled node compatible with compat -- or,
 * with compat NULL, to enabled node number skip whose device_type is type.
 * On success *n describes it and *parent_cells holds {#address, #size} of
 * its parent, which is how its reg is encoded (2.3.5; defaults 2 and 1).
 */
static bool find_node_of(const void *fdt, const char *compat, const char *type, int skip,
			 const char *want, struct node *n, uint32_t parent_cells[2])
{
	struct cursor c;
	struct prop pr;
	uint32_t cells[FDT_MAX_DEPTH + 1][2];
	int depth = 0;
	bool open = false;           /* the node at depth is still reading props */

	if (!cursor_init(&c, fdt))
		return false;
	cells[0][0] = 2, cells[0][1] = 1;
	for (;;) {
		uint32_t tok = next_token(&c, &pr);
		if (tok != FDT_PROP && open) {
			/* Properties of the node at depth are complete. */
			open = false;
			cells[depth][0] = n->addr_cells, cells[depth][1] = n->size_cells;
			if (!compat)
				n->match = n->type_match && !n->disabled && skip-- == 0;
			if (n->match && !n->disabled) {
				parent_cells[0] = cells[depth - 1][0];
				parent_cells[1] = cells[depth - 1][1];
				return true;
			}
		}
		switch (tok) {
		case FDT_BEGIN_NODE:
			if (++depth > FDT_MAX_DEPTH)
				return false;
			memset(n, 0, sizeof(*n));
			n->addr_cells = 2, n->size_cells = 1;
			open = true;
			break;
		case FDT_END_NODE:
			if (--depth < 0)
				return false;
			break;
		case FDT_PROP:
			if (!open)
				return false;        /* property after a child: malformed */
			if (compat && strcmp(pr.name, "compatible") == 0)
				n->match = strlist_has(&pr, compat);
			else if (!compat && strcmp(pr.name, "device_type") == 0)
				n->type_match = strlist_has(&pr, type);
			else if (strcmp(pr.name, "status") == 0)
				n->disabled = !strlist_has(&pr, "okay") && !strlist_has(&pr, "ok");
			else if (strcmp(pr.name, "reg") == 0)
				n->reg = pr;
			else if (strcmp(pr.name, "#address-cells") == 0 && pr.len == 4)
				n->addr_cells = be32(pr.data);
			else if (strcmp(pr.name, "#size-cells") == 0 && pr.len == 4)
				n->size_cells = be32(pr.data);
			if (want && strcmp(pr.name, want) == 0)
				n->want = pr;
			break;
		default:
			return false;
		}
	}
}

static bool find_node(const void *fdt, const char *compat, const char *want,
		      struct node *n, uint32_t parent_cells[2])
{
	return find_node_of(fdt, compat, NULL, 0, want, n, parent_cells);
}

/* A number of 1 or 2 cells (more does not fit 64 bits: refuse). */
static bool read_cells(const uint8_t *p, uint32_t cells, uint64_t *out)
{
	if (cells > 2)
		return false;
	*out = 0;
	for (uint32_t i = 0; i < cells; i++)
		*out = *out << 32 | be32(p + 4 * i);
	return true;
}

bool fdt_find_compatible(const void *fdt, const char *compat,
			 uint64_t *reg_base, uint64_t *reg_size, int reg_index)
{
	struct node n;
	uint32_t pc[2];
	uint64_t entry;

	if (reg_index < 0 || !find_node(fdt, compat, NULL, &n, pc) || !n.reg.data)
		return false;
	entry = 4ull * (pc[0] + pc[1]);
	if (entry == 0 || (reg_index + 1) * entry > n.reg.len)
		return false;
	return read_cells(n.reg.data + reg_index * entry, pc[0], reg_base) &&
	       read_cells(n.reg.data + reg_index * entry + 4 * pc[0], pc[1], reg_size);
}

const char *fdt_compatible_prop_string(const void *fdt, const char *compat, const char *prop)
{
	struct node n;
	uint32_t pc[2];

	if (!find_node(fdt, compat, prop, &n, pc) || !n.want.data || n.want.len == 0 ||
	    n.want.data[n.want.len - 1] != '\0')
		return NULL;
	return (const char *)n.want.data;
}

bool fdt_compatible_prop_cell(const void *fdt, const char *compat, const char *prop,
			      int index, uint32_t *out)
{
	struct node n;
	uint32_t pc[2];

	if (index < 0 || !find_node(fdt, compat, prop, &n, pc) || !n.want.data ||
	    4ull * (index + 1) > n.want.len)
		return false;
	*out = be32(n.want.data + 4 * index);
	return true;
}

bool fdt_device_type_node(const void *fdt, const char *type, int index, uint64_t *reg,
			  const char *prop, const char **prop_str)
{
	struct node n;
	uint32_t pc[2];

	if (index < 0 || !find_node_of(fdt, NULL, type, index, prop, &n, pc) || !n.reg.data ||
	    4ull * pc[0] > n.reg.len || !read_cells(n.reg.data, pc[0], reg))
		return false;
	if (prop_str)
		*prop_str = n.want.data && n.want.len && n.want.data[n.want.len - 1] == '\0' ?
			    (const char *)n.want.data : NULL;
	return true;
}
