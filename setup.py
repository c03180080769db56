"""Which files the wheel holds (the rest of the metadata is in pyproject.toml).

resources/ and translations/ stay at the repository's top level and ship as the data
packages hems_resources and hems_translations; app/resource_files.py finds them.
"""

from pathlib import Path

from setuptools import find_packages, setup

# Each folder under resources/ is a (data-only) package of its own: setuptools wants every
# folder it installs listed.
DATA_FOLDERS = sorted(
    "hems_resources" + "".join(f".{part}" for part in folder.relative_to("resources").parts)
    for folder in Path("resources").rglob("*")
    if folder.is_dir() and folder.name != "__pycache__")
# READMEs too: they carry the data's sources and licences.
DATA_FILES = ["*.json", "*.csv", "*.svg", "*.qss", "*.md"]

if __name__ == "__main__":  # how setuptools runs it; tests/test_packaging.py reads the lists
    setup(
        packages=[*find_packages(include=["app", "app.*", "server", "server.*"]),
                  "hems_resources", *DATA_FOLDERS, "hems_translations"],
        package_dir={"hems_resources": "resources", "hems_translations": "translations"},
        package_data={
            # Alembic's configuration and template (app/store/migrations).
            "": ["*.ini", "*.mako", "*.json"],
            "hems_resources": DATA_FILES,
            **{name: DATA_FILES for name in DATA_FOLDERS},
            # The compiled catalogue only (tests/test_translations.py keeps it current).
            "hems_translations": ["*.qm"],
        },
    )
