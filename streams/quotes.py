"""Quoted passages and the reporting-verb lexicons that claim extraction starts from.

Quotes: « », “ ”, " ", ‘ ’ and ''…'' (outermost only). Lexicons are data:
``seeds/lexicon/reporting_verbs.<lang>.txt``, one lemma (or two-word cue) a line.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from streams.settings import REPO_ROOT

LEXICON_DIR = REPO_ROOT / "seeds" / "lexicon"
QUOTE_PATTERNS = [
    re.compile(r"«\s*([^«»]+?)\s*»"),
    re.compile(r"''\s*((?:(?!'').)+?)\s*''"),  # ''...'' (two apostrophes, NYT style)
    re.compile(r"“\s*([^“”]+?)\s*”"),
    re.compile(r'"\s*([^"\n]+?)\s*"'),
    re.compile(r"‘\s*([^‘’\n]+?)\s*’"),
]
MIN_QUOTE_WORDS = 2  # "It's finished," she said; one quoted word is a term, not a claim


@dataclass(frozen=True)
class Quote:
    start: int  # of the opening mark
    end: int  # after the closing mark
    text_start: int
    text_end: int


@cache
def lexicon_words(name: str, lexicon_dir: Path = LEXICON_DIR) -> frozenset[str]:
    """The lower-cased entries of ``seeds/lexicon/<name>`` (``#`` starts a comment)."""
    path = lexicon_dir / name
    if not path.exists():
        return frozenset()
    lines = path.read_text(encoding="utf-8").splitlines()
    return frozenset(w for w in (ln.split("#", 1)[0].strip().lower() for ln in lines) if w)


@cache
def reporting_verbs(lang: str, lexicon_dir: Path = LEXICON_DIR) -> frozenset[str]:
    """Single-word lemmas of ``reporting_verbs.<lang>.txt`` (``se dire`` counts as ``dire``)."""
    path = lexicon_dir / f"reporting_verbs.{lang}.txt"
    if not path.exists():
        return frozenset()
    verbs = set()
    for line in path.read_text(encoding="utf-8").splitlines():
        word = line.split("#", 1)[0].strip().lower()
        word = re.sub(r"^(?:se |s'|s’)", "", word)
        if word and " " not in word:
            verbs.add(word)
    return frozenset(verbs)


@cache
def multiword_verbs(lang: str, lexicon_dir: Path = LEXICON_DIR) -> tuple[tuple[str, str], ...]:
    """Two-word entries of the lexicon as (first words, last word)."""
    path = lexicon_dir / f"reporting_verbs.{lang}.txt"
    if not path.exists():
        return ()
    out = []
    for line in path.read_text(encoding="utf-8").splitlines():
        words = line.split("#", 1)[0].strip().lower().split()
        if len(words) >= 2 and words[0] not in ("se", "s'"):
            out.append((" ".join(words[:-1]), words[-1]))
    return tuple(out)


def find_quotes(text: str) -> list[Quote]:
    """Outermost quoted passages, in text order."""
    found = []
    for pattern in QUOTE_PATTERNS:
        for m in pattern.finditer(text):
            found.append(Quote(m.start(), m.end(), m.start(1), m.end(1)))
    found.sort(key=lambda q: (q.start, -q.end))
    outer: list[Quote] = []
    for q in found:
        if outer and q.start < outer[-1].end:
            continue  # nested inside (or overlapping) the previous one
        outer.append(q)
    return outer


def is_claim_quote(text: str) -> bool:
    """At least three words, and not a title (every word capitalised)."""
    words = re.findall(r"\w[\w'’-]*", text)
    if len(words) < MIN_QUOTE_WORDS:
        return False
    return not all(w[0].isupper() for w in words if len(w) > 3)
