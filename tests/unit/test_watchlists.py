"""The watchlist grammar, on small articles enriched for real."""

import pytest

from streams.watchlists import WatchlistError, load_watchlists


def _lists(tmp_path, enricher, *lines):
    path = tmp_path / "w.jsonl"
    path.write_text("\n".join(lines) + "\n")
    return load_watchlists(path, enricher.catalogue)


def _fired(enricher, watchlists, text, **fields):
    article = enricher.enrich({"id": "t", "source": "afp", "body": text,
                               "fetched_at": "2025-06-01T00:00:00Z", **fields})
    return {w.name for w in watchlists if w.matches(article)}


MENTIONED = "Le ministre israélien a évoqué l'Iran lors d'une visite à Paris."
IRAN_SPEAKS = "Téhéran a affirmé que les frappes d'Israël resteraient sans réponse."
ONLY_IRAN = "L'Iran a annoncé de nouvelles manœuvres navales dans le Golfe."
PUTIN = "Vladimir Poutine a déclaré que l'Iran ne demandait aucune aide militaire."


def test_co_occurrence_needs_both(tmp_path, enricher):
    lists = _lists(tmp_path, enricher, '{"name": "both", "rule": {"all": ["Iran", "Israel"]}}')
    assert _fired(enricher, lists, MENTIONED) == {"both"}
    assert _fired(enricher, lists, ONLY_IRAN) == set()


def test_speaker_role_fires_when_the_actor_speaks_not_when_mentioned(tmp_path, enricher):
    lists = _lists(tmp_path, enricher,
                   '{"name": "iran-speaks", "rule": {"any": [{"actor": "Iran", "role": "speaker"}]}}',
                   '{"name": "iran-on-israel", "rule": {"any": [{"speaker": "Iran", "about": "Israel"}]}}')
    assert _fired(enricher, lists, IRAN_SPEAKS) == {"iran-speaks", "iran-on-israel"}
    assert _fired(enricher, lists, MENTIONED) == set()
    # "a annoncé de nouvelles manœuvres" reports an act, not speech: no claim, no speaker
    assert _fired(enricher, lists, ONLY_IRAN) == set()


def test_affiliates_let_a_leader_count_for_the_country(tmp_path, enricher):
    lists = _lists(tmp_path, enricher,
                   '{"name": "with", "rule": {"any": [{"actor": "Russia", "role": "speaker", "affiliates": true}]}}',
                   '{"name": "without", "rule": {"any": [{"actor": "Russia", "role": "speaker"}]}}')
    assert _fired(enricher, lists, PUTIN, published_at="2025-06") == {"with"}
    # in 1999 Putin held none of the catalogue's roles
    assert _fired(enricher, lists, PUTIN, published_at="1999-01-01") == set()


def test_subject_salience_and_filters(tmp_path, enricher):
    lists = _lists(tmp_path, enricher,
                   '{"name": "about-iran", "rule": {"any": [{"actor": "Iran", "role": "subject"}]}}',
                   '{"name": "twice", "rule": {"any": [{"actor": "Iran", "min_mentions": 2}]}}',
                   '{"name": "lead", "rule": {"any": [{"actor": "Israel", "in_lead": true}]}}',
                   '{"name": "english", "rule": {"any": ["Iran"], "languages": ["en"]}}',
                   '{"name": "reuters", "rule": {"any": ["Iran"], "sources": ["reuters"]}}',
                   '{"name": "nested", "rule": {"all": ["Iran", {"any": ["Israel", "Russia"]}], '
                   '"none": ["China"]}}')
    text = f"{PUTIN}\n\nPlus tard, Israël a répondu."
    assert _fired(enricher, lists, text) == {"about-iran", "nested"}
    assert _fired(enricher, lists, text, title="Israël répond") >= {"lead"}
    assert "twice" in _fired(enricher, lists, PUTIN + " L'Iran dément.")
    assert "reuters" in _fired(enricher, lists, ONLY_IRAN, source="reuters")
    assert "nested" not in _fired(enricher, lists, "L'Iran et Israël, selon la Chine, négocient.")


@pytest.mark.parametrize("line, message", [
    ('{"name": "x", "rule": {"any": ["Atlantis"]}}', r"w.jsonl:2: unknown actor 'Atlantis'"),
    ('{"name": "x", "rule": {"some": ["Iran"]}}', r"w.jsonl:2: unknown key\(s\) \['some'\]"),
    ('{"name": "X Y", "rule": {"any": ["Iran"]}}', r"w.jsonl:2: 'name' must be"),
    ('{"name": "x", "severity": "huge", "rule": {"any": ["Iran"]}}', r"w.jsonl:2: 'severity'"),
    ('{"name": "x", "rule": {"none": ["Iran"]}}', r"w.jsonl:2: rule needs 'any' or 'all'"),
    ('{"name": "x", "rule": {"any": [{"actor": "Iran", "role": "victim"}]}}', r"'role' must be"),
    ('{"name": "x", "rule": {"any": ["Iran"]}, "rate_limit": {"max": 0}}', r"'rate_limit'"),
    ('{"name": "x", "rule": ', r"w.jsonl:2: invalid JSON"),
    ('{"name": "ok", "rule": {"any": ["Iran"]}}', r"names used twice: ok"),
])
def test_watchlist_errors_name_the_line(tmp_path, enricher, line, message):
    with pytest.raises(WatchlistError, match=message):
        _lists(tmp_path, enricher, '{"name": "ok", "rule": {"any": ["Iran"]}}', line)
