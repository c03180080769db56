#!/bin/sh
# Debian packages that building and checking the .deb needs (make package-check), on top
# of packaging/system-deps.sh: dpkg-dev tools, lintian, systemd-analyze, and what the
# package itself depends on (cage, python3-venv, the Qt Wayland libraries), so that the
# upgrade test can install it. Installs what is missing when run as root; otherwise
# prints the exact command to run.
set -eu

WANTED="dpkg-dev lintian systemd desktop-file-utils appstream adduser init-system-helpers cage xwayland python3-venv
libpam-systemd fonts-noto-cjk libegl1 libgl1 libopengl0 libxkbcommon0 libfontconfig1
libfreetype6 libdbus-1-3 libwayland-client0 libwayland-cursor0 libwayland-egl1"

command -v dpkg-query >/dev/null 2>&1 || { echo "package-deps: not Debian; cannot build a .deb here"; exit 1; }

installed() { dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q "install ok installed"; }

missing=""
for name in $WANTED; do
  installed "$name" || missing="$missing $name"
done
[ -z "$missing" ] && exit 0
if [ "$(id -u)" = "0" ]; then
  echo "package-deps: installing$missing"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  # shellcheck disable=SC2086
  apt-get install -y -qq --no-install-recommends $missing
else
  echo "package-deps: missing Debian packages. Run:"
  echo "  sudo apt-get install -y$missing"
  exit 1
fi
