"""``newswatch tail``: alerts out of Kafka, as JSON or one readable line each.

Plain aiokafka, no consumer group, no worker needed. It de-duplicates by alert id, since
delivery is at-least-once and a redelivered alert keeps its id.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable

import orjson
from aiokafka import AIOKafkaConsumer
from aiokafka.errors import KafkaConnectionError

from streams.topics import BrokerUnavailable, ensure_topics, no_broker_message


async def _start(client, settings) -> None:
    try:
        await client.start()
    except KafkaConnectionError as exc:
        raise BrokerUnavailable(no_broker_message(settings)) from exc


async def tail(settings, topic: str, *, from_beginning: bool, limit: int | None,
               timeout: float | None, emit: Callable[[dict], None]) -> int:
    """Print alerts from ``topic`` until ``limit`` alerts or ``timeout`` seconds of quiet."""
    consumer = AIOKafkaConsumer(
        bootstrap_servers=settings.bootstrap_servers, group_id=None,
        auto_offset_reset="earliest" if from_beginning else "latest",
        enable_auto_commit=False,
    )
    await _start(consumer, settings)
    seen: set[str] = set()
    try:
        topics = await consumer.topics()
        if topic not in topics:
            await ensure_topics(settings, [topic])
        consumer.subscribe([topic])
        last = time.monotonic()
        while limit is None or len(seen) < limit:
            batch = await consumer.getmany(timeout_ms=500)
            for records in batch.values():
                for record in records:
                    try:
                        alert = orjson.loads(record.value)
                    except orjson.JSONDecodeError:
                        print(f"skipping undecodable message at offset {record.offset}",
                              file=sys.stderr)
                        continue
                    if alert.get("id") in seen:
                        continue
                    seen.add(alert.get("id"))
                    emit(alert)
                    last = time.monotonic()
                    if limit is not None and len(seen) >= limit:
                        return len(seen)
            if timeout is not None and time.monotonic() - last > timeout:
                break
    finally:
        await consumer.stop()
    return len(seen)


def format_alert(alert: dict, color: bool) -> str:
    """One readable line per alert, then its first evidence sentence."""
    def paint(text: str, code: str) -> str:
        return f"\033[{code}m{text}\033[0m" if color else text

    sev_color = {"low": "37", "medium": "33", "high": "31", "critical": "1;31"}
    actors = ", ".join(f"{a['name']} ({a['id']})" for a in alert.get("actors", []))
    title = alert.get("title") or alert.get("url") or alert.get("article_id")
    line = (f"{alert.get('created_at', '')[:19]}  "
            f"{paint(alert.get('severity', '').upper(), sev_color.get(alert.get('severity'), '0'))}"
            f"  [{alert.get('watchlist')}]  {actors}  — {title}")
    evidence = alert.get("evidence") or []
    if evidence:
        ev = evidence[0]
        who = f"{ev['speaker']}: " if ev.get("speaker") else ""
        line += "\n    " + paint(f"{who}{ev['text'][:200]}", "2")
    return line
