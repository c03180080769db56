#!/bin/sh
# Debian/Ubuntu packages the panel needs at run time: Qt's runtime libraries
# (offscreen and X11/xcb platforms) and a Japanese font; PostgreSQL's server, whose
# initdb and pg_ctl the center server's tests run a throwaway cluster with
# (tests/server/pg_cluster.py); nginx, the reverse proxy the server's host deployment
# is tested behind (tests/server/test_host_deployment.py); Chromium, the real browser
# the phone page is tested in (tests/browser/test_phone_page.py). Installs what is missing when run as root;
# otherwise prints the exact command to run.
set -eu

# "a|b": the first name apt knows wins (t64 renames on newer releases).
WANTED="libegl1 libgl1 libopengl0 libxkbcommon0 libxkbcommon-x11-0 libfontconfig1 libfreetype6
libdbus-1-3 libglib2.0-0t64|libglib2.0-0 libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1
libxcb-shape0 libxcb-render-util0 libxcb-image0 libxcb-xinerama0 libxcb-randr0 libxcb-xkb1
fonts-noto-cjk python3-venv postgresql nginx chromium"

command -v dpkg-query >/dev/null 2>&1 || { echo "system-deps: not Debian/Ubuntu; install Qt 6 runtime libraries and a CJK font yourself"; exit 0; }

installed() { dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q "install ok installed"; }

missing=""
for spec in $WANTED; do
  found=""
  for name in $(echo "$spec" | tr '|' ' '); do
    if installed "$name"; then found=yes; break; fi
  done
  [ -n "$found" ] && continue
  # Not installed: choose the first alternative this release knows.
  pick=""
  for name in $(echo "$spec" | tr '|' ' '); do
    if apt-cache show "$name" >/dev/null 2>&1; then pick=$name; break; fi
  done
  missing="$missing ${pick:-${spec%%|*}}"
done

[ -z "$missing" ] && exit 0
if [ "$(id -u)" = "0" ]; then
  echo "system-deps: installing$missing"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  # shellcheck disable=SC2086
  apt-get install -y -qq --no-install-recommends $missing
else
  echo "system-deps: missing Debian packages. Run:"
  echo "  sudo apt-get install -y$missing"
  exit 1
fi
