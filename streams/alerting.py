"""Watchlists (data in ``seeds/watchlists.jsonl``) and the alert stage: EnrichedArticle -> Alerts.

One watchlist a line, so that an error can name its line:

    {"name": "iran-israel", "severity": "high", "rule": {"any": ["Iran", "Israel"]}}

``rule`` takes ``any`` (at least one of), ``all`` (every one of) and ``none`` (none of),
each a list of catalogue names or QIDs; they combine with AND. The alert names every
watched actor the article mentions. Alert ids are deterministic (article id + watchlist),
so a redelivered article yields the same alert id.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from pathlib import Path

import orjson

from streams.articles import now_iso
from streams.catalogue import Catalogue

NAME = re.compile(r"^[a-z0-9][a-z0-9_-]*$")
SEVERITIES = ("low", "medium", "high", "critical")
RULE_KEYS = ("any", "all", "none")
MAX_EVIDENCE = 5


class WatchlistError(ValueError):
    """A watchlist file that cannot be used; names the file, line and problem."""


@dataclass(frozen=True)
class Watchlist:
    name: str
    severity: str
    any_of: frozenset[str]
    all_of: frozenset[str]
    none_of: frozenset[str]
    topic: str | None = None

    @property
    def watched(self) -> frozenset[str]:
        return self.any_of | self.all_of

    def matches(self, present: set[str]) -> bool:
        if self.any_of and not self.any_of & present:
            return False
        if not self.all_of <= present:
            return False
        return not self.none_of & present


def load_watchlists(path: Path, catalogue: Catalogue) -> list[Watchlist]:
    """Read and check a watchlist file; raise ``WatchlistError`` at the first bad line."""
    path = Path(path)
    if not path.exists():
        raise WatchlistError(f"{path}: no such watchlist file")
    out: list[Watchlist] = []
    for lineno, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        where = f"{path}:{lineno}"
        try:
            row = orjson.loads(line)
        except orjson.JSONDecodeError as exc:
            raise WatchlistError(f"{where}: invalid JSON: {exc}") from None
        out.append(_parse(row, where, catalogue))
    names = [w.name for w in out]
    dupes = {n for n in names if names.count(n) > 1}
    if dupes:
        raise WatchlistError(f"{path}: watchlist names used twice: {', '.join(sorted(dupes))}")
    if not out:
        raise WatchlistError(f"{path}: no watchlist in the file")
    return out


def _parse(row: object, where: str, catalogue: Catalogue) -> Watchlist:
    if not isinstance(row, dict):
        raise WatchlistError(f"{where}: a watchlist must be a JSON object")
    name = row.get("name")
    if not isinstance(name, str) or not NAME.match(name):
        raise WatchlistError(f"{where}: 'name' must be lower-case letters, digits, - or _")
    severity = row.get("severity", "medium")
    if severity not in SEVERITIES:
        raise WatchlistError(f"{where}: 'severity' must be one of {', '.join(SEVERITIES)}")
    rule = row.get("rule")
    if not isinstance(rule, dict) or not rule:
        raise WatchlistError(f"{where}: 'rule' must be an object with any/all/none")
    unknown = set(rule) - set(RULE_KEYS)
    if unknown:
        raise WatchlistError(f"{where}: unknown rule key(s) {sorted(unknown)}; use any/all/none")
    sets = {}
    for key in RULE_KEYS:
        items = rule.get(key, [])
        if not isinstance(items, list) or not all(isinstance(i, str) for i in items):
            raise WatchlistError(f"{where}: rule '{key}' must be a list of actor names or QIDs")
        ids = set()
        for item in items:
            actor = catalogue.find(item)
            if actor is None:
                raise WatchlistError(f"{where}: unknown actor {item!r} in rule '{key}'")
            ids.add(actor.id)
        sets[key] = frozenset(ids)
    if not sets["any"] and not sets["all"]:
        raise WatchlistError(f"{where}: the rule needs 'any' or 'all' actors")
    topic = row.get("topic")
    if topic is not None and not isinstance(topic, str):
        raise WatchlistError(f"{where}: 'topic' must be a string")
    return Watchlist(name, severity, sets["any"], sets["all"], sets["none"], topic)


def alert_id(article_id: str, watchlist: str) -> str:
    return hashlib.sha256(f"{article_id}\x1f{watchlist}".encode()).hexdigest()[:24]


def story_id(enriched: dict) -> str:
    """Same text (case, spacing and punctuation aside) from two feeds, same story."""
    words = re.findall(r"\w+", enriched["clean_body"].casefold())[:200]
    return "s-" + hashlib.sha256(" ".join(words).encode()).hexdigest()[:16]


def match_alerts(enriched: dict, watchlists: list[Watchlist]) -> list[dict]:
    """Every Alert that ``enriched`` raises, one per matching watchlist."""
    actors = {a["id"]: a for a in enriched["actors"]}
    present = set(actors)
    alerts = []
    for wl in watchlists:
        if not wl.matches(present):
            continue
        matched = [actors[q] for q in sorted(wl.watched & present)]
        alerts.append({
            "id": alert_id(enriched["id"], wl.name),
            "watchlist": wl.name,
            "severity": wl.severity,
            "actors": [_actor_summary(a, enriched["claims"]) for a in matched],
            "article_id": enriched["id"],
            "title": enriched.get("title"),
            "url": enriched.get("url"),
            "source": enriched.get("source"),
            "language": enriched["language"],
            "published_at": enriched.get("published_at"),
            "evidence": _evidence(enriched, matched),
            "story_id": story_id(enriched),
            "created_at": now_iso(),
        })
    return alerts


def _actor_summary(actor: dict, claims: list[dict]) -> dict:
    roles = ["mentioned"]
    if any(c["speaker"].get("actor_id") == actor["id"] for c in claims):
        roles.append("speaker")
    if any(_within(m, c) for c in claims for m in actor["mentions"]):
        roles.append("subject")
    return {"id": actor["id"], "name": actor["name"], "mentions": len(actor["mentions"]),
            "roles": roles}


def _within(mention: dict, claim: dict) -> bool:
    return claim["start"] <= mention["start"] and mention["end"] <= claim["end"]


def _evidence(enriched: dict, matched: list[dict]) -> list[dict]:
    """Claims about or by the matched actors first, then sentences naming them."""
    ids = {a["id"] for a in matched}
    mentions = [m for a in matched for m in a["mentions"]]
    evidence = []
    for c in enriched["claims"]:
        if c["speaker"].get("actor_id") in ids or any(_within(m, c) for m in mentions):
            evidence.append({"kind": "claim", "text": c["text"], "start": c["start"],
                             "end": c["end"], "speaker": c["speaker"].get("name")})
    text = enriched["clean_body"]
    seen = set()
    for m in sorted(mentions, key=lambda m: m["start"]):
        start, end = _sentence(text, m["start"])
        if (start, end) in seen or any(e["start"] <= start and end <= e["end"] for e in evidence):
            continue
        seen.add((start, end))
        evidence.append({"kind": "sentence", "text": text[start:end], "start": start, "end": end})
    return evidence[:MAX_EVIDENCE]


def _sentence(text: str, pos: int) -> tuple[int, int]:
    starts = [m.end() for m in re.finditer(r"[.!?»]\s+|\n+", text[:pos])]
    start = starts[-1] if starts else 0
    m = re.search(r"[.!?](?=\s|$)|\n", text[pos:])
    end = pos + m.end() if m else len(text)
    return start, end
