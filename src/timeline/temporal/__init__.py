"""Time-expression recognition and normalisation (TIMEX3).

`tag(text, dct)` is the entry point; `find` returns the raw matches without the
EDTF/phrase post-processing.
"""

from timeline.temporal.tagger import find, tag

__all__ = ["find", "tag"]
