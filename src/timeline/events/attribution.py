"""Who says so: the source a sentence attributes its claim to.

News states little on its own authority: "the bombing killed 12, police said". An
analyst weighing a date needs that source beside the quote, so each event carries
the span of the source the sentence names, found in three shapes:

- a subject before a verb of saying: "Police said", "The State Department announced";
- the inverted order after a quote or a comma: "..., said Paul Moskal, a spokesman";
- "according to the ministry".

A pronoun ("he said") is the nearest source named in the few sentences before it, so
the span may lie in an earlier sentence; `text[start:end]` is always the source as
written. The verbs are data (`resources/speech_verbs.txt`).
"""

from __future__ import annotations

import re
from functools import cache, lru_cache

from timeline.schema import Span
from timeline.words import word_list, word_trie

MAX_WORDS = 8  # a longer "subject" is a clause, not a source
LEFT_REACH = 300  # characters searched around a verb for its source
MAX_VERBS = 20  # verbs of saying tried per sentence (a run-on "sentence" may hold thousands)
PRONOUN_REACH = 3  # sentences searched back for the source a pronoun stands for
NAME_REACH = 20_000  # characters either side searched for a name written mid-sentence

_PRONOUNS = frozenset({"he", "she", "they", "it", "we", "i", "you"})
_NOT_SOURCE = frozenset(
    {
        "this", "that", "these", "those", "there", "which", "who", "what", "it", "its",
        "his", "her", "their", "our", "my", "your", "a", "an", "the", "to", "and", "or",
        "but", "as", "if", "when", "while", "because", "than",
    }
)
# Words that show the stretch before the verb is a clause, not a noun phrase.
_VERBAL = frozenset(
    {
        "is", "was", "are", "were", "be", "been", "being", "has", "have", "had", "will",
        "would", "can", "could", "may", "might", "must", "shall", "should", "do", "does",
        "did", "to", "not", "never",
    }
)
_PREPOSITIONS = frozenset({"in", "on", "at", "to", "for", "with", "from", "during", "after",
                           "before", "by", "of", "into", "near", "outside", "inside"})
# Verbs whose object after a comma is who was told, not who spoke ("X, a spokesman, told AFP").
_ADDRESSED = frozenset({"told", "tells", "tell", "informed", "assured", "briefed"})
_DETERMINERS = frozenset({"the", "a", "an", "two", "three", "several", "some", "many", "most",
                          "other", "one", "both"})
# Sources named by a singular noun without a determiner ("..., police said").
_COLLECTIVE = frozenset({"police", "staff", "management", "military", "government", "media",
                         "press", "intelligence", "security"})
_OPENERS = re.compile(
    r"^(?:(?:but|and|yet|so|also|meanwhile|however|still|now|then|earlier|later|separately)"
    r"\b[,\s]*)+",
    re.IGNORECASE,
)
_ADVERB = re.compile(
    r"\s+(?:\w+ly|again|also|then|still|now|later|earlier|further|too)\s*$", re.IGNORECASE)
_NAME_THEN_PP = re.compile(
    r"(\s*(?:[A-Z][\w.'’-]*\s+){0,4}[A-Z][\w.'’-]*)\s+(?:in|on|at|during|after|before|with|from)\s+(?=[a-z])")
_TRAILING_PP = re.compile(r"\s+(?:in|on|at|during|after|before|with|from|to|for)\s+")
_WORD = re.compile(r"[\w.'’&-]+")
_BOUNDARY = re.compile(r"[,;:()\[\]“”\"—–]|``|''|\s-\s|\bthat\b", re.IGNORECASE)
_APPOSED = re.compile(r"\s*([^,;:]{2,80}),\s+([^,;:]{2,120}),\s*$")
_LEADING_NAME = re.compile(r"[\s\"“`']*((?:[A-Z][\w.'’-]*\s+){0,3}[A-Z][\w.'’-]*)\s+[a-z]")
_ACCORDING = re.compile(r"\baccording\s+to\s+", re.IGNORECASE)
_SENTENCE_END = re.compile(r"[.!?][\"'”’)]*\s+(?=[A-Z\"'“`])")


