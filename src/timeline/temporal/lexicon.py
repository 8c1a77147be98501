"""Word tables and rule patterns, loaded once from `resources/`.

The tables are data (month names, number words, units, holidays...) so that
coverage grows by editing resource files, not the matching engine.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

_MACRO = re.compile(r"\{([A-Z_]+)\}")
_GROUP = re.compile(r"\(\?P<(\w+)>")


def _read(name: str) -> str:
    return resources.files("timeline.temporal").joinpath("resources", name).read_text("utf-8")


@cache
def lexicon() -> dict[str, Any]:
    data: dict[str, Any] = json.loads(_read("lexicon.json"))
    return data


def _rows(name: str, columns: int) -> list[list[str]]:
    rows = []
    for number, line in enumerate(_read(name).splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        cells = line.split("\t")
        if len(cells) != columns:
            raise ValueError(f"resources/{name} line {number}: expected {columns} tab-separated "
                             f"columns, found {len(cells)}")
        rows.append(cells)
    return rows


@dataclass(frozen=True)
class Rule:
    name: str
    handler: str
    pattern: str  # macros expanded, group names not yet made unique
    groups: tuple[str, ...]


@cache
def rules() -> tuple[Rule, ...]:
    macros = dict(_rows("macros.tsv", 2))
    out = []
    for name, handler, pattern in _rows("rules.tsv", 3):
        def expand(m: re.Match[str], rule: str = name) -> str:
            key = m.group(1)
            if key not in macros:
                raise ValueError(f"resources/rules.tsv rule {rule}: unknown macro {{{key}}}")
            return f"(?:{macros[key]})"

        expanded = _MACRO.sub(expand, pattern)
        groups = tuple(_GROUP.findall(expanded))
        if len(set(groups)) != len(groups):
            raise ValueError(f"resources/rules.tsv rule {name}: a group name repeats: {groups}")
        try:
            re.compile(expanded)
        except re.error as exc:
            raise ValueError(f"resources/rules.tsv rule {name}: bad pattern: {exc}") from exc
        out.append(Rule(name, handler, expanded, groups))
    return tuple(out)


def word_number(text: str) -> int | None:
    """Value of a number written in digits or words ("twenty-one", "a couple of")."""
    t = " ".join(text.lower().replace("-", " ").split())
    if t.replace(".", "", 1).isdigit():
        return int(float(t)) if "." in t else int(t)
    numbers: dict[str, int] = lexicon()["numbers"]
    if t in numbers:
        return numbers[t]
    parts = t.split(" ")
    if len(parts) == 2 and parts[0] in numbers and parts[1] in numbers:
        return numbers[parts[0]] + numbers[parts[1]]
    return None
