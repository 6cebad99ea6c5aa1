#!/usr/bin/env bash
# fetch-deb-source.sh SRCPKG DESTDIR — download and unpack a Debian source
# package without touching the system's apt configuration: a deb-src entry
# is derived from the machine's own sources (Types: deb -> deb-src) into a
# private directory, updated with List-Cleanup=0 (so the system's binary
# lists survive), and `apt-get source --download-only` fetches the package.
# Prints the unpacked source directory. Idempotent (reuses DESTDIR).
set -euo pipefail
pkg=${1:?usage: fetch-deb-source.sh SRCPKG DESTDIR}
dest=${2:?usage: fetch-deb-source.sh SRCPKG DESTDIR}
mkdir -p "$dest"
dest=$(cd "$dest" && pwd)
existing=$(find "$dest" -maxdepth 1 -mindepth 1 -type d -name "$pkg-*" | head -1)
if [ -n "$existing" ]; then echo "$existing"; exit 0; fi
apt_dir="$dest/.apt"
mkdir -p "$apt_dir/parts"
shopt -s nullglob
for f in /etc/apt/sources.list.d/*.sources; do
  sed 's/^Types:[[:space:]]*deb$/Types: deb-src/' "$f" > "$apt_dir/parts/$(basename "$f")"
done
for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list; do
  [ -f "$f" ] && grep -E '^deb[[:space:]]' "$f" | sed 's/^deb /deb-src /' >> "$apt_dir/src.list" || true
done
touch "$apt_dir/src.list"
opts=(-o "Dir::Etc::SourceParts=$apt_dir/parts" -o "Dir::Etc::sourcelist=$apt_dir/src.list"
      -o APT::Get::List-Cleanup=0 -o APT::Sandbox::User=root)
apt-get "${opts[@]}" update -qq >&2
(cd "$dest" && apt-get "${opts[@]}" source --download-only -qq "$pkg" >&2)
for orig in "$dest"/"${pkg}"_*.orig.tar.*; do
  tar -C "$dest" -xf "$orig"
done
src=$(find "$dest" -maxdepth 1 -mindepth 1 -type d -name "$pkg-*" | head -1)
deb=$(ls "$dest"/"${pkg}"_*.debian.tar.* 2>/dev/null | head -1)
[ -n "$deb" ] && tar -C "$src" -xf "$deb"
echo "$src"
