from streams.language import detect


def test_french_and_english(seed_article):
    assert detect(seed_article["body"])[0] == "fr"
    english = "The Russian president said on Thursday that Iran had not asked for help."
    assert detect(english)[0] == "en"


def test_other_language_is_reported_not_forced():
    german = "Der russische Präsident sagte am Donnerstag, der Iran habe keine Hilfe erbeten."
    assert detect(german)[0] == "de"


def test_hint_wins_and_empty_is_undetermined():
    assert detect("whatever text", hint="FR") == ("fr", 1.0)
    assert detect("   ")[0] == "und"
