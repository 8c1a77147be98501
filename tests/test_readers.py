"""The one document reader: raw characters kept, web pages and PDFs read, bad files named."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from pdfs import encrypted, pdf_bytes
from timeline.documents import DocumentError, load_bytes, load_document
from timeline.readers import ReadError, format_of, page_of, read_bytes, read_html, read_pdf

PAGES = Path(__file__).parent / "fixtures" / "pages"

# Newline conventions: offsets count the raw characters, so a CRLF is two of them.
ENDINGS = [
    ("lf", b"First line.\nThe pier opened on 12 June 1987.\n"),
    ("crlf", b"First line.\r\nThe pier opened on 12 June 1987.\r\n"),
    ("cr", b"First line.\rThe pier opened on 12 June 1987.\r"),
    ("mixed", b"First line.\r\nSecond.\rThe pier opened on 12 June 1987.\n"),
    ("bom-crlf", b"\xef\xbb\xbfFirst line.\r\nThe pier opened on 12 June 1987.\r\n"),
]


@pytest.mark.parametrize(("name", "raw"), ENDINGS, ids=[n for n, _ in ENDINGS])
def test_text_keeps_every_raw_character(name: str, raw: bytes, tmp_path: Path) -> None:
    path = tmp_path / f"{name}.txt"
    path.write_bytes(raw)
    text = load_document(path).text
    assert text == raw.decode("utf-8-sig")  # no newline translation, BOM dropped
    start = text.index("12 June 1987")
    assert raw.decode("utf-8-sig")[start : start + 12] == "12 June 1987"


@pytest.mark.parametrize(("name", "raw"), ENDINGS, ids=[n for n, _ in ENDINGS])
def test_curation_reads_the_same_characters(name: str, raw: bytes, tmp_path: Path) -> None:
    from timeline.curation.texts import DocumentTexts

    (tmp_path / "doc.txt").write_bytes(raw)
    texts = DocumentTexts(tmp_path / "events.json", [{"id": "doc", "path": "doc.txt"}])
    assert texts("doc") == load_document(tmp_path / "doc.txt").text


# One row per saved page: title, publication date and where it came from, a sentence
# of the story that must be in the text and boilerplate that must not.
PAGE_TABLE = [
    ("amp_article", "Night trains return to the coast line this summer", "2024-03-12",
     "html-meta", "withdrawn in 2009", "Freight"),
    ("blog_personal", "Restoring a 1960s lathe, part three", "2022-09-18", "html-meta",
     "New ones arrived on 2 September", "Recent posts"),
    ("court_byline_date", "Former treasurer jailed for taking club funds", "2019-03-03",
     "dateline", "came to light in August 2018", "Pub quiz"),
    ("encyclopedia_infobox", "Kelmor Dam", None, "none",
     "drought of 1976", "Random article"),
    ("event_listing", "Stanmere Folk Festival announces 2025 line-up", "2025-01-15",
     "html-meta", "began in 1979", "Follow us"),
    ("history_list", "A short history of the Corn Exchange", None, "none",
     "1931: Grain trading ends", "Join the society"),
    ("inline_teasers", "Bridge over the Esk closes for six months of repairs", "2021-08-16",
     "html-meta", "last strengthened in 1994", "You may also like"),
    ("interview_qa", '"We planted the first vines in 2004": a winemaker on a cold climate',
     "2017-10-09", "html-meta", "A frost in late April", "Enjoyed this?"),
    ("itemprop_article", "Observatory records brightest meteor in a decade", "2019-11-30",
     "html-meta", "installed in 2009", "Subscribe to Sky Weekly"),
    ("legacy_table_latin1", "Ashcombe Parish News", "2005-06-14", "html-meta",
     "raised £68,000 for the work through fêtes", "Guestbook"),
    ("magazine_longread", "The last lighthouse keepers", "2018-08-02", "html-meta",
     "until the morning of 31 March 1986", "You may also like"),
    ("modified_vs_published", "Vaccine trial for tick-borne fever enters final stage",
     "2022-04-05", "html-meta", "ran from 2019 to 2021", "How to remove a tick"),
    ("news_sidebar_comments", "Ferry link to Holm Island suspended after hull crack found",
     "2023-02-14", "html-meta", "last passed a full survey in October 2021", "Most read"),
    ("newsletter_email", "Spring news from the Pinfold Lane allotments", None, "none",
     "installed on 18 March", "Unsubscribe"),
    ("no_date_metadata", "About the Millbrook Canal Trust", None, "none",
     "reopened to boats in 2009", "Donate"),
    ("obituary", "Obituary: Ingrid Solberg, mapmaker of the northern fjords", "2016-03-22",
     "html-meta", "joined the coastal mapping office in 1951", "Recent obituaries"),
    ("og_meta_only", "Library to open on Sundays from March", "2020-01-23", "html-meta",
     "last tried in 2008", "We use cookies"),
    ("paywall_teaser", "Shipyard wins order for three research vessels", "2023-09-27",
     "html-meta", "reopened in 2011", "Subscribe to keep reading"),
    ("press_release", "Brenholt Water completes new treatment works", "2021-05-11",
     "html-meta", "Construction began in January 2019", "Share this page"),
    ("sports_report", "Harriers clinch promotion with late winner at Brookfield", "2022-04-30",
     "html-meta", "took over in November 2020", "League table"),
    ("wire_story", "Copper smelter strike ends after 19 days", "2024-06-07", "html-meta",
     "a strike that began on May 20", "You may also like"),
]


@pytest.mark.parametrize("row", PAGE_TABLE, ids=[r[0] for r in PAGE_TABLE])
def test_saved_page_text_title_and_date(row: tuple[str, ...]) -> None:
    name, title, published, source, present, absent = row
    doc = load_document(PAGES / f"{name}.html")
    assert doc.title == title
    assert (doc.published.isoformat() if doc.published else None) == published
    assert doc.published_source == source
    assert present in doc.text
    assert absent not in doc.text
    assert dict(doc.provenance)["format"] == "html"


def test_every_page_fixture_is_in_the_table() -> None:
    assert sorted(p.stem for p in PAGES.glob("*.html")) == sorted(r[0] for r in PAGE_TABLE)


def test_page_provenance_from_metadata() -> None:
    found = read_html((PAGES / "news_sidebar_comments.html").read_bytes())
    assert found.author == "Priya Castellano"
    assert found.site == "The Northgate Courier"
    assert found.url == "https://northgatecourier.example/news/2023/02/holm-ferry-suspended"


def test_page_with_no_main_text_is_refused() -> None:
    shell = b"<html><head><title>App</title></head><body><nav><a href='/'>Home</a></nav>" \
        b"<div id='root'></div><script>start()</script></body></html>"
    with pytest.raises(ReadError, match="no main text"):
        read_html(shell)


def test_pdf_text_pages_and_metadata() -> None:
    data = pdf_bytes(
        [["Harbour board report", "The port closed on 3 March 2021."],
         ["It reopened on 9 March 2021."]],
        title="Harbour report",
        created="D:20210310120000Z",
    )
    found = read_pdf(data)
    assert found.title == "Harbour report"
    assert found.published == date(2021, 3, 10) and found.published_source == "pdf-meta"
    second = found.text.index("It reopened")
    assert found.pages is not None and found.pages[1] <= second
    assert page_of(found.pages, found.text.index("3 March")) == 1
    assert page_of(found.pages, second) == 2


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (encrypted(pdf_bytes([["Secret minutes of 4 May 2020."]])), "encrypted PDF"),
        (pdf_bytes([[], []]), "without a text layer"),
        (b"%PDF-1.4\n1 0 obj\n<<", "not a readable PDF"),
    ],
    ids=["encrypted", "image-only", "truncated"],
)
def test_bad_pdfs_are_named(data: bytes, reason: str) -> None:
    with pytest.raises(ReadError, match=reason):
        read_pdf(data)


def test_bad_document_error_names_the_file() -> None:
    with pytest.raises(DocumentError) as err:
        load_bytes(pdf_bytes([[]]), "scan", "scans/scan.pdf")
    assert str(err.value).startswith("scans/scan.pdf: PDF without a text layer")


@pytest.mark.parametrize(
    ("name", "raw", "content_type", "expected"),
    [
        ("a.txt", b"x", None, "text"),
        ("a.MD", b"x", None, "markdown"),
        ("a.htm", b"x", None, "html"),
        ("report.pdf", b"x", None, "pdf"),
        ("https://x.example/story", b"", "text/html; charset=utf-8", "html"),
        ("https://x.example/file", b"", "application/pdf", "pdf"),
        ("<stdin>", b"%PDF-1.7\n", None, "pdf"),
        ("<stdin>", b"\xef\xbb\xbf<!DOCTYPE html><html>", None, "html"),
        ("<stdin>", b"Plain words.", None, "text"),
    ],
)
def test_format_from_name_type_or_bytes(
    name: str, raw: bytes, content_type: str | None, expected: str
) -> None:
    assert format_of(name, raw, content_type) == expected


def test_read_bytes_of_text_is_decode_only() -> None:
    assert read_bytes(b"a\r\nb", "x.txt").text == "a\r\nb"
