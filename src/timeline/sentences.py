"""Sentence and clause spans with offsets into the original text.

Events are statements, and a statement is a sentence or one of its clauses, so
the extractor needs their exact `[start, end)` ranges. Candidate boundaries are
found by regular expressions (scanned in C); Python only judges the few places
where a period may end an abbreviation instead of a sentence.
"""

from __future__ import annotations

import re
from functools import lru_cache

from timeline.temporal.lexicon import lexicon

# Never end a sentence: a name or a number always follows them.
TITLES = frozenset(
    [
        "mr",
        "mrs",
        "ms",
        "messrs",
        "dr",
        "gen",
        "gens",
        "sen",
        "sens",
        "rep",
        "reps",
        "gov",
        "lt",
        "col",
        "sgt",
        "capt",
        "cmdr",
        "adm",
        "maj",
        "brig",
        "prof",
        "rev",
        "fr",
        "hon",
        "amb",
        "pres",
        "supt",
        "insp",
        "det",
        "cpl",
        "pvt",
        "st",
        "mt",
        "ft",
        "sr",
        "jr",
    ]
)
# Abbreviated month names ("Sept."), from the tagger's month table: a name that begins
# a longer name of the same month.
MONTHS = frozenset(
    short
    for short, n in lexicon()["months"].items()
    if any(full != short and full.startswith(short) and m == n
           for full, m in lexicon()["months"].items())
)
# End a sentence only when the next word is a typical sentence opener.
ABBREVIATIONS = frozenset(
    [
        "no",
        "nos",
        "vs",
        "etc",
        "inc",
        "corp",
        "co",
        "ltd",
        "llc",
        "plc",
        "bros",
        "dept",
        "est",
        "approx",
        "fig",
        "vol",
        "ed",
        "eds",
        "al",
        "mon",
        "tue",
        "tues",
        "wed",
        "thu",
        "thurs",
        "fri",
        "sat",
        "sun",
        "univ",
        "assn",
        "ave",
        "blvd",
        "rd",
    ]
)
OPENERS = frozenset(
    [
        "the",
        "a",
        "an",
        "he",
        "she",
        "it",
        "they",
        "we",
        "i",
        "you",
        "his",
        "her",
        "its",
        "their",
        "our",
        "this",
        "that",
        "these",
        "those",
        "there",
        "but",
        "and",
        "yet",
        "so",
        "in",
        "on",
        "at",
        "for",
        "from",
        "after",
        "before",
        "when",
        "while",
        "as",
        "if",
        "although",
        "though",
        "however",
        "meanwhile",
        "still",
        "then",
        "now",
        "also",
        "one",
        "some",
        "many",
        "most",
        "no",
        "what",
        "who",
        "why",
        "how",
    ]
)

_BLOCK_BREAK = re.compile(r"\n[ \t]*(?:\r?\n[ \t]*)+")
_LINE_BREAK = re.compile(r"\n")
_TERMINAL = tuple('.!?:;…"”’)]')
_LIST_START = re.compile(r"\s*(?:[#*•>-]|\d{1,2}[.)]\s)")
_BOUNDARY = re.compile(r"[.!?…]+[\"'”’)\]]*(?=\s+[\"'“‘`(\[]*[A-Z0-9])")
_TOKEN_BEFORE = re.compile(r"([\w.&'-]*\w)\.?$")
_NEXT_WORD = re.compile(r"\s+[\"'“‘`(\[]*([\w'’.-]+)")
_HEADING_MAX = 60


def _blocks(text: str) -> list[tuple[int, int]]:
    """Paragraphs and stand-alone lines: a blank line always separates, a newline only
    after a line that ends like a sentence, or before a list item, or after a short
    line (a heading); otherwise it is a hard wrap inside a sentence."""
    out: list[tuple[int, int]] = []
    pos = 0
    for m in _BLOCK_BREAK.finditer(text):
        out.extend(_split_lines(text, pos, m.start()))
        pos = m.end()
    out.extend(_split_lines(text, pos, len(text)))
    return out


def _split_lines(text: str, start: int, end: int) -> list[tuple[int, int]]:
    out = []
    a = start
    for m in _LINE_BREAK.finditer(text, start, end):
        prev = text[a : m.start()].rstrip()
        nxt = text[m.end() : m.end() + 8]
        if not prev:
            a = m.end()
            continue
        if (
            prev.endswith(_TERMINAL)
            or _LIST_START.match(nxt)
            or (len(prev.strip()) < _HEADING_MAX and text[m.start() - 1 : m.start()] != " ")
        ):
            out.append((a, m.start()))
            a = m.end()
    out.append((a, end))
    return [s for s in (_strip(text, x, y) for x, y in out) if s[0] < s[1]]


def _strip(text: str, a: int, b: int) -> tuple[int, int]:
    """`[a, b)` without its leading and trailing white space (str.strip's, so the same
    characters as `str.isspace`), by slicing once rather than a loop per character."""
    seg = text[a:b]
    lead = len(seg) - len(seg.lstrip())
    if lead == len(seg):
        return b, b
    return a + lead, a + len(seg.rstrip())


