"""The feeder against a local HTTP server (no broker: the sink records what would be sent)."""

from __future__ import annotations

import time

import pytest

from streams import metrics
from streams.feeder import Feeder, FeedListError, FeedSpec, load_feed_list
from streams.feedstate import SentStore
from streams.settings import REPO_ROOT
from tests.conftest import fixture_path
from tests.web_server import WebServer

WEB = fixture_path("web")


@pytest.fixture
def server():
    with WebServer({"/": WEB, "/pages/": WEB}) as web:
        yield web


@pytest.fixture
def feeder_parts(settings, tmp_path):
    sent: list[dict] = []

    async def sink(article):
        sent.append(article)

    quick = settings.replace(feed_host_interval=0.0, feed_timeout_seconds=5.0)
    return quick, tmp_path / "state.sqlite", sink, sent


def _feeder(parts, logs=None, **kw):
    settings, state, sink, _ = parts
    return Feeder(settings, SentStore(state), sink, fetch_pages=kw.get("fetch_pages", False),
                  log=(logs.append if logs is not None else lambda m: None))


def _parses(name):
    return metrics.FEED_PARSES.labels(name)._value.get()


async def test_each_entry_once_across_polls_and_a_restart(server, feeder_parts):
    feed = FeedSpec(server.url("/world.rss.xml"), "wire", "fr", 60)
    async with _feeder(feeder_parts) as feeder:
        assert await feeder.poll(feed) == "ok"
        feeder.store.db.execute("update feeds set etag = null")  # force a full re-read
        assert await feeder.poll(feed) == "ok"
        assert feeder.summary.duplicates == 3
    async with _feeder(feeder_parts) as restarted:  # same state file
        restarted.store.db.execute("update feeds set etag = null")
        await restarted.poll(feed)
    sent = feeder_parts[3]
    assert sorted(a["title"] for a in sent) == ["Brève sans date", "Sommet à Genève",
                                                "Téhéran répond à Israël"]
    assert len({a["id"] for a in sent}) == 3


async def test_not_modified_costs_no_parse(server, feeder_parts):
    feed = FeedSpec(server.url("/world.atom.xml"), "atom-304", "en", 60)
    async with _feeder(feeder_parts) as feeder:
        assert await feeder.poll(feed) == "ok"
        parses = _parses("atom-304")
        assert await feeder.poll(feed) == "not_modified"
        assert _parses("atom-304") == parses
    conditional = [h for path, h in server.requests if path == "/world.atom.xml"][1]
    assert conditional.get("If-None-Match") and conditional.get("If-Modified-Since")


async def test_failing_feeds_back_off_without_stopping_the_others(server, feeder_parts):
    server.fail["/world.rss.xml"] = 503
    logs: list[str] = []
    feeds = [FeedSpec(server.url("/world.rss.xml"), "down", None, 60),
             FeedSpec(server.url("/broken.rss.xml"), "broken", None, 60),
             FeedSpec(server.url("/world.atom.xml"), "fine", None, 60)]
    async with _feeder(feeder_parts, logs) as feeder:
        results = [await feeder.poll(f) for f in feeds]
        assert results == ["http_503", "invalid_feed", "ok"]
        assert feeder.store.next_poll(feeds[0].url) > time.time() + 10
        again = await feeder.poll(feeds[0])
        assert again == "http_503"
        assert feeder.store.db.execute("select failures from feeds where url = ?",
                                       (feeds[0].url,)).fetchone()[0] == 2
    assert any("down" in line and "failure 2" in line for line in logs)
    assert [a["title"] for a in feeder_parts[3]] == ["Israel says it will respond to Iran"]


async def test_changed_entry_is_sent_again_as_an_update(server, feeder_parts):
    feed = FeedSpec(server.url("/world.atom.xml"), "upd", "en", 60)
    async with _feeder(feeder_parts) as feeder:
        await feeder.poll(feed)
        original = (WEB / "world.atom.xml").read_text()
        server.override["/world.atom.xml"] = original.replace(
            "would respond.", "would respond, a spokesman added.").encode()
        await feeder.poll(feed)
    first, update = feeder_parts[3]
    assert update["id"] == first["id"] and update["update"] is True and update["version"] == 2
    assert "spokesman" in update["body"] and "update" not in first


async def test_short_summaries_fetch_the_page(server, feeder_parts):
    feed = FeedSpec(server.url("/world.rss.xml"), "pages", "fr", 60)
    async with _feeder(feeder_parts, fetch_pages=True) as feeder:
        await feeder.poll(feed)
    by_title = {a["title"]: a for a in feeder_parts[3]}
    assert "bras croisés" in by_title["Téhéran répond à Israël"]["body"]  # page text
    assert by_title["Brève sans date"]["body"] == "Une brève sans date de publication."  # 404


async def test_files_pages_and_size_cap(server, feeder_parts, tmp_path):
    logs: list[str] = []
    settings, state, sink, sent = feeder_parts
    small = settings.replace(feed_max_bytes=1000)
    async with Feeder(small, SentStore(state), sink, fetch_pages=False, log=logs.append) as f:
        await f.feed_input(server.url("/teheran.html"))  # 1.2 kB > 1 kB
        await f.feed_input(str(WEB / "empty-app.html"))
        await f.feed_input(str(tmp_path / "missing.jsonl"))
    assert sent == []
    assert dict(f.summary.rejected) == {"too_large": 1, "no_main_text": 1, "unreadable": 1}
    assert len(logs) == 3 and all(line.startswith("not sent: ") for line in logs)
    async with _feeder(feeder_parts) as f:
        await f.feed_input(server.url("/teheran.html"))
        await f.feed_input(server.url("/teheran.html?utm_source=twitter"))
        assert (f.summary.sent, f.summary.duplicates) == (1, 1)


async def test_requests_to_one_host_are_spaced(server, feeder_parts):
    settings, state, sink, _ = feeder_parts
    async with Feeder(settings.replace(feed_host_interval=0.3), SentStore(state), sink,
                      fetch_pages=False, log=lambda m: None) as feeder:
        start = time.monotonic()
        for _ in range(3):
            await feeder.fetch(server.url("/world.atom.xml"))
        assert time.monotonic() - start >= 0.6


def test_feed_list_errors_name_the_line(tmp_path):
    path = tmp_path / "feeds.jsonl"
    path.write_text('{"url": "https://a.test/rss", "name": "a"}\n{"url": "ftp://b"}\n')
    with pytest.raises(FeedListError, match=r"feeds.jsonl:2: 'url' must be an http\(s\) URL"):
        load_feed_list(path)
    shipped = load_feed_list(REPO_ROOT / "seeds" / "feeds.jsonl")
    assert all(f.url.startswith("https://") for f in shipped)
