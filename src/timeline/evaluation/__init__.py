"""`timeline evaluate PATH...`: TempEval-3 entity scores of the tagger against TimeML gold.

Metrics follow the TempEval-3 definitions for TIMEX3, micro-averaged over all
documents. Spans are compared on characters after trimming surrounding spaces and
punctuation. *strict*: the trimmed spans are identical. *relaxed*: they overlap;
the pairing is one-to-one (each gold and each system timex used at most once),
chosen to maximise matches, then exact matches, then overlap. *value* / *type*: a
relaxed match whose attribute equals gold's; precision is over system timexes,
recall over gold timexes. *value (notation-normalised)*, reported separately: values
compared after `notation_normal`, which equates spellings of the same TIMEX3 value
that the gold corpora themselves write differently (decade "199" / "199X").

The scoring functions are pure (text, gold, system in; counts and pairs out) so
tests and benches use them without the command line. Modules: `matching` (trimmed
spans, one-to-one pairing), `scoring` (counts, P/R/F1), `errors` (what went wrong
and why), `runner` (splits, tagging files), `command` (the CLI and its output).
"""

from __future__ import annotations

from timeline.evaluation.command import configure, run
from timeline.evaluation.errors import (
    CONTEXT,
    context,
    error_groups,
    error_records,
    error_summary,
    value_cause,
    worst,
)
from timeline.evaluation.matching import match, trim
from timeline.evaluation.runner import SPLITS, Failure, Tagger, evaluate_files, select
from timeline.evaluation.scoring import (
    Counts,
    DocResult,
    Pair,
    notation_normal,
    prf,
    same_value_notation,
    score_document,
    toolkit_relaxed,
    total,
    value_normalised_prf,
)

__all__ = [
    "CONTEXT",
    "SPLITS",
    "Counts",
    "DocResult",
    "Failure",
    "Pair",
    "Tagger",
    "configure",
    "context",
    "error_groups",
    "error_records",
    "error_summary",
    "evaluate_files",
    "match",
    "notation_normal",
    "prf",
    "run",
    "same_value_notation",
    "score_document",
    "select",
    "toolkit_relaxed",
    "total",
    "trim",
    "value_cause",
    "value_normalised_prf",
    "worst",
]
