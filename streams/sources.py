"""From what people have to RawArticles: RSS/Atom/JSON feeds and news article pages.

Pure functions over bytes (no network, no Kafka): ``parse_feed`` turns a feed document
into entries, ``extract_page`` an article page into its main text and metadata
(trafilatura), ``canonical_url`` and ``entry_key`` give the stable identity that makes
"once each" possible. Nothing is dropped silently: what cannot become an article comes
back as a ``Rejected`` with its reason.
"""

from __future__ import annotations

import hashlib
import html
import re
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from urllib.parse import parse_qsl, urlencode, urljoin, urlsplit, urlunsplit

import feedparser
import orjson
import trafilatura

from streams.articles import now_iso

TRACKING = re.compile(
    r"^(utm_\w+|xtor|xtref|fbclid|gclid|dclid|msclkid|mc_cid|mc_eid|ref|ref_src|cmpid|"
    r"at_\w+|wt_mc|wt_zmc|ns_\w+|icid|ito|CMP|ocid|_ga|igshid|s_cid|rss)$",
    re.IGNORECASE,
)
MIN_TEXT_CHARS = 200  # less main text than this: not an article page
SHORT_SUMMARY_CHARS = 400  # a feed entry shorter than this is worth fetching its page


@dataclass
class Rejected:
    what: str  # url, file or entry
    reason: str  # low-cardinality: too_large, no_main_text, invalid_feed, no_content, ...
    detail: str = ""


@dataclass
class Parsed:
    articles: list[dict] = field(default_factory=list)
    rejected: list[Rejected] = field(default_factory=list)
    kind: str = ""


def canonical_url(url: str) -> str:
    """Lower-case scheme and host, no fragment, no tracking parameters, sorted query."""
    parts = urlsplit(url.strip())
    host = (parts.hostname or "").lower()
    if parts.port and not (parts.scheme == "http" and parts.port == 80
                           or parts.scheme == "https" and parts.port == 443):
        host = f"{host}:{parts.port}"
    query = sorted((k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True)
                   if not TRACKING.match(k))
    fragment = ""  # "#xtor=RSS-1" style trackers live in fragments too
    path = parts.path or "/"
    return urlunsplit((parts.scheme.lower(), host, path, urlencode(query), fragment))


def entry_key(guid: str | None, link: str | None, content: str) -> str:
    """What identifies an entry: its guid, else its canonical link, else its content."""
    if guid and guid.strip():
        guid = guid.strip()
        return canonical_url(guid) if guid.startswith(("http://", "https://")) else guid
    if link:
        return canonical_url(link)
    return "sha256:" + hashlib.sha256(content.encode()).hexdigest()


