"""Feeds and pages into RawArticles, from the project's own fixtures (tests/fixtures/web)."""

import orjson
import pytest

from streams.contracts import validate
from streams.sources import canonical_url, entry_key, extract_page, iso_date, parse_feed, sniff
from tests.conftest import fixture_path

WEB = fixture_path("web")


def test_canonical_url_strips_tracking_and_fragments():
    assert canonical_url("HTTPS://WWW.Example.COM:443/a/b?utm_source=rss&id=3&xtor=RSS-1&b=2#x") \
        == "https://www.example.com/a/b?b=2&id=3"
    assert canonical_url("http://example.com") == "http://example.com/"


def test_entry_key_prefers_guid_then_link_then_content():
    assert entry_key("wire-1", "http://x.test/a", "t") == "wire-1"
    assert entry_key("http://x.test/a?utm_medium=x", None, "t") == "http://x.test/a"
    assert entry_key(None, "http://x.test/a#top", "t") == "http://x.test/a"
    assert entry_key(None, None, "t").startswith("sha256:")


@pytest.mark.parametrize("raw, iso", [
    ("Thu, 19 Jun 2025 10:00:00 +0200", "2025-06-19T08:00:00Z"),
    ("2025-06-19T12:30:00Z", "2025-06-19T12:30:00Z"),
    ("2025-06-19", "2025-06-19T00:00:00Z"),
    ("yesterday-ish", None), ("", None), (None, None),
])
def test_dates(raw, iso):
    assert iso_date(raw) == iso


def test_rss_entries_entities_relative_links_and_missing_dates():
    parsed = parse_feed((WEB / "world.rss.xml").read_bytes(), "http://127.0.0.1/world.rss.xml")
    assert parsed.rejected == [] and len(parsed.articles) == 3
    first, second, third = parsed.articles
    assert first["body"] == "Le ministre iranien a déclaré que Téhéran répondrait."
    assert first["url"] == "http://127.0.0.1/pages/teheran.html"  # relative, tracking stripped
    assert first["entry_key"] == "wire-0001" and first["language"] == "fr"
    assert first["published_at"] == "2025-06-19T08:00:00Z"
    assert "<b>" not in second["body"] and second["url"] == "http://127.0.0.1/pages/geneve.html"
    assert third["published_at"] is None
    for article in parsed.articles:
        validate("RawArticle", {k: v for k, v in article.items() if k != "entry_key"})


def test_atom_and_json_feed():
    atom = parse_feed((WEB / "world.atom.xml").read_bytes(), "http://127.0.0.1/world.atom.xml")
    assert atom.articles[0]["body"] == ("Israel's prime minister said on Thursday that the "
                                        "country would respond.")
    assert atom.articles[0]["entry_key"] == "urn:newswatch:atom-1"
    json_feed = orjson.dumps({"version": "https://jsonfeed.org/version/1.1", "title": "J",
                              "items": [{"id": "1", "url": "/a?utm_campaign=x",
                                         "content_html": "<p>Hello &amp; welcome</p>",
                                         "date_published": "2025-06-19T10:00:00+02:00"}]})
    parsed = parse_feed(json_feed, "https://j.test/feed.json")
    assert parsed.articles[0]["url"] == "https://j.test/a"
    assert parsed.articles[0]["body"] == "Hello & welcome"
    assert parsed.articles[0]["published_at"] == "2025-06-19T08:00:00Z"


def test_invalid_feed_is_rejected_with_reason():
    parsed = parse_feed((WEB / "broken.rss.xml").read_bytes(), "http://x.test/broken.rss.xml")
    assert parsed.articles == [] and parsed.rejected[0].reason == "invalid_feed"


def test_article_page_main_text_and_metadata():
    parsed = extract_page((WEB / "teheran.html").read_bytes(), "http://x.test/teheran.html")
    article = parsed.articles[0]
    assert article["title"].startswith("Téhéran répond à Israël")
    assert article["author"] == "Marie Dupont" and article["published_at"].startswith("2025-06-19")
    assert "« Nous ne resterons pas les bras croisés" in article["body"]
    for boilerplate in ("Accueil", "Newsletter", "Lire aussi", "Tous droits réservés"):
        assert boilerplate not in article["body"]


def test_non_article_page_is_reported_not_sent():
    parsed = extract_page((WEB / "empty-app.html").read_bytes(), "http://x.test/app")
    assert parsed.articles == [] and parsed.rejected[0].reason == "no_main_text"


def test_wrong_declared_encoding_is_survived():
    parsed = extract_page((WEB / "latin1-declared-utf8.html").read_bytes(), "http://x.test/l")
    assert "électeurs iraniens" in parsed.articles[0]["body"]


def test_sniff():
    assert sniff(b"<?xml version='1.0'?><rss>", "", "x") == "feed"
    assert sniff(b"<!DOCTYPE html><html>", "", "x") == "html"
    assert sniff(b"", "application/atom+xml; charset=utf-8", "x") == "feed"
    assert sniff(b"", "", "page.htm") == "html"
    assert sniff(b"hello", "", "notes") == "unknown"
