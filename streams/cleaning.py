"""Boilerplate removal: keep the story, drop teasers for other articles and page furniture.

Works line by line: a line that is wholly a teaser (``RELATED <outlet> - <headline>``,
``Lire aussi : ...``, ``Read more: ...``), a photo credit, a share prompt or a newsletter
call is removed and reported; so are bylines, reporting credits, time stamps and "follow us"
prompts, but only among the first and last lines of a story, where they sit, or two in a row
(elsewhere a single line of that shape, "By Tuesday, Iran had agreed.", is story text).
Everything else is kept verbatim, so the offsets of the later stages refer to
``clean_body`` exactly.
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


# Names in bylines: capitalised words with their particles, never a day or a month
# ("By Monday, ..." opens a sentence).
_CAP = r"[A-ZÀ-ÖØ-Þ][\w'’.\-]*"
_PART = r"(?:de|du|des|da|di|dos|van|von|der|den|al|el|ben|bin|ibn|le|la|d'|d’)"
_CALENDAR = (r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|January|February|"
             r"March|April|May|June|July|August|September|October|November|December|Lundi|"
             r"Mardi|Mercredi|Jeudi|Vendredi|Samedi|Dimanche|Janvier|Février|Mars|Avril|Mai|"
             r"Juin|Juillet|Août|Septembre|Octobre|Novembre|Décembre)\b")
_NAME = rf"(?!{_CALENDAR}){_CAP}(?:[ \t]+(?:{_PART}[ \t]+)?{_CAP}){{0,4}}"
_NAMES = rf"{_NAME}(?:[ \t]*(?:,|and|et|&)[ \t]*{_NAME}){{0,3}}"
_ROLES = (r"(?i:correspondent|reporter|staff writer|writer|editor|columnist|economist|journaliste"
          r"|correspondant|correspondante|envoyé spécial|envoyée spéciale|rédacteur|rédactrice"
          r"|chroniqueur|chroniqueuse)")
_AGENCIES = r"(?:AFP|Reuters|AP|Belga|ATS|ANSA|DPA|Anadolu|APS|MAP)"
EDGE_LINES = 3
# (kind, pattern) that only apply to the first and last EDGE_LINES non-empty lines.
AT_THE_EDGES: list[tuple[str, re.Pattern[str]]] = [
    (kind, re.compile(pattern)) for kind, pattern in [
        ("byline", rf"^\s*(?i:by|par|written by|écrit par|propos recueillis par|texte)\s+"
                   rf"{_NAMES}\s*(?:[|,–—-]\s*{_CAP}(?:[ \t]+{_CAP}){{0,3}}\s*)*\|?\s*"
                   rf"(?:\((?i:avec|with)\s[^)]{{1,30}}\))?\s*\.?\s*$"),
        ("byline", rf"^\s*(?i:by|par)\s+{_NAMES}\s*,\s*[^.!?]{{0,60}}\b{_ROLES}\b"
                   rf"[^!?]{{0,100}}$"),
        # without "By": no second comma ("Vann Newkirk, a writer for X, said ..." is a story)
        ("byline", rf"^\s*{_NAMES}\s*,\s*[^,.!?]{{0,60}}\b{_ROLES}\b[^,!?]{{0,60}}$"),
        ("byline", rf"^\s*\(?(?i:avec)\s+(?:l'|l’)?{_AGENCIES}\)?\s*\.?\s*$"),
        ("byline", rf"^\s*(?i:(?:additional )?reporting|writing|editing|compiled|contributing"
                   rf"|with reporting)(?i: by)?\s*[:;]?\s*{_CAP}.{{0,200}}$"),
        ("byline", rf"^\s*{_NAMES}\s+(?i:contributed)\b[^!?]{{0,80}}$"),
        ("credit", r"^\s*(?i:source|sources)\s*:\s*[^.!?]{1,60}$"),
        ("dateline", r"^\s*(?i:publié|mis à jour|modifié|updated|published|last updated|posted)"
                     r"\b\s*(?i:le|on|at)?\s*:?\s*[^.!?]{0,50}\d(?:[^.!?]|\.(?=\d)){0,40}$"),
        ("share", r"^\s*(?i:follow|suivez)(?i:-nous| us)?\b[^.!?]{0,80}\b(?i:facebook|twitter"
                  r"|instagram|youtube|linkedin|tiktok|telegram|whatsapp|threads|bluesky)\b"
                  r"[^!?]{0,80}$"),
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
    lines = body.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    filled = [i for i, line in enumerate(lines) if line.strip()]
    edges = set(filled[:EDGE_LINES] + filled[-EDGE_LINES:])
    # a byline next to a time stamp is page furniture wherever it sits
    rank = {i: n for n, i in enumerate(filled)}
    meta = [i for i in filled if _boilerplate_kind(lines[i], AT_THE_EDGES)]
    for a, b in zip(meta, meta[1:], strict=False):
        if rank[b] == rank[a] + 1:
            edges |= {a, b}
    for i, line in enumerate(lines):
        kind = _boilerplate_kind(line, BOILERPLATE + (AT_THE_EDGES if i in edges else []))
        if kind:
            removed.append({"kind": kind, "text": line.strip()})
        else:
            kept.append(line.rstrip())
    text = re.sub(r"\n{3,}", "\n\n", "\n".join(kept)).strip()
    return Cleaned(text, removed)


def _boilerplate_kind(line: str, patterns: list[tuple[str, re.Pattern[str]]]) -> str | None:
    if not line.strip() or len(line) > 400:
        return None
    for kind, pattern in patterns:
        if pattern.match(line):
            return kind
    return None
