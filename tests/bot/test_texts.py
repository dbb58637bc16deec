"""The bot's catalogue of sentences: every sentence in both languages, with the same fields in each."""

from string import Formatter

import pytest

from bot.texts import TEXTS, say


def _fields(sentence: str) -> set[str]:
    return {name for _, name, _, _ in Formatter().parse(sentence) if name}


@pytest.mark.parametrize("key", sorted(TEXTS))
def test_every_sentence_is_in_both_languages_with_the_same_fields(key: str) -> None:
    sentences = TEXTS[key]
    assert set(sentences) == {"fr", "en"}
    assert _fields(sentences["fr"]) == _fields(sentences["en"])


def test_a_sentence_is_said_with_its_fields() -> None:
    assert say("minutes", "en", n=7) == "7 minutes"
