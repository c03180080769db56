"""Where the data files are: ``resources/`` and ``translations/`` (the one locator; no Qt).

Both directories stay at the repository's top level. In a wheel they are the packages
``hems_resources`` and ``hems_translations`` (pyproject.toml maps the two directories),
found through importlib.resources. A checkout (``make``'s editable install, or a
worktree run with another checkout's venv) uses its own directories: the editable
install maps the packages to the checkout it was installed from, which need not be the
one running.
"""

from __future__ import annotations

import functools
from pathlib import Path

RESOURCES_PACKAGE = "hems_resources"
TRANSLATIONS_PACKAGE = "hems_translations"
# The checkout's top level: pyproject.toml beside app/ (never the case in site-packages).
_CHECKOUT = Path(__file__).resolve().parent.parent


class ResourceFilesMissing(RuntimeError):
    """The data files are neither in a checkout nor installed (a broken install)."""


def locate(package: str, directory: str, checkout: Path = _CHECKOUT) -> Path:
    """The checkout's `directory` when running from one, else the installed `package`."""
    in_checkout = checkout / directory
    if (checkout / "pyproject.toml").is_file() and in_checkout.is_dir():
        return in_checkout
    from importlib.resources import files  # only an installed wheel needs it

    try:
        root = files(package)
    except ModuleNotFoundError as exc:
        raise ResourceFilesMissing(
            f"{package} is not installed and {in_checkout} does not exist") from exc
    if not isinstance(root, Path):  # a zip import; the wheel is always unpacked
        raise ResourceFilesMissing(f"{package} is not a directory on disk: {root}")
    return root


@functools.cache
def resources_dir() -> Path:
    """resources/: documents, rate plans, icons, styles, fault codes, areas."""
    return locate(RESOURCES_PACKAGE, "resources")


@functools.cache
def translations_dir() -> Path:
    """translations/: the compiled Qt catalogues (hems_ja.qm)."""
    return locate(TRANSLATIONS_PACKAGE, "translations")


def resource_path(*parts: str) -> Path:
    """A file or folder under resources/, e.g. resource_path("rate_plans", "catalog")."""
    return resources_dir().joinpath(*parts)
