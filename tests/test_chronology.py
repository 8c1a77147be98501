"""A year-less entry of a chronology takes the year of the entries around it."""

from __future__ import annotations

from datetime import date

import pytest

from timeline.documents import analyse
from timeline.events import extract_events

DCT = date(2024, 1, 12)


def _dates(text: str) -> dict[str, tuple[str, str]]:
    events = extract_events(analyse(text, doc_id="t", path="t.txt"), published=DCT)
    return {e.evidence.text: (e.date, e.how) for e in events if e.evidence}


@pytest.mark.parametrize(
    ("text", "evidence", "expected"),
    [
        # an entry between two entries of 2019 that it fits between
        ("Key dates:\n- 3 March 2019: An inspection finds cracks.\n"
         "- Sept 25: The council approves a budget.\n- October 2019: The bridge closes.\n",
         "Sept 25", ("2019-09-25", "inferred")),
        ("3 March 2019: Cracks are found.\n\n12 June: Repairs are ordered.\n\n"
         "1 December 2019: The bridge closes.\n",
         "12 June", ("2019-06-12", "inferred")),
        ("- 3 March 2019: Cracks are found.\n- June: Repairs are ordered.\n"
         "- October 2019: The bridge closes.\n",
         "June", ("2019-06", "inferred")),
        # it does not fit between them: read from publication, as before
        ("- 3 March 2019: Cracks are found.\n- Jan 5: Work stops.\n"
         "- October 2019: The bridge closes.\n",
         "Jan 5", ("2024-01-05", "relative")),
        # the entries around it are of different years
        ("- 3 March 2018: Cracks are found.\n- Sept 25: Work stops.\n"
         "- October 2019: The bridge closes.\n",
         "Sept 25", ("2023-09-25", "relative")),
        # prose: a date between two background years keeps the publication's year
        ("The trial over the 1975 coup opened on Monday. The court set April 29 for the "
         "next hearing. The August 15, 1975 coup killed the leader.",
         "April 29", ("2024-04-29", "relative")),
    ],
)
def test_a_year_less_entry_takes_its_neighbours_year(
    text: str, evidence: str, expected: tuple[str, str]
) -> None:
    assert _dates(text).get(evidence) == expected
