#!/bin/sh
# tools/tests/lab.sh - tools/lab.py on a tiny tree: a good one passes its check
# and exports the right starting point; each planted marker mistake is refused.
# Runs on the host in a second; `make test` runs it first.
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fails=0
no() { echo "not ok - lab.py: $*"; fails=$((fails + 1)); }

# A tree with two labs, a and b, each one region in t.c, and a file with none.
tree() {
	rm -rf "$tmp/t" && mkdir -p "$tmp/t/tools" "$tmp/t/docs/labs"
	cp "$top/tools/lab.py" "$tmp/t/tools/"
	for l in 01-a 02-b; do printf '# Lab %s\n\n```grade\n1 both user t_x Step 1\n```\n' $l > "$tmp/t/docs/labs/$l.md"; done
	cat > "$tmp/t/t.c" <<'C'
int f(void)
{
	// LAB a BEGIN: return the answer
	return 42;
	// LAB a STUB
	// return -1;
	//	/* indented */
	// LAB a END
}
// LAB b BEGIN: g
int g(void) { return 7; }
// LAB b STUB
// int g(void) { return 0; }
// LAB b END
C
	echo 'int h(void) { return 1; }' > "$tmp/t/u.c"
	touch -d 2020-01-01 "$tmp/t/u.c"
	git -C "$tmp/t" init -q
}
check() { python3 "$tmp/t/tools/lab.py" check >/dev/null 2>&1; }

tree
check || no "a good tree fails its check"
python3 "$tmp/t/tools/lab.py" export a "$tmp/sp" >/dev/null || no "export a failed"
expect=$(printf 'int f(void)\n{\n\t// LAB a BEGIN: return the answer\n\treturn -1;\n\t\t/* indented */\n\t// LAB a END\n}\n// LAB b BEGIN: g\nint g(void) { return 7; }\n')
[ "$(head -9 "$tmp/sp/t.c")" = "$expect" ] || no "export a: t.c is not a's stub with b's solution: $(cat "$tmp/sp/t.c")"
[ "$(cat "$tmp/sp/.lab")" = a ] || no "export a: no .lab naming a"
[ "$(git -C "$tmp/sp" rev-list --count HEAD)" = 1 ] || no "export a: not one commit"
[ "$(stat -c %Y "$tmp/sp/u.c")" = "$(stat -c %Y "$tmp/t/u.c")" ] || no "export a: an untouched file lost its time"
(cd "$tmp/sp" && python3 tools/lab.py check >/dev/null 2>&1) || no "the starting point fails its own check"
python3 "$tmp/t/tools/lab.py" export a "$tmp/sp" >/dev/null 2>&1 && no "export over an existing DEST"
python3 "$tmp/t/tools/lab.py" export zz "$tmp/sp2" >/dev/null 2>&1 && no "export of an unknown lab"

# plant NAME SED-EXPRESSION [FILE]: the check must refuse the tree.
plant() {
	tree
	sed -i "$2" "$tmp/t/${3:-t.c}"
	check && no "planted $1: accepted"
}
plant nested '4a\	// LAB b BEGIN: inner'
plant no_end '/LAB a END/d'
plant no_stub '/LAB a STUB/d'
plant no_text 's/LAB a BEGIN: return the answer/LAB a BEGIN/'
plant block_comment 's|// LAB a BEGIN: return the answer|/* LAB a BEGIN: return the answer */|'
plant bare_stub_line 's|// return -1;|return -1;|'
plant unknown_lab 's/LAB b /LAB c /'
plant no_grade_block '/```grade/d' docs/labs/01-a.md
plant lab_without_region '/LAB b/d'

[ "$fails" = 0 ] && echo "tools: lab.py exported one lab correctly and refused 9 planted mistakes"
[ "$fails" = 0 ]
