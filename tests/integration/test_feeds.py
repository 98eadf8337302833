"""Feeds and pages into the real broker, served by a local HTTP server (no outside network).

Real material from ../shared/web (real RSS/Atom/JSON feeds and article pages, see its
SOURCES.md) is served next to the project's own fixtures whenever it is there, as it is
in CI; the project's fixtures alone keep these tests meaningful where it is absent.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
import urllib.request

import orjson
import pytest

from streams.eval import SHARED_WEB, evaluate_extraction, extraction_cases
from streams.settings import REPO_ROOT
from streams.sources import extract_page, parse_feed
from tests.conftest import fixture_path
from tests.integration.conftest import collect, free_port
from tests.web_server import WebServer

pytestmark = pytest.mark.integration
OWN = fixture_path("web")
OWN_FEEDS = ["world.rss.xml", "world.atom.xml"]
SHARED_FEEDS = sorted(p.name for p in (SHARED_WEB / "feeds").glob("*")) \
    if (SHARED_WEB / "feeds").is_dir() else []


def _follow(env: dict, log_path, until: str, metrics_port: int | None = None):
    """Run `feed --follow` until its log shows ``until``, then SIGTERM it.

    Returns (exit code, /metrics text read just before stopping).
    """
    start = log_path.stat().st_size if log_path.exists() else 0
    # --no-fetch-pages: the real feeds link to real sites, and tests reach no outside host
    with open(log_path, "ab") as log:
        proc = subprocess.Popen([sys.executable, "-m", "streams", "feed", "--follow",
                                 "--no-fetch-pages"], cwd=REPO_ROOT, env=env, stdout=log,
                                stderr=subprocess.STDOUT)
    deadline = time.monotonic() + 90
    while until not in log_path.read_text()[start:]:
        assert proc.poll() is None and time.monotonic() < deadline, log_path.read_text()[-3000:]
        time.sleep(0.2)
    text = None
    if metrics_port:
        url = f"http://127.0.0.1:{metrics_port}/metrics"
        text = urllib.request.urlopen(url, timeout=5).read().decode()
    proc.send_signal(signal.SIGTERM)
    return proc.wait(timeout=60), text


async def test_follow_sends_every_entry_once_across_polls_and_a_restart(
        pipeline_settings, env_of, tmp_path):
    s = pipeline_settings.replace(topic_raw=f"feeds-raw-{os.getpid()}-{time.time_ns() % 10**6}")
    with WebServer({"/own/": OWN, "/shared/": SHARED_WEB / "feeds", "/pages/": OWN}) as web:
        feeds = [(f"/own/{n}", n) for n in OWN_FEEDS] + [(f"/shared/{n}", n) for n in SHARED_FEEDS]
        feed_list = tmp_path / "feeds.jsonl"
        feed_list.write_text("".join(orjson.dumps({"url": web.url(path),
                                                   "name": name.split(".")[0] + "-" + name.split(".")[1],
                                                   "interval_seconds": 10}).decode() + "\n"
                                     for path, name in feeds))
        port = free_port()
        env = {**os.environ, **env_of(s), "NEWSWATCH_FEEDS": str(feed_list),
               "NEWSWATCH_FEED_HOST_INTERVAL": "0.05",
               "NEWSWATCH_FEEDER_METRICS_PORT": str(port)}
        expected_ids = set()
        for path, _name in feeds:
            parsed = parse_feed(web.answer(path)[1], web.url(path))
            expected_ids |= {a["id"] for a in parsed.articles}
        log = tmp_path / "follow.log"
        # two polls of the wire feed: the second is answered 304
        code, metrics_text = _follow(env, log, "poll world-rss: not modified", port)
        assert code == 0
        # the wire adds a story: after a restart, only that one is new
        rss = web.answer("/own/world.rss.xml")[1].decode()
        item = ("<item><title>Nouvelle dépêche</title><guid>wire-0004</guid>"
                "<description>L'Iran et Israël échangent des menaces.</description></item>")
        web.override["/own/world.rss.xml"] = rss.replace("</channel>", item + "</channel>").encode()
        expected_ids |= {a["id"] for a in parse_feed(web.override["/own/world.rss.xml"],
                                                     web.url("/own/world.rss.xml")).articles}
        # restarted: polls again when due, and sends only the new story
        assert _follow(env, log, "poll world-rss: 1 new")[0] == 0
        output = log.read_text()
        assert output.count("poll world-rss: not modified") == 1, output[-3000:]
        assert "poll world-rss: 1 new, 3 already sent" in output, output[-3000:]
        assert "kept the summary" not in output
        polled = [p for p, _ in web.requests if p.startswith(("/own/", "/shared/"))]
        assert len(polled) >= 2 * len(feeds) + 1
    assert 'newswatch_feed_polls_total{feed="world-rss",result="not_modified"}' in metrics_text
    assert 'newswatch_feed_entries_total{feed="world-rss",outcome="new"} 3.0' in metrics_text
    sent = await collect(s, s.topic_raw, lambda v: True, want=len(expected_ids) + 1, timeout=10,
                         message_type="RawArticle")
    ids = [a["id"] for a in sent]
    assert sorted(ids) == sorted(expected_ids), "every entry exactly once"
    assert len(expected_ids) >= 5 + (100 if SHARED_FEEDS else 0)


def test_real_pages_main_text_matches_the_expected_text():
    cases = extraction_cases()
    if not cases:  # ../shared is absent: the project's own page stands in
        page = extract_page((OWN / "teheran.html").read_bytes(), "http://x.test/p")
        assert "a-t-il affirmé" in page.articles[0]["body"]
        return
    result = evaluate_extraction(cases)
    assert len(cases) >= 18
    assert result["f1"] >= 0.95, result["rows"]
    assert min(r[3] for r in result["rows"]) >= 0.85, result["rows"]
