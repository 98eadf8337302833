"""Alerts people can subscribe to, on the real broker: one per story, surviving a kill -9,
co-occurrence and role watchlists, replay of a new watchlist, a broken watchlist file."""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
import uuid

import orjson
import pytest

from streams.settings import REPO_ROOT
from tests.conftest import SEED
from tests.integration.conftest import Worker, collect, distinct_story, free_port, produce

pytestmark = pytest.mark.integration
OK_ALERT = 'newswatch_articles_total{outcome="ok",stage="alert"}'
STORY_SEEN = 'newswatch_articles_total{outcome="seen",stage="story"}'


def _article(article_id: str, body: str, source: str = "afp", title: str | None = None) -> dict:
    return {"id": article_id, "source": source, "title": title, "body": body,
            "fetched_at": "2025-06-01T00:00:00Z"}


def _edit(body: str) -> str:
    """Another outlet's copy: its own dateline, a word changed, the last paragraph cut."""
    lead, *rest = body.split("\n\n")
    return "\n\n".join([f"(Reuters) {lead.replace('conseil', 'comité')}", *rest[:-1]])


async def _send(settings, *articles: dict) -> None:
    await produce(settings, settings.topic_raw,
                  [(a["id"].encode(), orjson.dumps(a)) for a in articles])


async def _wait_metric(worker: Worker, name: str, at_least: float, timeout: float = 60) -> None:
    for _ in range(int(timeout * 2)):
        if worker.metric(name) >= at_least:
            return
        await asyncio.sleep(0.5)
    raise AssertionError(f"{name} stayed below {at_least}")


async def _alerts_for(settings, article_id: str, topic: str | None = None, want: int = 10,
                      timeout: float = 4) -> list[dict]:
    return await collect(settings, topic or settings.topic_alerts,
                         lambda v: v["article_id"] == article_id, want=want, timeout=timeout,
                         message_type="Alert")


STORY_TAIL = ("Le ministre iranien des Affaires étrangères a déclaré que Téhéran répondrait "
              "à toute attaque d'Israël.\n\nLes discussions reprendront la semaine prochaine "
              "à Genève, selon des diplomates.")


async def test_same_story_from_two_sources_gives_one_alert(worker, pipeline_settings):
    s, tag = pipeline_settings, uuid.uuid4().hex[:8]
    body = distinct_story(tag, 0, STORY_TAIL)
    first, second = _article(f"{tag}-afp", body), _article(f"{tag}-trt", _edit(body), "trt")
    await _send(s, first)
    alerts = await _alerts_for(s, first["id"], want=1, timeout=60)
    assert alerts
    seen_before = worker.metric(STORY_SEEN)
    await _send(s, second)
    await _wait_metric(worker, STORY_SEEN, seen_before + 1)
    assert await _alerts_for(s, second["id"]) == []
    assert worker.metric('newswatch_alerts_suppressed_total{reason="duplicate_story",'
                         'watchlist="iran-israel"}') >= 1


async def test_co_occurrence_and_role_watchlists(worker, pipeline_settings):
    s, tag = pipeline_settings, uuid.uuid4().hex[:8]
    only_iran = _article(f"{tag}-iran", distinct_story(tag, 1,
                         "L'Iran a inauguré une nouvelle raffinerie dans le Golfe."))
    both_mentioned = _article(f"{tag}-both", distinct_story(tag, 2,
                              "L'Iran et Israël ont échangé des tirs dans la nuit."))
    iran_speaks = _article(f"{tag}-speaks", distinct_story(tag, 3,
                           "Téhéran a affirmé que les frappes d'Israël ne resteraient pas sans "
                           "réponse."))
    before = worker.metric(OK_ALERT)
    await _send(s, only_iran, both_mentioned, iran_speaks)
    await _wait_metric(worker, OK_ALERT, before + 3)
    await _alerts_for(s, iran_speaks["id"], want=4, timeout=30)  # all its alerts are out

    fired = {}
    for article in (only_iran, both_mentioned, iran_speaks):
        fired[article["id"]] = {a["watchlist"] for a in await _alerts_for(s, article["id"])}
    # (c) co-occurrence: both actors needed
    assert "iran-israel" not in fired[only_iran["id"]] and "iran" in fired[only_iran["id"]]
    assert "iran-israel" in fired[both_mentioned["id"]]
    # (d) role: Iran speaking about Israel, not Iran merely mentioned with Israel
    assert "iran-israel-speak" in fired[iran_speaks["id"]]
    assert "iran-israel-speak" not in fired[both_mentioned["id"]]
    speak = await _alerts_for(s, iran_speaks["id"], topic=s.alert_topic("iran-israel-speak"))
    assert len(speak) == 1
    roles = {a["id"]: a["roles"] for a in speak[0]["actors"]}
    assert "speaker" in roles["Q794"] and "subject" in roles["Q801"]
    assert speak[0]["evidence"][0]["kind"] == "claim"


