import pytest

from streams.quotes import find_quotes, is_claim_quote, reporting_verbs


def _claims(enricher, text, lang):
    return enricher.enrich({"id": "t", "source": "t", "body": text, "fetched_at": "x"},
                           lang=lang)["claims"]


def test_reporting_verb_lexicons_are_data():
    assert len(reporting_verbs("fr")) >= 120
    assert len(reporting_verbs("en")) >= 80
    assert {"déclarer", "ajouter", "poursuivre"} <= reporting_verbs("fr")


def test_quotes_outermost_only():
    text = "« Il a dit \"non\" hier soir », a-t-il ajouté."
    quotes = [text[q.text_start:q.text_end] for q in find_quotes(text)]
    assert quotes == ['Il a dit "non" hier soir']


@pytest.mark.parametrize("text, ok", [("apartheid", False), ("Guerre et Paix Maintenant", False),
                                      ("It's finished", True),
                                      ("L'Iran ne nous demande rien", True)])
def test_single_words_and_titles_are_not_claims(text, ok):
    assert is_claim_quote(text) is ok


def test_seed_claims_all_putin(seed_enriched):
    claims = seed_enriched["claims"]
    assert len(claims) == 9
    assert {c["speaker"]["actor_id"] for c in claims} == {"Q7747"}
    kinds = [c["kind"] for c in claims]
    assert kinds.count("direct") == 5 and kinds.count("indirect") == 4
    body = seed_enriched["clean_body"]
    for c in claims:
        assert body[c["start"]:c["end"]] == c["text"]
    by_cue = {c["cue"]: c for c in claims}
    assert by_cue["poursuivi"]["speaker"]["resolved_from"] == "pronoun"
    assert by_cue["ajouter"]["speaker"]["resolved_from"] == "continuation"
    assert by_cue["ajouter"]["text"].startswith("Il n'y a pas de clause de défense")


def test_english_direct_and_reported(enricher):
    claims = _claims(enricher, '"We will not accept any deal that harms Israel," Netanyahu said. '
                               "He added that talks with Iran were over.", "en")
    assert [(c["kind"], c["speaker"]["name"]) for c in claims] == [
        ("direct", "Netanyahu"), ("indirect", "Netanyahu")]


def test_selon_and_according_to(enricher):
    fr = _claims(enricher, "Selon Vladimir Poutine, l'Iran ne demande aucune aide militaire.", "fr")
    assert fr[0]["speaker"]["actor_id"] == "Q7747"
    assert fr[0]["text"] == "l'Iran ne demande aucune aide militaire"
    en = _claims(enricher, "Iran has not asked for military help, according to Vladimir Putin.",
                 "en")
    assert en[0]["speaker"]["actor_id"] == "Q7747"
    assert en[0]["text"] == "Iran has not asked for military help"


def test_mixed_quote(enricher):
    claims = _claims(enricher, "Israël a demandé que les États-Unis se joignent à "
                               "« la campagne militaire contre l'Iran ».", "fr")
    assert claims[0]["kind"] == "mixed"
    assert claims[0]["speaker"]["actor_id"] == "Q801"


def test_no_claim_without_reporting_verb(enricher):
    assert _claims(enricher, "Le « plan de paix » reste bloqué depuis des mois.", "fr") == []


@pytest.mark.parametrize("text, lang, expected", [
    ("Trump said he would win the election in November.", "en",
     ("indirect", "he would win the election in November", "Trump")),
    ("The plan is dead and buried, Trump said.", "en",
     ("indirect", "The plan is dead and buried", "Trump")),
    ("La situation est très grave à la frontière, a estimé le ministre.", "fr",
     ("indirect", "La situation est très grave à la frontière", "ministre")),
    ("''There is no evidence whatsoever,'' Mr. Burman said.", "en",
     ("direct", "There is no evidence whatsoever,", "Burman")),
])
def test_reported_speech_without_that_and_with_the_cue_last(enricher, text, lang, expected):
    claims = _claims(enricher, text, lang)
    assert len(claims) == 1
    kind, body, speaker = expected
    assert (claims[0]["kind"], claims[0]["text"]) == (kind, body)
    assert speaker in claims[0]["speaker"]["name"]


def test_an_apposition_before_said_is_not_the_claim(enricher):
    claims = _claims(enricher, "Vann Newkirk, a writer for The Atlantic, said the vote was "
                               "very close.", "en")
    assert [c["text"] for c in claims] == ["the vote was very close"]


def test_a_colon_ending_the_paragraph_introduces_the_next_quote(enricher):
    claims = _claims(enricher, 'Trump spoke in Chicago. He said:\n\n"We have a situation where '
                               'our inner cities are dangerous."', "en")
    assert claims[-1]["kind"] == "direct"
    assert claims[-1]["text"].startswith("We have a situation")


