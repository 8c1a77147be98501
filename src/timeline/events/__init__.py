"""From a document to events: every dateable happening, each with its evidence span."""

from timeline.events.build import COMPONENTS, extract_events
from timeline.events.statements import CONFIDENCE, event_nouns

__all__ = ["COMPONENTS", "CONFIDENCE", "event_nouns", "extract_events"]
