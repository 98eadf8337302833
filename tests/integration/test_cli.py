"""The CLI against the real broker: feed, tail (with --timeout and --limit), kafka status."""

from __future__ import annotations

import os
import subprocess
import sys

import orjson
import pytest

from streams.contracts import validate
from streams.settings import REPO_ROOT
from tests.conftest import SEED

pytestmark = pytest.mark.integration


def newswatch(env: dict, *args: str, timeout: float = 120, stdin: str | None = None):
    return subprocess.run(
        [sys.executable, "-m", "streams", *args], cwd=REPO_ROOT, input=stdin,
        env={**os.environ, **env}, capture_output=True, text=True, timeout=timeout,
    )


def test_feed_then_tail_json_from_beginning_exits_on_timeout(worker, pipeline_settings, env_of):
    env = env_of(pipeline_settings)
    fed = newswatch(env, "feed", str(SEED))
    assert fed.returncode == 0, fed.stderr
    assert "news.articles.raw: sent 1 (0 updates)" in fed.stderr

    tailed = newswatch(env, "tail", "--json", "--from-beginning", "--timeout", "8")
    assert tailed.returncode == 0, tailed.stderr
    alerts = [orjson.loads(line) for line in tailed.stdout.splitlines()]
    assert alerts, tailed.stderr
    for alert in alerts:
        validate("Alert", alert)
    assert len({a["id"] for a in alerts}) == len(alerts), "tail printed an alert id twice"
    seed_alert = next(a for a in alerts
                      if a["article_id"] == SEED.stem and a["watchlist"] == "iran-israel")
    assert {a["id"] for a in seed_alert["actors"]} == {"Q794", "Q801"}


def test_tail_watchlist_limit_and_human_format(worker, pipeline_settings, env_of):
    env = env_of(pipeline_settings)
    assert newswatch(env, "feed", str(SEED)).returncode == 0
    tailed = newswatch(env, "tail", "--watchlist", "iran-israel", "--from-beginning",
                       "--limit", "1", "--timeout", "60")
    assert tailed.returncode == 0, tailed.stderr
    first = tailed.stdout.splitlines()[0]
    assert "HIGH" in first and "[iran-israel]" in first and "Iran (Q794)" in first


def test_feed_reports_bad_files_and_still_sends_good_ones(worker, pipeline_settings, env_of,
                                                          tmp_path):
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"body": "ok"}\n{oops\n')
    fed = newswatch(env_of(pipeline_settings), "feed", str(bad), str(SEED))
    assert fed.returncode == 2
    assert "bad.jsonl:2: invalid JSON" in fed.stderr
    assert "sent 1 (0 updates), 0 already sent, rejected 1 (unreadable: 1)" in fed.stderr


def test_kafka_status_of_the_session_broker(kafka_settings, env_of):
    if not kafka_settings.uses_local_kafka:
        pytest.fail("this suite runs its own local broker; unset NEWSWATCH_KAFKA_BROKER")
    env = {**env_of(kafka_settings),
           "NEWSWATCH_KAFKA_DATA_DIR": str(kafka_settings.kafka_data_dir)}
    status = newswatch(env, "kafka", "status")
    assert status.returncode == 0, status.stdout + status.stderr
    assert "running" in status.stdout
    again = newswatch(env, "kafka", "start")
    assert again.returncode == 0 and "already running" in again.stdout
