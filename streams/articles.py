"""Reading articles: the seed text format, JSON and JSON lines, into RawArticle dicts.

A RawArticle always gets a stable ``id``: the one given, else a hash of its url, else a
hash of its source, title and body; so feeding the same file twice gives the same ids,
and the pipeline's deterministic alert ids follow from them.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import orjson

SEED_DATE = re.compile(r"^\s*date\s+(\d{4}-\d{2}(?:-\d{2})?)\s*(.*)$", re.DOTALL)


class InputError(ValueError):
    """An input file or record that cannot be read as an article; says where and why."""


def now_iso() -> str:
    return datetime.now(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def article_id(url: str | None, source: str | None, title: str | None, body: str) -> str:
    """A stable id: from the url when there is one, else from the content."""
    basis = f"url:{url}" if url else f"text:{source or ''}\n{title or ''}\n{body}"
    return hashlib.sha256(basis.encode("utf-8")).hexdigest()[:16]


def normalise(record: dict, *, default_source: str = "unknown", origin: str = "") -> dict:
    """Fill the defaults of a RawArticle (id, source, fetched_at) and check its body."""
    where = f"{origin}: " if origin else ""
    if not isinstance(record, dict):
        raise InputError(f"{where}an article must be a JSON object, got {type(record).__name__}")
    body = record.get("body")
    if not isinstance(body, str) or not body.strip():
        raise InputError(f"{where}article has no 'body' text")
    article = {
        "id": record.get("id") or article_id(
            record.get("url"), record.get("source"), record.get("title"), body
        ),
        "source": record.get("source") or default_source,
        "url": record.get("url"),
        "title": record.get("title"),
        "body": body,
        "language": record.get("language"),
        "published_at": record.get("published_at"),
        "fetched_at": record.get("fetched_at") or now_iso(),
    }
    extra = {k: v for k, v in record.items() if k not in article}
    article.update(extra)
    return article


def parse_seed_text(text: str, *, name: str = "", source: str = "seed") -> dict:
    """The seed format: an optional first line ``date YYYY-MM[-DD]``, then the body.

    The body may start on the date line itself (the reference seed does this), and may
    contain ``RELATED ...`` teaser lines, which clean-up removes later.
    """
    text = text.lstrip("\ufeff")
    published = None
    match = SEED_DATE.match(text)
    if match:
        published, text = match.group(1), match.group(2)
    body = text.strip()
    if not body:
        raise InputError(f"{name or 'seed text'}: no article text")
    record = {"body": body, "published_at": published, "source": source}
    if name:
        record["id"] = Path(name).stem
    return normalise(record, origin=name)


def read_articles(path: str, stdin_text: str | None = None) -> Iterator[dict]:
    """Yield RawArticles from a seed text file, a ``.json`` or ``.jsonl`` file, or ``-``.

    ``-`` reads standard input (``stdin_text``) and guesses the format from its first
    character. Raises ``InputError`` naming the file (and line) on anything unreadable.
    """
    if path == "-":
        text = stdin_text or ""
        name = "<stdin>"
        kind = _guess_kind(text)
    else:
        p = Path(path)
        if not p.exists():
            raise InputError(f"{path}: no such file")
        if p.is_dir():
            raise InputError(f"{path}: is a directory (give the files, e.g. {path}/*.txt)")
        try:
            text = p.read_text(encoding="utf-8")
        except UnicodeDecodeError as exc:
            raise InputError(f"{path}: not UTF-8 text ({exc.reason} at byte {exc.start})") from None
        name = path
        suffix = p.suffix.lower()
        kind = {".json": "json", ".jsonl": "jsonl", ".ndjson": "jsonl"}.get(suffix, "text")
    if kind == "json":
        yield from _read_json(text, name)
    elif kind == "jsonl":
        yield from _read_jsonl(text, name)
    else:
        yield parse_seed_text(text, name="" if name == "<stdin>" else name)


def _guess_kind(text: str) -> str:
    stripped = text.lstrip()
    if stripped.startswith("["):
        return "json"
    if stripped.startswith("{"):
        first = stripped.splitlines()[0].strip()
        return "jsonl" if first.endswith("}") and len(stripped.splitlines()) > 1 else "json"
    return "text"


def _read_json(text: str, name: str) -> Iterator[dict]:
    try:
        data = orjson.loads(text)
    except orjson.JSONDecodeError as exc:
        raise InputError(f"{name}: invalid JSON: {exc}") from None
    items = data if isinstance(data, list) else [data]
    for i, item in enumerate(items):
        yield normalise(item, origin=f"{name}[{i}]" if isinstance(data, list) else name)


def _read_jsonl(text: str, name: str) -> Iterator[dict]:
    for lineno, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            item = orjson.loads(line)
        except orjson.JSONDecodeError as exc:
            raise InputError(f"{name}:{lineno}: invalid JSON: {exc}") from None
        yield normalise(item, origin=f"{name}:{lineno}")
