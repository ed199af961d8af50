#!/usr/bin/env bash
# Build the Debian/Ubuntu package: dist/village-pos_<version>_<arch>.deb
#
#   bash installers/linux/build-deb.sh [--rebuild]
#
# Builds the PyInstaller bundle first when dist/village-pos is missing or older than the sources,
# and keeps a .deb that is newer than the bundle and its own inputs (--rebuild: always build
# both). Layout of the package:
#   /opt/village-pos/                         the one-folder build
#   /usr/bin/village-pos                      starter (see village-pos.sh)
#   /usr/share/applications/village-pos.desktop
#   /usr/share/icons/hicolor/*/apps/village-pos.png, scalable/apps/village-pos.svg
#   /usr/lib/udev/rules.d/60-village-pos.rules    printers to group lp, serial scanners to dialout
# Needs dpkg-deb (Debian/Ubuntu). Build on the oldest system the package is for (Debian 12 /
# Ubuntu 22.04): the bundle needs at least that glibc.
set -euo pipefail
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
cd "$ROOT"

REBUILD=""
[ "${1:-}" = "--rebuild" ] && REBUILD=1

BUNDLE=dist/village-pos
VERSION=$(sed -n 's/^__version__ = "\(.*\)"/\1/p' pos/__init__.py)
ARCH=$(dpkg --print-architecture)
DEB=dist/village-pos_${VERSION}_${ARCH}.deb

stale_bundle() {
    [ -x "$BUNDLE/village-pos" ] || return 0
    [ -n "$(find pos resources installers/pyinstaller pyproject.toml uv.lock -newer "$BUNDLE/village-pos" \
        -type f ! -path '*/__pycache__/*' -print -quit)" ]
}
if [ -n "$REBUILD" ] || stale_bundle; then
    bash installers/pyinstaller/build.sh
fi
if [ -z "$REBUILD" ] && [ -f "$DEB" ] && [ -z "$(find "$BUNDLE/village-pos" installers/linux resources/icons \
        -newer "$DEB" -type f -print -quit)" ]; then
    echo "up to date: $ROOT/$DEB"
    exit 0
fi

STAGE=build/deb/village-pos_${VERSION}_${ARCH}
rm -rf "$STAGE"
mkdir -p "$STAGE/DEBIAN" "$STAGE/opt" "$STAGE/usr/bin" "$STAGE/usr/share/applications" \
    "$STAGE/usr/share/doc/village-pos" "$STAGE/usr/lib/udev/rules.d"
cp -a "$BUNDLE" "$STAGE/opt/village-pos"
install -m 755 "$HERE/village-pos.sh" "$STAGE/usr/bin/village-pos"
install -m 644 "$HERE/village-pos.desktop" "$STAGE/usr/share/applications/village-pos.desktop"
install -m 644 "$HERE/60-village-pos.rules" "$STAGE/usr/lib/udev/rules.d/60-village-pos.rules"
for png in resources/icons/village-pos-*.png; do
    size=$(basename "$png" .png); size=${size#village-pos-}
    install -D -m 644 "$png" "$STAGE/usr/share/icons/hicolor/${size}x${size}/apps/village-pos.png"
done
install -D -m 644 resources/icons/village-pos.svg "$STAGE/usr/share/icons/hicolor/scalable/apps/village-pos.svg"
{
    echo "Village Station POS $VERSION"
    echo
    echo "Licence: GPL-3.0-or-later (/usr/share/common-licenses/GPL-3)."
    echo "Bundled font WenQuanYi Micro Hei: Apache-2.0 (/opt/village-pos/_internal/resources/fonts/)."
    echo "Bundled Qt for Python (PySide6) and Qt: LGPL-3.0; Python: PSF licence."
} >"$STAGE/usr/share/doc/village-pos/copyright"
install -m 755 "$HERE/postinst" "$HERE/postrm" "$STAGE/DEBIAN/"

# Qt's runtime libraries that the bundle takes from the system (the Qt offscreen/xcb platform)
DEPENDS="libegl1, libgl1, libxkbcommon0, libxkbcommon-x11-0, libfontconfig1, libdbus-1-3, libglib2.0-0,
 libxcb-cursor0, libxcb-icccm4, libxcb-keysyms1, libxcb-image0, libxcb-render-util0, libxcb-shape0,
 libxcb-xkb1"
cat >"$STAGE/DEBIAN/control" <<CONTROL
Package: village-pos
Version: $VERSION
Architecture: $ARCH
Maintainer: ${DEB_MAINTAINER:-Village Station POS developers <village-pos@example.invalid>}
Installed-Size: $(du -sk --exclude=DEBIAN "$STAGE" | cut -f1)
Depends: $DEPENDS
Recommends: udev
Section: misc
Priority: optional
Description: point of sale for village e-commerce service stations (村站收银)
 Village Station POS is the counter program of a rural e-commerce service
 station: parcel check-in and pickup, assisted online purchases, counter sales
 and Chinese receipts on 58/80 mm thermal printers, with a USB barcode scanner.
 Works offline; Chinese first, English second.
CONTROL

# files 644 and folders 755 whatever the umask; the bundle keeps its executable bits
chmod -R u+rwX,go+rX,go-w "$STAGE"
rm -f "$DEB"
dpkg-deb --root-owner-group -Zxz --build "$STAGE" "$DEB" >/dev/null
echo "built $ROOT/$DEB ($(du -h "$DEB" | cut -f1))"
