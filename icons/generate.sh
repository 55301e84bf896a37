#!/usr/bin/env bash
# Renders trayotp's icon from its SVG sources into the files the build uses
# (all committed, so a build never needs this script):
#   trayotp-<N>.png  N = 16 20 22 24 32 48 64 128 256 (Linux tray, docs, src/icon.rs)
#   trayotp.ico      16 20 24 32 48 256 (the .exe, the installer, shortcuts)
#   installer-welcome.bmp  164x314, the installer's welcome/finish page picture
# 16-24 px come from trayotp-small.svg (fitted to the pixel grid), the rest
# from trayotp.svg. Needs rsvg-convert (librsvg2-bin) and ImageMagick's convert.
set -euo pipefail
cd "$(dirname "$0")"

for tool in rsvg-convert convert; do
  command -v "$tool" >/dev/null || { echo "generate.sh: $tool not found (apt-get install librsvg2-bin imagemagick)" >&2; exit 1; }
done

render() { # size
  local size=$1 source=trayotp.svg
  [ "$size" -le 24 ] && source=trayotp-small.svg
  rsvg-convert --width "$size" --height "$size" "$source" --output "trayotp-$size.png.tmp"
  # Plain 8-bit RGBA, no timestamps: the same SVG gives the same bytes.
  convert "trayotp-$size.png.tmp" -strip -define png:color-type=6 -define png:bit-depth=8 "PNG32:trayotp-$size.png"
  rm -f "trayotp-$size.png.tmp"
}

for size in 16 20 22 24 32 48 64 128 256; do render "$size"; done

# ImageMagick stores the 256 px image PNG-compressed and the rest as BMPs,
# which is what Windows expects of an .ico.
convert trayotp-16.png trayotp-20.png trayotp-24.png trayotp-32.png trayotp-48.png trayotp-256.png trayotp.ico
# NSIS wants a plain 24-bit BMP, 164x314: the icon on a deep blue band.
convert -size 164x314 gradient:'#1f5fd6-#0a2a6b' \
  \( trayotp-128.png -resize 112x112 \) -gravity north -geometry +0+56 -composite \
  -strip -type TrueColor BMP3:installer-welcome.bmp

echo "icons/generate.sh: wrote $(ls trayotp-*.png | wc -l) PNGs, trayotp.ico and installer-welcome.bmp"
