"""The alert stage: an EnrichedArticle and the watchlists -> Alerts with evidence.

Alert ids are deterministic (article id + watchlist), so a redelivered article yields
the same alert id. ``story_id`` here is a provisional fingerprint of the text; the story
stage (``streams.stories``) replaces it with the id of the story the article joins.
"""

from __future__ import annotations

import hashlib
import re

from streams.articles import now_iso
from streams.watchlists import Facts, Watchlist

MAX_EVIDENCE = 5


def alert_id(article_id: str, watchlist: str) -> str:
    return hashlib.sha256(f"{article_id}\x1f{watchlist}".encode()).hexdigest()[:24]


def story_id(enriched: dict) -> str:
    """Same text (case, spacing and punctuation aside) from two feeds, same story."""
    words = re.findall(r"\w+", enriched["clean_body"].casefold())[:200]
    return "s-" + hashlib.sha256(" ".join(words).encode()).hexdigest()[:16]


def match_alerts(enriched: dict, watchlists: list[Watchlist]) -> list[dict]:
    """Every Alert that ``enriched`` raises, one per matching watchlist."""
    facts = Facts(enriched)
    actors = facts.actors
    story = story_id(enriched)
    alerts = []
    for wl in watchlists:
        if not wl.matches(enriched, facts):
            continue
        named = {q for q in wl.actors if q in actors}
        named |= {q for q, a in actors.items()
                  if any(f["id"] in wl.actors for f in a.get("affiliations", []))}
        matched = [actors[q] for q in sorted(named)]
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
            "ingested_at": enriched.get("fetched_at"),
            "evidence": _evidence(enriched, matched),
            "story_id": story,
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
