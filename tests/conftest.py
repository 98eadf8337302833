"""Shared fixtures: settings pointing at the repository's seeds, and one Enricher per session."""

from __future__ import annotations

from pathlib import Path

import pytest

from streams.articles import read_articles
from streams.enrich import Enricher
from streams.settings import REPO_ROOT, Settings

SEED = REPO_ROOT / "seeds" / "000_bc7bfceb713a1ee6.txt"
SHARED = REPO_ROOT.parent / "shared"


@pytest.fixture(scope="session")
def settings() -> Settings:
    return Settings.from_env(environ={})


@pytest.fixture(scope="session")
def enricher(settings) -> Enricher:
    return Enricher.from_settings(settings)


@pytest.fixture(scope="session")
def seed_article() -> dict:
    return next(read_articles(str(SEED)))


@pytest.fixture(scope="session")
def seed_enriched(enricher, seed_article) -> dict:
    return enricher.enrich(seed_article)


def fixture_path(name: str) -> Path:
    return Path(__file__).parent / "fixtures" / name
