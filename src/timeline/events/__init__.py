"""From a document to events: every dateable happening, each with its evidence span."""

from timeline.events.statements import CONFIDENCE, event_nouns, extract_events

__all__ = ["CONFIDENCE", "event_nouns", "extract_events"]
