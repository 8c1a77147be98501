"""Short "who did what" titles for events, cut from the statement's own words.

A reader scans a timeline by titles, so a title keeps the subject and the verb
phrase of the clause and drops what the timeline already shows (the date) or what
only decorates (discourse openers, appositions, parentheses, long quotations).
Heuristic and model-free by design: no downloads, same words as the source.
"""

from __future__ import annotations

import re
from functools import lru_cache

from timeline.sentences import measure_start
from timeline.temporal.lexicon import lexicon
from timeline.words import irregular_verbs, word_list, word_trie

MAX_WORDS = 12

_TIME_PREP = re.compile(
    r"(?:\b(?:in|on|at|for|during|since|by|over|from|until|through|throughout|as of|around"
    r"|about|circa|before|after|until|till|of)\s+)?(?:the\s+)?$",
    re.I,
)
# "the 1979 revolution", "its 2016 conference": the date modifies a noun; keep "in the".
_PREMODIFIER = re.compile(r"(?:\bthe|\ba|\ban|\bits|\bhis|\bher|\btheir|['’]s)\s+$", re.I)
_GERUND_TAIL = re.compile(r",\s+\w+ing\b")
_OPENERS = re.compile(
    r"^(?:and|but|or|so|yet|then|also|however|ended(?=,)|ending(?=,)|meanwhile|moreover|still|indeed|instead|thus"
    r"|in the process|in return(?: as well)?|as well|there|that said|to be sure|in reality"
    r"|in fact|in other words|according to [^,]{1,40}|originally|later|now|even so)\b[,:]?\s*",
    re.I,
)
_SUBORDINATOR = re.compile(r"^(?:before|after|when|while|as|until|since|because|once)\s+", re.I)
_LEADING_PP = re.compile(
    r"^(?:for|in|on|at|with|from|among|during|under|after|before|despite|unlike|like|to)"
    r"\b[^,]{0,50},\s+",
    re.I,
)
_KEEPS_COMMA = frozenset({"a", "an", "the", "who", "which"})
_AGE = re.compile(r"^(?P<who>[A-Z][^,]{1,40}),\s+\d{1,3},\s+(?=(?P<next>[a-z]+))")
_APPOSITION = re.compile(r"^(?P<np>[^,]{3,60}),\s+[^,]{3,90},\s+(?=[a-z])")
# A non-restrictive relative clause, between commas or ending the sentence ("said the
# minister, who met union leaders last week."); "1,200" is one number, not two phrases
_RELATIVE = re.compile(
    r",\s+(?:who|which)\s+(?P<body>(?:[^,;:]|(?<=\d),(?=\d{3})){3,120}?)"
    r"(?=,|[\s.!?\"”’')]*$)"
)
# A past participle apposition: "Jobs, born in San Francisco in 1955, ..."
_PARTICIPLE = re.compile(
    r"(?<=[A-Za-z]),\s+(?P<body>(?:born|chosen|sworn|elected|appointed|named|founded|hired"
    r"|built|established|released|launched|published|opened|created|formed|introduced"
    r"|acquired|bought|sold|arrested|convicted|sentenced|diagnosed|married|killed|injured"
    r"|signed|drafted|first\s+\w+ed)\b[^,;]{3,120}?)(?=,)"
)
_PAREN = re.compile(r"\s*[(\[][^()\[\]]*[)\]]")
_QUOTED = re.compile(r"[“\"`]{1,2}[^”\"']*(?:[”\"]|'')")
_COMPLEMENT = re.compile(r"\s+(?:that|which|who|whom|where|whose)\s+")
# A verb of saying just before "that" (a listener may come between: "told investors").
_REPORTING = re.compile(rf"\b(?:{word_trie('speech_verbs')})(?:\s+[\w'’]+)?\s*$", re.I)


def _is_name(phrase: str) -> bool:
    """One to four capitalised words ("Rudy Giuliani", "Tim Cook")."""
    words = phrase.split()
    return 1 <= len(words) <= 4 and all(w[:1].isupper() for w in words)
