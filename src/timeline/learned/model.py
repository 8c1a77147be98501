"""Linear models stored as readable JSON: per-template weight tables, applied in pure Python.

A file holds `labels` (one for a binary model), `bias` (one per label) and `weights`:
template -> value -> one weight per label. Scoring a token is a handful of dict lookups,
which keeps the runtime free of numpy and fast.
"""

from __future__ import annotations

import json
import math
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from importlib import resources
from operator import add
from pathlib import Path
from typing import Any

MODEL_DIR = ("resources", "models")


@dataclass(frozen=True)
class LinearModel:
    labels: tuple[str, ...]
    bias: tuple[float, ...]
    tables: dict[str, dict[str, tuple[float, ...]]]
    meta: dict[str, Any]

    @property
    def binary(self) -> bool:
        return len(self.labels) == 1

    def table(self, template: str) -> dict[str, tuple[float, ...]]:
        return self.tables.get(template, {})

    def scores(self, features: Sequence[tuple[str, str]]) -> list[float]:
        """Summed weights per label for (template, value) features."""
        tables = self.tables
        if len(self.labels) == 1:
            total = self.bias[0]
            for template, value in features:
                table = tables.get(template)
                if table is not None:
                    w = table.get(value)
                    if w is not None:
                        total += w[0]
            return [total]
        vec = list(self.bias)
        for template, value in features:
            table = tables.get(template)
            if table is not None:
                w = table.get(value)
                if w is not None:
                    vec = list(map(add, vec, w))
        return vec

    def best(self, features: Sequence[tuple[str, str]]) -> tuple[str, float]:
        """The most likely label and its probability (softmax over labels)."""
        s = self.scores(features)
        top = max(range(len(s)), key=s.__getitem__)
        z = sum(math.exp(x - s[top]) for x in s)
        return self.labels[top], 1.0 / z


def sigmoid(x: float) -> float:
    if x >= 0:
        return 1.0 / (1.0 + math.exp(-x))
    e = math.exp(x)
    return e / (1.0 + e)


def from_dict(data: dict[str, Any]) -> LinearModel:
    labels = tuple(data["labels"])
    tables = {
        t: {v: tuple(w) if isinstance(w, list) else (w,) for v, w in values.items()}
        for t, values in data["weights"].items()
    }
    bias = data["bias"]
    return LinearModel(
        labels, tuple(bias) if isinstance(bias, list) else (bias,), tables, data.get("meta", {})
    )


def load_file(path: str | Path) -> dict[str, Any]:
    return json.loads(Path(path).read_text("utf-8"))


@cache
def shipped(name: str) -> dict[str, Any]:
    """The JSON of a model shipped under `resources/models/` (read once per process)."""
    ref = resources.files("timeline").joinpath(*MODEL_DIR, name)
    return json.loads(ref.read_text("utf-8"))