def speech_verbs() -> frozenset[str]:
    return word_list("speech_verbs")


@cache
def _verb_pattern() -> re.Pattern[str]:
    return re.compile(rf"(?<![\w'’-])(?:{word_trie('speech_verbs')})(?![\w'’-])")


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and not (text[start].isalnum()):
        start += 1
    while end > start and not (text[end - 1].isalnum() or text[end - 1] == "."):
        end -= 1
    return start, end


def _as_source(text: str, start: int, end: int) -> tuple[int, int] | None:
    """The span if text[start:end] reads as a noun phrase naming a source."""
    start, end = _trim(text, start, end)
    words = _WORD.findall(text[start:end])
    if not words or len(words) > MAX_WORDS:
        return None
    lowered = [w.lower() for w in words]
    if any(w in _VERBAL for w in lowered):
        return None
    if len(words) == 1 and lowered[0] in _NOT_SOURCE:
        return None
    if lowered[0] in _PREPOSITIONS:
        return None  # "said in Hong Kong that ...": where, not who
    if lowered[-1] in _NOT_SOURCE or not any(w[:1].isalpha() for w in words):
        return None
    first = words[0]
    # "chief executive Paul Otellini": a title before a name
    titled_name = len(words) > 1 and words[-1][:1].isupper() and words[-2][:1].isupper()
    if not (first[:1].isupper() or lowered[0] in _DETERMINERS or lowered[-1].endswith("s")
            or lowered[-1] in _COLLECTIVE or titled_name):
        return None  # "prices fell, analysts said" passes; "it was said" does not
    return start, end


def _is_name(phrase: str) -> bool:
    """One to five capitalised words ("Rudy Giuliani", "Juan Miguel Gonzalez Jr.")."""
    words = phrase.split()
    return 1 <= len(words) <= 5 and all(w[:1].isupper() for w in words)


def _before(text: str, s: int, verb_start: int) -> tuple[int, int] | None:
    """The subject just before a verb of saying, back to the clause's start."""
    s = max(s, verb_start - LEFT_REACH)
    left = text[s:verb_start]
    cut = 0
    for m in _BOUNDARY.finditer(left):
        cut = m.end()
    chunk_start = s + cut
    chunk = text[chunk_start:verb_start]
    adverb = _ADVERB.search(chunk)
    if adverb:
        chunk = chunk[: adverb.start()]
    name = _NAME_THEN_PP.match(chunk)
    if name:
        chunk = name.group(1)  # "Prabakaran in his speech on Monday said": Prabakaran
    opener = _OPENERS.match(chunk.lstrip())
    if opener:
        skipped = len(chunk) - len(chunk.lstrip()) + opener.end()
        chunk_start += skipped
        chunk = chunk[skipped:]
    if not chunk.strip():
        # "The company, which makes chips, said" / "Paul Moskal, a spokesman, said":
        # the subject stands before the apposition or relative clause.
        m = _APPOSED.search(left)
        if m is None:
            return None
        second = _trim(text, s + m.start(2), s + m.end(2))
        if _is_name(text[second[0]:second[1]]):
            return second  # "Trump's lawyer, Rudy Giuliani, said": the name
        return _as_source(text, s + m.start(1), s + m.end(1))
    return _as_source(text, chunk_start, chunk_start + len(chunk))


def _after(text: str, verb_end: int, e: int) -> tuple[int, int] | None:
    """The source after an inverted verb of saying: "..., said Paul Moskal, a spokesman"."""
    right = text[verb_end:e]
    stop = _BOUNDARY.search(right)
    end = verb_end + (stop.start() if stop else len(right.rstrip(" .!?")))
    pp = _TRAILING_PP.search(text, verb_end, end)  # "said Paul Otellini in a statement"
    if pp is not None and text[verb_end : pp.start()].split()[-1:] != [] and \
            text[verb_end : pp.start()].split()[-1][:1].isupper():
        end = pp.start()  # a name, then a phrase about the saying
    return _as_source(text, verb_end, end)