_VERBISH = re.compile(
    r"^(?:is|was|were|are|has|have|had|said|says|will|would|could|can|did|does|do|may|might"
    r"|must|should|shall|told|began|begun|became|came|went|gone|left|met|held|won|lost|took"
    r"|taken|made|gave|given|got|rose|risen|fell|fallen|grew|sold|bought|paid|built|sent"
    r"|spent|struck|fled|led|brought|fought|chose|wrote|written|spoke|broke|broken|ran|saw"
    r"|seen|found|thought|knew|known|kept|set|put|cut|hit|let|quit|shut|split|spread|\w{3,}ed)$"
)
_TRAILING = frozenset(
    [
        "the",
        "a",
        "an",
        "of",
        "to",
        "in",
        "on",
        "at",
        "and",
        "or",
        "but",
        "that",
        "with",
        "for",
        "by",
        "from",
        "as",
        "his",
        "her",
        "its",
        "their",
        "our",
        "was",
        "were",
        "is",
        "are",
        "be",
        "been",
        "has",
        "have",
        "had",
        "who",
        "which",
        "than",
        "into",
        "onto",
        "over",
        "about",
    ]
)


def _words(table: str) -> list[str]:
    return table.split()


# Past forms of irregular verbs, for "before stepping back" -> "stepped back".
_IRREGULAR_PAST = {gerund: past for _, gerund, past, _ in irregular_verbs()}
# Words after which a cut title would dangle ("a credible source of insider").
_PHRASE_HEADS = frozenset(
    _words(
        """
        of in on at for with to from by into onto about against under over than as regarding
        including after before during between among through toward towards via and or but
        when while because if who whom which that where whose
        """
    )
)


def past_tense(gerund: str) -> str:
    """ "stepping" -> "stepped": the finite verb a title needs in place of a gerund."""
    low = gerund.lower()
    if low in _IRREGULAR_PAST:
        return _IRREGULAR_PAST[low]
    stem = gerund[:-3]
    if len(stem) >= 2 and stem[-1] == "y" and stem[-2].lower() not in "aeiou":
        return stem[:-1] + "ied"  # "copying" -> "copied"
    if stem.endswith("e"):
        return stem + "d"
    return stem + "ed"  # "stepp" -> "stepped", "clos" -> "closed", "visit" -> "visited"


_SPACE_WORD = re.compile(r" \w")
_SPACE_COMMA = re.compile(r"\s+,")
_COMMAS = re.compile(r"\s*,(?:\s*,)+")
_UNOPENED = re.compile(r"^[^“”]*”\s*")
_WORD = re.compile(r"\w+")
_SPACE_PUNCT = re.compile(r"\s+([,.;:])")
_JOINER = re.compile(r"\s*(?:,\s*)?(?:and|or)?\s*", re.I)


def _blank(text: str, lo: int, hi: int, remove: list[tuple[int, int]]) -> str:
    """The clause with the given spans (and their leading preposition) taken out."""
    pieces = []
    pos = lo
    for a, b in sorted(remove):
        if b <= lo or a >= hi or a < pos:
            continue
        before = text[pos:a]
        tail = max(0, len(before) - 30)  # the preposition is right before the date
        m = _TIME_PREP.search(before, tail)
        premodifier = _PREMODIFIER.search(before, tail) and _SPACE_WORD.match(text[b : b + 2])
        possessive = text[b : b + 2] in ("'s", "’s")  # "Friday's talks": drop the "'s" too
        keep = premodifier or possessive or not m
        if pieces and _JOINER.fullmatch(before):  # "in March and June": drop the "and"
            before, keep = "", True
        pieces.append(before if keep else before[: m.start()])
        pos = b + 2 if possessive else b
    pieces.append(text[pos:hi])
    joined = " ".join(p.strip() for p in pieces if p.strip())
    if "," not in joined:  # the patterns below scan every space for a comma
        return joined
    joined = _SPACE_COMMA.sub(",", joined)
    return _COMMAS.sub(",", joined)  # "Georgina, in 1983, followed": one comma


def _subject(sentence: str) -> str:
    """The subject of a sentence: the words before its first verb-like word, without a
    relative clause or apposition ("The observatory, which ..." -> "The observatory")."""
    words = sentence.split()
    out: list[str] = []
    for w in words[:15]:
        if _VERBISH.match(w.lower().strip(",")):
            break
        if out and w.lower() in ("who", "which", "that", "whose"):
            break
        out.append(w)
        if w.endswith(",") and len(out) > 1:
            break
    if not out or len(out) == len(words[:15]):
        return ""
    return _name_or_phrase(out)


