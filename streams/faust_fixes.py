"""Work-arounds for faust-streaming 0.15.3 (with aiokafka 0.14) that newswatch relies on
for "nothing lost", found with a soak test: a second worker joining and leaving eight
times while articles are produced.

**Never ack while the flow is suspended** (``_ack``). During a rebalance or a stop, faust
skips the records still queued for an agent and acks them ("otherwise the lag would
increase", ``faust/streams.py``), counting on a seek back to the committed offsets; a
commit in between went past records nobody processed. Records skipped or finished while
the flow is suspended now stay unacked and are fetched again: at worst processed twice.

**Finish the work in hand before an agent stops** (``finish``). Faust acks the event an
agent holds when the agent stops (the ``finally`` around ``yield`` in ``faust/streams.py``,
and in ``take_events``), whether or not the agent got to process it; a worker stopping in
the middle of a batch then committed articles it never sent on (2 of 240 lost).

**Rewind every stream partition to its committed offset, including partitions that have
none.** Faust drops the records it fetched while its flow was suspended (a rebalance,
table recovery) and counts on seeking back to the committed offsets afterwards
(``Consumer.perform_seek``). aiokafka's ``seek_to_committed`` only moves a partition that
has a committed offset above 0, so a partition nobody had committed yet (a new topic, a
quiet partition) kept its fetch position past the dropped records, and those records were
never processed. Measured before the fix: 4 of 240 articles lost over 8 rounds of a
worker joining and leaving while articles were produced (the first records of a fresh
partition each time).

Without a committed offset the partition goes back to its beginning, which is what
``consumer_auto_offset_reset="earliest"`` means for a group: at worst a record is
processed twice, and the alert ids and the story tables make that harmless. Table
changelog partitions are left to faust's recovery, as before.

Measured with ``make soak`` (8 join/leave rounds, 240 articles, one run each, so noisy):
4 and 2 lost before any fix, 5 with the first two, 1 with all three. The last one was an
article committed on ``news.articles.raw`` that never reached the enrich stage's output:
a fourth path, not found yet (faust also marks offsets it never saw as acked when the
fetch position jumps, ``Consumer._add_gap``, a suspect).
"""

from __future__ import annotations

import asyncio
import logging

from aiokafka.errors import IllegalStateError
from faust.transport.consumer import Consumer
from faust.transport.drivers.aiokafka import AIOKafkaConsumerThread

log = logging.getLogger("newswatch")


async def finish(work):
    """Await ``work`` to its end even if the agent is cancelled meanwhile, then let the
    cancellation through (see the module docstring)."""
    task = asyncio.ensure_future(work)
    cancelled = False
    while not task.done():
        try:
            await asyncio.shield(task)
        except asyncio.CancelledError:
            cancelled = True
    if cancelled:
        raise asyncio.CancelledError
    return task.result()


async def _rewind(consumer, changelog_topics: frozenset[str]) -> dict:
    """Seek each assigned stream partition to its committed offset, or to its start."""
    committed = {}
    for tp in consumer.assignment():
        try:
            offset = await consumer.committed(tp)
            committed[tp] = offset
            if tp.topic in changelog_topics:
                if offset:
                    consumer.seek(tp, offset)
            elif offset is None:
                await consumer.seek_to_beginning(tp)
            else:
                consumer.seek(tp, offset)
        except IllegalStateError:  # revoked by a rebalance that started meanwhile
            log.debug("partition %s no longer assigned while seeking", tp)
    return committed


async def _seek_to_committed(self: AIOKafkaConsumerThread):
    changelogs = frozenset(self.app.tables.changelog_topics)
    return await self.call_thread(_rewind, self._ensure_consumer(), changelogs)


_faust_ack = Consumer.ack


def _ack(self: Consumer, message) -> bool:
    if (message.generation_id != self.app.consumer_generation_id
            or not self.app.flow_control.is_active()):
        # a record faust skipped, or finished, while the flow was suspended: leave it
        # unacked, so that no commit goes past it; it is fetched again after the rebalance
        self._unacked_messages.discard(message)
        return False
    return _faust_ack(self, message)


def install() -> None:
    """Patch faust's consumer (idempotent)."""
    AIOKafkaConsumerThread.seek_to_committed = _seek_to_committed
    Consumer.ack = _ack
