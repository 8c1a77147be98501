"""Tokens and the feature templates the learned models share between training and run time.

One regex tokenizer with character offsets (so gold TimeML spans map onto tokens by
offset), the closed word lists of `resources/models/words.tsv`, and the values of
each feature template for a token. Training turns the values into `template=value`
strings for scikit-learn; the runtime looks each value up in a per-template weight
dict, so both read features through the same function.
"""

from __future__ import annotations

import re
from functools import cache
from importlib import resources
from itertools import groupby

# "company's" -> "company" + "'s"; "U.S", "1.5", "well-known" whole; "didn't" -> "didn" + "'t",
# which `split_negation` makes "did" + "n't" (a lookahead for it in the regex is slower).
TOKEN = re.compile(r"\w+(?:[-.]\w+)*|['’](?:s|d|ll|ve|re|m|t)\b|[^\w\s]", re.IGNORECASE)
# `TOKEN` for ASCII text, which `re` reads by table instead of the Unicode database (a
# fifth faster): the same tokens, as Unicode's `\s` also holds \x1c-\x1f there.
TOKEN_ASCII = re.compile(
    r"\w+(?:[-.]\w+)*|['’](?:s|d|ll|ve|re|m|t)\b|[^\w\s\x1c-\x1f]", re.IGNORECASE | re.ASCII
)
_SHAPE = str.maketrans(
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789",
    "X" * 26 + "x" * 26 + "d" * 10,
)
_RUNS = re.compile(r"(.)\1+")

# The order of the template values `token_values` returns; word-level ones come first.
WORD_TEMPLATES = ("w", "s2", "s3", "s4", "shape")
CONTEXT_TEMPLATES = ("p1", "p2", "n1", "n2", "aux", "p1w")
TEMPLATES = WORD_TEMPLATES + CONTEXT_TEMPLATES
_MAX_CHAIN = 6


@cache
def words() -> dict[str, frozenset[str]]:
    """kind -> words, from `resources/models/words.tsv`."""
    text = (resources.files("timeline") / "resources" / "models" / "words.tsv").read_text("utf-8")
    kinds: dict[str, set[str]] = {}
    for line in text.splitlines():
        if line and not line.startswith("#"):
            kind, word = line.split("\t")
            kinds.setdefault(kind, set()).add(word)
    return {k: frozenset(v) for k, v in kinds.items()}


def tokenize(text: str, start: int, end: int) -> list[tuple[int, int, str]]:
    """(start, end, text) of each token of `text[start:end]`, offsets into the full text."""
    seg = text[start:end]
    spans = [m.span() for m in TOKEN.finditer(seg)]
    if "'t" in seg or "’t" in seg:
        spans = split_negation(seg, spans)
    return [(a + start, b + start, seg[a:b]) for a, b in spans]


def split_negation(seg: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """ "didn" + "'t" -> "did" + "n't", "can" + "'t" stays "ca" + "n't" as in the treebank."""
    out: list[tuple[int, int]] = []
    for a, b in spans:
        if b - a == 2 and seg[a + 1] in "tT" and out and out[-1][1] == a:
            pa, pb = out[-1]
            if pb - pa > 1 and seg[pb - 1] in "nN":
                out[-1] = (pa, pb - 1)
                a -= 1
        out.append((a, b))
    return out


def normal(token: str) -> str:
    """Lower case with curly apostrophes straightened, so "n’t" and "n't" are one word."""
    low = token.lower()
    return low.replace("’", "'") if "’" in low else low


def shape(token: str) -> str:
    """ "Merger" -> "Xx", "1990" -> "d", "U.S." -> "X.X."."""
    mapped = token.translate(_SHAPE)
    if "\n" in mapped:  # `_RUNS` does not join newlines (no token holds one)
        return _RUNS.sub(r"\1", mapped)[:6]
    return "".join([c for c, _run in groupby(mapped)])[:6]  # runs joined, as `_RUNS` does


def word_values(token: str, low: str) -> tuple[str, ...]:
    """The word-level template values (no context): cached per surface form at run time."""
    return (low, low[-2:], low[-3:], low[-4:], shape(token))


@cache
def _chain_words() -> tuple[frozenset[str], frozenset[str], frozenset[str]]:
    w = words()
    return w["aux"] | w["modal"], w["negation"], w["adverb"]


def aux_chain(lows: list[str], i: int) -> tuple[str, bool, bool]:
    """The auxiliaries right before token i ("will_have_been"), whether one is a modal,
    and whether a negation sits in the chain. Adverbs inside the chain are skipped."""
    auxes, negs, advs = _chain_words()
    chain: list[str] = []
    negated = False
    j = i - 1
    stop = max(-1, i - 1 - _MAX_CHAIN)
    while j > stop:
        w = lows[j]
        if w in auxes:
            chain.append(w)
        elif w in negs:
            negated = True
        elif not (w in advs or (w.endswith("ly") and len(w) > 4)):
            break
        j -= 1
    if not chain:
        return "-", False, negated
    modal = not words()["modal"].isdisjoint(chain)
    return "_".join(reversed(chain)), modal, negated


def context_values(lows: list[str], i: int, chain: str) -> tuple[str, ...]:
    n = len(lows)
    p1 = lows[i - 1] if i > 0 else "<s>"
    return (
        p1,
        lows[i - 2] if i > 1 else "<s>",
        lows[i + 1] if i + 1 < n else "</s>",
        lows[i + 2] if i + 2 < n else "</s>",
        chain,
        p1 + "|" + lows[i],
    )


def feature_strings(values: tuple[str, ...]) -> list[str]:
    """`template=value` for training, in the order of TEMPLATES."""
    return [f"{t}={v}" for t, v in zip(TEMPLATES, values, strict=True)]
