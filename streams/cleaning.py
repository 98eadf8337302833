"""Boilerplate removal: keep the story, drop teasers for other articles and page furniture.

Works line by line: a line that is wholly a teaser (``RELATED <outlet> - <headline>``,
``Lire aussi : ...``, ``Read more: ...``), a photo credit, a share prompt or a newsletter
call is removed and reported; everything else is kept verbatim, so the offsets of the
later stages refer to ``clean_body`` exactly.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

# (kind, pattern), each matched against a whole line. Only the upper-case wire marker
# RELATED is case-sensitive: "Related to this, ..." can open a real sentence.
BOILERPLATE: list[tuple[str, re.Pattern[str]]] = [("related", re.compile(r"^\s*RELATED\s.*$"))]
BOILERPLATE += [
    (kind, re.compile(pattern, re.IGNORECASE))
    for kind, pattern in [
        ("related", r"^\s*(?:[àa] lire (?:aussi|également)|lire (?:aussi|également)|voir aussi"
                    r"|read (?:more|also)|see also|related(?: article| story)?)\s*[:>\-–—].*$"),
        ("related", r"^\s*(?:[àa] lire (?:aussi|également)|lire (?:aussi|également)|read more"
                    r"|see also)\s*$"),
        ("credit", r"^\s*(?:photo|crédit photo|credit|image|picture)\s*[:©].{0,120}$"),
        ("credit", r"^\s*©.{0,120}$"),
        ("share", r"^\s*(?:partager|share)(?: (?:cet article|this article|on \w+))?\s*[:!]?\s*$"),
        ("newsletter", r"^\s*(?:abonnez-vous|inscrivez-vous|sign up|subscribe)\b.{0,100}"
                       r"(?:newsletter|lettre d'information|infolettre|alerts?)\b.{0,60}$"),
    ]
]


@dataclass
class Cleaned:
    text: str
    removed: list[dict] = field(default_factory=list)


def clean_body(body: str) -> Cleaned:
    """Return the body without boilerplate lines, and what was removed (kind, text)."""
    kept: list[str] = []
    removed: list[dict] = []
    for line in body.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        kind = _boilerplate_kind(line)
        if kind:
            removed.append({"kind": kind, "text": line.strip()})
        else:
            kept.append(line.rstrip())
    text = re.sub(r"\n{3,}", "\n\n", "\n".join(kept)).strip()
    return Cleaned(text, removed)


def _boilerplate_kind(line: str) -> str | None:
    if not line.strip() or len(line) > 400:
        return None
    for kind, pattern in BOILERPLATE:
        if pattern.match(line):
            return kind
    return None
