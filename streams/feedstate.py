"""What the feeder already sent, and each feed's HTTP validators: a small SQLite file.

Why a local file and not a compacted Kafka topic: the feeder must decide "sent already?"
before producing, without a broker round-trip per entry, and must keep ETag /
Last-Modified and back-off state per feed; SQLite gives that atomically, survives
restarts, and needs nothing running. One feeder process per state file (point several
feeders at different files, or at different feed lists).
"""

from __future__ import annotations

import sqlite3
import time
from pathlib import Path

SCHEMA = """
create table if not exists sent (
    key text primary key,          -- entry key: guid / canonical url / content hash
    article_id text not null,
    content_hash text not null,
    version integer not null default 1,
    first_sent real not null,
    last_sent real not null
);
create table if not exists feeds (
    url text primary key,
    etag text,
    last_modified text,
    failures integer not null default 0,
    next_poll real not null default 0
);
"""


class SentStore:
    def __init__(self, path: Path):
        Path(path).parent.mkdir(parents=True, exist_ok=True)
        self.db = sqlite3.connect(str(path))
        self.db.executescript(SCHEMA)

    def status(self, key: str, content_hash: str) -> tuple[str, int]:
        """("new", 1), ("duplicate", v) or ("update", v + 1) for an entry."""
        row = self.db.execute("select content_hash, version from sent where key = ?",
                              (key,)).fetchone()
        if row is None:
            return "new", 1
        if row[0] == content_hash:
            return "duplicate", row[1]
        return "update", row[1] + 1

    def mark_sent(self, key: str, article_id: str, content_hash: str, version: int) -> None:
        now = time.time()
        self.db.execute(
            "insert into sent values (?, ?, ?, ?, ?, ?) on conflict(key) do update set "
            "content_hash = excluded.content_hash, version = excluded.version, "
            "last_sent = excluded.last_sent",
            (key, article_id, content_hash, version, now, now))
        self.db.commit()

    def validators(self, url: str) -> tuple[str | None, str | None]:
        row = self.db.execute("select etag, last_modified from feeds where url = ?",
                              (url,)).fetchone()
        return (row[0], row[1]) if row else (None, None)

    def polled(self, url: str, *, etag: str | None, last_modified: str | None,
               next_poll: float) -> None:
        self.db.execute(
            "insert into feeds (url, etag, last_modified, failures, next_poll) "
            "values (?, ?, ?, 0, ?) on conflict(url) do update set etag = excluded.etag, "
            "last_modified = excluded.last_modified, failures = 0, next_poll = excluded.next_poll",
            (url, etag, last_modified, next_poll))
        self.db.commit()

    def failed(self, url: str, backoff: float, now: float) -> int:
        """Record a failure; the feed waits ``backoff * 2**(failures-1)`` (max 1 h)."""
        row = self.db.execute("select failures from feeds where url = ?", (url,)).fetchone()
        failures = (row[0] if row else 0) + 1
        delay = min(backoff * 2 ** (failures - 1), 3600.0)
        self.db.execute(
            "insert into feeds (url, failures, next_poll) values (?, ?, ?) on conflict(url) "
            "do update set failures = excluded.failures, next_poll = excluded.next_poll",
            (url, failures, now + delay))
        self.db.commit()
        return failures

    def next_poll(self, url: str) -> float:
        row = self.db.execute("select next_poll from feeds where url = ?", (url,)).fetchone()
        return row[0] if row else 0.0

    def close(self) -> None:
        self.db.close()
