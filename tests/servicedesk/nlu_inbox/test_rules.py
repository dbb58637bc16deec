"""Which predictions go to the inbox, and where the threshold comes from: plain functions, no database."""

import pytest

from servicedesk.nlu_inbox.service import DEFAULT_REVIEW_THRESHOLD, is_unsure, review_threshold


@pytest.mark.parametrize(
    ("intent", "confidence", "unsure"),
    [
        ("nlu_fallback", 0.55, True),  # the FallbackClassifier took over
        ("nlu_fallback", 0.99, True),
        ("greet", 0.69, True),  # answered, but barely
        ("greet", 0.7, False),  # at the threshold: sure enough
        ("greet", 0.98, False),
        (None, 0.9, True),  # no prediction at all
        ("", 0.9, True),
        ("greet", None, True),
    ],
)
def test_unsure_means_fallback_or_below_the_threshold(intent, confidence, unsure) -> None:
    assert is_unsure(intent=intent, confidence=confidence, threshold=0.7) is unsure


def test_the_threshold_defaults_to_0_7(monkeypatch) -> None:
    monkeypatch.delenv("RELAIS_NLU_REVIEW_THRESHOLD", raising=False)
    assert review_threshold() == DEFAULT_REVIEW_THRESHOLD == 0.7


def test_the_threshold_comes_from_the_environment(monkeypatch) -> None:
    monkeypatch.setenv("RELAIS_NLU_REVIEW_THRESHOLD", " 0.85 ")
    assert review_threshold() == 0.85


@pytest.mark.parametrize("raw", ["high", "1.5", "-0.1"])
def test_a_wrong_threshold_names_the_variable(monkeypatch, raw) -> None:
    monkeypatch.setenv("RELAIS_NLU_REVIEW_THRESHOLD", raw)
    with pytest.raises(ValueError, match="RELAIS_NLU_REVIEW_THRESHOLD"):
        review_threshold()
