from streams.stories import StoryBook, band_keys, signature, similarity


def _edited(text: str) -> str:
    """What another outlet does to a wire story: a new lead word, a cut, a changed verb."""
    return ("MOSCOU - " + text.replace("a indiqué", "a affirmé")
            .replace("jeudi", "ce jeudi").rsplit("\n\n", 1)[0])


def test_light_edits_stay_similar_other_stories_do_not(seed_enriched):
    body = seed_enriched["clean_body"]
    same = similarity(signature(body), signature(_edited(body)))
    other = similarity(signature(body), signature(
        "Le Premier ministre japonais a annoncé jeudi un plan de relance de l'économie, "
        "avec des investissements dans les semi-conducteurs et l'énergie nucléaire."))
    assert same >= 0.6 and other < 0.2
    shared = set(band_keys(signature(body))) & set(band_keys(signature(_edited(body))))
    assert shared, "near-duplicates must share at least one LSH band"


def _alert(article_id: str, watchlist: str) -> dict:
    return {"id": f"{article_id}/{watchlist}", "watchlist": watchlist, "story_id": "provisional"}


def _book(window: float = 3600.0) -> StoryBook:
    return StoryBook({}, {}, {}, window_seconds=window)


def test_one_alert_per_story_and_the_story_record_grows(seed_enriched):
    book, body = _book(), seed_enriched["clean_body"]
    first = book.decide({"id": "a1", "source": "afp"}, [_alert("a1", "iran")], signature(body),
                        now=1000.0, limits={})
    assert first.new_story and [a["id"] for a in first.publish] == ["a1/iran"]
    assert first.publish[0]["story_id"] == first.story_id
    again = book.decide({"id": "a2", "source": "trt"}, [_alert("a2", "iran"), _alert("a2", "israel")],
                        signature(_edited(body)), now=1100.0, limits={})
    assert again.story_id == first.story_id and not again.new_story
    assert [a["watchlist"] for a in again.publish] == ["israel"]  # new watchlist for the story
    assert [(a["id"], r) for a, r in again.suppressed] == [("a2/iran", "duplicate_story")]
    record = book.stories[first.story_id]
    assert record["sources"] == ["afp", "trt"] and record["articles"] == ["a1", "a2"]


def test_redelivery_and_window(seed_enriched):
    book, sig = _book(window=100.0), signature(seed_enriched["clean_body"])
    book.decide({"id": "a1"}, [_alert("a1", "iran")], sig, now=0.0, limits={})
    redelivered = book.decide({"id": "a1"}, [_alert("a1", "iran")], sig, now=50.0, limits={})
    assert redelivered.publish == []
    later = book.decide({"id": "a9"}, [_alert("a9", "iran")], sig, now=500.0, limits={})
    assert later.new_story and len(later.publish) == 1


def test_rate_limit_per_watchlist():
    book = _book()
    sent = []
    for i in range(5):
        decision = book.decide({"id": f"x{i}"}, [_alert(f"x{i}", "iran")],
                               signature(f"histoire numéro {i} " * 20 + str(i) * i),
                               now=float(i), limits={"iran": (3, 60.0)})
        sent += decision.publish
        if i >= 3:
            assert decision.suppressed[0][1] == "rate_limit"
    assert len(sent) == 3
    after = book.decide({"id": "y"}, [_alert("y", "iran")], signature("tout autre chose " * 9),
                        now=100.0, limits={"iran": (3, 60.0)})
    assert len(after.publish) == 1
