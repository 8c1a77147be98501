"""`timeline.dashboard` in a source checkout run with `PYTHONPATH=src`.

An install maps the top-level `dashboard/` folder to `timeline.dashboard` (pyproject's
package-dir). Running from the checkout without installing, that folder sits beside
`src/`; this finder points that one name there. It is consulted first, so an editable
install of another checkout does not win; installed, there is no such folder beside the
package and it steps aside.
"""

from __future__ import annotations

import importlib.abc
import importlib.util
import sys
from importlib.machinery import ModuleSpec
from pathlib import Path

NAME = "timeline.dashboard"
FOLDER = Path(__file__).resolve().parents[2] / "dashboard"


class _CheckoutDashboard(importlib.abc.MetaPathFinder):
    def find_spec(
        self, fullname: str, path: object = None, target: object = None
    ) -> ModuleSpec | None:
        init = FOLDER / "__init__.py"
        if fullname != NAME or not init.is_file():
            return None
        return importlib.util.spec_from_file_location(
            NAME, init, submodule_search_locations=[str(FOLDER)]
        )


def install() -> None:
    if not any(isinstance(f, _CheckoutDashboard) for f in sys.meta_path):
        # First: an editable install of another checkout must not shadow this one.
        sys.meta_path.insert(0, _CheckoutDashboard())
