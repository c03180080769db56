"""Test session set-up: offscreen Qt, one QApplication (pytest-qt), fonts."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("TZ", "Asia/Tokyo")
