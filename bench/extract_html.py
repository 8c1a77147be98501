"""Speed of `timeline extract` on saved web pages, beside the same texts as `.txt`.

Takes the first N documents of the TempEval-3 silver corpus, writes each once as a
`.txt` (front-matter date) and once as an `.html` page wrapped in one of several page
layouts (news site with menus, sidebar and comments; blog; wire story with JSON-LD;
old table layout; page with "You may also like" teasers), then runs the real command
on each folder (`--jobs 1 --no-cache`, in a subprocess) and prints characters of
document text per CPU second and per wall second. For pages the characters counted
are those of the main text the reader kept (the text offsets count into), so the two
figures compare like with like; a third line times the HTML reader alone. Usage:

    python bench/extract_html.py [--corpus PATH] [--docs N]
"""

from __future__ import annotations

import argparse
import html
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from timeline.timeml import iter_tarball

ROOT = Path(__file__).resolve().parents[1]
DEFAULT = ROOT.parent / "shared" / "data" / "corpus" / "te3-silver-timeml.tar.gz"

NAV = "".join(f'<li><a href="/{w.lower()}">{w}</a></li>' for w in
              ("News", "World", "Business", "Sport", "Opinion", "Weather", "Subscribe"))
TEMPLATES = [
    # news site: menus, sidebar, comments
    """<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>{title} | The Daily
Record</title><meta property="og:site_name" content="The Daily Record"><meta
property="article:published_time" content="{date}T08:00:00Z"><meta name="author"
content="Staff reporter"></head><body><header><nav><ul>{nav}</ul></nav></header><main><article>
<h1>{title}</h1><p class="byline">By Staff reporter</p>{body}</article><section class="comments">
<h2>Comments (2)</h2><div class="comment"><p>First!</p></div><div class="comment"><p>Who
writes this stuff?</p></div></section></main><aside><h3>Most read</h3><ol><li><a
href="/1">Council tax to rise</a></li><li><a href="/2">Storm warning</a></li></ol></aside>
<footer>&copy; The Daily Record</footer></body></html>""",
    # blog with <time>
    """<!DOCTYPE html><html><head><meta charset="utf-8"><title>{title} - Notes</title></head>
<body><div id="masthead"><p class="site-title">Notes</p><nav>{nav}</nav></div><article
class="post"><h1 class="entry-title">{title}</h1><div class="entry-meta">Posted on <time
datetime="{date}">{date}</time></div><div class="entry-content">{body}</div></article><aside
class="widget"><h2>Archives</h2><ul><li>Last month</li></ul></aside></body></html>""",
    # wire story with JSON-LD
    """<!DOCTYPE html><html><head><meta charset="utf-8"><title>{title}</title><script
type="application/ld+json">{{"@context":"https://schema.org","@type":"NewsArticle",
"headline":"{title_js}","datePublished":"{date}"}}</script></head><body><div
class="topbar">{nav}</div><div class="article-text"><h1>{title}</h1>{body}</div><div
class="related"><h3>You may also like</h3><ul><li><a href="/x">Markets close higher</a></li>
</ul></div></body></html>""",
    # old table layout
    """<HTML><HEAD><TITLE>{title}</TITLE><META NAME="date" CONTENT="{date}"></HEAD><BODY>
<TABLE WIDTH="100%"><TR><TD WIDTH="150" VALIGN="top"><A HREF="/">Home</A><BR><A
HREF="/news">News</A><BR><A HREF="/links">Links</A></TD><TD VALIGN="top"><H2>{title}</H2>
{body}</TD></TR></TABLE><P>Best viewed in 800x600.</P></BODY></HTML>""",
    # page with inline teasers and a cookie banner
    """<!DOCTYPE html><html><head><meta charset="utf-8"><title>{title}</title><meta
property="article:published_time" content="{date}"></head><body><div class="cookies">We use
cookies. <button>Accept</button></div><div class="nav">{nav}</div><article><h1>{title}</h1>
<div class="article-body">{body}<div class="inline-related"><span>Read more</span><a
href="/r">Another story</a></div></div></article><div class="outbrain"><h3>You may also
like</h3><a href="/o1">Ten walks</a></div></body></html>""",
]

