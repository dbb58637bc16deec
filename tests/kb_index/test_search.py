"""Search answers per document with its best chunk, puts exact codes first, and flags what it is unsure of."""

from pathlib import Path

import pytest

from kb_index.errors import IndexNotBuilt, InvalidClient
from kb_index.hybrid import search


def ids(results: list) -> list[str]:
    return [r.doc_id for r in results]


def test_results_are_documents_with_their_best_chunk(built: Path) -> None:
    results = search("acme", "Outlook reste bloqué sur chargement du profil", k=5, root=built)
    assert results[0].doc_id == "outlook-profil-corrompu"
    assert len(ids(results)) == len(set(ids(results)))  # one line per document, not per chunk
    best = results[0]
    assert best.heading.startswith("Outlook ne démarre plus") and "Chargement du profil" in best.snippet
    assert (best.kind, best.language, best.link) == ("article", "fr", "https://kb.example/outlook-profil")


def test_an_exact_error_code_puts_its_known_error_first(built: Path) -> None:
    """The query paraphrases the decoy article; only the known error holds the code the user pasted."""
    query = ("Outlook envoie les messages lentement, ils restent quelques minutes dans la boîte d'envoi "
             "avec de grosses pièces jointes 0x800ccc0e")
    without_exact = search("acme", query, k=2, root=built, signals=["bm25", "use", "minilm"])
    assert ids(without_exact) == ["outlook-envoi-lent", "outlook-erreur-0x800ccc0e"]
    results = search("acme", query, k=3, root=built)
    assert results[0].doc_id == "outlook-erreur-0x800ccc0e" and results[0].confident
    assert results[0].signals["exact"] == 1.0 and "0x800CCC0E" in results[0].snippet


def test_a_quoted_message_counts_as_exact(built: Path) -> None:
    results = search("acme", 'Citrix affiche "You have not chosen to trust the issuer"', k=3, root=built)
    assert results[0].doc_id == "citrix-ssl-61" and results[0].signals["exact"] == 1.0


def test_cross_lingual_question_finds_the_article_in_the_other_language(built: Path) -> None:
    assert search("acme", "my print jobs never come out of the printer", k=1, root=built)[0].doc_id == (
        "imprimante-file-bloquee")
    assert search("acme", "pas de son dans Teams pendant les appels", k=1, root=built)[0].doc_id == "teams-audio"


def test_scores_are_calibrated_sorted_and_flag_what_is_relevant(built: Path) -> None:
    relevant = search("acme", "VPN connected but the intranet does not open", k=5, root=built)
    assert relevant[0].doc_id == "vpn-connected-no-access" and relevant[0].confident
    scores = [r.score for r in relevant]
    assert scores == sorted(scores, reverse=True) and all(0.0 <= s <= 1.0 for s in scores)
    for chat in ("quel temps fait-il demain à Lyon ?", "tell me a joke", "je voudrais poser mes congés"):
        assert not any(r.confident for r in search("acme", chat, k=5, root=built)), chat


def test_the_threshold_is_configuration(built: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("RELAIS_KB_THRESHOLD", "0.0")
    assert search("acme", "tell me a joke", k=1, root=built)[0].confident
    monkeypatch.setenv("RELAIS_KB_THRESHOLD", "1.01")
    assert not search("acme", "erreur 0x800CCC0E", k=1, root=built)[0].confident


def test_each_signal_alone_and_rrf_still_answer(built: Path) -> None:
    query = "Outlook ne démarre plus, profil corrompu"
    for options in ({"signals": ["bm25"]}, {"signals": ["use"]}, {"signals": ["minilm"]}, {"fusion": "rrf"}):
        assert search("acme", query, k=1, root=built, **options)[0].doc_id == "outlook-profil-corrompu", options


def test_empty_query_and_unknown_client(built: Path, tmp_path: Path) -> None:
    assert search("acme", "   ", root=built) == []
    with pytest.raises(IndexNotBuilt):
        search("nobody", "vpn", root=built)
    with pytest.raises(InvalidClient):
        search("../acme", "vpn", root=built)
