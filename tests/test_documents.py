"""Reading documents: decoding errors, publication dates, titles and clutter regions."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from timeline.documents import (
    DocumentError,
    SourceDocument,
    analyse,
    clutter_rules,
    document_record,
    load_document,
    parse_date,
)

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "tests" / "fixtures" / "docs"
SEEDS = ROOT / "seeds"


def excluded_texts(doc: SourceDocument) -> list[str]:
    return [doc.text[a:b] for a, b in doc.excluded]


@pytest.mark.parametrize(
    ("name", "reason"),
    [
        ("not_utf8.txt", "not valid UTF-8 (byte 0xe9 at offset 7)"),
        ("empty.txt", "empty"),
        ("whitespace.txt", "empty (only whitespace)"),
        ("binary.txt", "binary (NUL byte at offset 4), expected UTF-8 text"),
    ],
)
def test_unreadable_documents_name_file_and_reason(name: str, reason: str) -> None:
    with pytest.raises(DocumentError) as info:
        load_document(DOCS / name, display_path=f"docs/{name}")
    assert info.value.reason == reason
    assert info.value.path == f"docs/{name}"
    assert str(info.value) == f"docs/{name}: {reason}"


def test_missing_file_and_directory_are_document_errors(tmp_path: Path) -> None:
    with pytest.raises(DocumentError, match="no such file"):
        load_document(tmp_path / "absent.txt")
    with pytest.raises(DocumentError, match="is a directory"):
        load_document(tmp_path)


def test_control_characters_mean_binary(tmp_path: Path) -> None:
    p = tmp_path / "ctl.txt"
    p.write_bytes(bytes(range(1, 9)) * 20 + b"text")
    with pytest.raises(DocumentError, match=r"binary \(160 control characters"):
        load_document(p)


def test_bom_is_dropped_and_sha_is_of_raw_bytes() -> None:
    import hashlib

    raw = (DOCS / "bom.txt").read_bytes()
    doc = load_document(DOCS / "bom.txt")
    assert raw.startswith(b"\xef\xbb\xbf")
    assert doc.text == raw[3:].decode("utf-8")
    assert doc.sha256 == hashlib.sha256(raw).hexdigest()
    assert doc.id == "bom"


def test_text_is_kept_exactly_as_read(tmp_path: Path) -> None:
    body = "Title line\r\n\r\nIt rained\ton 3 May 2001.  \u00a0Then it stopped.\n"
    p = tmp_path / "crlf.txt"
    p.write_bytes(body.encode("utf-8"))
    assert load_document(p).text == body


def test_front_matter_gives_title_date_and_is_excluded() -> None:
    doc = load_document(DOCS / "front_matter.md")
    assert doc.id == "front_matter"
    assert doc.title == "Harbour bridge reopens after repairs"
    assert doc.published == date(2019, 7, 15)
    assert doc.published_source == "front-matter"
    texts = excluded_texts(doc)
    assert texts[0].startswith("---\ntitle:") and texts[0].rstrip().endswith("---")
    assert "# Harbour bridge reopens after repairs" in texts  # the repeated title heading


def test_published_key_in_front_matter() -> None:
    doc = load_document(DOCS / "trial.md")
    assert doc.published == date(2021, 3, 12)
    assert doc.title == "Former mayor convicted of bribery"


@pytest.mark.parametrize(
    ("name", "published", "dateline"),
    [
        ("dateline.txt", date(2018, 12, 20), "Thursday, December 20, 2018"),
        ("labelled.txt", date(2020, 3, 12), "Published: 12 March 2020"),
        ("wire.txt", date(2019, 9, 3), "WASHINGTON (AP) — Sept. 3, 2019 —"),
    ],
)
def test_datelines(name: str, published: date, dateline: str) -> None:
    doc = load_document(DOCS / name)
    assert doc.published == published
    assert doc.published_source == "dateline"
    assert dateline in excluded_texts(doc)


@pytest.mark.parametrize(
    "text",
    [
        "The report was issued on March 3, 2008, after a long delay.\n\nMore text.",
        "Storm hits coast\n\nOn Thursday, December 20, 2018 the storm reached the coast.",
        "A line\n" * 12 + "March 01, 2008\n",  # too far down to be a dateline
    ],
)
def test_dates_in_sentences_are_not_datelines(text: str) -> None:
    doc = analyse(text, doc_id="x", path="x.txt")
    assert doc.published is None
    assert doc.published_source == "none"


@pytest.mark.parametrize(
    "line",
    [
        "date 2017-08-08",
        "Posted on July 4, 2016",
        "Updated: 2020/01/31 10:45",
        "March 01, 2008",
        "Posted by admin on March 3, 2019",
        "By Jane Doe | March 3, 2019",
        "By Jane Doe, Reuters — 3 March 2019",
    ],
)
def test_dateline_forms(line: str) -> None:
    doc = analyse(f"Headline here\n{line}\n\nBody sentence one.", doc_id="x", path="x.txt")
    assert doc.published is not None and doc.published_source == "dateline"


def test_parse_date_forms() -> None:
    assert parse_date("2019-07-15") == date(2019, 7, 15)
    assert parse_date("July 15, 2019") == date(2019, 7, 15)
    assert parse_date("15 Jul 2019") == date(2019, 7, 15)
    assert parse_date("Sept. 3, 2019") == date(2019, 9, 3)
    assert parse_date("2019-07-15T10:30:00Z") == date(2019, 7, 15)
    assert parse_date("'2019-07-15'") == date(2019, 7, 15)
    assert parse_date("2019-02-30") is None
    assert parse_date("next week") is None


def test_web_clutter_is_excluded_and_metadata_recognised() -> None:
    doc = load_document(DOCS / "clutter.txt")
    texts = excluded_texts(doc)
    assert doc.title == "Mine rescue ends after ten days"
    assert texts[0].startswith("Home » World » Europe »")
    assert "Mine rescue ends after ten days" in texts
    assert texts.count("By Jane Doe in Cardiff,") == 2
    assert "Share this article" in texts
    assert any(t.startswith("Jane Doe is the paper's Wales correspondent") for t in texts)
    assert any(t.startswith("We use cookies") for t in texts)
    assert texts[-1].startswith("You may also like")
    assert texts[-1].rstrip().endswith("Leave a Comment")
    body = doc.text.index("Rescuers brought")
    assert not doc.is_excluded(body, body + 20)


def test_seed_clutter() -> None:
    for path in sorted(SEEDS.glob("*.txt")):
        doc = load_document(path)
        texts = excluded_texts(doc)
        assert texts[0].startswith("Home » ")
        assert doc.title and doc.title in texts[0]
        assert any(t.startswith("By ") for t in texts)
        assert texts[-1].startswith("You may also like")
        assert doc.published is None and doc.published_source == "none"


def test_clutter_mid_article_is_only_a_line() -> None:
    text = (
        "Budget passes\n\nThe assembly passed the budget in 2019.\n\nRelated\n\n"
        + "The vote followed months of talks that began in 2018. " * 10
    )
    doc = analyse(text, doc_id="x", path="x.txt")
    rel = text.index("Related")
    assert (rel, rel + len("Related")) in doc.excluded
    assert not doc.is_excluded(text.index("The vote"))


def test_sentence_starting_with_by_is_not_a_byline() -> None:
    text = "Report\n\nBy the end of 2019, the plant had closed.\n"
    doc = analyse(text, doc_id="x", path="x.txt")
    assert not doc.is_excluded(text.index("By the end"))


def test_clutter_table_is_valid() -> None:
    rules = clutter_rules()
    assert {r.kind for r in rules} >= {"breadcrumb", "byline", "footer", "boilerplate"}


def test_document_record_and_curated_override() -> None:
    doc = load_document(DOCS / "dateline.txt", display_path="docs/dateline.txt")
    rec = document_record(doc)
    assert (rec.id, rec.path, rec.published, rec.published_source) == (
        "dateline",
        "docs/dateline.txt",
        "2018-12-20",
        "dateline",
    )
    assert rec.title == "Regional council approves new water plan"
    assert rec.sha256 == doc.sha256
    curated = document_record(doc, published=date(2018, 12, 21))
    assert (curated.published, curated.published_source) == ("2018-12-21", "curated")
    none = document_record(load_document(DOCS / "bom.txt"))
    assert (none.published, none.published_source) == (None, "none")


def test_display_path_is_relative_posix(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    doc = load_document(DOCS / "bom.txt")
    assert doc.path == "tests/fixtures/docs/bom.txt"


def test_headline_before_dateline_and_markdown_heading_are_titles(tmp_path: Path) -> None:
    doc = load_document(DOCS / "labelled.txt")
    assert doc.title == "Museum marks fiftieth anniversary"
    assert "Museum marks fiftieth anniversary" in excluded_texts(doc)
    p = tmp_path / "storm.md"
    p.write_text("# Storm hits coast\n\nThe storm hit on 3 May 2001.\n", encoding="utf-8")
    doc = load_document(p)
    assert doc.title == "Storm hits coast"
    assert excluded_texts(doc) == ["# Storm hits coast"]


def test_wire_placeline_is_metadata_not_title() -> None:
    text = "\n\nNAIROBI, Kenya (AP) _\n\nBombs exploded outside two embassies Friday.\n"
    doc = analyse(text, doc_id="x", path="x.txt")
    assert excluded_texts(doc) == ["NAIROBI, Kenya (AP) _"]
    assert doc.title is None


@pytest.mark.parametrize(
    ("first", "placeline"),
    [
        ("BRUSSELS (Reuters) - The Commission fined a chipmaker on Wednesday.",
         "BRUSSELS (Reuters) - "),
        ("NEW YORK, N.Y. (AP) — Shares fell on Monday.", "NEW YORK, N.Y. (AP) — "),
        ("PARIS -- “We will not yield,” the minister said on Friday.", "PARIS -- "),
    ],
)
def test_a_placeline_opening_the_first_paragraph_is_metadata(first: str, placeline: str) -> None:
    doc = analyse(f"Headline of the day\n\n{first}\n\nMore text follows here.\n",
                  doc_id="x", path="x.txt")
    assert placeline.rstrip() in [t.rstrip() for t in excluded_texts(doc)]
    assert first[len(placeline):] not in " ".join(excluded_texts(doc))


@pytest.mark.parametrize(
    "line",
    [
        "The U.S. - China talks resumed on Monday.",  # not capitals alone
        "NATO - the alliance - met on Monday.",  # lower case after the dash
    ],
)
def test_a_sentence_is_not_taken_for_a_placeline(line: str) -> None:
    doc = analyse(f"Headline of the day\n\n{line}\n", doc_id="x", path="x.txt")
    assert not any(line.startswith(t) for t in excluded_texts(doc) if t.strip())


_LINE_PIECES = [
    "We use cookies", "we use cookies.", "Accept all cookies", "Subscribe to our newsletter",
    "Home", " » ", " › ", "News", " > ", "Copyright 2019", "© 2020 The Paper", "(c) 2021",
    "All rights reserved.", "By John Smith", "BY JANE DOE", "Share this", "Related stories",
    "The council met on Friday", "and said", " - ", "_", "—", "ſubscribe to our newsletter",
    "KELVIN", "\u212a", "Ünd", ",", ".", "  ", "Tags: budget", "Advertisement",
]


@given(st.lists(st.sampled_from(_LINE_PIECES), min_size=1, max_size=8).map("".join))
@settings(max_examples=300, deadline=None)
def test_clutter_line_sieve_answers_as_the_rules(line: str) -> None:
    """A line the literal sieve rules out matches no line rule: the answer is always the
    joined rules' own."""
    from timeline.documents import _any_clutter, _line_rule_matches

    joined = _any_clutter()
    assert joined is not None
    assert _line_rule_matches(line, joined) == (joined.fullmatch(line) is not None)


@pytest.mark.parametrize(
    ("pattern", "line", "holds"),
    [
        (r"(?i:.*\bwe use cookies\b.*)", "WE USE COOKIES here", True),
        (r"(?i:.*\bwe use cookies\b.*)", "we use biscuits", False),
        (r"(?:By|BY)\s+\w+", "by someone", False),  # case kept without IGNORECASE
        (r"(?i:[^.!?]{1,80}(?:\s(?:»|›|→)\s[^.!?]{1,120}){2,})", "Home > News > World", False),
        (r"a(?=b)bc", "xabcx", True),  # a lookahead does not cut the run "abc"
    ],
)
def test_required_literals(pattern: str, line: str, holds: bool) -> None:
    from timeline import literals

    found = literals.required(pattern)
    assert found is not None
    assert literals.holds(line, line.lower(), found) is holds


def test_required_literals_unknown() -> None:
    from timeline import literals

    assert literals.required(r"[A-Z]+\d*") is None  # nothing literal
    assert literals.required(r"(?i)\u212a") is None  # the Kelvin sign matches k and K
    assert literals.required(r"x*") is None