BOILERPLATE = ("Most read", "You may also like", "Who writes this", "Best viewed", "Archives",
               "We use cookies", "Read more", "Subscribe")


def page(text: str, date: str, n: int) -> str:
    paragraphs = [p.strip() for p in text.split("\n\n") if p.strip()] or [text.strip()]
    if len(paragraphs) == 1:
        paragraphs = [line for line in text.splitlines() if line.strip()]
    title = " ".join(paragraphs[0].split()[:10])
    body = "".join(f"<p>{html.escape(' '.join(p.split()))}</p>\n" for p in paragraphs)
    return TEMPLATES[n % len(TEMPLATES)].format(
        title=html.escape(title), title_js=title.replace('"', "'").replace("\\", ""),
        date=date, body=body, nav=NAV)


def materialise(corpus: Path, folder: Path, limit: int) -> tuple[Path, Path]:
    txt, pages = folder / "txt", folder / "html"
    txt.mkdir(parents=True)
    pages.mkdir()
    for n, (doc_id, dct, text) in enumerate(iter_tarball(corpus)):
        if n >= limit:
            break
        day = dct.isoformat() if dct else "2013-01-01"
        (txt / f"{doc_id}.txt").write_text(f"---\ndate: {day}\n---\n{text.strip()}\n",
                                            encoding="utf-8")
        (pages / f"{doc_id}.html").write_text(page(text, day, n), encoding="utf-8")
    return txt, pages


def run(folder: Path, out: Path) -> tuple[float, float]:
    """(CPU seconds, wall seconds) of one `timeline extract` run in a subprocess."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run([sys.executable, "-m", "timeline", "extract", str(folder), "--out", str(out),
                    "--jobs", "1", "--no-cache", "--quiet"], check=True,
                   env={**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)})
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime), wall


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT)
    parser.add_argument("--docs", type=int, default=500)
    args = parser.parse_args()
    if not args.corpus.is_file():
        print(f"{args.corpus}: corpus not found", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory() as tmp:
        txt, pages = materialise(args.corpus, Path(tmp), args.docs)
        from timeline.readers import read_html

        txt_chars = sum(len(p.read_text(encoding="utf-8")) for p in txt.glob("*.txt"))
        start = time.process_time()
        texts = [read_html(p.read_bytes()).text for p in sorted(pages.glob("*.html"))]
        reader_cpu = time.process_time() - start
        main_chars = sum(map(len, texts))
        leaked = sum(any(b in t for b in BOILERPLATE) for t in texts)
        page_bytes = sum(p.stat().st_size for p in pages.glob("*.html"))
        t_cpu, t_wall = run(txt, Path(tmp) / "t" / "events.json")
        h_cpu, h_wall = run(pages, Path(tmp) / "h" / "events.json")
    n = args.docs
    print(f"{n} documents; .txt {txt_chars:,} chars; .html {page_bytes:,} bytes of pages "
          f"holding {main_chars:,} chars of main text")
    print(f"extract .txt : {txt_chars / t_cpu:10,.0f} chars/CPU-s  "
          f"{txt_chars / t_wall:10,.0f} chars/s wall  ({t_cpu:.1f} CPU-s)")
    print(f"extract .html: {main_chars / h_cpu:10,.0f} chars/CPU-s  "
          f"{main_chars / h_wall:10,.0f} chars/s wall  ({h_cpu:.1f} CPU-s)")
    print(f"pages whose main text kept boilerplate (menus, comments, teasers): {leaked} of {n}")
    print(f"HTML reader alone (trafilatura + metadata): {main_chars / reader_cpu:,.0f} chars/CPU-s"
          f" ({reader_cpu / n * 1000:.1f} ms per page)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
