"""Prometheus metrics of newswatch (``newswatch_`` prefix), served at ``/metrics``.

Labels stay low-cardinality: stages, outcomes, reasons and watchlist names are small
fixed sets; no article ids or free text ever become labels.
"""

from __future__ import annotations

from prometheus_client import Counter, Gauge, Histogram

from streams import __version__

MS_BUCKETS = (0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30)

ARTICLES = Counter(
    "newswatch_articles", "Articles handled per stage and outcome (ok, deadletter).",
    ["stage", "outcome"],
)
STAGE_LATENCY = Histogram(
    "newswatch_stage_latency_seconds",
    "Time spent per article in each step (clean, language, nlp, actors, claims, alert).",
    ["stage"], buckets=MS_BUCKETS,
)
ALERTS = Counter("newswatch_alerts", "Alerts published per watchlist.", ["watchlist"])
ALERT_ACTORS = Counter(
    "newswatch_alert_actors",
    "Actors named by published alerts (actor = Wikidata QID, bounded by the catalogue).",
    ["watchlist", "actor"],
)
SUPPRESSED = Counter(
    "newswatch_alerts_suppressed",
    "Alerts not published: duplicate_story (the story already alerted) or rate_limit.",
    ["watchlist", "reason"],
)
END_TO_END = Histogram(
    "newswatch_end_to_end_latency_seconds",
    "From an article's fetched_at (ingestion) to its alert being published.",
    buckets=(0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 600, 1800),
)
CONSUMER_LAG = Gauge(
    "newswatch_consumer_lag",
    "Messages not yet processed: end offset minus the group's committed offset.",
    ["topic", "partition"],
)
END_OFFSET = Gauge(
    "newswatch_consumer_end_offset", "End (high-water) offset per input partition.",
    ["topic", "partition"],
)
COMMITTED_OFFSET = Gauge(
    "newswatch_consumer_committed_offset", "The consumer group's committed offset.",
    ["topic", "partition"],
)
DEAD_LETTERS = Counter(
    "newswatch_dead_letters", "Messages sent to the dead-letter topic.", ["stage", "reason"],
)
NLP_BATCH = Histogram(
    "newswatch_nlp_batch_size", "Articles per nlp.pipe batch.",
    buckets=(1, 2, 4, 8, 16, 32, 64, 128),
)
MODEL_LOAD = Gauge("newswatch_model_load_seconds", "spaCy model load time.", ["language"])
BUILD_INFO = Gauge(
    "newswatch_build_info", "Build information (value is always 1).",
    ["version", "kafka_version", "model_fr", "model_en"],
)


def set_build_info(kafka_version: str, model_fr: str, model_en: str) -> None:
    BUILD_INFO.labels(__version__, kafka_version, model_fr, model_en).set(1)


def observe_timings(timings_ms: dict[str, float]) -> None:
    for stage, ms in timings_ms.items():
        STAGE_LATENCY.labels(stage).observe(ms / 1000.0)


# The feeder (``newswatch feed``); the feed label is a feed-list name, or "files".
FEED_POLLS = Counter("newswatch_feed_polls", "Feed polls by result (ok, not_modified, "
                     "http_NNN, timeout, connection, invalid_feed, too_large).",
                     ["feed", "result"])
FEED_PARSES = Counter("newswatch_feed_parses", "Feed documents parsed.", ["feed"])
FEED_ENTRIES = Counter("newswatch_feed_entries", "Feed entries and pages by outcome (new, "
                       "update, duplicate, rejected_<reason>).", ["feed", "outcome"])
