import pytest

from actions.answers import read_error_message, read_impact, read_urgency


@pytest.mark.parametrize(
    ("text", "level"),
    [("3", 3), ("1", 1), ("moi", 3), ("Juste moi.", 3), ("only me", 3), ("mon équipe", 2), ("my whole team", 2),
     ("toute la compta et les RH, tout le site", 1), ("the whole department", 1), ("4", None), ("bof", None),
     ("raconte-moi une blague", None), ("", None)],
)
def test_impact(text, level) -> None:
    assert read_impact(text) == level


@pytest.mark.parametrize(
    ("text", "level"),
    [("1", 1), ("4", 4), ("je ne peux plus travailler", 1), ("I can't work at all", 1), ("très gênant", 2),
     ("annoying, I have a workaround", 3), ("pas urgent", 4), ("not urgent, it can wait", 4), ("5", None),
     ("?", None)],
)
def test_urgency(text, level) -> None:
    assert read_urgency(text) == level


@pytest.mark.parametrize(
    ("text", "message"),
    [("non", ""), ("No.", ""), ("aucun", ""), ("pas de message d'erreur", ""),
     ('"Error 0x80070005: access denied"', "Error 0x80070005: access denied"), ("  ERR_TIMED_OUT ", "ERR_TIMED_OUT")],
)
def test_error_message(text, message) -> None:
    assert read_error_message(text) == message
