"""Claim extraction scored on PolNeAR (real 2016 US political news, gold attributions).

Matching rule, kept simple on purpose:

* a predicted claim **matches** a gold attribution when their character spans overlap
  by at least half of the shorter of the two (predicted claim text vs. gold Content);
  pairs are made greedily, largest overlap first, one-to-one;
* **precision** = matched predictions / all predictions (a prediction may match any gold
  attribution, speech or not);
* **recall** = matched gold *speech* attributions / all gold speech attributions: an
  attribution counts as speech when a word of its cue is one of our reporting verbs
  (lemmatised) or the cue is "according to" — PolNeAR also annotates non-speech
  attributions ("backs", "showed", "wants") that a quote extractor does not aim at;
* **speaker accuracy**, over matched pairs whose gold attribution has a Source: correct
  when the predicted speaker's name shares a content word with the gold Source text, or
  when the gold Source is a pronoun and the prediction carried the speaker over from a
  pronoun (PolNeAR has no coreference gold to check the referent; that case is counted
  separately in the report).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

PRONOUNS = {"he", "she", "they", "it", "i", "we", "you", "him", "her", "them"}
# words two speaker names may share without naming the same speaker
STOP = {"the", "a", "an", "of", "mr", "mrs", "ms", "dr", "said", "and", "in", "on", "at",
        "le", "la", "les", "de", "du", "des", "l", "d", "un", "une", "et"}


@dataclass
class GoldAttribution:
    cue: str
    content: list[tuple[int, int]]
    source: str | None
    speech: bool = False


@dataclass
class Score:
    predicted: int = 0
    matched_predictions: int = 0
    gold_speech: int = 0
    matched_speech: int = 0
    speaker_pairs: int = 0
    speaker_correct: int = 0
    speaker_pronoun_credit: int = 0

    @property
    def precision(self) -> float:
        return self.matched_predictions / self.predicted if self.predicted else 0.0

    @property
    def recall(self) -> float:
        return self.matched_speech / self.gold_speech if self.gold_speech else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    @property
    def speaker_accuracy(self) -> float:
        return self.speaker_correct / self.speaker_pairs if self.speaker_pairs else 0.0


def read_ann(path: Path) -> list[GoldAttribution]:
    spans: dict[str, tuple[str, list[tuple[int, int]], str]] = {}
    events = []
    for line in path.read_text(encoding="utf-8").splitlines():
        parts = line.split("\t")
        if line.startswith("T") and len(parts) >= 3:
            kind, _, offsets = parts[1].partition(" ")
            ranges = [tuple(map(int, r.split())) for r in offsets.split(";")]
            spans[parts[0]] = (kind, ranges, parts[2])
        elif line.startswith("E") and len(parts) >= 2:
            events.append(dict(role.split(":", 1) for role in parts[1].split()))
    out = []
    for event in events:
        cue = spans.get(event.get("Cue", ""), ("", [], ""))[2]
        content = spans.get(event.get("Content", ""))
        if content is None:
            continue
        source = spans.get(event.get("Source", ""))
        out.append(GoldAttribution(cue, content[1], source[2] if source else None))
    return out


def is_speech(cue: str, lemmas: list[str], verbs: frozenset[str]) -> bool:
    return "according to" in cue.lower() or any(lemma in verbs for lemma in lemmas)


def _overlap(a: tuple[int, int], spans: list[tuple[int, int]]) -> tuple[int, int]:
    """(overlap, gold length) of span ``a`` with a possibly discontinuous gold span."""
    total = sum(e - s for s, e in spans)
    inter = sum(max(0, min(a[1], e) - max(a[0], s)) for s, e in spans)
    return inter, total


def _words(text: str | None) -> set[str]:
    """Content words of a speaker's name (any script, lower case)."""
    return {w for w in re.findall(r"[^\W\d_]+", (text or "").lower()) if w not in STOP}


