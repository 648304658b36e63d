#!/bin/sh
# Install this Attendee Relay bundle for the current user (or system-wide with PREFIX=/usr/local
# as root): the app folder, a command on PATH, the menu entry, icons and AppStream metadata.
#   ./install.sh              # into ~/.local
#   ./install.sh --uninstall  # remove it again
set -eu
HERE=$(cd "$(dirname "$0")" && pwd)
PREFIX=${PREFIX:-$HOME/.local}
APP_DIR="$PREFIX/lib/attendee-relay"
ICON_SIZES="16 24 32 48 64 128 256 512"

remove() {
  rm -rf "$APP_DIR" "$PREFIX/bin/attendee-relay" \
    "$PREFIX/share/applications/attendee-relay.desktop" \
    "$PREFIX/share/metainfo/com.attendeerelay.AttendeeRelay.metainfo.xml" \
    "$PREFIX/share/icons/hicolor/scalable/apps/attendee-relay.svg"
  for size in $ICON_SIZES; do
    rm -f "$PREFIX/share/icons/hicolor/${size}x${size}/apps/attendee-relay.png"
  done
}

if [ "${1:-}" = "--uninstall" ]; then
  remove
  echo "Attendee Relay removed from $PREFIX (your settings, history and logs are kept)."
  exit 0
fi

remove
mkdir -p "$APP_DIR" "$PREFIX/bin"
cp -R "$HERE/attendee-relay" "$HERE/_internal" "$APP_DIR/"
ln -s "$APP_DIR/attendee-relay" "$PREFIX/bin/attendee-relay"
cp -R "$HERE/share/." "$PREFIX/share/"
# Refresh the menus and icon caches when the tools are there; harmless when they are not.
command -v update-desktop-database >/dev/null 2>&1 && update-desktop-database -q "$PREFIX/share/applications" || true
command -v gtk-update-icon-cache >/dev/null 2>&1 && gtk-update-icon-cache -q -t "$PREFIX/share/icons/hicolor" || true
echo "Attendee Relay installed: run 'attendee-relay' or find it in your applications menu."
