"""The matching engine: one compiled pattern for all rules, then per-match handlers.

All rules from `resources/rules.tsv` are compiled into a single alternation so the
text is scanned once, in C, by the regex engine; Python code runs only where a
rule matched. Each rule's named groups are made unique by prefixing the rule index.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from functools import cache

from timeline.temporal.lexicon import lexicon, rules
from timeline.temporal.prefixes import prefixes
from timeline.words import trie as _trie


@dataclass
class Found:
    """A recognised and normalised expression before it becomes a `Timex`."""

    start: int
    end: int
    type: str
    value: str
    mod: str | None = None
    anchoring: str = "absolute"
    # False for comparisons ("a year earlier"): they do not move the narrative time.
    narrative: bool = True
    # The day a TimeML duration's phrase names, counted from the story's day ("two days
    # later" after 14 June 2020: 2020-06-16), and where that phrase ends.
    reading: str | None = None
    reading_end: int = -1


class Groups:
    """Named groups of one rule match, addressed by their short names."""

    __slots__ = ("m", "names", "start", "end", "text")

    def __init__(self, m: re.Match[str], names: dict[str, str]) -> None:
        self.m = m
        self.names = names
        self.start, self.end = m.span()
        self.text = m.group()

    def get(self, name: str) -> str | None:
        full = self.names.get(name)
        return self.m.group(full) if full else None

    def span(self, name: str) -> tuple[int, int]:
        return self.m.span(self.names[name])


# Not inside a word, a number ("3,2018") or an amount ("$1999").
_BEFORE = r"(?<![\w$£€])(?<!\d[.,])"
_AFTER = r"(?!\w)"


def _tables() -> tuple[list[tuple[str, str, dict[str, str]]], list[str]]:
    """Each rule's (name, handler, groups) and its pattern with uniquely named groups."""
    parts = []
    table = []
    for i, rule in enumerate(rules()):
        prefix = f"r{i}_"
        pattern = re.sub(r"\(\?P<(\w+)>", lambda m, p=prefix: f"(?P<{p}{m.group(1)}>", rule.pattern)
        parts.append(f"(?P<r{i}>{pattern})")
        table.append((rule.name, rule.handler, {g: prefix + g for g in rule.groups}))
    return table, parts


def _joined(rule_indexes: Iterable[int]) -> re.Pattern[str]:
    """One pattern trying the given rules in their order at a position."""
    body = "|".join(_PARTS[i] for i in rule_indexes)
    return re.compile(rf"{_BEFORE}(?:{body}){_AFTER}", re.IGNORECASE)


@cache
def whole_pattern() -> re.Pattern[str]:
    """All rules in one pattern: what every narrower choice of rules must match as."""
    return _joined(range(len(_PARTS)))


@cache
def _rule_pattern(i: int) -> re.Pattern[str]:
    return _joined((i,))


class _OneByOne:
    """Some rules tried one at a time, in their order, until their subset is compiled.

    An alternation takes its first alternative that lets the whole pattern match, and
    each rule's pattern here carries the same context tests, so the first rule that
    matches alone gives the match (span, rule name, groups) the alternation gives.
    Each rule is compiled once, when first needed, for all subsets."""

    __slots__ = ("rules",)

    def __init__(self, rules: tuple[int, ...]) -> None:
        self.rules = rules

    def match(self, text: str, pos: int) -> re.Match[str] | None:
        for i in self.rules:
            m = _rule_pattern(i).match(text, pos)
            if m is not None:
                return m
        return None


