"""Every data file the product loads at run time is declared as package data, so a built wheel carries it."""

from __future__ import annotations

import fnmatch
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _declared(path: Path, declared: dict[str, list[str]]) -> bool:
    for package, patterns in declared.items():
        folder = ROOT.joinpath(*package.split("."))
        if folder in path.parents:
            inside = path.relative_to(folder).as_posix()
            if any(fnmatch.fnmatch(inside, pattern) for pattern in patterns):
                return True
    return False


def test_every_non_python_file_in_the_packages_is_declared_package_data():
    declared = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]["package-data"]
    data_files = [
        path
        for package in ("reviews", "newsroom")
        for path in (ROOT / package).rglob("*")
        if path.is_file() and path.suffix not in {".py", ".pyc"} and "__pycache__" not in path.parts
    ]
    assert data_files, "the packages ship data files (model weights, word lists)"
    undeclared = [path.relative_to(ROOT).as_posix() for path in data_files if not _declared(path, declared)]
    assert undeclared == [], f"add these to [tool.setuptools.package-data] in pyproject.toml: {undeclared}"
