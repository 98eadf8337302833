"""The faust work-arounds, without a broker: the Kafka consumer is the only fake."""

import asyncio

import pytest
from aiokafka import TopicPartition

from streams import faust_fixes


async def test_finish_completes_the_work_before_the_cancellation_goes_through():
    done = []

    async def work():
        await asyncio.sleep(0.2)
        done.append("sent")
        return "ok"

    agent = asyncio.ensure_future(faust_fixes.finish(work()))
    await asyncio.sleep(0.05)
    agent.cancel()  # the worker stops while the batch is in hand
    with pytest.raises(asyncio.CancelledError):
        await agent
    assert done == ["sent"]
    assert await faust_fixes.finish(asyncio.sleep(0, result="ok")) == "ok"


class FakeConsumer:
    def __init__(self, committed):
        self._committed = committed
        self.calls = []

    def assignment(self):
        return set(self._committed)

    async def committed(self, tp):
        return self._committed[tp]

    def seek(self, tp, offset):
        self.calls.append(("seek", tp.topic, offset))

    async def seek_to_beginning(self, tp):
        self.calls.append(("beginning", tp.topic))


async def test_rewind_also_moves_partitions_without_a_commit():
    consumer = FakeConsumer({TopicPartition("raw", 0): None, TopicPartition("enriched", 0): 0,
                             TopicPartition("alerts", 0): 12,
                             TopicPartition("app-stories-changelog", 0): None})
    committed = await faust_fixes._rewind(consumer, frozenset({"app-stories-changelog"}))
    assert sorted(consumer.calls) == [("beginning", "raw"), ("seek", "alerts", 12),
                                      ("seek", "enriched", 0)]
    assert committed[TopicPartition("raw", 0)] is None


class _Flow:
    def __init__(self, active):
        self.active = active

    def is_active(self):
        return self.active


class _App:
    def __init__(self, generation, active):
        self.consumer_generation_id = generation
        self.flow_control = _Flow(active)


class _Consumer:
    def __init__(self, generation, active):
        self.app = _App(generation, active)
        self._unacked_messages = set()


class _Message:
    def __init__(self, generation):
        self.generation_id = generation


@pytest.mark.parametrize("message_generation, active, acked", [
    (3, True, True),    # processed in the current generation: acked as faust does
    (2, True, False),   # fetched before the rebalance: fetched again, not acked
    (3, False, False),  # skipped or finished while the flow is suspended
])
def test_no_ack_while_the_flow_is_suspended(monkeypatch, message_generation, active, acked):
    monkeypatch.setattr(faust_fixes, "_faust_ack", lambda consumer, message: True)
    consumer, message = _Consumer(3, active), _Message(message_generation)
    consumer._unacked_messages.add(message)
    assert faust_fixes._ack(consumer, message) is acked
    if not acked:
        assert message not in consumer._unacked_messages  # a stop does not wait for it
