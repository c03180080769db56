#!/usr/bin/env bash
# Build the hems-panel .deb: the wheel, its dependencies' wheels (installed into
# /opt/hems-panel/venv by postinst, with Debian's python3), the kiosk unit and the
# desktop files.
#
#   packaging/deb/build.sh [--source DIR] [--version DEBIAN-VERSION] [--out DIR]
#
# --source: a source tree to build (default: this checkout's files as git sees them).
# Dependency wheels come from HEMS_WHEEL_CACHE (default ~/.cache/hems-panel/wheels),
# downloaded with pip when missing. Prints the path of the .deb on its last line.
set -euo pipefail

HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
CACHE=${HEMS_WHEEL_CACHE:-$HOME/.cache/hems-panel/wheels}
PYTHON=${PYTHON:-python3}
SOURCE=""
VERSION=""
OUT="$ROOT/dist"
APP_ID=jp.hems_panel.HemsPanel

while [ $# -gt 0 ]; do
	case "$1" in
	--source) SOURCE=$2; shift 2 ;;
	--version) VERSION=$2; shift 2 ;;
	--out) OUT=$2; shift 2 ;;
	*) echo "usage: $0 [--source DIR] [--version V] [--out DIR]" >&2; exit 2 ;;
	esac
done

[ -x /usr/bin/python3 ] || { echo "build.sh: Debian's /usr/bin/python3 is missing" >&2; exit 1; }
WORK=$(mktemp -d "${TMPDIR:-/tmp}/hems-deb.XXXXXX")
trap 'rm -rf "$WORK"' EXIT

if [ -z "$SOURCE" ]; then
	# Tracked and new files, never build/ leftovers or someone's data.
	SOURCE="$WORK/src"
	mkdir -p "$SOURCE"
	(cd "$ROOT" && git ls-files -z --cached --others --exclude-standard \
		| tar --null --ignore-failed-read -T - -cf - 2>/dev/null) | tar -xf - -C "$SOURCE"
fi
UPSTREAM=$(sed -n 's/^version = "\(.*\)"/\1/p' "$SOURCE/pyproject.toml" | head -1)
VERSION=${VERSION:-$UPSTREAM-1}
ARCH=$(dpkg --print-architecture)
STAGE="$WORK/stage"
WHEELS="$STAGE/opt/hems-panel/wheels"
mkdir -p "$WHEELS" "$CACHE" "$OUT"

echo "build.sh: the wheel of $UPSTREAM" >&2
"$PYTHON" -m pip wheel --quiet --no-deps --disable-pip-version-check \
	--wheel-dir "$WORK/dist" "$SOURCE" >&2
WHEEL=$(ls "$WORK"/dist/hems_panel-*.whl)

# The dependencies as Debian's python3 resolves them (its version and platform tags).
/usr/bin/python3 -m venv "$WORK/pyvenv"
PIP=("$WORK/pyvenv/bin/python" -m pip --disable-pip-version-check)
collect() { "${PIP[@]}" download --quiet --no-index --find-links "$CACHE" --dest "$WHEELS" "$WHEEL" >&2; }
if ! collect 2>/dev/null; then
	echo "build.sh: filling the wheel cache $CACHE" >&2
	"${PIP[@]}" download --quiet --dest "$CACHE" "$WHEEL" >&2
	rm -f "$CACHE"/hems_panel-*.whl  # only dependencies are cached
	collect
fi

install -D -m 0755 "$HERE/hems-panel" "$STAGE/usr/bin/hems-panel"
install -d "$STAGE/usr/share/man/man1"
gzip -9n < "$HERE/hems-panel.1" > "$STAGE/usr/share/man/man1/hems-panel.1.gz"
install -D -m 0644 "$HERE/hems-panel.service" "$STAGE/lib/systemd/system/hems-panel.service"
for unit in hems-panel-update.path hems-panel-update.service; do
	install -m 0644 "$HERE/$unit" "$STAGE/lib/systemd/system/$unit"
done
install -D -m 0644 "$HERE/hems-panel.pam" "$STAGE/etc/pam.d/hems-panel"
install -D -m 0644 "$HERE/hems-panel-backlight.rules" \
	"$STAGE/lib/udev/rules.d/70-hems-panel-backlight.rules"
install -D -m 0644 "$HERE/default" "$STAGE/etc/default/hems-panel"
install -D -m 0644 "$HERE/hems-panel-setup.desktop" \
	"$STAGE/usr/share/applications/hems-panel-setup.desktop"
install -d "$STAGE/usr/share/metainfo"
sed -e "s/@UPSTREAM_VERSION@/$UPSTREAM/" -e "s/@DATE@/$(date -u +%F)/" \
	"$HERE/$APP_ID.metainfo.xml" > "$STAGE/usr/share/metainfo/$APP_ID.metainfo.xml"
# The app icon: the panel's own home icon, in the day theme's accent colour.
install -d "$STAGE/usr/share/icons/hicolor/scalable/apps"
sed 's/currentColor/#1C6FD1/' "$SOURCE/resources/icons/home.svg" \
	> "$STAGE/usr/share/icons/hicolor/scalable/apps/$APP_ID.svg"
DOC="$STAGE/usr/share/doc/hems-panel"
install -D -m 0644 "$HERE/copyright" "$DOC/copyright"
install -m 0644 "$HERE/README.Debian" "$DOC/README.Debian"
COMMIT=$(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo unknown)
printf 'hems-panel (%s) unstable; urgency=medium\n\n  * Built from the HEMS Panel repository (%s at %s).\n\n -- HEMS Panel maintainers <maintainers@hems-panel.invalid>  %s\n' \
	"$VERSION" "$UPSTREAM" "$COMMIT" "$(date -u -R)" | gzip -9n > "$DOC/changelog.Debian.gz"
install -D -m 0644 "$HERE/lintian-overrides" "$STAGE/usr/share/lintian/overrides/hems-panel"

install -d "$STAGE/DEBIAN"
sed -e "s/@VERSION@/$VERSION/" -e "s/@ARCH@/$ARCH/" \
	-e "s/@SIZE@/$(du -sk --exclude=DEBIAN "$STAGE" | cut -f1)/" \
	"$HERE/control.in" > "$STAGE/DEBIAN/control"
for script in postinst prerm postrm; do
	install -m 0755 "$HERE/$script" "$STAGE/DEBIAN/$script"
done
printf '/etc/default/hems-panel\n/etc/pam.d/hems-panel\n' > "$STAGE/DEBIAN/conffiles"
(cd "$STAGE" && find . -path ./DEBIAN -prune -o -type f -printf '%P\0' | sort -z \
	| xargs -0 md5sum > DEBIAN/md5sums)
find "$STAGE" -type d -exec chmod 0755 {} +
find "$STAGE" -type f ! -path "*/DEBIAN/*" ! -path "*/usr/bin/*" -exec chmod 0644 {} +
chmod 0644 "$STAGE/DEBIAN/control" "$STAGE/DEBIAN/conffiles" "$STAGE/DEBIAN/md5sums"

DEB="$OUT/hems-panel_${VERSION}_${ARCH}.deb"
# The wheels are zip files already: gzip -1 saves little but costs nothing.
dpkg-deb --root-owner-group -Zgzip -z1 --build "$STAGE" "$DEB" >&2
echo "$DEB"