def _name_or_phrase(words: list[str]) -> str:
    """The trailing proper name of a noun phrase ("Chief executive Maria Olsen" -> "Maria
    Olsen"), or its last four words when it has none."""
    names: list[str] = []
    for w in reversed(words):
        if w[:1].isupper() and not w.endswith(","):
            names.insert(0, w)
        elif w.endswith(",") and not names:
            names.insert(0, w.rstrip(","))
            if not w[:1].isupper():
                names = []
                break
        else:
            break
    chosen = names if names else words
    return " ".join(chosen[-4:]).strip(",")


def _cut_at_phrase(words: list[str]) -> list[str]:
    """A title cut at the word limit ends at a phrase boundary, not mid-phrase: before a
    short tail after a comma (", combined"), before a cut phrase of one or two words
    ("of insider"), else before the last unfinished phrase."""
    kept, following = words[:MAX_WORDS], words[MAX_WORDS]

    def boundary(i: int) -> bool:  # may the title end before kept[i]?
        return kept[i - 1].endswith((",", ";", ":")) or kept[i].lower() in _PHRASE_HEADS

    if kept[-1].endswith((",", ";", ":")):
        return kept
    for i in range(MAX_WORDS - 1, MAX_WORDS - 3, -1):
        if kept[i - 1].endswith((",", ";", ":")):
            return kept[:i]
    if following.lower() in _PHRASE_HEADS and following.lower() != "of":
        return kept  # the limit falls on a phrase boundary ("weeks | of talks" does not)
    for i in range(MAX_WORDS - 1, MAX_WORDS - 3, -1):
        if boundary(i):
            return kept[:i]
    for i in range(MAX_WORDS - 3, 5, -1):
        if boundary(i):
            return kept[:i]
    return kept


def has_verb(chunk: str, min_words: int = 3) -> bool:
    """Whether a chunk of words looks like it holds a finite verb (a clause, not a phrase)."""
    words = [w.strip(",;:“”\"'‘’()").lower() for w in chunk.split()]
    return len(words) >= min_words and any(_VERBISH.match(w) for w in words)


# The pronouns the relative-clause patterns below open with (matched case-sensitively).
_RELATIVE_PRONOUNS = ("that", "who", "which")
_PRONOUN = rf"(?P<rel>{'|'.join(_RELATIVE_PRONOUNS)})"
# A restrictive relative clause whose date ends just before the main verb: "Talks that
# started three years ago collapsed", "the firm which was founded in 1990 closed".
_RESTRICTIVE = re.compile(
    rf"(?<=\w)\s+{_PRONOUN}\s+(?P<body>[^,;]{{3,80}}?)"
    r"(?<!\bwas)(?<!\bwere)(?<!\bbeen)(?<!\bbe)(?<!\bis)(?<!\bare)(?<!\bhad)(?<!\bhas)(?<!\bhave)"
    r"(?=\s+(?:(?:is|are|was|were|has|have|had)\s+)?[a-z]{3,}ed\b)"
)


# A restrictive relative clause that ends the sentence: "after a scandal that broke in
# May.", "arrested a man who escaped in 2015."
_RELATIVE_AT_END = re.compile(
    rf"(?<=\w)\s+{_PRONOUN}\s+(?P<body>[^,;:()]{{3,100}}?)(?=[\s.!?\"”’')]*$)"
)
# Words before "that" that open a clause rather than name what it describes ("so that").
_NOT_DESCRIBED = frozenset({"so", "such", "now", "given", "except", "provided", "than", "and",
                            "or", "but", "not", "is", "be", "all", "believe", "think", "know",
                            "however", "also", "still", "even"})
_DETERMINERS = frozenset({"a", "an", "the", "its", "his", "her", "their", "our", "this", "these",
                          "those", "some", "two", "three", "several", "many"})
# Words that end the noun phrase a trailing relative clause describes, read backwards.
_PHRASE_STOP = re.compile(
    r"^(?:in|on|at|after|before|during|with|from|for|by|to|into|over|against|about|of|since"
    r"|and|or|but|than|as|including|like|among|between|under|via|despite|amid|be|been|being"
    r"|\w*\d\w*)$"
)


@lru_cache(maxsize=1)
def _time_words() -> frozenset[str]:
    """Month, weekday and unit words (the tagger's lexicon), which a date ends with."""
    lex = lexicon()
    return frozenset(
        w for key in ("months", "weekdays", "units", "unit_plurals", "seasons", "parts_of_day")
        for w in lex[key]
    )


@lru_cache(maxsize=1)
def _past_forms() -> frozenset[str]:
    return frozenset(past for _, _, past, _ in irregular_verbs())


