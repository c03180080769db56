#!/bin/sh
# Re-extract every translatable string under app/ into hems_ja.ts and rebuild hems_ja.qm.
# Then fill the new entries in Qt Linguist (pyside6-linguist translations/hems_ja.ts),
# run this again, and check with: python -m app.ui.i18n_tools check
set -e
cd "$(dirname "$0")/.."
exec "${PYTHON:-.venv/bin/python}" -m app.ui.i18n_tools update
