"""The package installs the dashboard as `timeline.dashboard`, never as a top-level module."""

from __future__ import annotations

import importlib
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _setuptools() -> dict:
    return tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"][
        "setuptools"
    ]


def test_every_package_folder_is_listed_and_nothing_top_level_but_timeline() -> None:
    config = _setuptools()
    listed = set(config["packages"])
    folders = {
        "timeline." + ".".join(p.parent.relative_to(ROOT / "src" / "timeline").parts)
        for p in (ROOT / "src" / "timeline").rglob("__init__.py")
    } | {
        "timeline.dashboard." + ".".join(p.parent.relative_to(ROOT / "dashboard").parts)
        for p in (ROOT / "dashboard").rglob("__init__.py")
    }
    folders = {f.rstrip(".") for f in folders}
    assert folders == listed
    assert {name.split(".")[0] for name in listed} == {"timeline"}
    assert config["package-dir"]["timeline.dashboard"] == "dashboard"


def test_the_dashboard_imports_under_timeline() -> None:
    module = importlib.import_module("timeline.dashboard.app")
    assert Path(module.__file__).resolve().parent == ROOT / "dashboard"
    assert (ROOT / "dashboard" / "assets" / "timeline.css").is_file()
