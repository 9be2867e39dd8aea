#!/bin/sh
# Install CNN Studio's menu entry, AppStream metadata, icon and project file type for one user (or into
# any prefix).
#
#     packaging/install_desktop.sh                          # into ~/.local (menu entry for this user)
#     packaging/install_desktop.sh --bundle dist/cnnstudio  # and link ~/.local/bin/cnnstudio to the bundle
#     packaging/install_desktop.sh --prefix /usr/local      # system-wide (run as root)
#
# The .desktop file runs `cnnstudio`, which must be on PATH: from `pip install`, or linked to a bundle
# with --bundle. All three files are named after the reverse-DNS id, as the freedesktop specs ask, so that
# software centres can tie the metadata, the menu entry and the icon together.
set -eu

ID=io.github.cnnstudio.CnnStudio
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(dirname "$HERE")
PREFIX="${XDG_DATA_HOME:-$HOME/.local/share}"
PREFIX=$(dirname "$PREFIX")
BUNDLE=""

while [ $# -gt 0 ]; do
    case "$1" in
        --prefix) PREFIX=$2; shift 2 ;;
        --bundle) BUNDLE=$(cd "$2" && pwd); shift 2 ;;
        -h|--help) sed -n '2,11p' "$0"; exit 0 ;;
        *) echo "install_desktop.sh: unknown argument $1" >&2; exit 2 ;;
    esac
done

SHARE="$PREFIX/share"
install -D -m 644 "$HERE/$ID.desktop" "$SHARE/applications/$ID.desktop"
install -D -m 644 "$HERE/$ID.metainfo.xml" "$SHARE/metainfo/$ID.metainfo.xml"
install -D -m 644 "$HERE/$ID.mime.xml" "$SHARE/mime/packages/$ID.xml"
install -D -m 644 "$ROOT/resources/icons/cnnstudio.svg" "$SHARE/icons/hicolor/scalable/apps/$ID.svg"
install -D -m 644 "$ROOT/resources/icons/cnnstudio.png" "$SHARE/icons/hicolor/256x256/apps/$ID.png"
if [ -n "$BUNDLE" ]; then
    mkdir -p "$PREFIX/bin"
    ln -sf "$BUNDLE/cnnstudio" "$PREFIX/bin/cnnstudio"
fi

# Refresh the caches where the tools exist; desktops also notice new files on their own.
command -v update-mime-database >/dev/null 2>&1 && update-mime-database "$SHARE/mime" || true
command -v update-desktop-database >/dev/null 2>&1 && update-desktop-database -q "$SHARE/applications" || true
command -v gtk-update-icon-cache >/dev/null 2>&1 && gtk-update-icon-cache -q -t "$SHARE/icons/hicolor" || true
echo "installed $ID into $PREFIX"
