"""The agents' decode and dead-letter helpers, without a broker."""

import base64
from types import SimpleNamespace

import orjson
import pytest

from streams.app import Rejected, dead_letter, decode
from streams.contracts import validate


def test_decode_rejects_bad_json_and_bad_schema(seed_article):
    assert decode(orjson.dumps(seed_article), "RawArticle")["id"] == seed_article["id"]
    with pytest.raises(Rejected) as bad_json:
        decode(b"{not json", "RawArticle")
    assert bad_json.value.reason == "decode"
    with pytest.raises(Rejected) as bad_schema:
        decode(orjson.dumps({"id": "x"}), "RawArticle")
    assert bad_schema.value.reason == "schema"
    assert "body" in str(bad_schema.value)


def test_dead_letter_keeps_the_original_bytes():
    message = SimpleNamespace(value=b"\xff\x00oops", key=b"k1", topic="news.articles.raw",
                              partition=2, offset=41)
    record = dead_letter(message, "enrich", "decode", ValueError("bad bytes"))
    validate("DeadLetter", record)
    assert base64.b64decode(record["original"]) == b"\xff\x00oops"
    assert (record["partition"], record["offset"], record["error_class"]) == (2, 41, "ValueError")