def _describes_noun(text: str, start: int) -> bool:
    """Whether the word before a relative pronoun at `start` can be the noun it describes:
    not a verb ("said that", "shows that") nor a conjunction ("so that")."""
    words = text[max(0, start - 60) : start].split()
    if not words:
        return False
    word = words[-1].strip("\"'’”“")
    w = word.lower()
    if not w.isalpha() or w != word or _VERBISH.match(w) or w in _NOT_DESCRIBED or w.endswith("ly"):
        return False  # a name before "that" is mostly who was told ("told Smith that")
    if w in word_list("speech_verbs") or w in _time_words() or _verb_before(text, start):
        return False  # "hired workers in March who had lost jobs": not March; "heard that"
    # "the talks that began", "the meeting that ended": with a determiner; not "warns
    # that", "noting that"
    return not w.endswith(("s", "ing")) or any(x.lower() in _DETERMINERS for x in words[-3:-1])


def _relative_scan(text: str, lo: int, hi: int) -> int:
    """Where in `text[lo:hi]` the relative-clause patterns can first match, -1 for nowhere.

    They try every position of a clause, and most clauses hold no relative pronoun (a
    substring search is C). A match begins at the spaces right before its pronoun, so
    none begins before the spaces of the first pronoun found."""
    found = [at for at in (text.find(w, lo, hi) for w in _RELATIVE_PRONOUNS) if at >= 0]
    if not found:
        return -1
    start = min(found)
    while start > lo and text[start - 1].isspace():  # `\s` is `str.isspace`
        start -= 1
    return start


def _restrictives(text: str, lo: int, hi: int) -> list[re.Match[str]]:
    """Restrictive relative clauses the main verb follows, after a noun they describe
    (not "heard that in 2015 Smith paid", where "that" opens what was heard)."""
    start = _relative_scan(text, lo, hi)
    if start < 0:
        return []
    found = _RESTRICTIVE.finditer(text, start, hi)
    return [m for m in found if not _verb_before(text, m.start("rel"))]


def _verb_before(text: str, start: int) -> bool:
    """Whether the word before `start` is a verb that "that" completes ("heard that",
    "warned that", "said that")."""
    words = text[max(0, start - 30) : start].split()
    w = words[-1].lower() if words else ""
    return bool(_VERBISH.match(w) or w in word_list("speech_verbs") or _past_verb(w))


def _trailing_relatives(text: str, lo: int, hi: int) -> list[re.Match[str]]:
    """Relative clauses that end the sentence, except those the main verb follows ("The
    town that was flooded in 2021 voted ...", which `_RESTRICTIVE` finds)."""
    start = _relative_scan(text, lo, hi)
    if start < 0:
        return []
    inner = {m.start() for m in _RESTRICTIVE.finditer(text, start, hi)}
    return [
        m for m in _RELATIVE_AT_END.finditer(text, start, hi)
        if m.start() not in inner and _describes_noun(text, m.start("rel"))
        and has_verb(m.group("body"), min_words=1)
    ]


def relative_at_end(text: str, lo: int, hi: int, pos: int) -> tuple[int, int] | None:
    """The relative clause ending the sentence `text[lo:hi]` that holds `pos`, with its
    pronoun ("that broke in May"): left out of the main clause's title."""
    for m in _trailing_relatives(text, lo, hi):
        if m.start("body") <= pos < m.end("body"):
            return m.start("rel"), m.end("body")
    return None


def _described(text: str, lo: int, end: int) -> str:
    """The noun phrase just before `end` that a relative clause describes ("after a
    scandal that" -> "a scandal"), at most five words."""
    out: list[str] = []
    for w in reversed(text[lo:end].split()[-5:]):
        bare = w.strip(",\"'’”“").lower()
        if _PHRASE_STOP.match(bare) or _VERBISH.match(bare) or w.endswith(","):
            break
        out.insert(0, w)
        if bare in _DETERMINERS:
            return " ".join(out)  # "review the text that": "the text"
    return " ".join(out if len(out) <= 2 or out[0][:1].isupper() else out[-2:])


def _antecedent(text: str, lo: int, end: int) -> str:
    """What a non-restrictive relative clause after `end` describes: the proper name just
    before its comma ("the minister, Ana Costa, who"), else the noun phrase ("a decree to
    fire the director, who" -> "the director")."""
    words = text[lo:end].split()[-5:]
    if len(words) > 1 and words[-1].isdigit() and words[-2].endswith(","):
        words = [*words[:-2], words[-2][:-1]]  # "Danai, 61, who": an age, not the noun
    names: list[str] = []
    for w in reversed(words[-4:]):
        if not w[:1].isupper() or w.endswith(","):
            break
        names.insert(0, w)
    if names:
        return " ".join(names)
    phrase = _described(" ".join(words), 0, len(" ".join(words)))
    return phrase[:1].upper() + phrase[1:]