def article_id_of(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()[:16]


def content_hash(article: dict) -> str:
    basis = f"{article.get('title') or ''}\n{article['body']}"
    return hashlib.sha256(basis.encode()).hexdigest()[:16]


def html_to_text(fragment: str) -> str:
    """Text of an HTML fragment (feed summaries): tags out, entities decoded, blocks kept."""
    text = re.sub(r"(?is)<(script|style)\b.*?</\1>", " ", fragment or "")
    text = re.sub(r"(?i)<br\s*/?>|</p>|</div>|</li>|</h\d>", "\n", text)
    text = re.sub(r"<[^>]+>", " ", text)
    text = html.unescape(html.unescape(text))  # summaries are often escaped twice
    text = re.sub(r"[ \t\xa0]+", " ", text)
    return re.sub(r"\s*\n\s*", "\n\n", text).strip()


def iso_date(value) -> str | None:
    """RFC 822, ISO 8601 or a feedparser time tuple -> ISO 8601 (UTC); None if absent/odd."""
    if not value:
        return None
    try:
        if isinstance(value, tuple):  # time.struct_time from feedparser, already UTC
            return datetime(*value[:6], tzinfo=UTC).isoformat().replace("+00:00", "Z")
        text = str(value).strip()
        if re.match(r"^\d{4}-\d{2}", text):
            moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
        else:
            moment = parsedate_to_datetime(text)
        if moment.tzinfo is None:
            moment = moment.replace(tzinfo=UTC)
        return moment.astimezone(UTC).isoformat().replace("+00:00", "Z")
    except (ValueError, TypeError, IndexError, OverflowError):
        return None


def parse_feed(data: bytes, url: str, *, source: str | None = None,
               language: str | None = None) -> Parsed:
    """RSS 2.0, RSS 1.0, Atom (feedparser) or JSON Feed -> RawArticles (body may be short)."""
    stripped = data.lstrip()[:1]
    if stripped == b"{":
        return _parse_json_feed(data, url, source, language)
    feed = feedparser.parse(data, response_headers={"content-location": url})
    if not feed.entries:
        problem = str(feed.get("bozo_exception") or "no entries")
        return Parsed(rejected=[Rejected(url, "invalid_feed", problem)], kind="feed")
    name = source or feed.feed.get("title") or urlsplit(url).hostname or url
    lang = language or (feed.feed.get("language") or "")[:2] or None
    out = Parsed(kind=feed.version or "feed")
    for entry in feed.entries:
        content = " ".join(c.get("value", "") for c in entry.get("content", []))
        body = html_to_text(content or entry.get("summary", ""))
        title = html_to_text(entry.get("title", "")) or None
        link = canonical_url(urljoin(url, entry["link"])) if entry.get("link") else None
        _add_entry(out, entry.get("id"), link, title, body, name, lang,
                   entry.get("published_parsed") or entry.get("updated_parsed"),
                   entry.get("author"))
    if not out.articles and feed.get("bozo"):
        out.rejected = [Rejected(url, "invalid_feed", str(feed.get("bozo_exception")))]
    return out


def _parse_json_feed(data: bytes, url: str, source, language) -> Parsed:
    try:
        feed = orjson.loads(data)
        items = feed["items"]
    except (orjson.JSONDecodeError, KeyError, TypeError) as exc:
        return Parsed(rejected=[Rejected(url, "invalid_feed", f"not a JSON Feed: {exc}")],
                      kind="json")
    out = Parsed(kind="jsonfeed")
    name = source or feed.get("title") or urlsplit(url).hostname or url
    for item in items:
        body = item.get("content_text") or html_to_text(item.get("content_html") or
                                                        item.get("summary") or "")
        link = canonical_url(urljoin(url, item["url"])) if item.get("url") else None
        authors = item.get("authors") or ([item["author"]] if item.get("author") else [])
        _add_entry(out, str(item.get("id") or ""), link, item.get("title"), body, name,
                   language or feed.get("language"), item.get("date_published"),
                   ", ".join(a.get("name", "") for a in authors if isinstance(a, dict)) or None)
    return out


def _add_entry(out: Parsed, guid, link, title, body, source, language, published, author):
    if not (body or title):
        out.rejected.append(Rejected(link or guid or "entry", "no_content",
                                     "entry has neither title nor text"))
        return
    key = entry_key(guid, link, f"{title}\n{body}")
    out.articles.append({
        "id": article_id_of(key), "source": source, "url": link, "title": title,
        "body": body or title, "language": language, "published_at": iso_date(published),
        "fetched_at": now_iso(), "author": author, "entry_key": key,
    })


def extract_page(data: bytes, url: str, *, source: str | None = None) -> Parsed:
    """An article page -> one RawArticle with its main text, or a ``no_main_text`` rejection."""
    doc = trafilatura.bare_extraction(data, url=url, with_metadata=True, include_comments=False,
                                      include_tables=False, favor_precision=True)
    meta = doc.as_dict() if doc is not None and hasattr(doc, "as_dict") else (doc or {})
    text = (meta.get("text") or "").strip()
    if len(text) < MIN_TEXT_CHARS:
        return Parsed(rejected=[Rejected(url, "no_main_text",
                                         f"only {len(text)} characters of main text")],
                      kind="html")
    key = entry_key(None, url, text) if url else entry_key(None, None, text)
    return Parsed(kind="html", articles=[{
        "id": article_id_of(key),
        "source": source or meta.get("sitename") or meta.get("hostname") or "web",
        "url": url or None, "title": meta.get("title"),
        "body": re.sub(r"\n(?=\S)", "\n\n", text),  # one paragraph a line -> blank-line separated
        "language": None,  # <html lang> is often wrong: the enrich stage detects it
        "published_at": iso_date(meta.get("date")), "fetched_at": now_iso(),
        "author": meta.get("author"), "entry_key": key,
    }])


def sniff(data: bytes, content_type: str = "", name: str = "") -> str:
    """``feed``, ``html`` or ``unknown`` from the content type, the name, then the bytes."""
    ct, lowered = content_type.lower(), name.lower()
    if any(t in ct for t in ("rss", "atom", "feed+json", "xml")) or lowered.endswith(
            (".rss", ".atom", ".xml", ".rdf", ".jsonfeed.json")):
        return "feed"
    if "html" in ct or lowered.endswith((".html", ".htm")):
        return "html"
    head = data.lstrip()[:500].lower()
    if head.startswith(b"<?xml") or b"<rss" in head or b"<feed" in head or b"<rdf:rdf" in head:
        return "feed"
    if b"<html" in head or b"<!doctype html" in head:
        return "html"
    if head.startswith(b"{") and b'"version"' in head and b"jsonfeed" in head:
        return "feed"
    return "unknown"
