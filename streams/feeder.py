"""``newswatch feed``: files, pages and feeds into ``news.articles.raw``, each entry once.

One-shot (``feed PATH|URL...``) or continuous (``feed --follow``, a feed list such as
``seeds/feeds.jsonl``). Polls use conditional requests (ETag / Last-Modified: a 304 costs
no parse), a failing feed backs off on its own (doubling, at most an hour) without
holding up the others, and requests to one host are spaced by ``feed_host_interval``.
Feed entries and pages are sent once (``streams.feedstate``); an entry whose content
changed is sent again with ``"update": true`` and its ``version``. Seed texts and
RawArticle JSON files are sent each time they are named. Nothing is dropped silently:
every input not sent is counted with its reason, logged, and in the summary.
"""

from __future__ import annotations

import asyncio
import contextlib
import signal
import sys
import time
from collections import Counter
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import aiohttp
import orjson

from streams import metrics
from streams.articles import InputError, read_articles
from streams.contracts import ContractError, validate
from streams.feedstate import SentStore
from streams.jsonlines import read_jsonl
from streams.sources import (
    SHORT_SUMMARY_CHARS,
    Parsed,
    Rejected,
    content_hash,
    extract_page,
    parse_feed,
    sniff,
)

Sink = Callable[[dict], Awaitable[None]]


class FeedListError(ValueError):
    """A feed list that cannot be used; names the file, line and problem."""


@dataclass(frozen=True)
class FeedSpec:
    url: str
    name: str
    language: str | None = None
    interval_seconds: float = 300.0
    tags: tuple[str, ...] = ()


def load_feed_list(path: Path) -> list[FeedSpec]:
    path = Path(path)
    if not path.exists():
        raise FeedListError(f"{path}: no such feed list")
    feeds = []
    for where, row in read_jsonl(path, FeedListError):
        url = row.get("url") if isinstance(row, dict) else None
        if not isinstance(url, str) or not url.startswith(("http://", "https://")):
            raise FeedListError(f"{where}: 'url' must be an http(s) URL")
        interval = row.get("interval_seconds", 300)
        if not isinstance(interval, int | float) or interval < 10:
            raise FeedListError(f"{where}: 'interval_seconds' must be a number >= 10")
        unknown = set(row) - {"url", "name", "language", "interval_seconds", "tags"}
        if unknown:
            raise FeedListError(f"{where}: unknown key(s) {sorted(unknown)}")
        feeds.append(FeedSpec(url, row.get("name") or urlsplit(url).hostname or url,
                              row.get("language"), float(interval), tuple(row.get("tags", []))))
    if not feeds:
        raise FeedListError(f"{path}: no feed in the list")
    return feeds


@dataclass
class Summary:
    sent: int = 0
    updates: int = 0
    duplicates: int = 0
    rejected: Counter = field(default_factory=Counter)

    def line(self) -> str:
        rejected = ", ".join(f"{r}: {n}" for r, n in sorted(self.rejected.items())) or "none"
        return (f"sent {self.sent} ({self.updates} updates), {self.duplicates} already sent, "
                f"rejected {sum(self.rejected.values())} ({rejected})")


@dataclass
class Fetched:
    status: int
    body: bytes
    content_type: str
    etag: str | None
    last_modified: str | None


class FetchError(Exception):
    """A fetch that failed; ``reason`` is a metric label (timeout, http_503, too_large, ...)."""

    def __init__(self, reason: str, detail: str):
        super().__init__(detail)
        self.reason = reason


