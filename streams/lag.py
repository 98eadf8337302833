"""Consumer lag: end offset minus the consumer group's committed offset, per partition.

Faust's sensors have no lag series, so the worker measures it with the admin API on a
timer. Every worker of a group reports the same group-wide numbers; dashboards and rules
take ``max by (topic, partition)``.
"""

from __future__ import annotations

import asyncio

from aiokafka import AIOKafkaConsumer, TopicPartition
from aiokafka.admin import AIOKafkaAdminClient
from aiokafka.errors import GroupCoordinatorNotAvailableError


async def group_lag(bootstrap: str, group: str,
                    topics: list[str]) -> dict[tuple[str, int], tuple[int, int]]:
    """{(topic, partition): (end offset, committed offset)}; committed is 0 before any commit."""
    admin = AIOKafkaAdminClient(bootstrap_servers=bootstrap)
    consumer = AIOKafkaConsumer(bootstrap_servers=bootstrap, group_id=None,
                                enable_auto_commit=False)
    await admin.start()
    await consumer.start()
    try:
        described = await admin.describe_topics(topics)
        partitions = [TopicPartition(t["topic"], p["partition"]) for t in described
                      if t["error_code"] == 0 for p in t["partitions"]]
        ends = await consumer.end_offsets(partitions)
        committed = await _committed(admin, group, partitions)
        return {
            (tp.topic, tp.partition): (
                ends[tp],
                committed[tp].offset if tp in committed and committed[tp].offset >= 0 else 0,
            )
            for tp in partitions
        }
    finally:
        await consumer.stop()
        await admin.close()


async def _committed(admin: AIOKafkaAdminClient, group: str, partitions: list[TopicPartition],
                     attempts: int = 10):
    # A fresh broker creates __consumer_offsets on first use: the coordinator is briefly
    # unknown then.
    for attempt in range(attempts):
        try:
            return await admin.list_consumer_group_offsets(group, partitions=partitions)
        except GroupCoordinatorNotAvailableError:
            if attempt == attempts - 1:
                raise
            await asyncio.sleep(0.5)
    return {}
