"""TimeML reading: plain text as a tagger sees it, gold offsets into it, clear errors."""

from __future__ import annotations

import html
import io
import re
import tarfile
from datetime import date
from pathlib import Path

import pytest

from timeline import timeml

FIXTURES = Path(__file__).parent / "fixtures" / "timeml"
GOOD = sorted(p for p in FIXTURES.glob("*.tml") if not p.name.startswith("malformed"))
MALFORMED = FIXTURES / "malformed_unclosed_timex.tml"
SILVER = Path(__file__).resolve().parents[2] / "shared/data/corpus/te3-silver-timeml.tar.gz"


def _regex_reading(raw: str) -> tuple[str, list[str]]:
    """An independent reading: the <TEXT> body with tags stripped, and each TIMEX3's text."""
    body = re.search(r"<TEXT>(.*?)</TEXT>", raw, re.S)
    assert body is not None
    inner = body.group(1)
    texts = [
        html.unescape(re.sub(r"<[^>]+>", "", m))
        for m in re.findall(r"<TIMEX3[^>]*>(.*?)</TIMEX3>", inner, re.S)
    ]
    return html.unescape(re.sub(r"<[^>]+>", "", inner)), texts


def test_fixture_set_is_there() -> None:
    assert len(GOOD) >= 3 and MALFORMED.exists()


@pytest.mark.parametrize("path", GOOD, ids=lambda p: p.name)
def test_gold_offsets_index_the_plain_text(path: Path) -> None:
    doc = timeml.read(path)
    text, timex_texts = _regex_reading(path.read_text(encoding="utf-8"))
    assert doc.text == text
    assert "<" not in doc.text
    assert [t.text for t in doc.timexes] == timex_texts
    assert doc.timexes, "every fixture has gold timexes"
    for t in doc.timexes:
        assert doc.text[t.start : t.end] == t.text
        assert t.type in timeml.TIMEX_TYPES and t.value
    assert [t.start for t in doc.timexes] == sorted(t.start for t in doc.timexes)


def test_id_dct_type_value_and_mod() -> None:
    doc = timeml.read(FIXTURES / "wsj_0542.tml")
    assert doc.id == "wsj_0542"
    assert doc.dct == date(1989, 10, 30)
    late = [t for t in doc.timexes if t.text == "Late last week"]
    assert len(late) == 1
    assert (late[0].type, late[0].value, late[0].mod) == ("DATE", "1989-WXX", "END")
    first = doc.timexes[0]
    assert (first.text, first.type, first.value, first.mod) == (
        "5 p.m. EST, Nov. 6",
        "TIME",
        "1989-11-06T17",
        None,
    )


def test_entities_are_decoded_before_offsets_are_counted() -> None:
    src = (
        '<TimeML><DCT><TIMEX3 tid="t0" type="DATE" value="19980102" '
        'functionInDocument="CREATION_TIME">x</TIMEX3></DCT>'
        '<TEXT>AT&amp;T &quot;said&quot; on <TIMEX3 tid="t1" type="DATE" value="1998-01-02">'
        "Jan. 2</TIMEX3> &lt;b&gt;</TEXT></TimeML>"
    )
    doc = timeml.parse(src, "inline.tml")
    assert doc.text == 'AT&T "said" on Jan. 2 <b>'
    (t,) = doc.timexes
    assert (t.start, t.end, t.text) == (15, 21, "Jan. 2")
    assert doc.dct == date(1998, 1, 2)
    assert doc.id == "inline"  # no DOCID: the file name


def test_other_tags_inside_text_and_empty_timex() -> None:
    src = (
        "<TimeML><DOCID> D1 </DOCID><TEXT>It <EVENT eid='e1'>rose</EVENT> "
        "<SIGNAL sid='s1'>since</SIGNAL> <TIMEX3 tid='t1' type='DATE' value='2003'>2003"
        "</TIMEX3><TIMEX3 tid='t2' type='DURATION' value='P1Y'/> and <FOO>more</FOO>."
        "</TEXT></TimeML>"
    )
    doc = timeml.parse(src, "x.tml")
    assert doc.id == "D1" and doc.dct is None
    assert doc.text == "It rose since 2003 and more."
    assert [(t.text, t.value) for t in doc.timexes] == [("2003", "2003")]


