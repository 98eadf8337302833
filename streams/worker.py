"""``newswatch worker``: create the topics, load the models, then run the Faust worker."""

from __future__ import annotations

import asyncio
import logging

import faust

from streams import metrics
from streams.app import create_app
from streams.enrich import Enricher
from streams.settings import Settings
from streams.topics import ensure_topics, topic_names
from streams.watchlists import load_watchlists

log = logging.getLogger("newswatch")


def run_worker(settings: Settings) -> int:
    """Blocks until the worker is stopped (SIGINT/SIGTERM); returns its exit code."""
    enricher = Enricher.from_settings(settings)
    watchlists = load_watchlists(settings.watchlists, enricher.catalogue)  # fail before start
    names = topic_names(settings, watchlists)
    created = asyncio.run(ensure_topics(settings, names))
    if created:
        log.info("created topics: %s", ", ".join(created))
    for lang in ("fr", "en"):
        enricher.models.get(lang)
        metrics.MODEL_LOAD.labels(lang).set(enricher.models.load_seconds[lang])
    metrics.set_build_info(settings.kafka_version if settings.uses_local_kafka else "external",
                           enricher.models.version("fr"), enricher.models.version("en"))
    app = create_app(settings, enricher, watchlists)
    log.info("worker web server (metrics) on http://%s:%s/metrics",
             settings.web_host, settings.web_port)
    worker = faust.Worker(app, loglevel=settings.log_level)
    worker.execute_from_commandline()
    return 0