def _is_boundary(text: str, m: re.Match[str]) -> bool:
    punct = m.group()
    if not punct.startswith(".") or punct.startswith(".."):
        return True
    tm = _TOKEN_BEFORE.search(text, max(0, m.start() - 40), m.start())
    if tm is None:
        return True
    token = tm.group(1)
    low = token.lower()
    nm = _NEXT_WORD.match(text, m.end())
    nxt = nm.group(1) if nm else ""
    if low in TITLES:
        return False
    if len(token) == 1 and token.isupper():  # an initial: "George W. Bush"
        return False
    if low in MONTHS:
        return not nxt[:1].isdigit()
    if low in ABBREVIATIONS or "." in token:  # "U.S.", "a.m.", "Inc."
        if nxt[:1].isdigit():
            return False
        return nxt.lower().strip(".’'") in OPENERS
    return True


MAX_SENTENCE = 2000  # characters; prose sentences stay far below it


def sentences(text: str) -> list[tuple[int, int]]:
    """`[start, end)` of every sentence, heading and stand-alone line, in text order.

    Text without sentence punctuation (a transcript, a table dump) is cut at a space
    every `MAX_SENTENCE` characters: a quote that long is no use to a reader, and work
    per event grows with its sentence."""
    out: list[tuple[int, int]] = []
    for a, b in _blocks(text):
        start = a
        for m in _BOUNDARY.finditer(text, a, b):
            if _is_boundary(text, m):
                _add(text, out, start, m.end())
                start = m.end()
                while start < b and text[start].isspace():
                    start += 1
        if start < b:
            _add(text, out, start, b)
    return out


