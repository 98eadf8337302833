"""Topic creation: every newswatch topic, created idempotently with the admin API."""

from __future__ import annotations

from aiokafka.admin import AIOKafkaAdminClient, NewTopic
from aiokafka.errors import KafkaConnectionError, TopicAlreadyExistsError

from streams.settings import Settings


class BrokerUnavailable(RuntimeError):
    """No Kafka broker answers at the configured address."""


def topic_names(settings: Settings, watchlists) -> list[str]:
    """The public topics: raw, enriched, alerts, dead letters, and each watchlist's."""
    return [
        settings.topic_raw, settings.topic_enriched, settings.topic_alerts,
        settings.topic_deadletter,
        *(w.topic or settings.alert_topic(w.name) for w in watchlists),
    ]


async def ensure_topics(settings: Settings, names: list[str]) -> list[str]:
    """Create the topics that do not exist yet; return the ones created."""
    admin = AIOKafkaAdminClient(
        bootstrap_servers=settings.bootstrap_servers, request_timeout_ms=15000,
    )
    try:
        await admin.start()
    except KafkaConnectionError as exc:
        raise BrokerUnavailable(no_broker_message(settings)) from exc
    try:
        existing = set(await admin.list_topics())
        missing = [n for n in dict.fromkeys(names) if n not in existing]
        created = []
        for name in missing:
            try:
                await admin.create_topics(
                    [NewTopic(name, settings.partitions, settings.replication)]
                )
                created.append(name)
            except TopicAlreadyExistsError:
                pass  # another worker created it meanwhile
        return created
    finally:
        await admin.close()


def no_broker_message(settings: Settings) -> str:
    hint = (
        "start the local one with `newswatch kafka start`"
        if settings.uses_local_kafka
        else "check NEWSWATCH_KAFKA_BROKER"
    )
    return f"no Kafka broker at {settings.bootstrap_servers}: {hint}"


async def partitions_of(settings: Settings, topic: str) -> list[int]:
    """The partition numbers of ``topic`` (empty if it does not exist)."""
    admin = AIOKafkaAdminClient(bootstrap_servers=settings.bootstrap_servers)
    try:
        await admin.start()
    except KafkaConnectionError as exc:
        raise BrokerUnavailable(no_broker_message(settings)) from exc
    try:
        described = await admin.describe_topics([topic])
    finally:
        await admin.close()
    return sorted(p["partition"] for t in described if t["error_code"] == 0
                  for p in t["partitions"])
