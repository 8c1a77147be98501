"""Finding the new extraction's event for an edited event whose id changed.

Extracted ids come from the sentence's text, so an author rewording a sentence gives its
event a new id; the hand edits should follow. The match is a W3C-style text-quote
selector (the exact quoted words, with the rest of the sentence as prefix and suffix)
plus the date, never the words alone: two sentences dated "Wednesday" are two events.
A candidate is refused when its id was deleted by the user, when another event already
claimed it, or when its sentence was already in the previous extraction (an unrelated
statement that was there all along, not a rewording of the lost one). Only an event
whose sentence was there at the previous extraction is looked for: an event orphaned
earlier has no sentence to have been reworded now. Nor is an event the user added (or
gave an id of their own): it never takes over an extracted event; when its quotation is
gone it is orphaned.
"""

from __future__ import annotations

import re
from collections import defaultdict
from difflib import SequenceMatcher
from typing import Any

from timeline.curation.anchor import selector

EXTRACTED_ID = re.compile(r"[0-9a-f]{12}")  # what the extractor's ids look like (events.py)
MIN_CONTEXT = 0.75  # word similarity of prefix + suffix to accept a rewording
SURE_CONTEXT = 0.9  # ... when the extracted date differs too


def _words(prefix: str, suffix: str) -> list[str]:
    return prefix.split() + ["\x00"] + suffix.split()


def context_likeness(a: tuple[str, str, str], b: tuple[str, str, str]) -> float:
    """0..1: how alike the surroundings of two quotations are, word by word."""
    return SequenceMatcher(None, _words(a[0], a[2]), _words(b[0], b[2]), autojunk=False).ratio()


class Counterparts:
    """Unclaimed new events indexed by document and quoted words."""

    def __init__(
        self,
        unmatched: list[dict[str, Any]],
        deleted: set[str],
        base_events: dict[str, dict[str, Any]],
    ) -> None:
        self.by_quote: dict[tuple[str, str], list[dict[str, Any]]] = defaultdict(list)
        for n in unmatched:
            evidence = n.get("evidence")
            if n["id"] not in deleted and isinstance(evidence, dict):
                self.by_quote[(n.get("doc"), evidence.get("text"))].append(n)
        self.known_sentences: set[tuple[str, str]] = {
            (b.get("doc"), b["sentence"]["text"])
            for b in base_events.values()
            if isinstance(b.get("sentence"), dict) and isinstance(b["sentence"].get("text"), str)
        }

    def find(self, mine: dict[str, Any], old_date: Any, claimed: set[str]) -> dict[str, Any] | None:
        """The rewording of `mine`'s sentence in the new extraction, or None."""
        sel = selector(mine)
        if sel is None or not EXTRACTED_ID.fullmatch(str(mine.get("id"))):
            return None
        at = mine["evidence"]["start"]
        best, best_key = None, None
        for n in self.by_quote.get((mine.get("doc"), sel[1]), ()):
            other = selector(n)
            if n["id"] in claimed or other is None:
                continue
            if (n.get("doc"), n["sentence"]["text"]) in self.known_sentences:
                continue
            likeness = context_likeness(sel, other)
            same_date = n.get("date") == old_date
            if likeness < MIN_CONTEXT or (not same_date and likeness < SURE_CONTEXT):
                continue
            key = (same_date, likeness, -abs(n["evidence"]["start"] - at))
            if best_key is None or key > best_key:
                best, best_key = n, key
        return best
