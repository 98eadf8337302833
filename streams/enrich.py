"""The enrich stage: RawArticle -> EnrichedArticle, for a batch at a time.

clean-up -> language -> spaCy (``nlp.pipe`` per language over the batch) -> actors ->
claims. Pure: no Faust, no Kafka; the worker, ``newswatch analyze`` and the benchmarks
all call ``Enricher.enrich_batch``.
"""

from __future__ import annotations

import time
from collections import defaultdict
from collections.abc import Sequence

from streams.articles import now_iso
from streams.catalogue import Catalogue
from streams.claims import extract_claims
from streams.cleaning import Cleaned, clean_body
from streams.language import SUPPORTED, detect
from streams.nlp import Models
from streams.settings import Settings


class Enricher:
    """Holds the models and the catalogue; one per process."""

    def __init__(self, models: Models, catalogue: Catalogue):
        self.models = models
        self.catalogue = catalogue

    @classmethod
    def from_settings(cls, settings: Settings) -> Enricher:
        return cls(Models.from_settings(settings), Catalogue.load(settings.catalogue))

    def enrich(self, raw: dict, lang: str | None = None) -> dict:
        return self.enrich_batch([raw], lang=lang)[0]

    def enrich_batch(self, raws: Sequence[dict], lang: str | None = None,
                     clean: bool = True) -> list[dict]:
        """Enrich articles in order. ``lang`` forces a language (else detected per article).

        ``clean=False`` keeps the body as it is (evaluation against gold offsets).
        """
        out: list[dict] = [{} for _ in raws]
        groups: dict[str, list[int]] = defaultdict(list)
        prepared = []
        for i, raw in enumerate(raws):
            t0 = time.perf_counter()
            cleaned = clean_body(raw["body"]) if clean else Cleaned(raw["body"])
            t1 = time.perf_counter()
            code, confidence = detect(cleaned.text, lang or raw.get("language"))
            t2 = time.perf_counter()
            prepared.append((cleaned, code, confidence))
            out[i] = {"clean": (t1 - t0) * 1000, "language": (t2 - t1) * 1000}
            # unsupported languages go through the French pipeline's tokenizer only
            groups[code if code in SUPPORTED else "other"].append(i)
        results: list[dict] = [{} for _ in raws]
        for group, indexes in groups.items():
            nlp = self.models.get(group if group in SUPPORTED else "fr")
            texts = [prepared[i][0].text for i in indexes]
            t0 = time.perf_counter()
            docs = list(nlp.pipe(texts)) if group in SUPPORTED else [nlp.make_doc(t) for t in texts]
            per_doc_ms = (time.perf_counter() - t0) * 1000 / max(len(texts), 1)
            for i, doc in zip(indexes, docs, strict=True):
                timings = {**out[i], "nlp": per_doc_ms}
                results[i] = self._finish(raws[i], prepared[i], doc, nlp, group, timings)
        return results

    def _finish(self, raw, prepared, doc, nlp, group, timings) -> dict:
        cleaned, code, confidence = prepared
        t0 = time.perf_counter()
        actors = self.catalogue.resolve(doc, nlp, raw.get("published_at"))
        t1 = time.perf_counter()
        mentions = [
            (m["start"], m["end"], a["id"], a["kind"]) for a in actors for m in a["mentions"]
        ]
        claims = extract_claims(doc, code, mentions) if group in SUPPORTED else []
        t2 = time.perf_counter()
        timings.update(actors=(t1 - t0) * 1000, claims=(t2 - t1) * 1000)
        removed = []
        for item in cleaned.removed:
            teaser_doc = nlp.make_doc(item["text"])
            named = self.catalogue.resolve(teaser_doc, nlp) if item["kind"] == "related" else []
            removed.append({**item, "actors": [{"id": a["id"], "name": a["name"]} for a in named]})
        return {
            **raw,
            "language": code,
            "language_confidence": round(confidence, 3),
            "language_supported": group in SUPPORTED,
            "clean_body": cleaned.text,
            "removed": removed,
            "entities": [
                {"text": e.text, "label": e.label_, "start": e.start_char, "end": e.end_char}
                for e in doc.ents
            ],
            "actors": actors,
            "claims": claims,
            "stage_timings_ms": {k: round(v, 3) for k, v in timings.items()},
            "enriched_at": now_iso(),
        }
