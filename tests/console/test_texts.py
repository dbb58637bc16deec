"""The console speaks its reader's language, French or English, from the browser's Accept-Language."""

import pytest

from console.texts import TEXTS, language_of
from tests.console.conftest import sign_in


@pytest.mark.parametrize("header, language", [
    (None, "en"), ("", "en"), ("fr-FR,fr;q=0.9,en;q=0.8", "fr"), ("en-GB,en;q=0.9,fr;q=0.8", "en"),
    ("de-DE,fr;q=0.5,en;q=0.4", "fr"), ("de-DE", "en"), ("en;q=0.2,fr;q=0.7", "fr"), ("fr;q=0,en", "en"),
    ("fr;q=abc,en", "en")])
def test_the_first_of_french_or_english_the_browser_prefers(header, language) -> None:
    assert language_of(header) == language


def test_every_sentence_exists_in_both_languages() -> None:
    assert all(set(sentences) == {"en", "fr"} and all(sentences.values()) for sentences in TEXTS.values())


def test_a_french_browser_gets_french_pages_and_answers(http) -> None:
    http.headers["Accept-Language"] = "fr-FR,fr;q=0.9"
    page = http.get("/signin")
    assert '<html lang="fr">' in page.text and "Connexion à la console" in page.text
    assert "Identifiant ou mot de passe incorrect." in sign_in(http, "alice", "not her password").text
    assert sign_in(http, "alice").status_code == 303
    assert "Mes clients" in http.get("/clients").text
    missing = http.get("/clients/zulu")
    assert missing.status_code == 404 and "Il n&#39;y a rien à cette adresse." in missing.text
    assert "jeton de sécurité" in http.post("/signout").text
