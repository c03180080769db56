"""Which files the hems-center wheel holds: server/, the Qt-free parts of app/ it imports
(the resource locator; app/domain and app/sources for the synthetic weather) and
resources/ as hems_resources, all from the repository two folders up."""

from pathlib import Path

from setuptools import find_packages, setup
from setuptools.command.build_py import build_py

ROOT = Path("../..")
# Of app/'s own modules only these: app/main.py and app/__main__.py are the Qt panel.
APP_MODULES = {"__init__", "resource_files"}
DATA_FOLDERS = sorted(
    "hems_resources" + "".join(f".{part}" for part in folder.relative_to(ROOT / "resources").parts)
    for folder in (ROOT / "resources").rglob("*")
    if folder.is_dir() and folder.name != "__pycache__")
DATA_FILES = ["*.json", "*.csv", "*.svg", "*.qss", "*.md"]


class BuildPy(build_py):
    def find_package_modules(self, package, package_dir):
        modules = super().find_package_modules(package, package_dir)
        if package != "app":
            return modules
        return [entry for entry in modules if entry[1] in APP_MODULES]


if __name__ == "__main__":
    setup(
        packages=[*find_packages(str(ROOT), include=[
            "server", "server.*", "app", "app.domain", "app.domain.*", "app.sources",
            "app.sources.*"]), "hems_resources", *DATA_FOLDERS],
        package_dir={"": str(ROOT), "hems_resources": str(ROOT / "resources")},
        package_data={"hems_resources": DATA_FILES,
                      **{name: DATA_FILES for name in DATA_FOLDERS}},
        cmdclass={"build_py": BuildPy},
    )
