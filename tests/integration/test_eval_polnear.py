"""Claim extraction on the real PolNeAR dev split (in ../shared, as in CI): a regression
floor under the figures `make eval` reports (see README)."""

import pytest

from streams.eval import POLNEAR, evaluate_polnear
from tests.conftest import fixture_path

pytestmark = pytest.mark.integration


def test_polnear_dev_claims_and_speakers_stay_above_the_floor():
    folder = POLNEAR if (POLNEAR / "attributions").is_dir() else fixture_path("polnear-mini")
    result = evaluate_polnear(folder)
    score = result["score"]
    assert score.f1 >= 0.84, (score.precision, score.recall)
    assert score.speaker_accuracy >= 0.85
    assert result["full_dps"] > 0 and result["bare_dps"] > 0
