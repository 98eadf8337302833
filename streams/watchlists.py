"""Watchlists: which articles raise alerts. Data in ``seeds/watchlists.jsonl``, one a line.

    {"name": "iran-israel", "severity": "high", "rule": {"all": ["Iran", "Israel"]}}

A rule combines conditions with ``any`` (at least one), ``all`` (every one) and ``none``
(not one); present keys are ANDed, and rules nest. A condition is:

* an actor, by catalogue name or QID: the article mentions it;
* ``{"actor": A, "role": "mentioned"|"speaker"|"subject", "min_mentions": N,
  "in_lead": true, "affiliates": true}``: A is mentioned (at least N times; in the title
  or first paragraph), is a claim's speaker, or is talked about inside a claim;
  ``affiliates`` lets a person count for the actor they are affiliated with on the
  article's date (Putin speaking counts for Russia);
* ``{"speaker": A, "about": B, "affiliates": true}``: A (or, with affiliates, someone
  affiliated with A) is the speaker of a claim that mentions B;
* a nested rule ``{"any"|"all"|"none": [...]}``.

Rule-level filters: ``"languages": ["fr", "en"]``, ``"sources": [...]``. A watchlist may
also set ``"topic"`` (default ``news.alerts.<name>``) and ``"rate_limit": {"max": N,
"per_seconds": S}``. Errors name the file, the line and what is wrong.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from streams.catalogue import Catalogue
from streams.jsonlines import read_jsonl

NAME = re.compile(r"^[a-z0-9][a-z0-9_-]*$")
SEVERITIES = ("low", "medium", "high", "critical")
ROLES = ("mentioned", "speaker", "subject")
BOOL_KEYS = ("any", "all", "none")
RULE_FILTERS = ("languages", "sources")


class WatchlistError(ValueError):
    """A watchlist file that cannot be used; names the file, line and problem."""


class Facts:
    """What a rule can ask of an EnrichedArticle, computed once per article."""

    def __init__(self, article: dict):
        self.article = article
        self.actors = {a["id"]: a for a in article["actors"]}
        self.claims = article["claims"]
        body = article["clean_body"]
        self.lead_end = body.find("\n\n") if "\n\n" in body else len(body)
        self.title = article.get("title") or ""

    def family(self, qid: str, affiliates: bool) -> set[str]:
        """The actor, plus with ``affiliates`` the people in the article affiliated to it."""
        ids = {qid}
        if affiliates:
            ids |= {a["id"] for a in self.actors.values()
                    if any(f["id"] == qid for f in a.get("affiliations", []))}
        return ids

    def mentions(self, ids: set[str]) -> list[dict]:
        return [m for q in ids if q in self.actors for m in self.actors[q]["mentions"]]

    def speaks(self, ids: set[str]) -> list[dict]:
        return [c for c in self.claims if c["speaker"].get("actor_id") in ids]

    def talked_about(self, ids: set[str], claims: list[dict] | None = None) -> bool:
        mentions = self.mentions(ids)
        return any(c["start"] <= m["start"] and m["end"] <= c["end"]
                   for c in (self.claims if claims is None else claims) for m in mentions)

    def in_lead(self, ids: set[str]) -> bool:
        mentions = self.mentions(ids)
        return (any(m["start"] < self.lead_end for m in mentions)
                or any(m["text"] in self.title for m in mentions))


Test = Callable[[Facts], bool]


@dataclass(frozen=True)
class Watchlist:
    name: str
    severity: str
    test: Test
    actors: frozenset[str]
    """Every actor the rule names (those found in an article are the alert's actors)."""
    topic: str | None = None
    rate_limit: tuple[int, float] | None = None
    filters: dict = field(default_factory=dict)

    def matches(self, article: dict, facts: Facts | None = None) -> bool:
        if self.filters.get("languages") and article["language"] not in self.filters["languages"]:
            return False
        if self.filters.get("sources") and article.get("source") not in self.filters["sources"]:
            return False
        return self.test(facts or Facts(article))


def load_watchlists(path: Path, catalogue: Catalogue) -> list[Watchlist]:
    """Read and check a watchlist file; raise ``WatchlistError`` at the first bad line."""
    path = Path(path)
    if not path.exists():
        raise WatchlistError(f"{path}: no such watchlist file")
    out = [_Parser(catalogue, where).watchlist(row)
           for where, row in read_jsonl(path, WatchlistError)]
    names = [w.name for w in out]
    dupes = sorted({n for n in names if names.count(n) > 1})
    if dupes:
        raise WatchlistError(f"{path}: watchlist names used twice: {', '.join(dupes)}")
    if not out:
        raise WatchlistError(f"{path}: no watchlist in the file")
    return out


class _Parser:
    def __init__(self, catalogue: Catalogue, where: str):
        self.catalogue = catalogue
        self.where = where
        self.actors: set[str] = set()

    def fail(self, message: str):
        raise WatchlistError(f"{self.where}: {message}")

    def watchlist(self, row: object) -> Watchlist:
        if not isinstance(row, dict):
            self.fail("a watchlist must be a JSON object")
        name = row.get("name")
        if not isinstance(name, str) or not NAME.match(name):
            self.fail("'name' must be lower-case letters, digits, - or _")
        severity = row.get("severity", "medium")
        if severity not in SEVERITIES:
            self.fail(f"'severity' must be one of {', '.join(SEVERITIES)}")
        unknown = set(row) - {"name", "severity", "rule", "topic", "rate_limit", "description"}
        if unknown:
            self.fail(f"unknown key(s) {sorted(unknown)}")
        rule = row.get("rule")
        if not isinstance(rule, dict) or not rule:
            self.fail("'rule' must be an object with any/all/none")
        filters = {k: rule[k] for k in RULE_FILTERS if k in rule}
        for key, values in filters.items():
            if not isinstance(values, list) or not all(isinstance(v, str) for v in values):
                self.fail(f"rule '{key}' must be a list of strings")
        test = self.boolean({k: v for k, v in rule.items() if k not in RULE_FILTERS}, "rule")
        topic = row.get("topic")
        if topic is not None and not isinstance(topic, str):
            self.fail("'topic' must be a string")
        return Watchlist(name, severity, test, frozenset(self.actors), topic,
                         self.rate_limit(row.get("rate_limit")), filters)

    def rate_limit(self, value) -> tuple[int, float] | None:
        if value is None:
            return None
        if (not isinstance(value, dict) or not isinstance(value.get("max"), int)
                or value["max"] < 1 or not isinstance(value.get("per_seconds"), int | float)
                or value["per_seconds"] <= 0):
            self.fail("'rate_limit' must be {\"max\": N >= 1, \"per_seconds\": S > 0}")
        return value["max"], float(value["per_seconds"])

    def boolean(self, rule: dict, where: str) -> Test:
        unknown = set(rule) - set(BOOL_KEYS)
        if unknown:
            self.fail(f"unknown key(s) {sorted(unknown)} in {where}; use any/all/none"
                      f" (and languages/sources at the top)")
        parts: list[Test] = []
        for key in BOOL_KEYS:
            if key not in rule:
                continue
            items = rule[key]
            if not isinstance(items, list) or not items:
                self.fail(f"'{key}' in {where} must be a non-empty list")
            tests = [self.condition(item, f"{where}.{key}[{i}]") for i, item in enumerate(items)]
            combine = {"any": any, "all": all, "none": lambda gen: not any(gen)}[key]
            parts.append(lambda facts, ts=tests, c=combine: c(t(facts) for t in ts))
        if not any(k in rule for k in ("any", "all")):
            self.fail(f"{where} needs 'any' or 'all' (a rule of 'none' alone matches everything)")
        return lambda facts: all(p(facts) for p in parts)

    def actor(self, value, where: str) -> str:
        if not isinstance(value, str):
            self.fail(f"{where}: an actor is a catalogue name or QID, got {value!r}")
        found = self.catalogue.find(value)
        if found is None:
            self.fail(f"unknown actor {value!r} in {where}")
        self.actors.add(found.id)
        return found.id

    def condition(self, item, where: str) -> Test:
        if isinstance(item, str):
            qid = self.actor(item, where)
            return lambda facts: bool(facts.mentions({qid}))
        if not isinstance(item, dict):
            self.fail(f"{where}: a condition is an actor, an object or a nested rule")
        if set(item) & set(BOOL_KEYS):
            return self.boolean(item, where)
        affiliates = item.get("affiliates", False)
        if not isinstance(affiliates, bool):
            self.fail(f"{where}: 'affiliates' must be true or false")
        if "speaker" in item:
            unknown = set(item) - {"speaker", "about", "affiliates"}
            if unknown:
                self.fail(f"{where}: unknown key(s) {sorted(unknown)}")
            speaker = self.actor(item["speaker"], f"{where}.speaker")
            about = self.actor(item["about"], f"{where}.about") if "about" in item else None

            def speaks(facts: Facts) -> bool:
                claims = facts.speaks(facts.family(speaker, affiliates))
                return bool(claims) if about is None else facts.talked_about({about}, claims)
            return speaks
        unknown = set(item) - {"actor", "role", "min_mentions", "in_lead", "affiliates"}
        if unknown:
            self.fail(f"{where}: unknown key(s) {sorted(unknown)}")
        qid = self.actor(item.get("actor"), f"{where}.actor")
        role = item.get("role", "mentioned")
        if role not in ROLES:
            self.fail(f"{where}: 'role' must be one of {', '.join(ROLES)}")
        least = item.get("min_mentions", 1)
        if not isinstance(least, int) or least < 1:
            self.fail(f"{where}: 'min_mentions' must be a whole number >= 1")
        lead = item.get("in_lead", False)

        def holds(facts: Facts) -> bool:
            ids = facts.family(qid, affiliates)
            if len(facts.mentions(ids)) < least or (lead and not facts.in_lead(ids)):
                return False
            if role == "speaker":
                return bool(facts.speaks(ids))
            if role == "subject":
                return facts.talked_about(ids)
            return True
        return holds
