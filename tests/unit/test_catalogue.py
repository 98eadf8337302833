import pytest

from streams.catalogue import Catalogue, CatalogueError


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


@pytest.mark.parametrize("text, absent, why", [
    ("Une manifestation s'est tenue rue de Téhéran à Paris.", "Q794", "a street"),
    ("Les pluies ont fait déborder le fleuve Niger.", "Q1032", "a river"),
    ("Le musée expose de la porcelaine de Chine.", "Q148", "a product"),
    ("Le discours a été traduit en russe et en arabe.", "Q159", "a language"),
    ("Vladimir Poutine a donné une conférence de presse à Moscou.", "Q159", "a place"),
])
def test_not_the_actor(enricher, text, absent, why):
    assert absent not in _ids(enricher, text, "fr"), why


def test_capital_standing_for_its_state_and_shared_demonyms(enricher):
    found = _ids(enricher, "Face à Moscou, l'ambassadeur français a rappelé que Pékin "
                           "et Ankara soutenaient l'accord.", "fr")
    assert {"Q159", "Q142", "Q148", "Q43"} <= set(found)
    assert "Q129003" not in found  # "français" is France's, not the French Southern Lands'
