import json
from pathlib import Path

import pytest

from streams.catalogue import Catalogue, CatalogueError

ACTORS = Path(__file__).resolve().parents[2] / "seeds" / "actors"


@pytest.fixture(scope="module")
def catalogue(enricher):
    return enricher.catalogue


def _ids(enricher, text, lang):
    nlp = enricher.models.get(lang)
    return {a["id"]: [m["text"] for m in a["mentions"]]
            for a in enricher.catalogue.resolve(nlp(text), nlp)}


def test_catalogue_covers_un_members_from_open_data(catalogue):
    countries = [a for a in catalogue.actors.values() if a.kind == "country"]
    assert len(countries) >= 193
    assert catalogue.find("Iran").id == "Q794"
    assert catalogue.find("Israël").id == "Q801"
    assert catalogue.find("Q7747").name == "Vladimir Putin"


def test_french_forms(enricher):
    found = _ids(enricher, "Téhéran et l'État hébreu s'opposent ; les Iraniens et la "
                           "partie israélienne, selon Moscou.", "fr")
    assert found["Q794"] == ["Téhéran", "Iraniens"]
    assert found["Q801"] == ["État hébreu", "israélienne"]
    assert found["Q159"] == ["Moscou"]


def test_country_name_inside_a_person_name_is_not_the_country(enricher):
    found = _ids(enricher, "George Washington met Jordan Henderson in Amman, Jordan.", "en")
    assert "Q30" not in found
    assert found.get("Q810") == ["Jordan"]


def test_person_affiliation_is_dated(catalogue):
    putin = catalogue.actors["Q7747"]
    assert putin.affiliations_on("2025-06") == [{"id": "Q159", "role": "President of Russia"}]
    assert putin.affiliations_on("2010-01-01") == [
        {"id": "Q159", "role": "Prime Minister of Russia"}
    ]


def test_broken_catalogue_is_reported_with_line(tmp_path):
    (tmp_path / "a.jsonl").write_text('{"id": "Q1", "name": "A", "kind": "country"}\n{"id": "X"}\n')
    with pytest.raises(CatalogueError, match=r"a.jsonl:2: 'id' must be a Wikidata QID"):
        Catalogue.load(tmp_path)
    (tmp_path / "a.jsonl").write_text('{"id": "Q2", "extends": true, "names": {}}\n')
    with pytest.raises(CatalogueError, match="extends unknown actor Q2"):
        Catalogue.load(tmp_path)
    (tmp_path / "a.jsonl").write_text('{"id": "Q1", "name": "A", "kind": "country"}\n')
    (tmp_path / "b.jsonl").write_text('{"id": "Q1", "name": "B", "kind": "country"}\n')
    with pytest.raises(CatalogueError, match=r"b.jsonl:1: Q1 is already defined at .*a.jsonl:1"):
        Catalogue.load(tmp_path)


@pytest.mark.parametrize("text, absent, why", [
    ("Une manifestation s'est tenue rue de Téhéran à Paris.", "Q794", "a street"),
    ("Les pluies ont fait déborder le fleuve Niger.", "Q1032", "a river"),
    ("Le musée expose de la porcelaine de Chine.", "Q148", "a product"),
    ("Le discours a été traduit en russe et en arabe.", "Q159", "a language"),
    ("Vladimir Poutine a donné une conférence de presse à Moscou.", "Q159", "a place"),
    ("Le Conseil de sécurité nationale israélien s'est réuni.", "Q37470", "a national body"),
])
def test_not_the_actor(enricher, text, absent, why):
    assert absent not in _ids(enricher, text, "fr"), why


def test_capital_standing_for_its_state_and_shared_demonyms(enricher):
    found = _ids(enricher, "Face à Moscou, l'ambassadeur français a rappelé que Pékin "
                           "et Ankara soutenaient l'accord.", "fr")
    assert {"Q159", "Q142", "Q148", "Q43"} <= set(found)
    assert "Q129003" not in found  # "français" is France's, not the French Southern Lands'


def _source_rows(name):
    path = Path(__file__).resolve().parents[2] / "seeds" / "sources" / name
    lines = [ln for ln in path.read_text(encoding="utf-8").splitlines() if not ln.startswith("#")]
    header, *rows = [ln.split("\t") for ln in lines if ln]
    return {row[header.index("wikidata")]: row[header.index("english_name")] for row in rows}


@pytest.mark.parametrize("file, table", [
    ("organizations.jsonl", "supraverden-bodies.tsv"),
    ("groups.jsonl", "meast-events-wikidata.tsv"),
])
def test_organisation_and_group_ids_come_from_the_open_tables(file, table):
    source = _source_rows(table)
    rows = [json.loads(ln) for ln in (ACTORS / file).read_text(encoding="utf-8").splitlines()]
    assert rows
    for row in rows:
        assert source.get(row["id"]) == row["name"], f"{row['id']} {row['name']} not in {table}"


