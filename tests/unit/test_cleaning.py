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


# Bylines and credits as they appear in ../shared/corpus and ../shared/web pages.
@pytest.mark.parametrize(
    "line, kind",
    [
        ("By Ahmed Al-Jarallah", "byline"),
        ("By Helmke J Sartorius von Bach.", "byline"),
        ("By Hippolyte Fofack, Chief Economist and Director of Research at the African "
         "Export-Import Bank (Afreximbank).", "byline"),
        ("Written by Mira Patel | Mumbai |", "byline"),
        ("Par Jean-Pierre Dupont et Marie Martin (avec AFP)", "byline"),
        ("Propos recueillis par Claire Durand", "byline"),
        ("Benjamin Barthe, correspondant au Proche-Orient", "byline"),
        ("(Avec AFP)", "byline"),
        ("Heba Habib contributed to this report.", "byline"),
        ("Keith Bradsher contributed reporting from Hong Kong.", "byline"),
        ("Reporting by Rodrigo Campos; additional reporting by Stephanie Kelly", "byline"),
        ("Contributing: Kristine Phillips", "byline"),
        ("SOURCE: News agencies", "credit"),
        ("Updated: July 18, 2022 5:36:50 pm", "dateline"),
        ("Publié le 12.06.2025 à 10h32", "dateline"),
        ("Follow Newsbeat on Instagram, Facebook, Twitter and YouTube.", "share"),
    ],
)
def test_bylines_and_credits_at_either_end(line, kind):
    story = "Premier paragraphe.\n\nDeuxième paragraphe.\n\nTroisième.\n\nQuatrième."
    for body in (f"{line}\n\n{story}", f"{story}\n\n{line}"):
        cleaned = clean_body(body)
        assert cleaned.removed == [{"kind": kind, "text": line}]
        assert cleaned.text == story


@pytest.mark.parametrize(
    "line",
    [
        "By Tuesday, Iran had agreed to the deal.",
        "By Monday Tehran had not answered",
        "Par ailleurs, le ministre a démenti.",
        "Sources identified the victim as Shahid Ahmed Allaie, a resident of Allaiepora.",
        "Published in 2020, the study was ignored by the government.",
        "Reporting by the BBC suggested otherwise.",
        "Vann Newkirk, a writer for The Atlantic, said the vote was very close.",
    ],
)
def test_story_lines_shaped_like_bylines_are_kept(line):
    assert clean_body(f"{line}\n\nSuite.").text == f"{line}\n\nSuite."


def test_bylines_are_only_looked_for_at_the_edges():
    middle = [f"Paragraphe {i}." for i in range(8)]
    middle.insert(4, "By Ahmed Al-Jarallah")
    body = "\n\n".join(middle)
    assert clean_body(body).text == body


def test_a_byline_block_in_the_middle_of_a_scraped_page():
    lines = [f"Paragraphe {i}." for i in range(8)]
    lines[4:4] = ["Written by Mira Patel | Mumbai |", "Updated: July 18, 2022 5:36:50 pm"]
    cleaned = clean_body("\n\n".join(lines))
    assert [r["kind"] for r in cleaned.removed] == ["byline", "dateline"]
    assert "Mira Patel" not in cleaned.text
