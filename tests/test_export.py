"""Exports: each format holds exactly the chosen events, keeps their precision and sources,
and follows its format's rules (TimelineJS3's field rules, RFC 4180 CSV, RFC 5545)."""

from __future__ import annotations

import csv
import io
import json
import re
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from timeline.cli import main
from timeline.export import Selection, render

TEXT = (
    "Harbour history\r\n\r\n"
    "The pier opened in 1998, the archive says.\r\n"
    "Dredging began in June 1998.\r\n\r\n"
    "Police said the crane fell on 12 June 1998.\r\n\r\n"
    "The harbour grew in the 1990s. It was busy around 2003. It may close in 2019-06?\r\n\r\n"
    "Trade has grown since 2003. In spring 2018 the port was rebuilt. "
    "A =HYPERLINK(\"http://evil.example\") sign, <script>alert(1)</script>, was found.\r\n"
)
# (id, date, earliest, latest, quote, status, confidence, who says)
ROWS = [
    ("e-year", "1998", "1998-01-01", "1998-12-31", "The pier opened in 1998", "active", 0.9, ""),
    ("e-month", "1998-06", "1998-06-01", "1998-06-30", "Dredging began in June 1998", "active",
     0.8, ""),
    ("e-day", "1998-06-12", "1998-06-12", "1998-06-12", "Police said the crane fell on 12 June "
     "1998", "active", 0.9, "Police"),
    ("e-decade", "199X", "1990-01-01", "1999-12-31", "The harbour grew in the 1990s", "active",
     0.6, ""),
    ("e-approx", "2003~", "2003-01-01", "2003-12-31", "It was busy around 2003", "active", 0.5,
     ""),
    ("e-uncertain", "2019-06?", "2019-06-01", "2019-06-30", "It may close in 2019-06?",
     "rejected", 0.3, ""),
    ("e-open", "2003/..", "2003-01-01", None, "Trade has grown since 2003", "active", 0.7, ""),
    ("e-season", "2018-21", "2018-03-01", "2018-05-31", "In spring 2018 the port was rebuilt",
     "active", 0.7, ""),
    ("e-markup", "2018-05-02", "2018-05-02", "2018-05-02", "A =HYPERLINK(\"http://evil.example\") "
     "sign, <script>alert(1)</script>, was found", "active", 0.9, ""),
]


def _span(quote: str) -> dict:
    start = TEXT.index(quote)
    return {"start": start, "end": start + len(quote), "text": quote}


@pytest.fixture
def events(tmp_path: Path) -> Path:
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "harbour.txt").write_bytes(TEXT.encode())
    data = {
        "version": 1,
        "documents": [{"id": "harbour", "path": "docs/harbour.txt", "title": "Harbour <b>history",
                       "published": "2020-01-02", "url": "https://news.example/harbour?a=1&b=2"}],
        "events": [
            {"id": i, "doc": "harbour", "date": d, "earliest": lo, "latest": hi,
             "title": q[:40], "evidence": _span(q), "sentence": _span(q), "how": "explicit",
             "confidence": c, "status": s, **({"attribution": _span(who)} if who else {})}
            for i, d, lo, hi, q, s, c, who in ROWS
        ],
    }
    path = tmp_path / "events.json"
    path.write_text(json.dumps(data, indent=1), encoding="utf-8")
    return path


def _data(events: Path) -> dict:
    return json.loads(events.read_text(encoding="utf-8"))


# --- TimelineJS3: the rules its loader applies (TimelineConfig / TLDate) ----------------

_DATE_PARTS = ("year", "month", "day", "hour", "minute", "second", "millisecond")


def _check_tl_date(value: object, where: str) -> date:
    """A TimelineJS date object: known parts only, each an integer (or digit string), a
    year always, month 1-12 and a day that exists; returns the first day it stands for."""
    assert isinstance(value, dict), f"{where}: not an object"
    assert "year" in value, f"{where}: no year"
    extra = set(value) - set(_DATE_PARTS) - {"display_date", "format"}
    assert not extra, f"{where}: unknown fields {extra}"
    for part in _DATE_PARTS:
        if part in value:
            assert re.fullmatch(r"-?\d*", str(value[part]).strip()), f"{where}.{part}"
    month, day = int(value.get("month", 1)), int(value.get("day", 1))
    assert 1 <= month <= 12, f"{where}: month {month}"
    return date(int(value["year"]), month, day)  # raises for a day that does not exist