def score_document(claims: list[dict], gold: list[GoldAttribution], score: Score) -> None:
    pairs = []
    for i, claim in enumerate(claims):
        span = (claim["start"], claim["end"])
        for j, attribution in enumerate(gold):
            inter, gold_len = _overlap(span, attribution.content)
            shorter = min(span[1] - span[0], gold_len) or 1
            if inter / shorter >= 0.5:
                pairs.append((inter, i, j))
    used_c, used_g, matched = set(), set(), []
    for _inter, i, j in sorted(pairs, reverse=True):
        if i not in used_c and j not in used_g:
            used_c.add(i)
            used_g.add(j)
            matched.append((claims[i], gold[j]))
    score.predicted += len(claims)
    score.matched_predictions += len(matched)
    score.gold_speech += sum(g.speech for g in gold)
    score.matched_speech += sum(g.speech for _, g in matched)
    for claim, attribution in matched:
        if not attribution.source:
            continue
        score.speaker_pairs += 1
        speaker = claim["speaker"]
        if _words(speaker.get("name")) & _words(attribution.source):
            score.speaker_correct += 1
        elif (attribution.source.strip().lower() in PRONOUNS
              and speaker.get("resolved_from") in ("pronoun", "continuation")):
            score.speaker_correct += 1
            score.speaker_pronoun_credit += 1


@dataclass
class GoldScore:
    """Actors (micro P/R/F1 over passage x QID), claims (P/R/F1), speaker accuracy."""

    actor_tp: int = 0
    actor_fp: int = 0
    actor_fn: int = 0
    claims: Score = field(default_factory=Score)
    errors: list = field(default_factory=list)

    @property
    def actor_prf(self) -> tuple[float, float, float]:
        p = self.actor_tp / max(self.actor_tp + self.actor_fp, 1)
        r = self.actor_tp / max(self.actor_tp + self.actor_fn, 1)
        return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def score_gold_passage(passage: dict, enriched: dict, score: GoldScore) -> None:
    """Score one gold passage (tests/gold/*.jsonl) against its enrichment.

    Claims match as on PolNeAR (half of the shorter span); every gold claim counts for
    recall. A speaker is right when its actor id equals the gold ``speaker_actor``, or,
    when the gold has no actor, when the names share a content word.
    """
    predicted = {a["id"] for a in enriched["actors"]}
    gold = set(passage["actors"])
    score.actor_tp += len(predicted & gold)
    score.actor_fp += len(predicted - gold)
    score.actor_fn += len(gold - predicted)
    if predicted != gold:
        score.errors.append((passage["id"], "actors", sorted(predicted - gold),
                             sorted(gold - predicted)))
    text = passage["text"]
    gold_claims = []
    for claim in passage["claims"]:
        start = text.index(claim["text"])
        gold_claims.append((claim, (start, start + len(claim["text"]))))
    pairs = []
    for i, c in enumerate(enriched["claims"]):
        for j, (_, (s, e)) in enumerate(gold_claims):
            inter = max(0, min(c["end"], e) - max(c["start"], s))
            if inter / max(min(c["end"] - c["start"], e - s), 1) >= 0.5:
                pairs.append((inter, i, j))
    used_c, used_g = set(), set()
    for _inter, i, j in sorted(pairs, reverse=True):
        if i in used_c or j in used_g:
            continue
        used_c.add(i)
        used_g.add(j)
        gold_claim, predicted_speaker = gold_claims[j][0], enriched["claims"][i]["speaker"]
        if gold_claim["speaker"] is None:
            continue
        score.claims.speaker_pairs += 1
        if gold_claim["speaker_actor"]:
            right = predicted_speaker.get("actor_id") == gold_claim["speaker_actor"]
        else:
            right = bool(_words(predicted_speaker.get("name")) & _words(gold_claim["speaker"]))
        score.claims.speaker_correct += right
        if not right:
            score.errors.append((passage["id"], "speaker", predicted_speaker.get("name"),
                                 gold_claim["speaker"]))
    score.claims.predicted += len(enriched["claims"])
    score.claims.matched_predictions += len(used_c)
    score.claims.gold_speech += len(gold_claims)
    score.claims.matched_speech += len(used_g)
    if len(used_c) != len(enriched["claims"]) or len(used_g) != len(gold_claims):
        score.errors.append((passage["id"], "claims",
                             [c["text"][:60] for k, c in enumerate(enriched["claims"])
                              if k not in used_c],
                             [g[0]["text"][:60] for k, g in enumerate(gold_claims)
                              if k not in used_g]))

