from streams.contracts import validate


def test_seed_enriched_is_valid_and_complete(seed_enriched):
    validate("EnrichedArticle", seed_enriched)
    assert seed_enriched["language"] == "fr"
    assert "RELATED" not in seed_enriched["clean_body"]
    ids = {a["id"] for a in seed_enriched["actors"]}
    assert {"Q794", "Q801", "Q159", "Q7747"} <= ids
    israel = next(a for a in seed_enriched["actors"] if a["id"] == "Q801")
    assert "État hébreu" in [m["text"] for m in israel["mentions"]]
    putin = next(a for a in seed_enriched["actors"] if a["id"] == "Q7747")
    assert putin["affiliations"][0]["id"] == "Q159"
    for actor in seed_enriched["actors"]:
        for m in actor["mentions"]:
            assert seed_enriched["clean_body"][m["start"]:m["end"]] == m["text"]
    for name in ("clean", "language", "nlp", "actors", "claims"):
        assert seed_enriched["stage_timings_ms"][name] >= 0


def test_actors_of_teasers_are_kept_apart(seed_enriched):
    """The United States is named only in a RELATED teaser: reported there, not as a story actor."""
    teaser_actors = {a["id"] for r in seed_enriched["removed"] for a in r["actors"]}
    assert "Q30" in teaser_actors
    assert "Q30" not in {a["id"] for a in seed_enriched["actors"]}


def test_batch_keeps_order_and_languages(enricher):
    raws = [{"id": str(i), "source": "t", "body": b, "fetched_at": "x"} for i, b in enumerate([
        "Vladimir Putin said on Thursday that Iran had not asked for military help.",
        "Le président iranien a déclaré que Téhéran ne céderait pas.",
        "Der iranische Präsident sagte, Israel sei schuld.",
    ])]
    out = enricher.enrich_batch(raws)
    assert [a["id"] for a in out] == ["0", "1", "2"]
    assert [a["language"] for a in out] == ["en", "fr", "de"]
    assert out[2]["language_supported"] is False and out[2]["claims"] == []
    assert {a["id"] for a in out[2]["actors"]} >= {"Q801"}
    for article in out:
        validate("EnrichedArticle", article)
