"""EDTF bounds and TIMEX3 -> EDTF conversion: the dates people read and edit."""

from __future__ import annotations

from datetime import date

import pytest

from timeline.dates import EDTFError, bounds, interval, is_valid, timex_to_edtf

BOUNDS = [
    ("1979", "1979-01-01", "1979-12-31"),
    ("2018-09", "2018-09-01", "2018-09-30"),
    ("2016-02", "2016-02-01", "2016-02-29"),
    ("2018-09-25", "2018-09-25", "2018-09-25"),
    ("2000/2003", "2000-01-01", "2003-12-31"),
    ("2003/..", "2003-01-01", None),
    ("../2019", None, "2019-12-31"),
    ("199X", "1990-01-01", "1999-12-31"),
    ("19XX", "1900-01-01", "1999-12-31"),
    ("2019-06~", "2019-06-01", "2019-06-30"),
    ("2019?", "2019-01-01", "2019-12-31"),
    ("2018-22", "2018-06-01", "2018-08-31"),
    ("2018-24", "2018-12-01", "2019-02-28"),
    ("2018-09-25/2018-09-27", "2018-09-25", "2018-09-27"),
]


@pytest.mark.parametrize(("value", "earliest", "latest"), BOUNDS)
def test_bounds(value: str, earliest: str | None, latest: str | None) -> None:
    assert bounds(value) == (earliest, latest)


@pytest.mark.parametrize(
    "value", ["", "abc", "2018-13", "2018-02-30", "2019/2018", "../..", "2018/2019/2020", "Sept 25"]
)
def test_invalid_dates_are_refused_with_what_is_expected(value: str) -> None:
    assert not is_valid(value)
    with pytest.raises(EDTFError, match="expected|starts after|open at both"):
        bounds(value)


def test_fast_path_agrees_with_reference_parser() -> None:
    import edtf

    # Seasons are left out: the reference parser ends winter on 31 December,
    # while a northern-hemisphere winter runs into February.
    for value, _, _ in BOUNDS:
        if "/" in value or value[5:7] in {"21", "22", "23", "24"}:
            continue
        parsed = edtf.parse_edtf(value)
        lo, hi = parsed.lower_strict(), parsed.upper_strict()
        assert bounds(value) == (
            date(lo.tm_year, lo.tm_mon, lo.tm_mday).isoformat(),
            date(hi.tm_year, hi.tm_mon, hi.tm_mday).isoformat(),
        )


TIMEX = [
    ("1979", None, "1979"),
    ("2018-09-25", None, "2018-09-25"),
    ("2018-09-25T14:30", None, "2018-09-25"),
    ("200", None, "200X"),
    ("200", "EARLY", "2000/2003"),
    ("199", "LATE", "1997/1999"),
    ("2015", "MID", "2015-05/2015-08"),
    ("2018-09", "LATE", "2018-09-21/2018-09-30"),
    ("19", None, "19XX"),
    ("2018-SU", None, "2018-22"),
    ("2018-Q1", None, "2018-01/2018-03"),
    ("2018-H2", None, "2018-07/2018-12"),
    ("2018-W11", None, "2018-03-12/2018-03-18"),
    ("2018-W11-WE", None, "2018-03-17/2018-03-18"),
    ("2019-06", "APPROX", "2019-06~"),
    ("2003", "ON_OR_AFTER", "2003/.."),
    ("2019", "BEFORE", "../2019"),
    ("P2Y", None, None),
    ("PAST_REF", None, None),
    ("XXXX-09-25", None, None),
]


@pytest.mark.parametrize(("value", "mod", "expected"), TIMEX)
def test_timex_to_edtf(value: str, mod: str | None, expected: str | None) -> None:
    result = timex_to_edtf(value, mod)
    assert result == expected
    if result is not None:
        assert is_valid(result)


def test_present_ref_needs_a_publication_date() -> None:
    assert timex_to_edtf("PRESENT_REF") is None
    assert timex_to_edtf("PRESENT_REF", dct=date(2019, 7, 15)) == "2019-07-15"


def test_interval_marks_open_ends() -> None:
    assert interval("2003", None) == "2003/.."
    assert interval(None, "2019") == "../2019"
