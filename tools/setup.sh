#!/bin/sh
# tools/setup.sh ARCH: make sure every host tool the build and QEMU need is present.
#
# Host packages come from Debian 12 (SPEC section 3). The ARM64 gnu-efi
# library and GRUB modules are not installed system-wide: they are fetched
# with `apt-get download` and unpacked with `dpkg -x` into build/sysroot-arm64.
# Quiet and idempotent: when everything is present it prints nothing.
set -eu

arch=${1:-x86_64}
top=$(cd "$(dirname "$0")/.." && pwd)
sysroot="$top/build/sysroot-arm64"

need_pkgs="make gcc qemu-system-x86 qemu-system-arm ovmf qemu-efi-aarch64 gnu-efi grub-efi-amd64-bin \
grub-common mtools dosfstools gcc-aarch64-linux-gnu binutils-aarch64-linux-gnu sparse \
gdb-multiarch iproute2 cpio python3 git"

as_root() {
	if [ "$(id -u)" = 0 ]; then "$@"
	elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then sudo "$@"
	else
		echo "setup: need root to run: $*" >&2
		echo "setup: run 'make' as root, or give this user sudo rights." >&2
		exit 1
	fi
}

missing=""
for p in $need_pkgs; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" || missing="$missing $p"
done
if [ -n "$missing" ]; then
	echo "setup: installing Debian packages:$missing"
	as_root env DEBIAN_FRONTEND=noninteractive apt-get update -q >/dev/null
	as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q $missing >/dev/null
fi

[ "$arch" = aarch64 ] || exit 0
[ -f "$sysroot/.done" ] && exit 0

# ARM64 pieces: foreign packages downloaded, never installed.
if ! dpkg --print-foreign-architectures | grep -qx arm64; then
	echo "setup: enabling the arm64 package architecture (for apt-get download)"
	as_root dpkg --add-architecture arm64
	as_root env DEBIAN_FRONTEND=noninteractive apt-get update -q >/dev/null
fi
echo "setup: fetching gnu-efi:arm64 and grub-efi-arm64-bin:arm64 into $sysroot"
mkdir -p "$sysroot/debs"
cd "$sysroot/debs"
if ! apt-get download -q gnu-efi:arm64 grub-efi-arm64-bin:arm64 >/dev/null 2>&1; then
	as_root env DEBIAN_FRONTEND=noninteractive apt-get update -q >/dev/null
	apt-get download -q gnu-efi:arm64 grub-efi-arm64-bin:arm64 >/dev/null
fi
for deb in ./*.deb; do dpkg -x "$deb" "$sysroot"; done
touch "$sysroot/.done"
