"""The AQUAINT error audit's classification file stays readable and well-formed."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

BENCH = Path(__file__).resolve().parents[1] / "bench" / "aquaint_error_audit.py"


def _audit():  # type: ignore[no-untyped-def]
    spec = importlib.util.spec_from_file_location("aquaint_error_audit", BENCH)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_committed_classification_parses() -> None:
    audit = _audit()
    rows = audit.read_adjudication(audit.ADJUDICATION)
    assert len(rows) > 100
    for (doc, kind, start), row in rows.items():
        assert doc.startswith(("APW", "NYT", "XIE"))
        assert kind in audit.VALUE_KINDS
        assert start >= 0
        assert row["category"] in audit.CATEGORIES
        assert row["note"].strip(), f"{doc} {kind} {start}: no reason given"


def test_unknown_category_names_file_and_row(tmp_path: Path) -> None:
    audit = _audit()
    bad = tmp_path / "errors.tsv"
    bad.write_text(
        "# comment\n"
        "doc\tkind\tstart\ttext\tgold_value\tsystem_value\tcategory\tnote\n"
        "NYT1\tmissed\t5\tnow\tPRESENT_REF\t\tsystem\tok\n"
        "NYT1\tmissed\t9\tnow\tPRESENT_REF\t\tmystery\twhy\n",
        encoding="utf-8",
    )
    with pytest.raises(SystemExit, match=r"errors\.tsv:4: category 'mystery'"):
        audit.read_adjudication(bad)