def subordinate_phrase(text: str, lo: int, hi: int, pos: int) -> tuple[int, int] | None:
    """The relative clause or participle apposition of `text[lo:hi]` that holds `pos`
    ("The plant, built in 1990, closed"), whose date belongs to it, not to the clause
    around it; None when `pos` is in the main clause."""
    for a, b in _subordinate_bodies(text, lo, hi):
        if a <= pos < b:
            return a, b
    return None


@lru_cache(maxsize=8)
def _subordinate_bodies(text: str, lo: int, hi: int) -> tuple[tuple[int, int], ...]:
    """The relative clauses and appositions of `text[lo:hi]`, in the order
    `subordinate_phrase` tries them: it is asked about each predicate and date of a
    sentence, and the sentence is scanned once (a few entries suffice, as one sentence is
    asked about at a time, and few documents' texts are held)."""
    return tuple(
        [
            m.span("body")
            for pattern in (_RELATIVE, _PARTICIPLE)
            for m in pattern.finditer(text, lo, hi)
        ]
        + [m.span("body") for m in _restrictives(text, lo, hi)]
        + [m.span("body") for m in _trailing_relatives(text, lo, hi)]
    )


# A participle or gerund phrase that opens the sentence, before its subject: "Founded in
# 1998, the company ...", "Since taking office in 2017, the president ...".
_LEADING = re.compile(
    r"(?:(?P<sub>since|after|before|while|when|upon|on)\s+)?"
    r"(?P<verb>[A-Za-z]{3,}(?:ed|ing)|born|built|sold|held|won|lost|made|taken|given|chosen"
    r"|elected|sworn|hit|struck|caught|thrown|shot|known|seen)\b(?P<rest>[^,;.!?]{0,100}?),\s+",
    re.I,
)


_PRONOUNS = frozenset({"he", "she", "they", "we", "it", "i"})


def _opening_subject(clause: str) -> str:
    """The subject that opens a clause whose verb `_subject` cannot see ("the company
    employs ..." -> "the company", "Smith resigned" -> "Smith"): a name, or a determiner
    and the words before the first verb-like one (at most four)."""
    words = [w.strip(",") for w in clause.split()[:6]]
    if not words:
        return ""
    if words[0].lower() in _PRONOUNS:
        return words[0]
    if words[0][:1].isupper() and words[0].lower() not in _DETERMINERS:
        name = []
        for w in words[:4]:
            if not w[:1].isupper():
                break
            name.append(w)
        return " ".join(name)
    if words[0].lower() not in _DETERMINERS or len(words) < 2:
        return ""
    phrase = words[:2]
    for w in words[2:4]:
        low = w.lower()
        if not w.isalpha() or _VERBISH.match(low) or low.endswith(("ed", "s")):
            break
        phrase.append(w)
    return " ".join(phrase)


def _phrase_only(words: str) -> bool:
    """The rest of an opening phrase holds no verb of its own ("Falling stocks outnumbered
    those rising, ..." is a clause, not a phrase) and is short."""
    split = words.split()
    return len(split) <= 10 and not any(
        _VERBISH.match(w.lower()) or (w.lower().endswith("ed") and w.islower()) for w in split
    )


def _plain_subject(subject: str) -> bool:
    words = subject.split()
    return 0 < len(words) <= 5 and not (words[0].islower() and words[0].endswith(("ed", "ing")))


_HEDGES = frozenset({"just", "only", "barely", "nearly", "almost", "about", "some", "around"})


def _without_measure_before_cut(words: list[str], clause: list[str]) -> list[str]:
    """ "It broke ground, months [after the state ...]": a span that measured the cut-off
    "after" clause goes with it."""
    after = clause[len(words)] if len(words) < len(clause) and clause[: len(words)] == words \
        else ""
    if after.lower() not in ("after", "before", "later", "earlier"):
        return words
    joined = " ".join(words) + " "
    start = measure_start(joined, len(joined), 0)
    if start == len(joined):
        return words
    kept = joined[:start].rstrip(" ,").split()
    while kept and kept[-1].lower() in _HEDGES:
        kept.pop()  # "just a day after": the hedge goes with the span
    if kept and kept[-1].lower() in ("for", "over", "in", "within"):
        return words  # "married for three years before ...": the span is its own
    return kept if len(kept) >= 2 else words


