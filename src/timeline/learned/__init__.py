"""Learned models of the event layer: which words are predicates, and which time each is at.

Both are linear models trained from TimeML (`python -m timeline train-models`) and shipped
as JSON under `resources/models/`; applying them needs nothing beyond the standard library.
"""

from timeline.learned.anchoring import Anchor, Candidate, granularity, rank_candidates
from timeline.learned.predicates import Predicate, find_predicates

__all__ = [
    "Anchor",
    "Candidate",
    "Predicate",
    "find_predicates",
    "granularity",
    "rank_candidates",
]
