"""The one error type of curation: a list of problems a user can act on."""

from __future__ import annotations


class CurationError(Exception):
    """Raised instead of touching a file; `.problems` are ready to print, one per line."""

    def __init__(self, problems: list[str] | str) -> None:
        self.problems = [problems] if isinstance(problems, str) else list(problems)
        super().__init__("\n".join(self.problems))