class Feeder:
    """Sends articles through ``sink`` (the Kafka producer) and keeps the ``store``."""

    def __init__(self, settings, store: SentStore, sink: Sink, *, fetch_pages: bool,
                 log: Callable[[str], None] = print):
        self.s = settings
        self.store = store
        self.sink = sink
        self.fetch_pages = fetch_pages
        self.log = log
        self.summary = Summary()
        self._last_request: dict[str, float] = {}
        self._session: aiohttp.ClientSession | None = None

    async def __aenter__(self) -> Feeder:
        self._session = aiohttp.ClientSession(
            timeout=aiohttp.ClientTimeout(total=self.s.feed_timeout_seconds),
            headers={"User-Agent": "newswatch/0.1 (+https://github.com/newswatch)"},
        )
        return self

    async def __aexit__(self, *exc) -> None:
        if self._session:
            await self._session.close()

    # -- inputs ------------------------------------------------------------------------------

    async def feed_input(self, target: str, stdin_text: str | None = None) -> None:
        """One path or URL: a seed text / JSON(L) file, a feed, or an article page."""
        if target.startswith(("http://", "https://")):
            try:
                got = await self.fetch(target)
            except FetchError as exc:
                self.reject(Rejected(target, exc.reason, str(exc)))
                return
            await self.handle(got.body, target, sniff(got.body, got.content_type, target))
            return
        path = Path(target)
        kind = "text" if target == "-" else sniff(b"", "", target)
        if kind == "unknown" and path.is_file() and path.suffix.lower() not in (
                ".txt", ".json", ".jsonl", ".ndjson"):
            kind = sniff(path.read_bytes()[:2048], "", target)
        if kind in ("feed", "html"):
            size = path.stat().st_size if path.is_file() else 0
            if not path.is_file():
                self.reject(Rejected(target, "unreadable", "no such file"))
            elif size > self.s.feed_max_bytes:
                self.reject(Rejected(target, "too_large",
                                     f"{size} bytes > {self.s.feed_max_bytes}"))
            else:
                await self.handle(path.read_bytes(), path.resolve().as_uri(), kind)
            return
        try:
            articles = list(read_articles(target, stdin_text))
        except InputError as exc:
            self.reject(Rejected(target, "unreadable", str(exc)))
            return
        for article in articles:
            await self.send(article)

    async def handle(self, data: bytes, url: str, kind: str, feed: FeedSpec | None = None):
        if kind == "feed":
            parsed = self._parse(data, url, feed)
        elif kind == "html":
            parsed = extract_page(data, url if url.startswith("http") else "")
        else:
            parsed = Parsed(rejected=[Rejected(url, "unknown_format",
                                               "neither a feed nor an HTML page")])
        await self._send_parsed(parsed, kind, feed)

    def _parse(self, data: bytes, url: str, feed: FeedSpec | None) -> Parsed:
        metrics.FEED_PARSES.labels(self._label(feed)).inc()
        return parse_feed(data, url, source=feed.name if feed else None,
                          language=feed.language if feed else None)

    async def _send_parsed(self, parsed: Parsed, kind: str, feed: FeedSpec | None) -> None:
        for rejected in parsed.rejected:
            self.reject(rejected, feed)
        for article in parsed.articles:
            if (kind == "feed" and self.fetch_pages and article.get("url")
                    and len(article["body"]) < SHORT_SUMMARY_CHARS):
                article = await self._with_page_text(article)
            await self.send_once(article, feed)

    async def _with_page_text(self, article: dict) -> dict:
        try:
            got = await self.fetch(article["url"])
        except FetchError as exc:
            self.log(f"kept the summary of {article['url']}: page fetch failed ({exc})")
            return article
        page = extract_page(got.body, article["url"])
        if not page.articles:
            return article
        text = page.articles[0]
        return {**article, "body": text["body"], "author": article.get("author") or
                text.get("author"), "published_at": article.get("published_at") or
                text.get("published_at")}

    # -- sending -----------------------------------------------------------------------------

    async def send_once(self, article: dict, feed: FeedSpec | None = None) -> None:
        key = article.pop("entry_key")
        digest = content_hash(article)
        status, version = self.store.status(key, digest)
        label = self._label(feed)
        if status == "duplicate":
            self.summary.duplicates += 1
            metrics.FEED_ENTRIES.labels(label, "duplicate").inc()
            return
        if status == "update":
            article = {**article, "update": True, "version": version}
        if await self.send(article, feed):
            self.store.mark_sent(key, article["id"], digest, version)
            self.summary.updates += status == "update"
            metrics.FEED_ENTRIES.labels(label, status).inc()

    async def send(self, article: dict, feed: FeedSpec | None = None) -> bool:
        try:
            validate("RawArticle", article)
        except ContractError as exc:
            self.reject(Rejected(article.get("url") or article.get("id", "?"), "invalid_article",
                                 str(exc)), feed)
            return False
        await self.sink(article)
        self.summary.sent += 1
        return True

    def reject(self, rejected: Rejected, feed: FeedSpec | None = None) -> None:
        self.summary.rejected[rejected.reason] += 1
        metrics.FEED_ENTRIES.labels(self._label(feed), f"rejected_{rejected.reason}").inc()
        self.log(f"not sent: {rejected.what}: {rejected.reason}"
                 + (f" ({rejected.detail})" if rejected.detail else ""))

    @staticmethod
    def _label(feed: FeedSpec | None) -> str:
        return feed.name if feed else "files"

    # -- HTTP --------------------------------------------------------------------------------

    async def fetch(self, url: str, etag: str | None = None,
                    last_modified: str | None = None) -> Fetched:
        host = urlsplit(url).netloc
        wait = self._last_request.get(host, 0) + self.s.feed_host_interval - time.monotonic()
        if wait > 0:
            await asyncio.sleep(wait)
        self._last_request[host] = time.monotonic()
        headers = {k: v for k, v in (("If-None-Match", etag), ("If-Modified-Since",
                                                                 last_modified)) if v}
        assert self._session is not None, "use `async with Feeder(...)`"
        try:
            async with self._session.get(url, headers=headers) as resp:
                if resp.status == 304:
                    return Fetched(304, b"", "", etag, last_modified)
                if resp.status >= 400:
                    raise FetchError(f"http_{resp.status}", f"HTTP {resp.status} from {url}")
                body = bytearray()
                async for chunk in resp.content.iter_chunked(1 << 16):
                    body += chunk
                    if len(body) > self.s.feed_max_bytes:
                        raise FetchError("too_large", f"{url} is over {self.s.feed_max_bytes} "
                                         "bytes (NEWSWATCH_FEED_MAX_BYTES)")
                return Fetched(resp.status, bytes(body), resp.headers.get("Content-Type", ""),
                               resp.headers.get("ETag"), resp.headers.get("Last-Modified"))
        except TimeoutError:
            raise FetchError("timeout", f"{url} did not answer in "
                             f"{self.s.feed_timeout_seconds:.0f}s") from None
        except aiohttp.ClientError as exc:
            raise FetchError("connection", f"{url}: {exc}") from None

    # -- following ---------------------------------------------------------------------------

    async def poll(self, feed: FeedSpec) -> str:
        """Poll one feed once; returns ``not_modified``, ``ok`` or the error reason."""
        started, before = time.monotonic(), (self.summary.sent, self.summary.duplicates)
        etag, modified = self.store.validators(feed.url)
        try:
            got = await self.fetch(feed.url, etag, modified)
        except FetchError as exc:
            return self._poll_failed(feed, exc.reason, str(exc))
        if got.status == 304:
            self.store.polled(feed.url, etag=etag, last_modified=modified,
                              next_poll=time.time() + feed.interval_seconds)
            metrics.FEED_POLLS.labels(feed.name, "not_modified").inc()
            self.log(f"poll {feed.name}: not modified")
            return "not_modified"
        parsed = self._parse(got.body, feed.url, feed)
        if any(r.reason == "invalid_feed" for r in parsed.rejected):
            detail = parsed.rejected[0].detail
            return self._poll_failed(feed, "invalid_feed", f"not a valid feed ({detail})")
        await self._send_parsed(parsed, "feed", feed)
        self.store.polled(feed.url, etag=got.etag, last_modified=got.last_modified,
                          next_poll=time.time() + feed.interval_seconds)
        metrics.FEED_POLLS.labels(feed.name, "ok").inc()
        self.log(f"poll {feed.name}: {self.summary.sent - before[0]} new, "
                 f"{self.summary.duplicates - before[1]} already sent "
                 f"({time.monotonic() - started:.1f}s)")
        return "ok"

    def _poll_failed(self, feed: FeedSpec, reason: str, detail: str) -> str:
        failures = self.store.failed(feed.url, feed.interval_seconds / 4, time.time())
        metrics.FEED_POLLS.labels(feed.name, reason).inc()
        delay = self.store.next_poll(feed.url) - time.time()
        self.log(f"poll {feed.name}: {detail}; failure {failures}, next try in {delay:.0f}s")
        return reason

    async def follow(self, feeds: list[FeedSpec], stop: asyncio.Event) -> None:
        """Poll every feed when it is due, until ``stop`` is set."""
        while not stop.is_set():
            due = [f for f in feeds if self.store.next_poll(f.url) <= time.time()]
            for feed in due:
                if stop.is_set():
                    break
                await self.poll(feed)
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(stop.wait(), timeout=1.0)


