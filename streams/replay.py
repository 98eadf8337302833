"""``newswatch replay``: past enriched articles through the current watchlists, no NLP.

Reads ``news.articles.enriched`` (from the beginning, or from ``--since``; up to
``--until`` or the end offsets seen at start, so a replay always ends), matches the
watchlists, keeps one alert per story with an in-memory ``StoryBook``, and publishes to
the alert topics. Alerts keep their deterministic ids and carry ``"replayed": true``.
A watchlist is tried on past news by naming it with ``--watchlist``.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import datetime

import orjson
from aiokafka import AIOKafkaConsumer, AIOKafkaProducer, TopicPartition

from streams.alerting import match_alerts
from streams.contracts import ContractError, validate
from streams.stories import StoryBook, alert_candidate
from streams.topics import BrokerUnavailable, ensure_topics, no_broker_message, partitions_of
from streams.watchlists import Watchlist


def _ms(iso: str) -> int:
    return int(datetime.fromisoformat(iso.replace("Z", "+00:00")).timestamp() * 1000)


async def replay(settings, watchlists: list[Watchlist], *, since: str | None = None,
                 until: str | None = None, progress: Callable[[str], None] = print) -> dict:
    """Replay and publish; returns counts (articles, alerts, suppressed, invalid)."""
    await ensure_topics(settings, [settings.topic_alerts,
                                   *(w.topic or settings.alert_topic(w.name) for w in watchlists)])
    consumer = AIOKafkaConsumer(bootstrap_servers=settings.bootstrap_servers, group_id=None,
                                enable_auto_commit=False, auto_offset_reset="earliest")
    producer = AIOKafkaProducer(bootstrap_servers=settings.bootstrap_servers, acks="all")
    try:
        await consumer.start()
        await producer.start()
    except Exception as exc:
        await consumer.stop()
        raise BrokerUnavailable(no_broker_message(settings)) from exc
    counts = {"articles": 0, "alerts": 0, "suppressed": 0, "invalid": 0}
    book = StoryBook({}, {}, {}, settings.story_window_seconds)
    limits = {w.name: w.rate_limit for w in watchlists}
    until_ms = _ms(until) if until else None
    try:
        parts = [TopicPartition(settings.topic_enriched, p)
                 for p in await partitions_of(settings, settings.topic_enriched)]
        consumer.assign(parts)
        ends = await consumer.end_offsets(parts)
        if since:
            starts = await consumer.offsets_for_times({tp: _ms(since) for tp in parts})
            for tp in parts:
                found = starts.get(tp)
                consumer.seek(tp, found.offset if found else ends[tp])
        else:
            await consumer.seek_to_beginning(*parts)
        started = time.monotonic()
        while await _behind(consumer, parts, ends):
            batch = await consumer.getmany(*parts, timeout_ms=1000)
            for tp, records in batch.items():
                for record in records:
                    if record.offset >= ends[tp] or (until_ms and record.timestamp > until_ms):
                        continue
                    await _one(record, watchlists, book, limits, producer, settings, counts)
            if counts["articles"] and counts["articles"] % 500 == 0:
                rate = counts["articles"] / max(time.monotonic() - started, 1e-6)
                progress(f"replayed {counts['articles']} articles ({rate:.0f}/s), "
                         f"{counts['alerts']} alerts")
        await producer.flush()
    finally:
        await producer.stop()
        await consumer.stop()
    return counts


async def _behind(consumer: AIOKafkaConsumer, parts: list[TopicPartition], ends: dict) -> bool:
    for tp in parts:
        if await consumer.position(tp) < ends[tp]:
            return True
    return False


async def _one(record, watchlists, book, limits, producer, settings, counts) -> None:
    try:
        article = orjson.loads(record.value)
        validate("EnrichedArticle", article)
    except (orjson.JSONDecodeError, ContractError):
        counts["invalid"] += 1
        return
    counts["articles"] += 1
    alerts = [{**a, "replayed": True} for a in match_alerts(article, watchlists)]
    if not alerts:
        return
    candidate = alert_candidate(article, alerts)
    decision = book.decide(candidate["article"], alerts, candidate["signature"],
                           record.timestamp / 1000.0, limits)
    counts["suppressed"] += len(decision.suppressed)
    for alert in decision.publish:
        topic = next(w.topic for w in watchlists if w.name == alert["watchlist"])
        body, key = orjson.dumps(alert), alert["id"].encode()
        await producer.send(settings.topic_alerts, body, key=key)
        await producer.send(topic or settings.alert_topic(alert["watchlist"]), body, key=key)
        counts["alerts"] += 1
