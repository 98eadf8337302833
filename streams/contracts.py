"""Message contracts: the JSON Schemas in ``schemas/`` and a validator per message type.

``validate("Alert", obj)`` raises ``ContractError`` with the failing path and reason;
the worker uses it on every message it reads and writes, the tests on every message
they see on a topic.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import orjson
from jsonschema import Draft202012Validator
from referencing import Registry, Resource

from streams.settings import REPO_ROOT

SCHEMA_DIR = REPO_ROOT / "schemas"
MESSAGE_TYPES = ("RawArticle", "EnrichedArticle", "Alert", "DeadLetter", "AlertCandidate")


class ContractError(ValueError):
    """A message that does not match its schema."""


@cache
def _registry(schema_dir: Path = SCHEMA_DIR) -> tuple[Registry, dict[str, dict]]:
    schemas: dict[str, dict] = {}
    registry = Registry()
    for name in MESSAGE_TYPES:
        path = schema_dir / f"{name}.schema.json"
        schema = orjson.loads(path.read_bytes())
        schemas[name] = schema
        registry = registry.with_resource(schema["$id"], Resource.from_contents(schema))
    return registry, schemas


@cache
def validator(message_type: str) -> Draft202012Validator:
    registry, schemas = _registry()
    if message_type not in schemas:
        raise KeyError(f"unknown message type {message_type!r}; known: {', '.join(MESSAGE_TYPES)}")
    return Draft202012Validator(schemas[message_type], registry=registry)


def validate(message_type: str, obj: object) -> None:
    """Raise ``ContractError`` naming the first problems if ``obj`` breaks its schema."""
    errors = sorted(validator(message_type).iter_errors(obj), key=lambda e: list(e.path))
    if errors:
        shown = "; ".join(
            f"{'/'.join(str(p) for p in e.absolute_path) or '(root)'}: {e.message}"
            for e in errors[:3]
        )
        more = f" (+{len(errors) - 3} more)" if len(errors) > 3 else ""
        raise ContractError(f"not a valid {message_type}: {shown}{more}")