async def run_feed(settings, targets: list[str], *, follow: bool = False,
                   feeds_path: Path | None = None, fetch_pages: bool | None = None,
                   stdin_text: str | None = None, log: Callable[[str], None] | None = None,
                   progress: bool = False) -> Summary:
    """What the CLI runs: a Kafka producer as the sink, the state file, then inputs/feeds."""
    from aiokafka import AIOKafkaProducer
    from aiokafka.errors import KafkaConnectionError

    from streams.topics import BrokerUnavailable, ensure_topics, no_broker_message

    def say(message: str) -> None:
        print(message, file=sys.stderr, flush=True)

    log = log or say
    feeds = load_feed_list(feeds_path or settings.feeds) if follow else []
    await ensure_topics(settings, [settings.topic_raw])
    producer = AIOKafkaProducer(bootstrap_servers=settings.bootstrap_servers, acks="all",
                                enable_idempotence=True, linger_ms=5)
    try:
        await producer.start()
    except KafkaConnectionError as exc:
        raise BrokerUnavailable(no_broker_message(settings)) from exc

    async def sink(article: dict) -> None:
        await producer.send_and_wait(settings.topic_raw, orjson.dumps(article),
                                     key=article["id"].encode())

    store = SentStore(settings.feed_state)
    fetch = follow if fetch_pages is None else fetch_pages
    try:
        async with Feeder(settings, store, sink, fetch_pages=fetch, log=log) as feeder:
            bar = _progress_bar(len(targets)) if progress and targets else None
            for target in targets:
                await feeder.feed_input(target, stdin_text)
                if bar is not None:
                    bar.set_postfix(sent=feeder.summary.sent, refresh=False)
                    bar.update(1)
            if bar is not None:
                bar.close()
            if follow:
                from prometheus_client import start_http_server

                start_http_server(settings.feeder_metrics_port, addr=settings.web_host)
                log(f"following {len(feeds)} feed(s); metrics on "
                    f"http://{settings.web_host}:{settings.feeder_metrics_port}/metrics; "
                    "Ctrl-C to stop")
                stop = asyncio.Event()
                loop = asyncio.get_running_loop()
                for sig in (signal.SIGINT, signal.SIGTERM):
                    loop.add_signal_handler(sig, stop.set)
                await feeder.follow(feeds, stop)
            return feeder.summary
    finally:
        store.close()
        await producer.stop()


def _progress_bar(total: int):
    from tqdm import tqdm

    return tqdm(total=total, unit="input", file=sys.stderr, disable=not sys.stderr.isatty(),
                dynamic_ncols=True)