def test_colon_is_the_cue_when_no_verb_reports(enricher):
    claims = _claims(enricher, "Le président russe a été clair : « Moscou n'enverra aucune "
                               "arme à Téhéran ».", "fr")
    assert [(c["kind"], c["cue"]) for c in claims] == [("direct", ":")]
    assert "président" in claims[0]["speaker"]["name"]


def test_a_quoted_fragment_of_reported_speech_is_one_mixed_claim(enricher):
    claims = _claims(enricher, "Le ministre qatari a estimé que les discussions étaient "
                               "« sur la bonne voie ».", "fr")
    assert [c["kind"] for c in claims] == ["mixed"]


def test_name_in_apposition_and_pronoun_for_the_last_person_named(enricher):
    claims = _claims(enricher, "« Les négociations reprendront à Genève », a annoncé le "
                               "porte-parole du Quai d'Orsay, Christophe Lemoine.", "fr")
    assert claims[0]["speaker"]["name"] == "Christophe Lemoine"
    claims = _claims(enricher, "Kaja Kallas s'est exprimée à Bruxelles. « L'Europe doit parler "
                               "d'une seule voix », a-t-elle souligné.", "fr")
    assert claims[0]["speaker"]["name"] == "Kaja Kallas"
    assert claims[0]["speaker"]["resolved_from"] == "pronoun"


def test_lemmatizer_misses_and_two_word_cues(enricher):
    claims = _claims(enricher, "« La situation humanitaire est catastrophique », estime "
                               "Philippe Lazzarini.", "fr")
    assert claims[0]["speaker"]["name"] == "Philippe Lazzarini"
    claims = _claims(enricher, "Mohammed ben Salmane a fait savoir qu'il recevrait le "
                               "président américain en mai.", "fr")
    assert claims[0]["text"] == "il recevrait le président américain en mai"


@pytest.mark.parametrize("text, lang, speaker", [
    ("The museum, Mr. Bush said, celebrated several of his heroes.", "en", "Bush"),
    ("Le projet, a expliqué Abbas Araghchi, sera achevé en mai prochain.", "fr", "Araghchi"),
])
def test_reporting_clause_in_the_middle(enricher, text, lang, speaker):
    claims = _claims(enricher, text, lang)
    assert len(claims) == 1 and claims[0]["kind"] == "indirect"
    assert speaker in claims[0]["speaker"]["name"]


@pytest.mark.parametrize("lang, text, claim, speaker", [
    ("fr", "Pour la présidente de la Commission, « l'Europe doit se réarmer ».",
     "l'Europe doit se réarmer", "présidente de la Commission"),
    ("fr", "Le groupe a affirmé avoir abattu deux drones au-dessus du port, selon ses dires.",
     "avoir abattu deux drones au-dessus du port", "groupe"),
    ("fr", "Le ministre a dit ne pas exclure un retrait partiel des troupes.",
     "ne pas exclure un retrait partiel des troupes", "ministre"),
    ("fr", "Les rebelles ont revendiqué l'attaque, affirmant qu'elle visait un navire militaire.",
     "elle visait un navire militaire", "rebelles"),
    ("fr", "Le Japon « regrette profondément » cette décision, a réagi le porte-parole du "
     "gouvernement, appelant au dialogue.",
     "Le Japon « regrette profondément » cette décision", "porte-parole du gouvernement"),
    ("fr", "Le chef de l'armée a mis en garde contre « une escalade incontrôlée » dans la région.",
     "une escalade incontrôlée", "chef de l'armée"),
    ("en", '"The ceasefire is holding," Egyptian Foreign Minister Badr Abdelatty said.',
     "The ceasefire is holding,", "Badr Abdelatty"),
    ("en", "The prime minister told the visiting senators that the deal was close.",
     "the deal was close", "prime minister"),
    ("en", "The bloc will send more aid, the union's foreign policy chief said.",
     "The bloc will send more aid", "union's foreign policy chief"),
    ("en", "Ministers agreed to extend the sanctions, the alliance's secretary-general said.",
     "Ministers agreed to extend the sanctions", "alliance's secretary-general"),
    ("en", "The rebels accused the army of shelling civilian areas.",
     "the army of shelling civilian areas", "rebels"),
    ("en", 'The minister called the proposal "a dangerous illusion."',
     "a dangerous illusion.", "minister"),
])
def test_more_cues(enricher, lang, text, claim, speaker):
    claims = _claims(enricher, text, lang)
    assert [c["text"] for c in claims] == [claim]
    assert speaker in claims[0]["speaker"]["name"]


def test_an_infinitive_of_action_inside_reported_content_is_not_a_claim(enricher):
    claims = _claims(enricher, "Paris et Berlin ont convenu de renforcer leur coopération "
                               "militaire, a annoncé l'Élysée.", "fr")
    assert [(c["text"], c["speaker"]["name"]) for c in claims] == [
        ("Paris et Berlin ont convenu de renforcer leur coopération militaire", "Élysée")]
