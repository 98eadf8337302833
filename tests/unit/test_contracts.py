import orjson
import pytest

from streams.contracts import MESSAGE_TYPES, SCHEMA_DIR, ContractError, validate


def test_every_schema_is_2020_12():
    for name in MESSAGE_TYPES:
        schema = orjson.loads((SCHEMA_DIR / f"{name}.schema.json").read_bytes())
        assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"


def test_enriched_article_must_also_be_a_raw_article(seed_enriched):
    broken = {k: v for k, v in seed_enriched.items() if k != "source"}
    with pytest.raises(ContractError, match="'source' is a required property"):
        validate("EnrichedArticle", broken)


def test_errors_name_the_path(seed_enriched):
    broken = {**seed_enriched, "claims": [{**seed_enriched["claims"][0], "kind": "rumour"}]}
    with pytest.raises(ContractError, match="claims/0/kind"):
        validate("EnrichedArticle", broken)