def _add(text: str, out: list[tuple[int, int]], a: int, b: int) -> None:
    while b - a > MAX_SENTENCE:
        cut = text.rfind(" ", a + MAX_SENTENCE // 2, a + MAX_SENTENCE)
        cut = cut if cut > a else a + MAX_SENTENCE
        out.append((a, cut))
        a = cut
        while a < b and text[a].isspace():
            a += 1
    if a < b:
        out.append((a, b))


_HEADING_WORDS = 12
_LIST_ITEM = re.compile(r"[#*•>-]|\d{1,2}[.)]\s")
# A chronology entry, not a heading: "2001: The bridge opened", "March 2020 - Closed".
_DATED_ENTRY = re.compile(r"^[\w ,.]{0,20}\d{4}\s*[:–—-]\s")


_CAPTION_WORDS = 5


def _is_caption(line: str) -> bool:
    """A caption ("The defendants at their May 2018 trial") is written in sentence case
    and describes something: a statement without final punctuation, not a heading
    ("Spending in 2019", "Why The Bridge Closed")."""
    words = line.split()
    if len(words) < _CAPTION_WORDS:
        return False
    lower = sum(1 for w in words[1:] if w[:1].islower())
    return lower * 2 > len(words) - 1


def is_heading(text: str, start: int, end: int) -> bool:
    """Whether the sentence `[start, end)` is a heading: a short line standing alone
    between blank lines, without final punctuation. Headings name sections; the
    statements under them carry the dates."""
    line = text[start:end]
    if line.startswith("#"):
        return True
    if (
        len(line.split()) > _HEADING_WORDS
        or line.rstrip().endswith(_TERMINAL)
        or _LIST_ITEM.match(line)
        or _DATED_ENTRY.match(line)
        or _is_caption(line)
    ):
        return False
    before = text[max(0, start - 200) : start]
    after = text[end : end + 200]
    alone_before = not before.strip() or re.search(r"\n[ \t]*\n[ \t]*$", before) is not None
    alone_after = not after.strip() or re.match(r"[ \t]*\r?\n[ \t]*\r?\n", after) is not None
    return alone_before and alone_after


# Where a sentence may be cut into clauses, strongest first: a semicolon; a comma
# before a coordinating or contrasting conjunction; a conjunction that opens a new
# finite clause; a subordinator that introduces a separately dated action; a comma;
# a bare coordination.
_CLAUSE_CUTS = [
    re.compile(r";\s+|:\s+(?=[\w“‘\"])|\s+[—–]\s+"),
    re.compile(r",\s+(?=(?:and|but|while|whereas|although|though|yet|so|or)\s)", re.I),
    re.compile(
        r"\s+(?=(?:and|but|while|whereas)\s+(?:then\s+|later\s+|also\s+)?"
        r"(?:the|a|an|he|she|it|they|we|i|his|her|its|their|[A-Z]\w*)\s)"
    ),
    re.compile(r",?\s+(?=(?:before|after|when|until|then|later)\s)"),
    re.compile(r",\s+"),
    re.compile(r"\s+(?=(?:and|but|or)\s)"),  # coordinated verb phrases: "closed ... and reopened"
]


def opens_clause(text: str, cut: int, end: int) -> bool:
    """Whether `text[cut:end]` holds a verb: "and Lazaro in 1984" is a phrase, not a clause."""
    from timeline.events.titles import has_verb  # titles builds on sentences, not the reverse

    return has_verb(text[cut:end], min_words=2)


_COMPLEMENTISER = frozenset(["that", "which", "who", "whom", "whose"])


def prepositional(text: str, cut: int, end: int) -> bool:
    """Whether "after"/"before" at `cut` heads a noun phrase rather than a clause: a
    complementiser comes before any verb ("said after the game that the team had ...")."""
    from timeline.events.titles import has_verb

    words = [w.strip(",;:“”\"'‘’").lower() for w in text[cut:end].split()[1:6]]
    if words and words[0].endswith("ing"):
        return False
    for w in words:
        if has_verb(w, min_words=1):
            return False
        if w in _COMPLEMENTISER:
            return True
    return False


def measure() -> str:
    """ "two years", "a decade", "18 months": a count and a unit, as a regex."""
    from timeline.words import trie as _trie

    lex = lexicon()
    units = sorted(set(lex["units"]) | set(lex["unit_plurals"]))
    numbers = sorted(lex["numbers"])
    count = rf"(?:\d+|(?:{_trie(numbers)})(?:[\s-](?:{_trie(numbers)}))?)"
    return rf"\b(?P<count>{count})\s+(?P<unit>{_trie(units)})"


@lru_cache(maxsize=1)
def _measure_before() -> re.Pattern[str]:
    return re.compile(rf",?\s*{measure()}\s+$", re.I)


@lru_cache(maxsize=1)
def _uncounted_before() -> re.Pattern[str]:
    """ "months", "a few weeks", "just days": an uncounted span before "after"."""
    from timeline.words import trie as _trie

    plurals = sorted(set(lexicon()["unit_plurals"]))
    return re.compile(
        rf",?\s*\b(?P<count>(?:(?:a\s+few|several|many|some|just|only|mere)\s+)?"
        rf"(?:{_trie(plurals)}))\s+$",
        re.I,
    )


def measure_start(text: str, pos: int, floor: int) -> int:
    """Where "two weeks" (or "months") begins when it stands right before `pos` ("said on
    Tuesday, two weeks after ..."); `pos` when nothing does."""
    for pattern in (_measure_before(), _uncounted_before()):
        m = pattern.search(text, max(floor, pos - 40), pos)
        if m and m.end() == pos:
            return m.start("count")
    return pos


def cut_between(text: str, start: int, end: int, clause_start: int | None = None) -> int | None:
    """The best clause boundary inside `[start, end)` (between two time expressions).

    With `clause_start`, a cut that would leave `text[clause_start:cut]` without a verb
    is refused: "Last month, officials said ..." is one clause, not two."""
    for level, pattern in enumerate(_CLAUSE_CUTS):
        cuts = [m.end() for m in pattern.finditer(text, start, end)]
        if level == 2:
            cuts = [c for c in cuts if opens_clause(text, c, end)]
        if level == 3:
            # "said on Tuesday, two weeks after the company ...": "two weeks" goes after
            cuts = [measure_start(text, c, start) for c in cuts if not prepositional(text, c, end)]
        if clause_start is not None:
            cuts = [c for c in cuts if opens_clause(text, clause_start, c)]
        if cuts:
            return cuts[-1]
    return None


def clause_around(text: str, start: int, end: int, pos: int) -> tuple[int, int]:
    """The clause of the sentence `[start, end)` that holds `pos`, cut only where a new
    finite clause clearly begins (a semicolon or dash, a comma before a conjunction, a
    conjunction opening a clause with its own subject)."""
    from timeline.events.titles import has_verb

    lo, hi = start, end
    for level, pattern in enumerate(_CLAUSE_CUTS[:3]):
        for m in pattern.finditer(text, start, end):
            cut = m.end()
            if level == 2 and not (opens_clause(text, cut, end) and has_verb(text[lo:cut])):
                continue  # "Bolton, Giuliani and Pompeo have ...": one subject
            if lo < cut <= pos:
                lo = cut
            elif pos < m.start() and cut < hi:
                hi = m.start()
    return _strip(text, lo, hi)


def clauses(
    text: str, start: int, end: int, anchors: list[tuple[int, int]]
) -> list[tuple[int, int]]:
    """Cut the sentence `[start, end)` so that each anchor span falls in its own clause.

    Anchors must be sorted and inside the sentence; a clause that no boundary can
    separate from the next keeps both.
    """
    cuts: list[int] = []
    for (_, left_end), (right_start, _) in zip(anchors, anchors[1:], strict=False):
        cut = cut_between(text, left_end, right_start, cuts[-1] if cuts else start)
        if cut is not None and (not cuts or cut > cuts[-1]):
            cuts.append(cut)
    bounds = [start, *cuts, end]
    return [_strip(text, a, b) for a, b in zip(bounds, bounds[1:], strict=False)]
