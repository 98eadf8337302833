"""Consumer lag measured against the real broker: end offset minus committed offset."""

from __future__ import annotations

import uuid

import pytest
from aiokafka import AIOKafkaConsumer

from streams.lag import group_lag
from streams.topics import ensure_topics
from tests.integration.conftest import produce

pytestmark = pytest.mark.integration


async def test_lag_counts_uncommitted_messages(kafka_settings):
    s = kafka_settings.replace(topic_raw=f"lag-test-{uuid.uuid4().hex[:6]}")
    await ensure_topics(s, [s.topic_raw])
    await produce(s, s.topic_raw, [(b"same-key", b"%d" % i) for i in range(5)])
    group = f"lag-group-{uuid.uuid4().hex[:6]}"
    lag = await group_lag(s.bootstrap_servers, group, [s.topic_raw, "no-such-topic"])
    assert len(lag) == s.partitions
    assert sum(end for end, _ in lag.values()) == 5
    assert sum(committed for _, committed in lag.values()) == 0

    consumer = AIOKafkaConsumer(s.topic_raw, bootstrap_servers=s.bootstrap_servers,
                                group_id=group, auto_offset_reset="earliest",
                                enable_auto_commit=False)
    await consumer.start()
    try:
        read = 0
        while read < 2:
            batch = await consumer.getmany(timeout_ms=1000, max_records=2 - read)
            read += sum(len(v) for v in batch.values())
        await consumer.commit()
    finally:
        await consumer.stop()
    lag = await group_lag(s.bootstrap_servers, group, [s.topic_raw])
    assert sum(end - committed for end, committed in lag.values()) == 3