async def test_killed_worker_restarts_without_realerting(pipeline_settings, tmp_path_factory):
    s = pipeline_settings.replace(app_id=f"newswatch-kill-{uuid.uuid4().hex[:6]}",
                                  web_port=free_port(), data_dir=tmp_path_factory.mktemp("kill"))
    logs = tmp_path_factory.mktemp("kill-logs")
    tag = uuid.uuid4().hex[:8]
    body = distinct_story(tag, 0, STORY_TAIL)
    first = _article(f"{tag}-first", body)
    worker = Worker(s, logs / "before.log")
    try:
        worker.wait_ready()
        await _send(s, first)
        assert await _alerts_for(s, first["id"], want=1, timeout=60)
        await asyncio.sleep(6)  # past Faust's commit interval: offsets and changelog written
    finally:
        worker.stop(signal.SIGKILL)
    restarted = Worker(s, logs / "after.log")
    try:
        restarted.wait_ready()
        later = _article(f"{tag}-later", _edit(body), "trt")
        await _send(s, later, first)  # the story from another source, and a redelivery
        await _wait_metric(restarted, STORY_SEEN, 2)
        assert await _alerts_for(s, later["id"]) == []
        per_watchlist = {}
        for alert in await _alerts_for(s, first["id"]):
            per_watchlist.setdefault(alert["watchlist"], set()).add(alert["id"])
        assert all(len(ids) == 1 for ids in per_watchlist.values()), per_watchlist
    finally:
        assert restarted.stop() == 0


def _newswatch(settings, env_of, *args, extra_env=None):
    env = {**os.environ, **env_of(settings), **(extra_env or {})}
    return subprocess.run([sys.executable, "-m", "streams", *args], cwd=REPO_ROOT, env=env,
                          capture_output=True, text=True, timeout=180)


async def test_replay_a_new_watchlist_over_past_articles(worker, pipeline_settings, env_of,
                                                         tmp_path):
    s = pipeline_settings
    fed = _newswatch(s, env_of, "feed", str(SEED))
    assert fed.returncode == 0, fed.stderr
    await collect(s, s.topic_enriched, lambda v: v["id"] == SEED.stem)
    name = f"putin-{uuid.uuid4().hex[:6]}"
    path = tmp_path / "new.jsonl"
    path.write_text(orjson.dumps({"name": name, "severity": "low", "rule": {"any": [
        {"actor": "Vladimir Putin", "role": "speaker"}]}}).decode() + "\n")
    replayed = _newswatch(s, env_of, "replay", "--watchlists", str(path))
    assert replayed.returncode == 0, replayed.stderr
    assert "alert(s) published" in replayed.stderr
    alerts = await _alerts_for(s, SEED.stem, topic=s.alert_topic(name), want=1, timeout=30)
    assert alerts and alerts[0]["replayed"] is True and alerts[0]["watchlist"] == name
    assert await collect(s, s.topic_alerts, lambda v: v["watchlist"] == name, timeout=10)


def test_worker_refuses_a_broken_watchlist_file(pipeline_settings, env_of, tmp_path):
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"name": "ok", "rule": {"any": ["Iran"]}}\n'
                   '{"name": "x", "rule": {"any": ["Atlantis"]}}\n')
    result = _newswatch(pipeline_settings.replace(web_port=free_port()), env_of, "worker",
                        extra_env={"NEWSWATCH_WATCHLISTS": str(bad)})
    assert result.returncode == 2
    assert f"{bad}:2: unknown actor 'Atlantis'" in result.stderr
