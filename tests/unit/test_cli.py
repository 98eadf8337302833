"""The CLI's offline commands and its errors (no broker needed)."""

import orjson

from streams.cli import EXIT_NO_BROKER, EXIT_USAGE, main
from tests.conftest import SEED


def test_analyze_json_prints_one_enriched_article(capsys):
    assert main(["analyze", "--json", str(SEED)]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 1
    article = orjson.loads(lines[0])
    assert {"Q794", "Q801", "Q159", "Q7747"} <= {a["id"] for a in article["actors"]}
    assert "RELATED" not in article["clean_body"]
    assert all(c["speaker"]["actor_id"] == "Q7747" for c in article["claims"])


def test_analyze_human_summary(capsys):
    assert main(["analyze", str(SEED)]) == 0
    out = capsys.readouterr().out
    assert "Q7747" in out and "removed related" in out


def test_analyze_bad_file_is_a_user_error(tmp_path, capsys):
    bad = tmp_path / "bad.json"
    bad.write_text("{")
    assert main(["analyze", str(bad)]) == EXIT_USAGE
    assert "bad.json: invalid JSON" in capsys.readouterr().err


def test_no_broker_is_exit_3(monkeypatch, capsys, tmp_path):
    monkeypatch.setenv("NEWSWATCH_KAFKA_BROKER", "127.0.0.1:1")
    monkeypatch.setenv("NEWSWATCH_FEED_STATE", str(tmp_path / "state.sqlite"))
    assert main(["feed", str(SEED)]) == EXIT_NO_BROKER
    assert "no Kafka broker at 127.0.0.1:1" in capsys.readouterr().err


def test_unknown_watchlist(capsys):
    assert main(["tail", "--watchlist", "atlantis"]) == EXIT_USAGE
    assert "unknown watchlist 'atlantis'; known: iran-israel" in capsys.readouterr().err


def test_bad_setting(monkeypatch, capsys):
    monkeypatch.setenv("NEWSWATCH_WEB_PORT", "eighty")
    assert main(["settings"]) == EXIT_USAGE
    assert "NEWSWATCH_WEB_PORT" in capsys.readouterr().err


def test_feed_needs_something_to_feed(capsys):
    assert main(["feed"]) == EXIT_USAGE
    assert "--follow" in capsys.readouterr().err