_AUX = r"(?:was|were|is|are|be|been|being|has|have|had|will|would|not)\b"
# "the record set in 2000", "an offer made in February": a noun, a past participle and
# the preposition of the date that belongs to it (matched right before the date).
_DATE_PREPOSITION = r"(?:in|on|at|during|since)\s+(?:the\s+)?$"  # right before the date
_REDUCED = re.compile(
    r"(?P<before>\b\w+\s+|^)(?P<np>(?:the|a|an|its|their|his|her|our)\s+(?:(?!" + _AUX + r")"
    r"[\w'’-]+\s+){0,2}?(?!" + _AUX + r")[\w'’-]+)\s+(?P<part>[a-z]{2,}ed|set|built|held|made"
    r"|won|lost|sold|paid|taken|given|chosen|written|broken|found|begun|done|shot|struck|laid"
    r"|led|sent|spent|signed)"
    rf"\s+{_DATE_PREPOSITION}",
    re.I,
)
# How `_REDUCED` ends; its leading space lets `re` skip to spaces.
_REDUCED_END = re.compile(rf"\s{_DATE_PREPOSITION}", re.I)
_NOUN_AFTER = frozenset({
    "to", "of", "for", "with", "by", "from", "on", "at", "in", "than", "over", "against",
    "after", "before", "beyond", "above", "below", "near", "like", "unlike", "despite", "amid",
})
_FINITE_AFTER = re.compile(r"\s*,?\s*(?:was|were|is|are|has|have|had|will|would)\b", re.I)


def _reduced_relative(text: str, lo: int, hi: int, anchor: tuple[int, int]) -> str:
    """ "close to the record set in 2000" -> "The record was set": the date belongs to
    the participle that describes the noun, after a preposition ("to the record set"), or
    at the start of a sentence whose verb follows the date ("The law passed in 2005 was
    repealed")."""
    window = max(lo, anchor[0] - 90)
    if not _REDUCED_END.search(text, window, anchor[0]):  # the pattern's end, found fast
        return ""
    m = _REDUCED.search(text, window, anchor[0])
    if m is None or m.end() != anchor[0]:
        return ""
    before = m["before"].strip().lower()
    opens = m.start("np") == lo or not text[lo : m.start("np")].strip()
    if not (
        before in _NOUN_AFTER
        or (_past_verb(before) and before not in word_list("speech_verbs"))  # "rejected an offer"
        or (opens and _verb_follows(text, anchor[1], hi))  # "The law passed in 2005 was"
    ):
        return ""
    if m["part"].lower() in _NOT_PARTICIPLES:
        return ""
    np = m["np"]
    return f"{np[:1].upper()}{np[1:]} {'were' if _plural(np) else 'was'} {m['part'].lower()}"


def _plural(np: str) -> bool:
    """ "the remarks", "the 16 people": a plural noun phrase (by its last word or a count)."""
    words = np.lower().split()
    last = words[-1]
    return (
        (last.endswith("s") and not last.endswith(("ss", "us", "is")))
        or last in ("people", "police", "children", "men", "women")
        or any(w.isdigit() and w != "1" for w in words)
    )


def _past_verb(word: str) -> bool:
    return word in _past_forms() or (len(word) > 4 and word.endswith("ed"))


def _verb_follows(text: str, start: int, end: int) -> bool:
    """A finite verb right after the date: "The bridge built in 1990 collapsed"."""
    if _FINITE_AFTER.match(text, start, end):
        return True
    m = re.compile(r"\s*,?\s*([a-z]+)").match(text, start, end)
    return m is not None and _past_verb(m.group(1))


_NOT_PARTICIPLES = frozenset({"need", "speed", "seed", "feed", "bed", "red", "shed", "bred"})