def test_no_form_is_a_stray_letter(catalogue):
    # a generator once turned a missing French demonym into the plural mark "s"
    short = [(a.id, f) for a in catalogue.actors.values()
             for forms in a.forms.values() for f in forms if len(f) < 2 and not f.isdigit()]
    assert short == []


def test_organisations_in_both_languages(enricher):
    found = _ids(enricher, "L'AIEA a transmis son rapport au Conseil de sécurité de l'ONU ; "
                           "l'envoyé onusien et l'Otan se sont tus, comme les Vingt-Sept.", "fr")
    assert found["Q41984"] == ["AIEA"]
    assert found["Q37470"] == ["Conseil de sécurité de l'ONU"]  # the council, not the UN twice
    assert found["Q1065"] == ["onusien"]
    assert found["Q7184"] == ["Otan"]
    assert found["Q458"] == ["Vingt-Sept"]
    found = _ids(enricher, "The IAEA told the UN Security Council that NATO and the EU were "
                           "briefed, the World Health Organization said.", "en")
    assert {"Q41984", "Q37470", "Q7184", "Q458", "Q7817"} <= set(found)
    assert "Q37470" not in _ids(enricher, "The US National Security Council met.", "en")


def test_groups_and_the_names_inside_them(enricher):
    found = _ids(enricher, "Le Hamas et l'Organisation de libération de la Palestine ont "
                           "condamné l'État islamique (EI).", "fr")
    assert found["Q38799"] == ["Hamas"]
    assert found["Q26683"] == ["Organisation de libération de la Palestine"]
    assert found["Q2429253"] == ["État islamique", "EI"]
    assert "Q219060" not in found  # "Palestine" inside the PLO's name is not the state


def test_an_organisation_speaks(enricher):
    article = {"id": "t", "title": "", "body": "L'AIEA a affirmé que l'Iran avait enrichi de "
               "l'uranium à 60 %.", "lang": "fr", "published_at": "2025-06-01T00:00:00Z"}
    claims = enricher.enrich(article)["claims"]
    assert claims and claims[0]["speaker"]["actor_id"] == "Q41984"


@pytest.mark.parametrize("lang, text, qid, present, why", [
    ("fr", "Berlin va livrer des chars à Kiev d'ici l'été.", "Q212", True, "a recipient"),
    ("fr", "Ce n'est pas à Moscou de décider de l'avenir de la région.", "Q159", True,
     "the one who decides"),
    ("fr", "Le livre « Bagdad, la ville ronde » est paru en mai.", "Q796", False, "a title"),
    ("fr", "Le restaurant Le Petit Liban a fermé.", "Q822", False, "a business name"),
    ("fr", "Le Grand Prix de Bahreïn aura lieu en mars.", "Q398", False, "an event"),
    ("fr", "Le vol Paris-Téhéran a été annulé.", "Q794", False, "a route"),
    ("fr", "Un avion d'Iran Air s'est posé.", "Q794", False, "a company"),
    ("fr", "Les douanes ont saisi du safran iranien.", "Q794", False, "a product"),
    ("fr", "La guerre Israël-Hamas s'enlise.", "Q38799", True, "two actors joined by a hyphen"),
    ("fr", "Les Émirats arabes unis et l'Arabie saoudite ont réagi.", "Q851", True,
     "the spelling of the press"),
    ("en", "Tourists bathed in the Jordan River.", "Q810", False, "a river"),
    ("en", "Readers of the Washington Post wrote in.", "Q30", False, "a newspaper"),
    ("en", "Cairo University reopened.", "Q79", False, "a university"),
    ("en", "The restaurant serves Turkish coffee.", "Q43", False, "a product"),
    ("en", "The New Mexico senator spoke.", "Q96", False, "a US state"),
    ("en", "A new Iranian drone was shown.", "Q794", True, "'new' as an adjective"),
    ("en", "Advisers came to train Iraqi forces.", "Q796", True, "'train' as a verb"),
    ("en", "The China-US trade war goes on.", "Q30", True, "China is no head noun"),
    ("en", "A Pentagon spokesperson declined to comment.", "Q30", True, "'a' is not 'à'"),
    ("en", "A senior State Department official spoke.", "Q30", True, "a seat of power"),
])
def test_resolution_in_context(enricher, lang, text, qid, present, why):
    assert (qid in _ids(enricher, text, lang)) is present, why
