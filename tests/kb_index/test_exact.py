"""What counts as an exact code or message in a user's text (the part pasted from an error box)."""

import pytest

from kb_index.exact import codes, fts_phrase, messages, needles


@pytest.mark.parametrize(("text", "expected"), [
    ("Outlook affiche l'erreur 0x800CCC0E", ["0x800CCC0E"]),
    ("ERR_CONNECTION_TIMED_OUT dans Chrome", ["ERR_CONNECTION_TIMED_OUT"]),
    ("AADSTS50076 à la connexion, et Teams dit caa50021", ["AADSTS50076", "caa50021"]),
    ("l'installation s'arrête sur l'erreur 1603", ["1603"]),
    ("Citrix: SSL error 61", ["61"]),
    ("KB5034441 ne s'installe pas", ["KB5034441"]),
    ("Office 365 et Python 3.11.2 sur Windows 11", []),
    ("rien de spécial", []),
])
def test_codes(text: str, expected: list[str]) -> None:
    assert codes(text) == expected


def test_messages_are_quoted_text_of_two_words_or_more() -> None:
    text = 'Il affiche « Impossible de se connecter au serveur » puis "OK" et `Access is denied`'
    assert messages(text) == ["Impossible de se connecter au serveur", "Access is denied"]


def test_needles_and_their_fts_phrase() -> None:
    assert needles('erreur 0x80070005 : "Access is denied"') == ["0x80070005", "Access is denied"]
    assert fts_phrase("Tâche 'smtp' a signalé (0x800CCC0E)") == '"Tâche smtp a signalé 0x800CCC0E"'
    assert fts_phrase("«»") is None
