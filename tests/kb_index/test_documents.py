"""Documents are plain data the service desk can build; resolved tickets become searchable Markdown."""

import pytest

from kb_index.documents import Document, ticket_document
from kb_index.errors import InvalidDocument
from kb_index.language import detect, normalise


def test_a_resolved_ticket_becomes_a_document_with_its_sections() -> None:
    document = ticket_document(number="INC-000007", title="Imprimante hors ligne", description="L'imprimante "
                               "du 2e étage est hors ligne.", solution="Relancer le spouleur.",
                               resolution_code="Résolu à distance", language="fr", link="https://desk/INC-000007")
    assert (document.doc_id, document.kind, document.source) == ("INC-000007", "ticket", "ticket:INC-000007")
    assert document.text.splitlines()[:4] == ["# Imprimante hors ligne", "", "## Description",
                                              "L'imprimante du 2e étage est hors ligne."]
    assert "## Code de résolution\nRésolu à distance" in document.text


def test_the_digest_changes_with_any_indexed_field() -> None:
    document = Document("a", "article", "fr", "Titre", "Texte")
    assert document.digest == Document("a", "article", "fr", "Titre", "Texte").digest
    assert document.digest != Document("a", "article", "fr", "Titre", "Texte", link="https://x").digest


@pytest.mark.parametrize(("fields", "reason"), [
    ({"doc_id": " "}, "empty id"),
    ({"kind": "Known Error"}, "lowercase word"),
    ({"language": "de"}, "language"),
    ({"title": "", "text": " "}, "no text"),
])
def test_invalid_documents_are_refused(fields: dict, reason: str) -> None:
    values = {"doc_id": "a", "kind": "article", "language": "fr", "title": "T", "text": "x", **fields}
    with pytest.raises(InvalidDocument, match=reason):
        Document(**values)


def test_language_names_and_detection() -> None:
    assert [normalise(v) for v in ("fr-FR", "Français", "English", "en_GB", "de", None)] == [
        "fr", "fr", "en", "en", None, None]
    assert detect("my laptop won't charge anymore") == "en"
    assert detect("mon ordinateur portable ne charge plus") == "fr"
    assert detect("0x800CCC0E") == "fr"  # no letters to judge by: the desk's main language