def _inverted(text: str, s: int, verb_start: int) -> bool:
    """Whether a verb of saying follows a quote or a comma ("...,'' said X")."""
    left = text[max(s, verb_start - 4):verb_start].rstrip()
    return left.endswith((",", "''", "”", '"', "’", "'"))


def _in_sentence(text: str, s: int, e: int) -> tuple[int, int] | str | None:
    """A source span in text[s:e]; "pronoun" when the sentence's source is a pronoun."""
    m = _ACCORDING.search(text, s, e)
    if m:
        right = text[m.end():e]
        stop = _BOUNDARY.search(right)
        end = m.end() + (stop.start() if stop else len(right.rstrip(" .!?")))
        found = _as_source(text, m.end(), end)
        if found:
            return found
    for n, v in enumerate(_verb_pattern().finditer(text, s, e)):
        if n == MAX_VERBS:
            break
        if _inverted(text, s, v.start()) and v.group().lower() not in _ADDRESSED:
            found = _after(text, v.end(), min(e, v.end() + LEFT_REACH))
            if found:
                return found
        before = text[max(s, v.start() - 40):v.start()].rstrip()
        last = before.rsplit(None, 1)[-1].lower() if before else ""
        if last.strip("“”\"'`,") in _PRONOUNS:
            return "pronoun"
        found = _before(text, s, v.start())
        if found:
            return found
    return None


def _previous_sentences(text: str, s: int, n: int) -> list[tuple[int, int]]:
    """Up to n sentences before position s, nearest first, within its paragraph."""
    paragraph = text.rfind("\n\n", 0, s)
    lo = max(paragraph + 2 if paragraph >= 0 else 0, s - 1500)
    ends = [lo] + [m.end() for m in _SENTENCE_END.finditer(text, lo, s)]
    spans = [(a, b) for a, b in zip(ends, [*ends[1:], s], strict=True) if b > a]
    return list(reversed(spans))[:n]


def _leading_name(text: str, a: int, b: int) -> tuple[int, int] | None:
    """The proper name a sentence opens with. Every sentence opens with a capital, so a
    single word counts only if the text also capitalises it mid-sentence."""
    m = _LEADING_NAME.match(text, a, b)
    if m is None or m.group(1).split()[0].lower() in _NOT_SOURCE | _DETERMINERS:
        return None
    words = m.group(1).split()
    if len(words) == 1 and not _capitalised_mid_sentence(words[0], text, a):
        return None
    return m.span(1)


def _capitalised_mid_sentence(word: str, text: str, near: int) -> bool:
    """Whether `word` is written with its capital after a lower-case word or a comma
    somewhere near `near`: a window, not the whole text, so the cost per call does not
    grow with the document (a document shorter than the window is searched whole)."""
    pattern = re.compile(rf"[a-z,]\s+{re.escape(word)}\b")
    return pattern.search(text, max(0, near - NAME_REACH), near + NAME_REACH) is not None


def attribute(text: str, s: int, e: int) -> Span | None:
    """The source sentence text[s:e] attributes its claim to, or None when it names none."""
    found = _source_span(text, s, e)
    return Span(start=found[0], end=found[1], text=text[found[0]:found[1]]) if found else None


@lru_cache(maxsize=256)
def _source_span(text: str, s: int, e: int) -> tuple[int, int] | None:
    """Cached per sentence: every event of a sentence has the same source."""
    found = _in_sentence(text, s, e)
    if found == "pronoun":
        found = None
        earlier = _previous_sentences(text, s, PRONOUN_REACH)
        for a, b in earlier:
            named = _in_sentence(text, a, b)
            if isinstance(named, tuple) and text[named[0]:named[0] + 1].isupper():
                found = named
                break
        else:
            for a, b in earlier:
                name = _leading_name(text, a, b)
                if name is not None:
                    found = name  # "Fidel Castro spoke on Friday. He said ...": Fidel Castro
                    break
    return found if isinstance(found, tuple) else None


__all__ = ["attribute", "speech_verbs"]
