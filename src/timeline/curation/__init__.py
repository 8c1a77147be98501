"""Hand edits to the events file: validation, three-way merge, safe writes.

Everything other commands need is importable from here.
"""

from timeline.curation.checks import Validation, validate_events_data
from timeline.curation.edits import apply_edit
from timeline.curation.errors import CurationError
from timeline.curation.merge import MergeResult, merge, merge_data
from timeline.curation.store import (
    LoadedFile,
    curated_published,
    load_events_file,
    save_events_file,
)

__all__ = [
    "CurationError",
    "LoadedFile",
    "MergeResult",
    "Validation",
    "apply_edit",
    "curated_published",
    "load_events_file",
    "merge",
    "merge_data",
    "save_events_file",
    "validate_events_data",
]