def _trigger_words() -> dict[str, set[str]]:
    from timeline.temporal.lexicon import _read

    kinds: dict[str, set[str]] = {"lead": set(), "core": set(), "inner": set()}
    for number, line in enumerate(_read("triggers.txt").splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        kind, _, words = line.partition(":")
        if kind not in kinds:
            raise ValueError(f"resources/triggers.txt line {number}: expected 'lead:', "
                             f"'core:' or 'inner:' before the words, found {kind!r}")
        kinds[kind].update(w.lower() for w in words.split())
    return kinds


def _compile_triggers() -> tuple[re.Pattern[str], re.Pattern[str], frozenset[str]]:
    kinds = _trigger_words()
    starts = sorted(kinds["lead"] | kinds["core"])
    trigger = re.compile(rf"(?<![\w$£€])(?:(?:{_trie(starts)})(?!\w)|['’]?\d)", re.IGNORECASE)
    core = sorted(kinds["core"] | kinds["inner"])
    core_re = re.compile(rf"(?<!\w)(?:{_trie(core)})(?!\w)|\d", re.IGNORECASE)
    return trigger, core_re, frozenset(kinds["lead"])


TABLE, _PARTS = _tables()
# A subset of the rules is compiled once it has been asked for often enough; until then
# its rules are tried one by one, which costs little more a match. Compiling all rules
# costs what some twenty thousand matches save (measured on the silver corpus: from
# 1,000 to 20,000 the tagging took 5% fewer instructions; 100,000 saved no more).
COMPILE_AFTER = 20_000
PREFIX_LENGTH = 6  # characters of text that choose the rules tried at a position
CACHED_KEYS = 100_000  # texts seen at positions, remembered at most (then forgotten)


class _Node:
    """A trie of the rules' prefix sequences: one step per character set."""

    __slots__ = ("next", "ends", "rules", "steps")

    def __init__(self) -> None:
        self.next: dict[frozenset[str], _Node] = {}
        self.ends: set[int] = set()  # rules with a match that may end here
        self.rules: set[int] = set()  # rules with a sequence through here
        self.steps: dict[str, tuple[_Node, ...]] = {}  # children by character, as met

    def step(self, char: str) -> tuple[_Node, ...]:
        """The children whose character set holds `char`."""
        found = self.steps.get(char)
        if found is None:
            found = self.steps[char] = tuple(
                child for allowed, child in self.next.items() if char in allowed)
        return found


def _prefix_trie() -> tuple[_Node, frozenset[int]]:
    """The trie of every rule's prefixes, and the rules without any (always tried)."""
    root, always = _Node(), set()
    for i, part in enumerate(_PARTS):
        seqs = prefixes(part, re.IGNORECASE, PREFIX_LENGTH)
        if seqs is None:
            always.add(i)
            continue
        for seq in seqs:
            node = root
            node.rules.add(i)
            for allowed in seq:
                child = node.next.get(allowed)
                if child is None:
                    child = node.next[allowed] = _Node()
                node = child
                node.rules.add(i)
            if len(seq) < PREFIX_LENGTH:
                node.ends.add(i)
    return root, frozenset(always)


_ROOT, _ALWAYS = _prefix_trie()


class _Subset:
    """Some rules, in their order, and their pattern once compiled."""

    __slots__ = ("rules", "uses", "pattern", "after", "one_by_one")

    def __init__(self, rules: tuple[int, ...]) -> None:
        self.rules = rules
        self.uses = 0
        self.pattern: re.Pattern[str] | None = None
        size = sum(len(_PARTS[i]) for i in rules)
        self.after = COMPILE_AFTER * size // sum(map(len, _PARTS))
        self.one_by_one = _OneByOne(rules)

    def compile(self) -> re.Pattern[str]:
        self.pattern = _joined(self.rules)
        return self.pattern


_SUBSETS: dict[tuple[int, ...], _Subset] = {}
_BY_KEY: dict[str, _Subset] = {}


class _Walk:
    """Where reading a key through the trie stands: the nodes reached and the rules whose
    sequences ended on the way (or are always tried). Walks are shared by every key that
    reaches the same nodes with the same rules ended, and each remembers its steps, so a
    new key costs a few dict lookups, not a walk through the trie."""

    __slots__ = ("nodes", "ended", "steps", "_chosen")

    def __init__(self, nodes: tuple[_Node, ...], ended: frozenset[int]) -> None:
        self.nodes = nodes
        self.ended = ended
        self.steps: dict[str, _Walk] = {}
        self._chosen: tuple[int, ...] | None = None

    def step(self, char: str) -> _Walk:
        found = self.steps.get(char)
        if found is None:
            ended = self.ended.union(*[node.ends for node in self.nodes])
            nodes = tuple(child for node in self.nodes for child in node.step(char))
            found = _WALKS.get((nodes, ended))
            if found is None:
                found = _WALKS[(nodes, ended)] = _Walk(nodes, ended)
            self.steps[char] = found
        return found

    def chosen(self) -> tuple[int, ...]:
        """The rules a key read this far can begin: those ended, and those reached."""
        if self._chosen is None:
            self._chosen = tuple(sorted(self.ended.union(*[node.rules for node in self.nodes])))
        return self._chosen


_WALKS: dict[tuple[tuple[_Node, ...], frozenset[int]], _Walk] = {}
_START = _Walk((_ROOT,), _ALWAYS)


def _subset(key: str) -> _Subset:
    """The rules whose matches can begin with the text `key`, as far as it is ASCII."""
    walk = _START
    for char in key:
        if not walk.nodes or not char.isascii():
            break
        walk = walk.step(char)
    chosen = walk.chosen()
    subset = _SUBSETS.get(chosen)
    if subset is None:
        subset = _SUBSETS[chosen] = _Subset(chosen)
    return subset


def rules_at(text: str, at: int) -> re.Pattern[str] | _OneByOne | None:
    """The rules that can begin with the text at `at`, in their order, as something to
    `match` at `at` (None: no rule can): it finds exactly what `whole_pattern()` finds."""
    key = text[at:at + PREFIX_LENGTH]
    subset = _BY_KEY.get(key)
    if subset is None:
        if not key[:1].isascii():
            return whole_pattern()
        if len(_BY_KEY) >= CACHED_KEYS:  # a huge text: forget, so memory stays bounded
            _BY_KEY.clear()
        subset = _BY_KEY[key] = _subset(key)
    if subset.pattern is not None:
        return subset.pattern
    if not subset.rules:
        return None
    subset.uses += 1
    return subset.compile() if subset.uses >= subset.after else subset.one_by_one


TRIGGER, CORE, LEAD_WORDS = _compile_triggers()
# The same patterns without IGNORECASE: their words are in lower case, so on a lower-cased
# ASCII text they match where the others match on the text (case-blind matching is slower).
# They test only `\w` and `\d`, which `re.ASCII` reads by table instead of the Unicode
# database, with the same answers for ASCII characters.
_TRIGGER_LOWER = re.compile(TRIGGER.pattern, re.ASCII)
_CORE_LOWER = re.compile(CORE.pattern, re.ASCII)
LEAD_WINDOW = 60  # characters after a lead word in which a core word must appear


def trigger_scan(text: str) -> tuple[str, re.Pattern[str], re.Pattern[str]]:
    """The text to look for triggers and core words in, and the trigger and core patterns
    to look with: an ASCII text lower-cased once, read by the case-sensitive patterns."""
    if text.isascii():
        return text.lower(), _TRIGGER_LOWER, _CORE_LOWER
    return text, TRIGGER, CORE


def candidate(text: str, t: re.Match[str], core: re.Pattern[str] = CORE) -> bool:
    """Whether a trigger is worth trying the rules at (the cheap test before them)."""
    word = t.group()
    if word[-1].isdigit() or word.lower() not in LEAD_WORDS:
        return True
    return core.search(text, t.end(), t.end() + LEAD_WINDOW) is not None
RULE_INDEX = {f"r{i}": i for i in range(len(TABLE))}


def _tense_cues() -> re.Pattern[str]:
    def alternation(key: str) -> str:
        items = sorted(lexicon()[key], key=len, reverse=True)
        return "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in items)

    # Regular past tense ("announced"; "rose" is listed) counts as a past cue too, in
    # lower case only: "United", "Red" are names, not verbs.
    return re.compile(
        rf"(?<!\w)(?:(?P<future>{alternation('future_cues')})|"
        rf"(?P<past>{alternation('past_cues')}|(?-i:[a-z]{{2,}}(?<!e)ed)))(?!\w)",
        re.IGNORECASE,
    )


TENSE_CUES = _tense_cues()
# A sentence ends at . ! ? (and any closing quotes) before a capital, unless the
# period ends an initial or a title ("P. Davison", "Mr. Smith").
# (The lookahead first: the lookbehinds are then tested only at punctuation.)
_SENTENCE_END = re.compile(
    r"(?=[.!?])(?<!\b[A-Z])(?<!\bMr)(?<!\bMs)(?<!\bDr)(?<!\bSt)(?<!\bJr)(?<!\bMrs)(?<!\bGen)"
    r"(?<!\bSen)(?<!\bRep)(?<!\bGov)(?<!\bCol)(?<!\bLt)(?<!\bNo)(?<!\bvs)"
    r"[.!?][\"'”’)]*\s+(?=[A-Z\"'“`])|\n\s*\n"
)


class Context:
    """What normalisation needs besides the match: publication date, narrative time,
    the last explicit year, and the text around a match (for tense cues)."""

    def __init__(self, text: str, dct: date | None) -> None:
        self.text = text
        self.dct = dct
        self.narrative: tuple[date, str] | None = None  # last resolved date and granularity
        self.narrative_end = -1  # where the expression that set it ended
        self.last_year: int | None = None  # last explicit year, for year-less dates
        self.last_year_start = self.last_year_end = -1
        self.last_quarter: tuple[date, int] | None = None  # last quarter named, and where
        self.months: dict[int, tuple[int, int]] = {}  # month -> (year it was resolved to, where)

    def future(self, start: int, end: int) -> bool:
        """True when the clause around [start, end) speaks of the future."""
        return self.tense(start, end) == "future"

    def tense(self, start: int, end: int) -> str | None:
        """"past", "future" or None: the tense of the clause around [start, end).

        The closest tense cue to the left wins ("had been scheduled to expire Friday"
        is past, "said it will meet Friday" is future); without one, the first cue
        to the right decides ("In January, the company bought..."), except a
        "would" there, which usually belongs to the next clause.
        """
        left = self.text[max(0, start - 80):start]
        ends = [m.end() for m in _SENTENCE_END.finditer(left)]
        if ends:
            left = left[ends[-1]:]
        last: re.Match[str] | None = None
        for cue in TENSE_CUES.finditer(left):
            if cue.lastgroup == "past" and _AFTER_BE.search(left, 0, cue.start()):
                continue  # "will be held": a participle takes the tense of its "be"
            if cue.lastgroup == "past" and _AFTER_DETERMINER.search(left, 0, cue.start()):
                continue  # "a still unspecified date": an adjective, not a verb
            if _NEXT_TO.match(left, cue.start()):
                continue  # "next to the embassy" is a place
            last = cue
        # "Until Friday, they had not..." opens a clause whose verb, to the right,
        # decides; "will stay until Friday" has its verb to the left.
        opener = last is not None and last.group().lower() in ("until", "till") \
            and not left[:last.start()].strip(" ,")
        if last is not None and not opener:
            return last.lastgroup
        # A fronted adverbial ("In January, a week after the anniversary, a bomb
        # killed...") waits longer for its clause's verb.
        reach = 200 if _FRONTED.fullmatch(left) else 40
        right = self.text[end:end + reach]
        stop = _SENTENCE_END.search(right)
        if stop:
            right = right[:stop.start()]
        for cue in TENSE_CUES.finditer(right):
            if cue.group().lower() != "would" and not _NEXT_TO.match(right, cue.start()):
                return cue.lastgroup
        return last.lastgroup if last is not None else None

    def opens_sentence(self, pos: int) -> bool:
        """Whether only a preposition ("In", "By the end of") stands before pos in its
        sentence."""
        left = self.text[max(0, pos - 40):pos]
        ends = [m.end() for m in _SENTENCE_END.finditer(left)]
        if ends:
            left = left[ends[-1]:]
        elif pos > 40:
            return False
        return _FRAME.fullmatch(left) is not None

    def same_sentence(self, a: int, b: int) -> bool:
        return a <= b and _SENTENCE_END.search(self.text, a, b) is None

    def word_before(self, pos: int) -> str:
        m = _WORD_BEFORE.search(self.text, max(0, pos - 30), pos)
        return m.group(1).lower() if m else ""

    def word_after(self, pos: int) -> str:
        m = _WORD_AFTER.match(self.text, pos, min(len(self.text), pos + 30))
        return m.group(1) if m else ""


_FRONTED = re.compile(r"\s*(?:(?:in|on|by|during|early|late|later|earlier|last)\s+)*",
                      re.IGNORECASE)
_FRAME = re.compile(
    r"\s*(?:in|by|during|throughout|since|until|(?:early|late|later|earlier)\s+in"
    r"|by\s+the\s+end\s+of|at\s+the\s+(?:start|end)\s+of)\s+", re.IGNORECASE)
_NEXT_TO = re.compile(r"next\s+to\b", re.IGNORECASE)
_AFTER_BE = re.compile(r"\b(?:be|being)\s+\Z", re.IGNORECASE)
_AFTER_DETERMINER = re.compile(
    r"\b(?:a|an|the|its|their|his|her|our|your|this|these|those)\s+(?:(?:\w+ly|still|yet)\s+)?\Z",
    re.IGNORECASE,
)
_WORD_BEFORE = re.compile(r"([\w$£€']+|[$£€])\W{0,3}\Z")
_WORD_AFTER = re.compile(r"[\s\-]*([\w%']+)")
