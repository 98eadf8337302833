"""JSON-lines data files (catalogue, watchlists, feed lists): one object a line.

Blank lines and lines starting with ``#`` are skipped; every value comes with where it
was read (``file:line``) so that each loader can say exactly what is wrong and where.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import orjson


def read_jsonl(path: Path, error: type[Exception]) -> Iterator[tuple[str, object]]:
    """Yield ``(where, value)``; raise ``error("file:line: invalid JSON: ...")``."""
    for lineno, line in enumerate(Path(path).read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        where = f"{path}:{lineno}"
        try:
            yield where, orjson.loads(line)
        except orjson.JSONDecodeError as exc:
            raise error(f"{where}: invalid JSON: {exc}") from None