def _leading_phrase(
    text: str, lo: int, hi: int, remove: list[tuple[int, int]], anchor: tuple[int, int]
) -> str:
    """ "Founded in 1998, the company employs ..." -> "The company was founded": the date
    in a phrase that opens the sentence belongs to it, told of the sentence's subject."""
    # the clause may end at the phrase's comma: its subject comes after
    end = max(hi, min(len(text), lo + 240))
    m = _LEADING.match(text, lo, end)
    if m is None or not m.start() <= anchor[0] < m.end():
        return ""
    after = text[m.end() : end]
    subject = _subject(after) or _opening_subject(after)
    verb = m.group("verb").lower()
    if not _phrase_only(m.group("rest")) or not _plain_subject(subject):
        return ""
    if verb in word_list("speech_verbs"):
        return ""  # "..., said X on Monday": a saying, inverted
    if m.group("sub") and not verb.endswith("ing"):
        return ""
    if verb.endswith("ing"):
        if not m.group("sub"):
            return ""  # "Citing a 2019 report, the union ...": what it did, not when
        told = past_tense(verb)
    else:
        told = f"{'were' if subject.lower() in ('they', 'we') else 'was'} {verb}"
    rest = make_title(text, m.start("rest"), m.end("rest"), remove)
    words = f"{subject[:1].upper()}{subject[1:]} {told} {rest[:1].lower()}{rest[1:]}".split()
    return " ".join(words[:MAX_WORDS])


# "said plant manager Tom Hale" after a quotation: the speaker and the verb, inverted
_INVERTED = re.compile(
    rf"^(?P<verb>{word_trie('speech_verbs')})\s+(?P<who>(?:the\s+|a\s+)?[^,;:]{{2,60}}?)"
    r"\s*(?:,.*)?$",
    re.I,
)


_PREPOSITION = re.compile(
    r"\s+(?:to|in|on|at|after|before|during|with|from|for|about|when|as|while)\s+"
)


def _speaker_first(t: str) -> str:
    """ "Said plant manager Tom Hale" -> "Plant manager Tom Hale said": a title opens with
    who speaks, when what follows the verb is a speaker (a name, or "the spokesman")."""
    m = _INVERTED.match(t)
    if m is None:
        return t
    who = _PREPOSITION.split(m.group("who"), maxsplit=1)[0].rstrip(" .!?")
    words = who.split()
    if not words:
        return t
    named = any(w[:1].isupper() for w in words) or words[0].lower() in ("the", "a", "an")
    if not named or len(words) > 8 or any(_VERBISH.match(w.lower()) for w in words):
        return t  # "said officials were ..." is not a speaker
    return f"{who[:1].upper()}{who[1:]} {m.group('verb').lower()}"


