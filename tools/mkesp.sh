#!/bin/sh
# tools/mkesp.sh OUT GRUB.EFI LOADER.EFI KERNEL.ELF INITRD
# Build the EFI system partition as a FAT image, without root: mkfs.vfat -C
# creates the file system in a plain file and mtools copies into it.
#   EFI/BOOT/BOOTX64.EFI|BOOTAA64.EFI   standalone GRUB (the firmware's default path)
#   EFI/uma/loader.efi kernel.elf initrd
set -eu
out=$1 grub=$2 loader=$3 kernel=$4 initrd=$5
tmp=$out.tmp
rm -f "$tmp"
mkfs.vfat -C -n UMAESP "$tmp" 65536 >/dev/null
export MTOOLS_SKIP_CHECK=1
mmd -i "$tmp" ::/EFI ::/EFI/BOOT ::/EFI/uma
mcopy -i "$tmp" "$grub" "::/EFI/BOOT/$(basename "$grub")"
mcopy -i "$tmp" "$loader" ::/EFI/uma/loader.efi
mcopy -i "$tmp" "$kernel" ::/EFI/uma/kernel.elf
mcopy -i "$tmp" "$initrd" ::/EFI/uma/initrd
mv "$tmp" "$out"