def check_timelinejs(data: dict) -> None:
    assert data.get("scale", "human") in ("human", "cosmological")
    assert isinstance(data["events"], list) and data["events"], "Timeline has no events"
    seen: set[str] = set()
    for n, slide in enumerate(data["events"]):
        where = f"events[{n}]"
        start = _check_tl_date(slide["start_date"], f"{where}.start_date")
        if "end_date" in slide:
            end = _check_tl_date(slide["end_date"], f"{where}.end_date")
            assert end >= start and slide["end_date"] != slide["start_date"], where
        for plain in ("display_date", "group"):  # TimelineJS strips markup from these
            if plain in slide:
                assert isinstance(slide[plain], str) and "<" not in slide[plain], where
        text = slide.get("text", {})
        assert set(text) <= {"headline", "text"} and all(isinstance(v, str) for v in text.values())
        uid = slide["unique_id"]
        assert re.fullmatch(r"[a-z0-9_-]+", uid) and uid not in seen, f"{where}: id {uid!r}"
        seen.add(uid)


def test_timelinejs_keeps_precision_and_follows_the_field_rules(events: Path) -> None:
    out = json.loads(render(_data(events), "timelinejs").content)
    check_timelinejs(out)
    by_id = {s["unique_id"]: s for s in out["events"]}
    assert by_id["e-year"]["start_date"] == {"year": 1998} and "display_date" not in by_id["e-year"]
    assert by_id["e-month"]["start_date"] == {"year": 1998, "month": 6}
    assert by_id["e-day"]["start_date"] == {"year": 1998, "month": 6, "day": 12}
    assert by_id["e-decade"]["start_date"] == {"year": 1990}
    assert by_id["e-decade"]["end_date"] == {"year": 1999}
    assert by_id["e-decade"]["display_date"] == "1990s"
    assert by_id["e-approx"]["display_date"] == "about 2003"
    assert by_id["e-open"]["display_date"] == "since 2003" and "end_date" not in by_id["e-open"]
    assert by_id["e-season"]["display_date"] == "spring 2018"
    assert "e-uncertain" not in by_id  # rejected
    day = by_id["e-day"]
    assert "Police said the crane fell" in day["text"]["text"] and "Police" in day["text"]["text"]
    assert day["group"] == "Harbour ‹b›history"  # TimelineJS would strip it as markup
    assert "<script>" not in json.dumps(out)


def test_timelinejs_groups_by_who_says_so(events: Path) -> None:
    out = json.loads(render(_data(events), "timelinejs", group_by="actor").content)
    groups = {s["unique_id"]: s["group"] for s in out["events"]}
    assert groups["e-day"] == "Police" and groups["e-year"] == "unattributed"


def test_rejected_only_on_request_and_filters_select(events: Path) -> None:
    data = _data(events)
    ids = lambda sel: [json.loads(x)["id"] for x in render(data, "jsonl", sel).content.splitlines()]  # noqa: E731
    assert "e-uncertain" not in ids(Selection())
    assert "e-uncertain" in ids(Selection(include_rejected=True))
    assert ids(Selection(date_from="1998-06", date_to="1998-06")) == [
        "e-decade", "e-year", "e-month", "e-day"]
    assert ids(Selection(date_from="2019")) == ["e-open"]
    assert set(ids(Selection(min_confidence=0.85))) == {"e-year", "e-day", "e-markup"}
    assert ids(Selection(docs=("other",))) == []
    assert ids(Selection(ids=frozenset({"e-day", "e-year"}))) == ["e-year", "e-day"]


def test_csv_columns_sources_and_no_formulas(events: Path) -> None:
    text = render(_data(events), "csv").content
    rows = list(csv.DictReader(io.StringIO(text, newline="")))
    assert list(rows[0]) == ["id", "date", "earliest", "latest", "title", "quote", "document",
                             "url", "who_says", "how", "confidence", "status"]
    by_id = {r["id"]: r for r in rows}
    assert by_id["e-day"]["who_says"] == "Police" and by_id["e-day"]["confidence"] == "0.9"
    assert by_id["e-day"]["url"] == "https://news.example/harbour?a=1&b=2"
    assert by_id["e-open"]["latest"] == ""
    assert by_id["e-markup"]["quote"].startswith("A =HYPERLINK")  # not at the cell start
    assert not any(v.startswith(("=", "+", "@")) for r in rows for v in r.values())
    assert text.count("\r\n") == len(rows) + 1


