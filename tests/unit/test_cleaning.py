import pytest

from streams.cleaning import clean_body


def test_seed_related_lines_removed(seed_article):
    cleaned = clean_body(seed_article["body"])
    assert "RELATED" not in cleaned.text
    assert [r["kind"] for r in cleaned.removed] == ["related", "related"]
    assert cleaned.text.endswith("leur sécurité serait assurée », a-t-il ajouté.")


@pytest.mark.parametrize(
    "line, kind",
    [
        ("RELATED TRT Global - Israël a demandé ...", "related"),
        ("Lire aussi : Le Liban sous pression", "related"),
        ("À lire aussi - La guerre des drones", "related"),
        ("Read more: Iran's nuclear programme", "related"),
        ("See also: the full interview", "related"),
        ("Photo : AFP", "credit"),
        ("© Reuters 2025", "credit"),
        ("Partager cet article", "share"),
        ("Subscribe to our newsletter for the daily briefing", "newsletter"),
    ],
)
def test_boilerplate_kinds(line, kind):
    cleaned = clean_body(f"Premier paragraphe.\n\n{line}\n\nDernier paragraphe.")
    assert cleaned.removed == [{"kind": kind, "text": line}]
    assert cleaned.text == "Premier paragraphe.\n\nDernier paragraphe."


@pytest.mark.parametrize(
    "line",
    [
        "Related to this, the minister said talks would resume.",
        "He said he would not subscribe to that view of the newsletter.",
        "Lire aussi les déclarations du ministre permet de comprendre.",
    ],
)
def test_story_sentences_are_kept(line):
    assert clean_body(line).text == line
