import pytest

from streams.alerting import alert_id, match_alerts
from streams.contracts import validate
from streams.settings import REPO_ROOT
from streams.watchlists import load_watchlists


@pytest.fixture(scope="module")
def watchlists(enricher):
    return load_watchlists(REPO_ROOT / "seeds" / "watchlists.jsonl", enricher.catalogue)


def test_seed_alerts_of_the_shipped_watchlists(seed_enriched, watchlists):
    alerts = {a["watchlist"]: a for a in match_alerts(seed_enriched, watchlists)}
    # Putin (Russia) speaks about Iran and Israel; neither Iran nor Israel speaks
    assert set(alerts) == {"iran-israel", "iran", "israel", "russia-on-iran-israel"}
    both = alerts["iran-israel"]
    validate("Alert", both)
    assert {a["id"] for a in both["actors"]} == {"Q794", "Q801"}
    assert both["id"] == alert_id(seed_enriched["id"], "iran-israel")
    assert both["severity"] == "high" and both["ingested_at"] == seed_enriched["fetched_at"]
    russia = {a["id"]: a["roles"] for a in alerts["russia-on-iran-israel"]["actors"]}
    assert "speaker" in russia["Q7747"] and "Q159" in russia
    body = seed_enriched["clean_body"]
    for alert in alerts.values():
        validate("Alert", alert)
        assert alert["evidence"]
        for ev in alert["evidence"]:
            assert body[ev["start"]:ev["end"]] == ev["text"]


def test_alert_ids_are_deterministic(seed_enriched, watchlists):
    first = match_alerts(seed_enriched, watchlists)[0]
    assert first["id"] == match_alerts(seed_enriched, watchlists)[0]["id"]
    other = match_alerts({**seed_enriched, "id": "other"}, watchlists)[0]
    assert other["id"] != first["id"]
