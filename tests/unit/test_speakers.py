"""Who said it: speakers after the verb, roles giving way to names, pronouns and
participles carried over (``streams.speakers``, exercised through the enrichment)."""

import pytest


def _claims(enricher, text, lang):
    return enricher.enrich({"id": "t", "source": "t", "body": text, "fetched_at": "x"},
                           lang=lang)["claims"]


@pytest.mark.parametrize("text, speaker", [
    # a time word or a short complement between the verb and its inverted subject
    ("« Rien n'est décidé », a répété jeudi soir le ministre libanais de l'Économie.",
     "ministre libanais de l'Économie"),
    ("« Les négociations avancent », a confié à l'AFP un diplomate européen.",
     "diplomate européen"),
    ("« Le calme est revenu », a écrit sur Telegram le gouverneur de la province.",
     "gouverneur de la province"),
    # a role noun then a name further on, past a complement
    ("« Le temps presse », a averti l'envoyé de l'ONU pour le Yémen, Hans Grundberg.",
     "Hans Grundberg"),
])
def test_speaker_after_the_verb(enricher, text, speaker):
    claims = _claims(enricher, text, "fr")
    assert claims and claims[0]["speaker"]["name"] == speaker


def test_a_pronoun_refers_to_a_role_named_as_a_subject(enricher):
    claims = _claims(enricher, "La cheffe de la diplomatie allemande a rencontré son homologue "
                               "jordanien. « Nous partageons les mêmes inquiétudes », "
                               "a-t-elle souligné.", "fr")
    assert claims[0]["speaker"]["name"] == "cheffe de la diplomatie allemande"
    assert claims[0]["speaker"]["resolved_from"] == "pronoun"


def test_a_participle_continues_the_previous_speaker(enricher):
    claims = _claims(enricher, "« Nous avons été trahis », a dénoncé un responsable kurde, "
                               "interrogé par l'agence AP, ajoutant que « rien ne sera oublié ».",
                     "fr")
    assert [c["speaker"]["name"] for c in claims] == ["responsable kurde"] * 2
