import pytest

from streams.alerting import WatchlistError, alert_id, load_watchlists, match_alerts
from streams.contracts import validate
from streams.settings import REPO_ROOT


@pytest.fixture(scope="module")
def watchlists(enricher):
    return load_watchlists(REPO_ROOT / "seeds" / "watchlists.jsonl", enricher.catalogue)


def test_seed_raises_one_valid_alert_naming_iran_and_israel(seed_enriched, watchlists):
    alerts = match_alerts(seed_enriched, watchlists)
    assert [a["watchlist"] for a in alerts] == ["iran-israel"]
    alert = alerts[0]
    validate("Alert", alert)
    assert {a["id"] for a in alert["actors"]} == {"Q794", "Q801"}
    assert alert["id"] == alert_id(seed_enriched["id"], "iran-israel")
    body = seed_enriched["clean_body"]
    assert alert["evidence"]
    for ev in alert["evidence"]:
        assert body[ev["start"]:ev["end"]] == ev["text"]


def test_alert_ids_are_deterministic_and_story_ids_ignore_source(seed_enriched, watchlists):
    first = match_alerts(seed_enriched, watchlists)[0]
    again = match_alerts({**seed_enriched, "source": "another-feed", "id": "other"}, watchlists)[0]
    assert first["id"] == match_alerts(seed_enriched, watchlists)[0]["id"]
    assert again["id"] != first["id"]
    assert again["story_id"] == first["story_id"]


def _write(tmp_path, *lines):
    path = tmp_path / "w.jsonl"
    path.write_text("\n".join(lines) + "\n")
    return path


def test_any_all_none(tmp_path, enricher, seed_enriched):
    path = _write(tmp_path,
                  '{"name": "both", "rule": {"all": ["Iran", "Israel"]}}',
                  '{"name": "iran-not-russia", "rule": {"any": ["Q794"], "none": ["Russia"]}}',
                  '{"name": "china", "rule": {"any": ["China"]}}')
    lists = load_watchlists(path, enricher.catalogue)
    assert [a["watchlist"] for a in match_alerts(seed_enriched, lists)] == ["both"]


@pytest.mark.parametrize("line, message", [
    ('{"name": "x", "rule": {"any": ["Atlantis"]}}', r"w.jsonl:2: unknown actor 'Atlantis'"),
    ('{"name": "x", "rule": {"some": ["Iran"]}}', r"w.jsonl:2: unknown rule key"),
    ('{"name": "X Y", "rule": {"any": ["Iran"]}}', r"w.jsonl:2: 'name' must be"),
    ('{"name": "x", "severity": "huge", "rule": {"any": ["Iran"]}}', r"w.jsonl:2: 'severity'"),
    ('{"name": "x", "rule": {"none": ["Iran"]}}', r"w.jsonl:2: the rule needs 'any' or 'all'"),
    ('{"name": "x", "rule": ', r"w.jsonl:2: invalid JSON"),
])
def test_watchlist_errors_name_the_line(tmp_path, enricher, line, message):
    path = _write(tmp_path, '{"name": "ok", "rule": {"any": ["Iran"]}}', line)
    with pytest.raises(WatchlistError, match=message):
        load_watchlists(path, enricher.catalogue)
