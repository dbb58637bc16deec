"""Chunking keeps each piece with its title and heading path, so that a step is found by its procedure's name."""

from kb_index.chunking import MAX_WORDS, chunk, sections
from kb_index.documents import Chunk, Document


def doc(text: str, title: str = "Guide VPN") -> Document:
    return Document("guide", "article", "fr", title, text)


def passages(document: Document) -> list[Chunk]:
    """The chunks that hold the text, without the one that holds the title alone."""
    return [piece for piece in chunk(document) if piece.body]


def test_every_chunk_starts_with_the_title_and_its_heading_path() -> None:
    body = "# Guide VPN\n\n## Installer\n" + "mot " * 130 + "\n\n## Dépanner\n### Erreur 12\n" + "texte " * 130
    chunks = passages(doc(body))
    assert [c.heading for c in chunks] == ["Guide VPN > Installer", "Guide VPN > Installer",
                                           "Guide VPN > Dépanner > Erreur 12", "Guide VPN > Dépanner > Erreur 12"]
    assert all(c.text.startswith(c.heading + "\n") for c in chunks)
    assert all(len(c.body.split()) <= MAX_WORDS for c in chunks)


def test_small_neighbouring_sections_are_packed_under_their_shared_headings() -> None:
    body = "## Symptôme\nOutlook se ferme.\n\n## Cause\nProfil corrompu.\n\n## Correctif\nRecréer le profil."
    (only,) = passages(doc(body, "Outlook se ferme"))
    assert only.heading == "Outlook se ferme"
    assert only.body.splitlines() == ["Symptôme", "Outlook se ferme.", "", "Cause", "Profil corrompu.", "",
                                      "Correctif", "Recréer le profil."]


def test_setext_headings_count_and_code_fences_do_not() -> None:
    text = "Symptoms\n--------\nNo network.\n\n```\n# not a heading\n```\n\nSolution\n========\nReplug the cable."
    assert [s.path for s in sections(text)] == [["Symptoms"], ["Solution"]]
    assert "# not a heading" in sections(text)[0].body


def test_a_long_paragraph_is_cut_at_sentences_then_words_with_overlap() -> None:
    sentence = " ".join(f"w{i}" for i in range(300)) + "."
    chunks = passages(doc(sentence))
    assert len(chunks) >= 3
    words = [c.body.split() for c in chunks]
    assert words[0][-1] in words[1]  # the windows overlap
    assert all(len(w) <= MAX_WORDS for w in words)


def test_markdown_markup_is_removed_but_link_text_kept() -> None:
    (only,) = passages(doc("Cliquez sur **Installer** puis voir [la FAQ](https://x.example/faq) et `ipconfig`."))
    assert only.body == "Cliquez sur Installer puis voir la FAQ et ipconfig."


def test_a_document_with_only_a_title_still_has_one_chunk() -> None:
    (only,) = chunk(Document("t", "ticket", "en", "Printer jammed", ""))
    assert only.text == "Printer jammed"


def test_the_title_alone_is_one_more_chunk_after_the_passages() -> None:
    """A short message meets a short title better than a passage that holds it, across languages above all."""
    pieces = chunk(doc("## Symptôme\nOutlook se ferme.", "Outlook se ferme au démarrage"))
    assert [(piece.heading, piece.body, piece.position) for piece in pieces[1:]] == [
        ("Outlook se ferme au démarrage", "", 1)]
    assert pieces[-1].text == "Outlook se ferme au démarrage"