def test_csv_neutralises_a_formula_title(events: Path) -> None:
    data = _data(events)
    data["events"][0]["title"] = "=1+2"
    rows = list(csv.DictReader(io.StringIO(render(data, "csv").content, newline="")))
    assert {r["title"] for r in rows if r["id"] == "e-year"} == {"'=1+2"}


def test_ics_all_day_events_escaped_and_folded(events: Path) -> None:
    result = render(_data(events), "ics", now=datetime(2024, 1, 2, 3, 4, 5, tzinfo=UTC))
    text = result.content
    assert text.startswith("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n")
    assert text.endswith("END:VCALENDAR\r\n") and "\n" not in text.replace("\r\n", "")
    lines = text.split("\r\n")[:-1]
    assert all(len(line.encode()) <= 75 for line in lines)
    unfolded = text.replace("\r\n ", "")
    assert unfolded.count("BEGIN:VEVENT") == 2 and result.left_out == 6
    assert "DTSTART;VALUE=DATE:19980612\r\nDTEND;VALUE=DATE:19980613" in unfolded
    assert "DTSTAMP:20240102T030405Z" in unfolded
    assert "SUMMARY:A =HYPERLINK(\"http://evil.example\") sign\r\n" in unfolded
    assert "sign\\, <script>alert(1)</script>\\, was found" in unfolded
    assert "according to Police" in unfolded and "\\n\\n" in unfolded


def test_jsonl_is_one_event_per_line_as_in_the_file(events: Path) -> None:
    lines = render(_data(events), "jsonl").content.splitlines()
    first = json.loads(lines[0])
    assert len(lines) == 8 and {e["id"] for e in map(json.loads, lines)} >= {"e-day"}
    assert first == next(e for e in _data(events)["events"] if e["id"] == first["id"])


def test_html_page_is_offline_escaped_and_links_quotes(events: Path) -> None:
    page = render(_data(events), "html", events_path=events, docs=[events.parent]).content
    assert "<script>" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "Harbour &lt;b&gt;history" in page and "<b>history" not in page
    assert not re.search(r"""(?:src|href)=["']?(?:https?:)?//""", page.replace(
        'href="https://news.example/harbour?a=1&amp;b=2"', ""))
    assert "default-src 'none'" in page
    assert '<a href="#ev-e-day" class="marker">' in page
    article = page[page.index('<article id="ev-e-day">'):]
    article = article[: article.index("</article>")]
    assert "<mark>Police said the crane fell on 12 June 1998</mark>" in article
    assert "Dredging" not in article  # only its own paragraph


def test_export_command_writes_and_reports(events: Path, tmp_path: Path,
                                           capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "out" / "timeline.csv"
    assert main(["export", "--events", str(events), "--format", "csv", "--out", str(out)]) == 0
    assert "exported 8 events as csv" in capsys.readouterr().err
    assert out.read_bytes().startswith(b"id,date,")
    assert main(["export", "--events", str(events), "--format", "jsonl", "--to", "1900"]) == 1
    assert main(["export", "--events", str(events), "--format", "csv", "--from", "20x"]) == 2
    assert "--from/--to" in capsys.readouterr().err
    assert main(["export", "--events", str(tmp_path / "none.json"), "--format", "csv"]) == 2
    bad = tmp_path / "bad.json"
    bad.write_text('{"version": 1, "events": [{"id": 3}]}')
    assert main(["export", "--events", str(bad), "--format", "csv"]) == 2
    assert "not a valid events file" in capsys.readouterr().err


def test_export_to_stdout(events: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["export", "--events", str(events), "--format", "jsonl", "--out", "-",
                 "--doc", "harbour", "--min-confidence", "0.85"]) == 0
    assert len(capsys.readouterr().out.splitlines()) == 3
