"""JSON Lines: one event per line, as in the events file, for pipelines and `jq`."""

from __future__ import annotations

import json

from .model import Item


def render(items: list[Item]) -> str:
    return "".join(json.dumps(i.event, ensure_ascii=False, sort_keys=False) + "\n" for i in items)
