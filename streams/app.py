"""The Faust application: three thin agents wired over the pure stages.

    news.articles.raw --enrich--> news.articles.enriched --alert--> <app>-alert-candidates
    --story--> news.alerts and news.alerts.<watchlist>; whatever fails --> news.deadletter

Agents consume raw bytes and decode themselves, so a malformed message becomes a
DeadLetter instead of killing the agent. Concurrency stays 1 (faust #606); delivery is
at-least-once, alert ids are deterministic, and the story stage keeps changelogged
tables of the stories that already alerted, so a redelivered article, or the same story
from another source, does not alert twice.
"""

from __future__ import annotations

import asyncio
import base64
import logging
import time
from datetime import UTC, datetime

import faust
import orjson
from faust.sensors.prometheus import setup_prometheus_sensors

from streams import faust_fixes, metrics
from streams.alerting import match_alerts
from streams.articles import now_iso
from streams.contracts import ContractError, validate
from streams.enrich import Enricher
from streams.lag import group_lag
from streams.settings import Settings
from streams.stories import StoryBook, alert_candidate
from streams.watchlists import Watchlist, load_watchlists

log = logging.getLogger("newswatch")


class Rejected(Exception):
    """A message that a stage refuses, with a low-cardinality ``reason``."""

    def __init__(self, reason: str, error: BaseException):
        super().__init__(str(error))
        self.reason = reason
        self.error = error


def decode(value: bytes | None, message_type: str) -> dict:
    """Bytes -> validated dict, or ``Rejected`` (reason ``decode`` or ``schema``)."""
    try:
        obj = orjson.loads(value or b"")
    except orjson.JSONDecodeError as exc:
        raise Rejected("decode", exc) from None
    try:
        validate(message_type, obj)
    except ContractError as exc:
        raise Rejected("schema", exc) from None
    return obj


def dead_letter(message, stage: str, reason: str, error: BaseException) -> dict:
    """The DeadLetter record of a Kafka message that ``stage`` could not handle."""
    record = {
        "original": base64.b64encode(message.value or b"").decode(),
        "original_key": base64.b64encode(message.key).decode() if message.key else None,
        "topic": message.topic,
        "partition": message.partition,
        "offset": message.offset,
        "stage": stage,
        "error_class": type(error).__name__,
        "reason": reason,
        "message": str(error)[:2000] or type(error).__name__,
        "time": now_iso(),
    }
    validate("DeadLetter", record)
    return record


def seconds_since(iso: str | None) -> float:
    """Seconds from an ISO 8601 time (``Z`` or offset) to now; 0 if absent or unreadable."""
    if not iso:
        return 0.0
    try:
        then = datetime.fromisoformat(iso.replace("Z", "+00:00"))
    except ValueError:
        return 0.0
    if then.tzinfo is None:
        then = then.replace(tzinfo=UTC)
    return max((datetime.now(UTC) - then).total_seconds(), 0.0)


