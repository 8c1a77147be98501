"""Stories do not depend on the interpreter's hash seed: the same events, the same file."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SCRIPT = """
import hashlib, json, sys
sys.path.insert(0, sys.argv[1])
from stories_scale import synthetic
from timeline.stories.grouping import groups
events, _ = synthetic(3000, 7)
print(hashlib.sha256(json.dumps(groups(events)).encode()).hexdigest())
"""


def test_grouping_is_the_same_under_any_hash_seed() -> None:
    digests = set()
    for seed in ("1", "2", "3"):
        env = {**os.environ, "PYTHONHASHSEED": seed}
        out = subprocess.run(
            [sys.executable, "-c", SCRIPT, str(ROOT / "bench")],
            env=env, capture_output=True, text=True, check=True, timeout=300,
        )
        digests.add(out.stdout.strip())
    assert len(digests) == 1


def test_summed_weights_do_not_depend_on_order() -> None:
    from timeline.stories.grouping import weight

    squares = {"a": 1e16, "b": 1.0, "c": 1.0}
    assert weight(["a", "b", "c"], squares) == weight(["b", "c", "a"], squares) == 1e16 + 2