def make_title(
    text: str,
    lo: int,
    hi: int,
    remove: list[tuple[int, int]],
    sentence_start: int | None = None,
    anchor: tuple[int, int] | None = None,
) -> str:
    """A title of at most MAX_WORDS words from the clause `text[lo:hi]`; a clause cut from
    the middle of a sentence borrows the sentence's subject when it has none, and a date
    inside a relative clause ("The mayor, who resigned in 2018, ...") titles that clause."""
    if anchor is not None:
        for m in _restrictives(text, lo, hi):
            if m.start("body") <= anchor[0] < m.end("body"):  # "Talks that started in 2018"
                np = text[lo : m.start()].split()[-4:]
                inner = make_title(text, m.start("body"), m.end("body"), remove)
                joined = f"{' '.join(np)} {inner[:1].lower()}{inner[1:]}" if np else inner
                return " ".join(joined.split()[:MAX_WORDS])
        for m in _trailing_relatives(text, lo, hi):
            if m.start("body") <= anchor[0] < m.end("body"):  # "a scandal that broke in May"
                head = _described(text, lo, m.start())
                inner = make_title(text, m.start("body"), m.end("body"), remove)
                if head and inner:
                    joined = f"{head[:1].upper()}{head[1:]} {inner[:1].lower()}{inner[1:]}"
                    return " ".join(joined.split()[:MAX_WORDS])
        for m in _RELATIVE.finditer(text, lo, hi):
            if m.start("body") <= anchor[0] < m.end("body"):
                head = _antecedent(text, lo, m.start())
                inner = make_title(text, m.start("body"), m.end("body"), remove)
                joined = f"{head} {inner[:1].lower()}{inner[1:]}" if head else inner
                return " ".join(joined.split()[:MAX_WORDS])
        for m in _PARTICIPLE.finditer(text, lo, hi):
            if m.start("body") <= anchor[0] < m.end("body"):  # "X, born in 1955, ..."
                np = text[lo : m.start()].split()[-4:]
                head = _name_or_phrase(np) if np else ""
                inner = make_title(text, m.start("body"), m.end("body"), remove)
                if head:
                    joined = f"{head} {'were' if head.lower() in ('they', 'we') else 'was'} "
                    return " ".join((joined + inner[:1].lower() + inner[1:]).split()[:MAX_WORDS])
        leading = _leading_phrase(text, lo, hi, remove, anchor) or _reduced_relative(
            text, lo, hi, anchor
        )
        if leading:
            return leading
    t = _blank(text, lo, hi, remove)
    if "(" in t or "[" in t:  # each pattern scans the whole clause: only when it can match
        t = _PAREN.sub("", t)
    unopened = _UNOPENED.match(t)
    if unopened and len(t[unopened.end() :].split()) >= 3:
        t = t[unopened.end() :]
    if "“" in t or '"' in t or "`" in t:
        outside = _QUOTED.sub(" ", t)
        if len(_WORD.findall(outside)) >= 3:
            t = outside
    # `str.split` cuts at the characters `\s` matches; the ends are stripped anyway
    t = " ".join(t.split()).strip(" ,;:—–-“”\"'‘’`")
    for _ in range(4):
        before = t
        t = _OPENERS.sub("", t).strip(" ,;:")
        shorter = _LEADING_PP.sub("", t)
        t = shorter if len(shorter.split()) >= 3 else t
        opening = _LEADING.match(t)  # "Born in 1950, he died": the date-less rest
        if (
            opening and len(t[opening.end() :].split()) >= 3 and _phrase_only(opening["rest"])
            and opening["verb"].lower() not in word_list("speech_verbs")  # "Stated X, ..."
        ):
            t = t[opening.end() :]
        if before == t:
            break
    head = text[sentence_start:lo] if sentence_start is not None and sentence_start < lo else ""
    sub = _SUBORDINATOR.match(t)
    if sub:
        rest = t[sub.end() :]
        first = rest.split()[0] if rest.split() else ""
        if first.lower().endswith("ing") and len(first) > 4:
            subject = _subject(head or text[max(0, lo - 400) : lo].split(".")[-1])
            if subject:  # "... before stepping back the remarks": "X stepped back the remarks"
                verb = past_tense(first.lower())
                t = f"{subject} {verb}{rest[len(first) :]}"
            else:
                t = rest
        elif "," in rest:
            t = rest.split(",", 1)[1].strip()
    elif head and t[:1].islower() and _VERBISH.match(t.split()[0].lower()):
        subject = _subject(head)
        t = f"{subject} {t}" if subject else t
    t = _speaker_first(t)
    # "Jorge Pinto, 63, was arrested": the age says no more ("X, 51, an owner of ...":
    # the apposition stays one)
    t = _AGE.sub(lambda m: m["who"] + (", " if m["next"] in _KEEPS_COMMA else " "), t)
    m = _APPOSITION.match(t)
    if m:
        # "Trump's lawyer, Rudy Giuliani, said": the name says who; else the head phrase
        middle = t[m.end("np") : m.end()].strip(" ,")
        who = middle if _is_name(middle) and not _is_name(m.group("np")) else m.group("np")
        t = f"{who} {t[m.end() :]}"
    words = t.split()
    if len(words) > MAX_WORDS:
        m = _GERUND_TAIL.search(t)
        if m and len(t[: m.start()].split()) >= 4:
            t = t[: m.start()]
            words = t.split()
    m = _COMPLEMENT.search(t)
    if m and len(words) > MAX_WORDS and _REPORTING.search(t[: m.start()]) and \
            m.group().strip() == "that":
        # "X said that Y ...": what was said is the news; drop "that", keep going
        t = t[: m.start()] + " " + t[m.end() :]
        words = t.split()
    elif m and len(words) > MAX_WORDS and has_verb(t[: m.start()]):
        words = t[: m.start()].split()
    if len(words) > MAX_WORDS:
        words = _cut_at_phrase(words)
    while words and (
        words[-1].lower().strip(",;:") in _TRAILING or not _WORD.search(words[-1])
        or (len(words) > 2 and words[-1].lower() in ("again", "then")
            and words[-2].lower() in ("and", "but"))  # "met [date] and again [date]"
    ):
        words.pop()
    words = _without_measure_before_cut(words, t.split())
    title = " ".join(words).rstrip(",;:—–-")
    if title.endswith(".") and "." not in title.split()[-1][:-1]:  # keep "U.S."
        title = title.rstrip(".")
    if " ," in title or " ." in title or " ;" in title or " :" in title:  # words joined by " "
        title = _SPACE_PUNCT.sub(r"\1", title)
    title = title.strip(" “”\"'‘’`")
    return title[:1].upper() + title[1:]
