import orjson
import pytest

from streams.articles import InputError, article_id, parse_seed_text, read_articles
from tests.conftest import SEED


def test_seed_format_date_on_first_line_and_body_after_it():
    article = next(read_articles(str(SEED)))
    assert article["id"] == "000_bc7bfceb713a1ee6"
    assert article["published_at"] == "2025-06"
    assert article["body"].startswith("Le président russe Vladimir Poutine")
    assert article["fetched_at"].endswith("Z")


def test_seed_without_date_line():
    article = parse_seed_text("Un texte simple.\n\nDeuxième paragraphe.")
    assert article["published_at"] is None
    assert article["body"] == "Un texte simple.\n\nDeuxième paragraphe."


def test_ids_are_stable_and_prefer_the_url():
    a = article_id("https://x.test/a", "src", "t", "body")
    assert a == article_id("https://x.test/a", "other", "other", "other body")
    assert article_id(None, "s", "t", "b") == article_id(None, "s", "t", "b")
    assert article_id(None, "s", "t", "b") != article_id(None, "s", "t", "c")


def test_json_and_jsonl(tmp_path):
    items = [{"body": "Texte A", "source": "afp"}, {"body": "Texte B", "id": "b1"}]
    (tmp_path / "a.json").write_bytes(orjson.dumps(items))
    (tmp_path / "a.jsonl").write_text("\n".join(orjson.dumps(i).decode() for i in items) + "\n")
    from_json = list(read_articles(str(tmp_path / "a.json")))
    from_jsonl = list(read_articles(str(tmp_path / "a.jsonl")))
    assert [a["body"] for a in from_json] == ["Texte A", "Texte B"]
    assert [a["id"] for a in from_jsonl][1] == "b1"
    assert from_json[0]["source"] == "afp" and from_json[1]["source"] == "unknown"


def test_stdin_guesses_the_format():
    assert next(read_articles("-", '{"body": "x y z"}'))["body"] == "x y z"
    assert next(read_articles("-", "date 2024-01-02 Texte."))["published_at"] == "2024-01-02"


@pytest.mark.parametrize(
    "name, content, message",
    [
        ("bad.jsonl", '{"body": "ok"}\n{"body": ', "bad.jsonl:2: invalid JSON"),
        ("nobody.json", '{"title": "t"}', "no 'body' text"),
        ("list.json", "[1]", "must be a JSON object"),
        ("empty.txt", "date 2025-06\n", "no article text"),
    ],
)
def test_bad_input_names_file_line_and_reason(tmp_path, name, content, message):
    path = tmp_path / name
    path.write_text(content)
    with pytest.raises(InputError, match=message):
        list(read_articles(str(path)))


def test_missing_file_and_directory(tmp_path):
    with pytest.raises(InputError, match="no such file"):
        list(read_articles(str(tmp_path / "nope.txt")))
    with pytest.raises(InputError, match="is a directory"):
        list(read_articles(str(tmp_path)))
