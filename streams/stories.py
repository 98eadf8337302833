"""One alert per story: near-duplicate detection and rate limits (pure; no Faust, no Kafka).

The same wire story runs on many sites, lightly edited. Each article gets a MinHash
signature (datasketch) of its word 3-shingles; locality-sensitive hashing over
``BANDS`` bands of ``ROWS`` rows finds earlier stories that share a band, and the
estimated Jaccard similarity (at least ``SIMILAR``) confirms them. A story seen again
within the window updates its record (sources, articles) instead of raising alerts
again; past the window it counts as new.

``StoryBook`` works on any mutable mappings: plain dicts in ``newswatch replay`` and the
tests, Faust tables with changelogs in the worker (so the state survives restarts).
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import MutableMapping
from dataclasses import dataclass

from datasketch import MinHash

NUM_PERM = 64
BANDS, ROWS = 16, 4  # P(candidate) ~ 0.89 at Jaccard 0.6, ~1.0 at 0.8
SHINGLE = 3
SIMILAR = 0.5
MAX_KEPT = 50  # articles and sources remembered per story


def signature(text: str) -> list[int]:
    """MinHash of the text's word 3-shingles (case and punctuation ignored)."""
    words = re.findall(r"\w+", text.casefold())
    shingles = {" ".join(words[i:i + SHINGLE]) for i in range(max(len(words) - SHINGLE + 1, 1))}
    mh = MinHash(num_perm=NUM_PERM, seed=7)
    mh.update_batch([s.encode() for s in shingles])
    return [int(v) for v in mh.hashvalues]


def alert_candidate(article: dict, alerts: list[dict]) -> dict:
    """The message from the alert stage to the story stage (schema AlertCandidate)."""
    return {
        "article": {k: article.get(k) for k in ("id", "source", "title", "fetched_at")},
        "alerts": alerts,
        "signature": signature(f"{article.get('title') or ''}\n{article['clean_body']}")
        if alerts else [],
    }


def band_keys(sig: list[int]) -> list[str]:
    return [
        f"{b}:" + hashlib.blake2b(
            ",".join(map(str, sig[b * ROWS:(b + 1) * ROWS])).encode(), digest_size=8
        ).hexdigest()
        for b in range(BANDS)
    ]


def similarity(a: list[int], b: list[int]) -> float:
    """Estimated Jaccard similarity of two signatures."""
    return sum(x == y for x, y in zip(a, b, strict=True)) / len(a)


@dataclass
class Decision:
    story_id: str
    new_story: bool
    publish: list[dict]
    suppressed: list[tuple[dict, str]]  # (alert, reason): duplicate_story | rate_limit


class StoryBook:
    """Stories, their LSH bands, and per-watchlist rate-limit windows."""

    def __init__(self, stories: MutableMapping, bands: MutableMapping, rates: MutableMapping,
                 window_seconds: float):
        self.stories = stories  # story id -> record
        self.bands = bands  # band key -> story id
        self.rates = rates  # watchlist -> [publish times]
        self.window = window_seconds

    def find(self, sig: list[int], now: float) -> str | None:
        best, best_sim = None, SIMILAR
        for key in band_keys(sig):
            sid = self.bands.get(key)
            story = self.stories.get(sid) if sid else None
            if not story or now - story["last_seen"] > self.window:
                continue
            sim = similarity(sig, story["signature"])
            if sim >= best_sim:
                best, best_sim = sid, sim
        return best

    def decide(self, article: dict, alerts: list[dict], sig: list[int], now: float,
               limits: dict[str, tuple[int, float] | None]) -> Decision:
        """Which alerts to publish for ``article``, and update the story it joins."""
        sid = self.find(sig, now)
        new = sid is None
        story = dict(self.stories[sid]) if sid else {
            "story_id": f"s-{hashlib.sha256(article['id'].encode()).hexdigest()[:16]}",
            "first_seen": now, "signature": sig, "articles": [], "sources": [], "alerted": {},
        }
        sid = story["story_id"]
        publish, suppressed = [], []
        alerted = dict(story["alerted"])
        for alert in alerts:
            alert = {**alert, "story_id": sid}
            watchlist = alert["watchlist"]
            if watchlist in alerted:
                suppressed.append((alert, "duplicate_story"))
            elif not self._within_rate(watchlist, limits.get(watchlist), now):
                suppressed.append((alert, "rate_limit"))
            else:
                alerted[watchlist] = alert["id"]
                publish.append(alert)
        story.update(
            last_seen=now, alerted=alerted,
            articles=_append(story["articles"], article["id"]),
            sources=_append(story["sources"], article.get("source") or "unknown"),
        )
        self.stories[sid] = story
        for key in band_keys(sig):
            self.bands[key] = sid
        return Decision(sid, new, publish, suppressed)

    def _within_rate(self, watchlist: str, limit: tuple[int, float] | None, now: float) -> bool:
        if limit is None:
            return True
        most, per = limit
        recent = [t for t in self.rates.get(watchlist, []) if now - t < per]
        if len(recent) >= most:
            self.rates[watchlist] = recent
            return False
        self.rates[watchlist] = [*recent, now]
        return True


def _append(items: list, item) -> list:
    return items if item in items else [*items, item][-MAX_KEPT:]