def create_app(settings: Settings, enricher: Enricher | None = None,
               watchlists: list[Watchlist] | None = None) -> faust.App:
    enricher = enricher or Enricher.from_settings(settings)
    watchlists = watchlists or load_watchlists(settings.watchlists, enricher.catalogue)
    faust_fixes.install()  # nothing lost across rebalances (see streams/faust_fixes.py)
    app = faust.App(
        settings.app_id,
        broker=f"kafka://{settings.bootstrap_servers}",
        autodiscover=False,
        store="memory://",
        datadir=str(settings.data_dir),
        web_port=settings.web_port,
        web_host=settings.web_host,
        web_bind=settings.web_host,
        topic_partitions=settings.partitions,
        topic_replication_factor=settings.replication,
        consumer_auto_offset_reset="earliest",
        producer_acks=-1,
        key_serializer="raw",
        value_serializer="raw",
    )
    raw = app.topic(settings.topic_raw, value_serializer="raw", key_serializer="raw")
    enriched = app.topic(settings.topic_enriched, value_serializer="raw", key_serializer="raw")
    alerts = app.topic(settings.topic_alerts, value_serializer="raw", key_serializer="raw")
    deadletters = app.topic(settings.topic_deadletter, value_serializer="raw",
                            key_serializer="raw")
    per_watchlist = {
        w.name: app.topic(w.topic or settings.alert_topic(w.name),
                          value_serializer="raw", key_serializer="raw")
        for w in watchlists
    }
    # One partition on purpose: story state is global, and this stage is cheap (a MinHash
    # lookup per matching article), so one consumer holds it; the NLP work stays spread.
    candidates = app.topic(f"{settings.app_id}-alert-candidates", partitions=1, internal=True,
                           value_serializer="raw", key_serializer="raw")
    book = StoryBook(app.Table("stories", partitions=1), app.Table("story-bands", partitions=1),
                     app.Table("alert-rates", partitions=1), settings.story_window_seconds)
    limits = {w.name: w.rate_limit for w in watchlists}

    async def send_dead(message, stage: str, reason: str, error: BaseException) -> None:
        record = dead_letter(message, stage, reason, error)
        log.warning("dead letter %s@%s/%s: %s", record["topic"], record["partition"],
                    record["offset"], record["message"][:200])
        await (await deadletters.send(key=message.key, value=orjson.dumps(record)))
        metrics.DEAD_LETTERS.labels(stage, reason).inc()
        metrics.ARTICLES.labels(stage, "deadletter").inc()

    async def attempt(message, stage: str, work):
        """``work()``'s result, or None once ``message`` went to the dead letters."""
        try:
            return work()
        except Rejected as rej:
            await send_dead(message, stage, rej.reason, rej.error)
        except Exception as exc:  # a bug in a stage must not stop the worker
            await send_dead(message, stage, "processing", exc)
        return None

    def to_candidate(value: bytes) -> dict:
        article = decode(value, "EnrichedArticle")
        return alert_candidate(article, match_alerts(article, watchlists))

    def to_decision(value: bytes):
        candidate = decode(value, "AlertCandidate")
        return candidate, book.decide(candidate["article"], candidate["alerts"],
                                      candidate["signature"], time.time(), limits)

    async def enrich_batch(events) -> None:
        good = []
        for event in events:
            try:
                good.append((event.message, decode(event.message.value, "RawArticle")))
            except Rejected as rej:
                await send_dead(event.message, "enrich", rej.reason, rej.error)
        results = await _enrich_safely(enricher, [article for _, article in good])
        metrics.NLP_BATCH.observe(len(good))
        futures = []
        for (message, _), result in zip(good, results, strict=True):
            if isinstance(result, BaseException):
                await send_dead(message, "enrich", "processing", result)
                continue
            metrics.observe_timings(result["stage_timings_ms"])
            futures.append(await enriched.send(key=result["id"].encode(),
                                               value=orjson.dumps(result)))
            metrics.ARTICLES.labels("enrich", "ok").inc()
        await asyncio.gather(*futures)

    async def alert_one(message) -> None:
        started = time.perf_counter()
        candidate = await attempt(message, "alert", lambda v=message.value: to_candidate(v))
        if candidate is None:
            return
        if candidate["alerts"]:
            await (await candidates.send(key=candidate["article"]["id"].encode(),
                                         value=orjson.dumps(candidate)))
        metrics.ARTICLES.labels("alert", "ok").inc()
        metrics.STAGE_LATENCY.labels("alert").observe(time.perf_counter() - started)

    async def story_one(message) -> None:
        decided = await attempt(message, "story", lambda v=message.value: to_decision(v))
        if decided is None:
            return
        candidate, decision = decided
        futures = []
        for item in decision.publish:
            body, key = orjson.dumps(item), item["id"].encode()
            futures.append(await alerts.send(key=key, value=body))
            futures.append(await per_watchlist[item["watchlist"]].send(key=key, value=body))
            metrics.ALERTS.labels(item["watchlist"]).inc()
            for actor in item["actors"]:
                metrics.ALERT_ACTORS.labels(item["watchlist"], actor["id"]).inc()
        for item, reason in decision.suppressed:
            metrics.SUPPRESSED.labels(item["watchlist"], reason).inc()
        await asyncio.gather(*futures)
        if futures:
            metrics.END_TO_END.observe(seconds_since(candidate["article"].get("fetched_at")))
        metrics.ARTICLES.labels("story", "new" if decision.new_story else "seen").inc()

    # The agents: faust acks the event in hand when an agent stops, so each runs its work
    # to the end first (faust_fixes.finish); else a stop would commit unprocessed input.
    @app.agent(raw, concurrency=1)
    async def enrich(stream):
        async for events in stream.take_events(settings.batch_size, within=settings.batch_seconds):
            await faust_fixes.finish(enrich_batch(events))

    @app.agent(enriched, concurrency=1)
    async def alert(stream):
        async for event in stream.events():
            await faust_fixes.finish(alert_one(event.message))

    @app.agent(candidates, concurrency=1)
    async def story(stream):
        async for event in stream.events():
            await faust_fixes.finish(story_one(event.message))

    @app.timer(interval=settings.lag_seconds)
    async def measure_lag():
        try:
            lag = await group_lag(settings.bootstrap_servers, settings.app_id,
                                  [settings.topic_raw, settings.topic_enriched])
        except Exception as exc:  # a metrics hiccup must not disturb processing
            log.warning("could not measure consumer lag: %s", exc)
            return
        for (topic, partition), (end, committed) in lag.items():
            labels = (topic, str(partition))
            metrics.END_OFFSET.labels(*labels).set(end)
            metrics.COMMITTED_OFFSET.labels(*labels).set(committed)
            metrics.CONSUMER_LAG.labels(*labels).set(max(end - committed, 0))

    # /metrics on the worker's web port: faust's own sensors (newswatch_faust_*) and ours
    setup_prometheus_sensors(app, pattern="/metrics", name_prefix="newswatch_faust")
    return app


async def _enrich_safely(enricher: Enricher, articles: list[dict]) -> list:
    """Enrich a batch off the event loop; if the batch fails, find the article that fails."""
    if not articles:
        return []
    try:
        results = await asyncio.to_thread(enricher.enrich_batch, articles)
    except Exception:
        results = []
        for article in articles:
            try:
                results.append((await asyncio.to_thread(enricher.enrich_batch, [article]))[0])
            except Exception as exc:
                results.append(exc)
    checked = []
    for result in results:
        if not isinstance(result, BaseException):
            try:
                validate("EnrichedArticle", result)
            except ContractError as exc:
                result = exc
        checked.append(result)
    return checked
