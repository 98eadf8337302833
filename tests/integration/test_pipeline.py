"""The pipeline end to end on the real broker: seed -> alerts, bad input -> dead letters."""

from __future__ import annotations

import asyncio
import base64
import uuid

import orjson
import pytest
from aiokafka.admin import AIOKafkaAdminClient

from streams.articles import read_articles
from streams.feeder import run_feed
from tests.conftest import SEED
from tests.integration.conftest import collect, produce

pytestmark = pytest.mark.integration
SEED_ID = "000_bc7bfceb713a1ee6"


async def test_seed_article_raises_alert_on_both_topics(worker, pipeline_settings):
    s = pipeline_settings
    summary = await run_feed(s, [str(SEED)], log=lambda m: None)
    assert (summary.sent, sum(summary.rejected.values())) == (1, 0)

    enriched = await collect(s, s.topic_enriched, lambda v: v["id"] == SEED_ID,
                             message_type="EnrichedArticle")
    assert {"Q794", "Q801", "Q159", "Q7747"} <= {a["id"] for a in enriched[0]["actors"]}

    for topic in (s.topic_alerts, s.alert_topic("iran-israel")):
        alerts = await collect(s, topic, lambda v: v["article_id"] == SEED_ID
                               and v["watchlist"] == "iran-israel", message_type="Alert")
        assert alerts, f"no alert on {topic}"
        assert {a["id"] for a in alerts[0]["actors"]} == {"Q794", "Q801"}
        assert alerts[0]["watchlist"] == "iran-israel"


async def test_malformed_messages_go_to_dead_letters_and_the_worker_goes_on(
        worker, pipeline_settings):
    s = pipeline_settings
    tag = uuid.uuid4().hex[:8]
    good = next(read_articles("-", orjson.dumps({
        "id": f"good-{tag}", "source": "test",
        "body": "Le ministre israélien a affirmé que l'Iran préparait une riposte.",
    }).decode()))
    await produce(s, s.topic_raw, [
        (f"bad-json-{tag}".encode(), b"{this is not json"),
        (f"bad-schema-{tag}".encode(), orjson.dumps({"id": "x", "title": "no body"})),
        (good["id"].encode(), orjson.dumps(good)),
    ])
    letters = await collect(
        s, s.topic_deadletter, lambda v: tag in base64.b64decode(v["original_key"]).decode(),
        want=2, message_type="DeadLetter")
    by_reason = {d["reason"]: d for d in letters}
    assert set(by_reason) == {"decode", "schema"}
    assert base64.b64decode(by_reason["decode"]["original"]) == b"{this is not json"
    assert by_reason["decode"]["topic"] == s.topic_raw and by_reason["decode"]["stage"] == "enrich"
    assert "body" in by_reason["schema"]["message"]

    alerts = await collect(s, s.topic_alerts, lambda v: v["article_id"] == good["id"]
                           and v["watchlist"] == "iran-israel", message_type="Alert")
    assert {a["id"] for a in alerts[0]["actors"]} == {"Q794", "Q801"}
    assert worker.metric('newswatch_dead_letters_total{reason="decode",stage="enrich"}') >= 1


async def test_redelivered_article_gives_no_second_alert(worker, pipeline_settings):
    s = pipeline_settings
    tag = uuid.uuid4().hex[:8]
    article = {"id": f"again-{tag}", "source": "test", "fetched_at": "2025-06-01T00:00:00Z",
               "body": "Téhéran a déclaré que les frappes israéliennes ne resteraient pas "
                       "sans réponse."}
    before = worker.metric('newswatch_articles_total{outcome="ok",stage="alert"}')
    for _ in range(3):
        await produce(s, s.topic_raw, [(article["id"].encode(), orjson.dumps(article))])
    await collect(s, s.topic_enriched, lambda v: v["id"] == article["id"], want=3)
    # wait until the alert stage has handled all three copies
    for _ in range(60):
        if worker.metric('newswatch_articles_total{outcome="ok",stage="alert"}') >= before + 3:
            break
        await asyncio.sleep(0.5)
    alerts = await collect(s, s.topic_alerts, lambda v: v["article_id"] == article["id"]
                           and v["watchlist"] == "iran-israel", want=2, timeout=5)
    assert len(alerts) == 1


async def test_topics_created_with_configured_partitions(worker, pipeline_settings):
    s = pipeline_settings
    admin = AIOKafkaAdminClient(bootstrap_servers=s.bootstrap_servers)
    await admin.start()
    try:
        described = await admin.describe_topics([s.topic_raw, s.topic_alerts,
                                                 s.alert_topic("iran-israel")])
    finally:
        await admin.close()
    assert [len(t["partitions"]) for t in described] == [s.partitions] * 3
