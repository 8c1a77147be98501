"""Documents that once crashed extraction: each now yields valid events, or none.

One row per reproduction (the text, the publication date it is read against, and the
EDTF dates expected among its events). Every event's date must be valid EDTF and every
span must be the text it claims.
"""

from __future__ import annotations

from datetime import date

import pytest

from timeline.dates import bounds, timex_to_edtf
from timeline.documents import analyse
from timeline.events import extract_events

CASES = [
    # an open interval ("since 2003") next to a decade: was compared with `<` (TypeError)
    ("The company has grown since 2003 and in the 2000s it hired many people.", None,
     {"2003/.."}),
    ("Prices have risen since 2003 and since 2009.", None, set()),
    # publication dates in years 1-999: strftime wrote year 5 as "5" (EDTFError)
    ("Prices rose over the past two years.", date(5, 3, 2), {"0003-03/0005-03"}),
    ("Prices rose over the past six months.", date(5, 3, 2), {"0004-09/0005-03"}),
    ("Sales fell last month.", date(71, 8, 10), {"0071-07"}),
    ("The council met on Tuesday.", date(243, 9, 3), {"0243-08-29"}),
    ("It happened recently.", date(1, 1, 1), set()),
    ("Prices rose over the past two years.", date(1, 6, 1), set()),
    ("Prices rose over the past three months.", date(1, 2, 1), set()),
    ("The river flooded two days before Monday.", date(1, 1, 1), set()),
    # a part of a season: was `2018-23-21/2018-23-30`, days of a season "month"
    ("Prices rose in late fall 2018, the report said.", None, {"2018-10/2018-11"}),
    ("It snowed in early winter of 2018.", None, {"2018-12/2019-01"}),
    ("The harvest came in mid-summer 2018.", None, set()),
    # quarters in year 1 and near 9999
    ("Sales fell in the first quarter.", date(1, 2, 1), {"0001-01/0001-03"}),
    ("Sales fell in the last quarter.", date(1, 2, 1), set()),
    ("Sales rose in the fourth quarter of 9999.", None, set()),
    ("Sales rose in the fourth quarter.", date(9999, 11, 2), {"9999-10/9999-12"}),
    ("The storm came in late winter 9999.", None, set()),
]


@pytest.mark.parametrize(("text", "dct", "expected"), CASES)
def test_once_crashing_documents_give_valid_events(
    text: str, dct: date | None, expected: set[str]
) -> None:
    doc = analyse(text, doc_id="d", path="d.txt")
    events = extract_events(doc, published=dct)
    dates = {e.date for e in events}
    assert expected <= dates, dates
    for e in events:
        assert bounds(e.date) == (e.earliest, e.latest)
        for span in (e.evidence, e.sentence, e.date_source, e.attribution):
            assert span is None or text[span.start : span.end] == span.text


PARTS = [
    ("2018-FA", "EARLY", "2018-09/2018-10"),
    ("2018-FA", "MID", "2018-10~"),
    ("2018-FA", "LATE", "2018-10/2018-11"),
    ("2018-WI", "EARLY", "2018-12/2019-01"),
    ("2018-WI", "LATE", "2019-01/2019-02"),
    ("2018-SP", "END", "2018-04/2018-05"),
    ("9999-WI", "LATE", "9999-24"),
    # parts of years and decades before 1000 keep four digits
    ("0087", "LATE", "0087-09/0087-12"),
    ("005", "EARLY", "0050/0053"),  # its months would run past 9999: the season stays
]


@pytest.mark.parametrize(("value", "mod", "expected"), PARTS)
def test_parts_of_seasons_years_and_decades(value: str, mod: str, expected: str) -> None:
    result = timex_to_edtf(value, mod)
    assert result == expected
    bounds(result)
