"""The one locator of resources/ and translations/: checkout first, else the installed
packages (tests/packaging runs the real wheel; packaging/wheel_smoke.sh)."""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest

from app.resource_files import (
    RESOURCES_PACKAGE,
    ResourceFilesMissing,
    locate,
    resource_path,
    resources_dir,
    translations_dir,
)

ROOT = Path(__file__).resolve().parents[1]


def test_a_checkout_uses_its_own_directories():
    assert resources_dir() == ROOT / "resources"
    assert translations_dir() == ROOT / "translations"
    assert (translations_dir() / "hems_ja.qm").is_file()
    assert sorted(resource_path("rate_plans", "catalog").glob("*.json"))


def _installed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A site-packages with the data package as the wheel installs it, and app/ beside it."""
    site = tmp_path / "site-packages"
    (site / "app").mkdir(parents=True)
    package = site / RESOURCES_PACKAGE
    (package / "styles").mkdir(parents=True)
    (package / "__init__.py").write_text("")
    (package / "styles" / "panel.qss").write_text("QWidget {}")
    monkeypatch.syspath_prepend(str(site))
    monkeypatch.delitem(sys.modules, RESOURCES_PACKAGE, raising=False)
    return site


def test_an_install_finds_the_package_not_a_folder_beside_app(tmp_path, monkeypatch):
    site = _installed(tmp_path, monkeypatch)
    (site / "resources").mkdir()  # no pyproject.toml beside it: not a checkout
    found = locate(RESOURCES_PACKAGE, "resources", checkout=site)
    assert found == site / RESOURCES_PACKAGE
    assert (found / "styles" / "panel.qss").read_text() == "QWidget {}"


def test_a_missing_install_says_what_is_missing(tmp_path, monkeypatch):
    monkeypatch.delitem(sys.modules, "hems_nowhere", raising=False)
    with pytest.raises(ResourceFilesMissing, match="hems_nowhere"):
        locate("hems_nowhere", "nowhere", checkout=tmp_path)


def test_no_module_finds_data_relative_to_its_own_source_file():
    pattern = re.compile(r"__file__.*\n?.*[\"'](resources|translations)[\"']")
    offenders = [str(path.relative_to(ROOT)) for folder in ("app", "server")
                 for path in (ROOT / folder).rglob("*.py")
                 if pattern.search(path.read_text(encoding="utf-8"))]
    assert offenders == []