@pytest.mark.parametrize(
    ("src", "line", "words"),
    [
        (
            "<TimeML>\n<TEXT>\n<TIMEX3 type='DATE' value='1998'>1998</TIMEX3\n</TEXT>",
            4,
            "not well-formed",
        ),
        (
            "<TimeML>\n<TEXT>\nx <TIMEX3 type='DAY' value='1998'>1998</TIMEX3>\n</TEXT></TimeML>",
            3,
            "expected one of DATE, TIME, DURATION, SET",
        ),
        (
            "<TimeML>\n<TEXT>\n\n<TIMEX3 type='DATE'>1998</TIMEX3></TEXT></TimeML>",
            4,
            "without a value",
        ),
        (
            "<TimeML>\n<DCT><TIMEX3 type='DATE' value='soon'>x</TIMEX3></DCT><TEXT/></TimeML>",
            2,
            "DCT value 'soon'",
        ),
        (
            "<TimeML>\n<DCT><TIMEX3 type='DATE' value='1998-02-30'>x</TIMEX3></DCT></TimeML>",
            2,
            "not a valid date",
        ),
    ],
)
def test_malformed_input_names_file_and_line(src: str, line: int, words: str) -> None:
    with pytest.raises(timeml.TimeMLError) as info:
        timeml.parse(src, "bad.tml")
    assert info.value.path == "bad.tml"
    assert info.value.line == line
    assert words in str(info.value)
    assert str(info.value).startswith(f"bad.tml:{line}: ")


def test_missing_text_element_is_an_error() -> None:
    with pytest.raises(timeml.TimeMLError, match="no <TEXT> element"):
        timeml.parse("<TimeML><DOCID>x</DOCID></TimeML>", "empty.tml")


def test_malformed_fixture_points_at_the_unclosed_timex() -> None:
    with pytest.raises(timeml.TimeMLError) as info:
        timeml.read(MALFORMED)
    assert info.value.path == str(MALFORMED)
    assert info.value.line == 10
    assert "opened on line 9" in info.value.message


def test_unreadable_file_is_a_timeml_error(tmp_path: Path) -> None:
    with pytest.raises(timeml.TimeMLError, match="cannot read"):
        timeml.read(tmp_path / "absent.tml")


def test_read_all_goes_on_after_a_bad_file() -> None:
    items = list(timeml.read_all([GOOD[0], MALFORMED, GOOD[1]]))
    assert [type(i).__name__ for i in items] == ["TimeMLDocument", "TimeMLError", "TimeMLDocument"]


def test_find_files_is_recursive_and_sorted(tmp_path: Path) -> None:
    (tmp_path / "b").mkdir()
    for name in ("b/z.tml", "a.tml", "b/a.tml", "notes.txt"):
        (tmp_path / name).write_text("x")
    found = [p.relative_to(tmp_path).as_posix() for p in timeml.find_files(tmp_path)]
    assert found == ["a.tml", "b/a.tml", "b/z.tml"]
    assert timeml.find_files(tmp_path / "a.tml") == [tmp_path / "a.tml"]


def _tarball(tmp_path: Path, files: list[Path]) -> Path:
    out = tmp_path / "corpus.tar.gz"
    with tarfile.open(out, "w:gz") as tar:
        for f in files:
            tar.add(f, arcname=f"corpus/{f.name}")
        info = tarfile.TarInfo("corpus/README")
        info.size = 5
        tar.addfile(info, io.BytesIO(b"hello"))
    return out


def test_tarball_stream_matches_single_file_reading(tmp_path: Path) -> None:
    archive = _tarball(tmp_path, GOOD)
    streamed = list(timeml.iter_tarball(archive))
    assert len(streamed) == len(GOOD)
    by_id = {doc_id: (dct, text) for doc_id, dct, text in streamed}
    for f in GOOD:
        doc = timeml.read(f)
        assert by_id[doc.id] == (doc.dct, doc.text)


def test_tarball_malformed_member_raises_or_is_reported(tmp_path: Path) -> None:
    archive = _tarball(tmp_path, [GOOD[0], MALFORMED, GOOD[1]])
    with pytest.raises(timeml.TimeMLError, match="malformed_unclosed_timex.tml:10"):
        list(timeml.iter_tarball(archive))
    errors: list[timeml.TimeMLError] = []
    ids = [d for d, _dct, _t in timeml.iter_tarball(archive, on_error=errors.append)]
    assert len(ids) == 2 and len(errors) == 1 and errors[0].line == 10


@pytest.mark.corpus
@pytest.mark.skipif(not SILVER.exists(), reason="silver corpus not beside the project")
def test_silver_corpus_streams_every_document() -> None:
    count = 0
    chars = 0
    for doc_id, dct, text in timeml.iter_tarball(SILVER):
        count += 1
        chars += len(text)
        assert doc_id and isinstance(dct, date) and "<" not in text
    assert count == 2452
    assert chars > 3_000_000


def test_creation_time_inside_the_text_is_the_dct() -> None:
    src = (
        "<TimeML><TEXT>NEW YORK, <TIMEX3 tid='t0' type='DATE' value='1998-03-04' "
        "functionInDocument='CREATION_TIME'>March 4</TIMEX3> - Stocks fell.</TEXT></TimeML>"
    )
    doc = timeml.parse(src, "dateline.tml")
    assert doc.dct == date(1998, 3, 4)
    assert [t.text for t in doc.timexes] == ["March 4"]
