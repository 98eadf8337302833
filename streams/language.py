"""Language identification with py3langid, whose model ships inside the package.

French and English get the full pipeline; any other language is reported as detected
and gets the catalogue matcher only (``SUPPORTED``).
"""

from __future__ import annotations

from functools import cache

SUPPORTED = ("fr", "en")


@cache
def _identifier():
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)


def detect(text: str, hint: str | None = None) -> tuple[str, float]:
    """(ISO 639-1 code, confidence). A given ``hint`` (the article's own field) wins."""
    if hint:
        return hint.lower()[:2], 1.0
    sample = text[:2000]
    if not sample.strip():
        return "und", 0.0
    lang, prob = _identifier().classify(sample)
    return lang, float(prob)
