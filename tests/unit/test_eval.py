"""The evaluation commands: the scorers' matching rules, and the French gold set's figures."""

from streams.eval import FRENCH_GOLD, evaluate_gold, evaluate_polnear, shingle_prf
from streams.eval_claims import GoldAttribution, Score, score_document
from tests.conftest import fixture_path


def test_shingle_scores():
    assert shingle_prf("a b c d e", "a b c d e") == (1.0, 1.0, 1.0)
    p, r, f = shingle_prf("a b c d", "a b c d e f g h")
    assert p == 1.0 and r == 0.2 and round(f, 3) == 0.333


def test_claim_matching_rule_half_of_the_shorter_span():
    gold = [GoldAttribution("said", [(10, 30)], "Smith", speech=True),
            GoldAttribution("showed", [(40, 60)], "The report", speech=False)]
    claims = [{"start": 12, "end": 28, "speaker": {"name": "Senator Smith"}},  # inside: match
              {"start": 45, "end": 80, "speaker": {"name": "x"}},  # 15 of 20: match, non-speech
              {"start": 90, "end": 99, "speaker": {"name": "y"}}]  # nothing
    score = Score()
    score_document(claims, gold, score)
    assert (score.predicted, score.matched_predictions) == (3, 2)
    assert (score.gold_speech, score.matched_speech) == (1, 1)
    assert (score.speaker_pairs, score.speaker_correct) == (2, 1)


def test_polnear_scoring_on_a_small_brat_fixture():
    result = evaluate_polnear(fixture_path("polnear-mini"))
    score = result["score"]
    assert score.gold_speech == 2  # "showed" is not speech
    assert score.matched_speech == 2 and score.speaker_accuracy == 1.0


def test_french_gold_set_meets_its_targets():
    score, passages = evaluate_gold(FRENCH_GOLD)
    assert passages >= 80
    assert score.actor_prf[2] >= 0.97
    assert score.claims.f1 >= 0.92 and score.claims.speaker_accuracy >= 0.92
