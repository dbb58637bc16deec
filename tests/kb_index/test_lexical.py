"""BM25 tokens: each language's stemmer, accents folded, codes kept whole, queries stemmed both ways."""

import numpy as np

from kb_index.lexical import Lexical, query_tokens, tokens, words


def test_documents_are_stemmed_in_their_language_and_accents_folded() -> None:
    assert tokens("Les imprimantes du réseau", "fr") == ["imprim", "reseau"]
    assert tokens("Printers are disconnecting", "en") == ["printer", "disconnect"]


def test_codes_are_never_stemmed() -> None:
    assert tokens("erreur 0x800CCC0E et ERR_CONNECTION_TIMED_OUT", "fr") == [
        "erreur", "0x800ccc0e", "err_connection_timed_out"]


def test_a_query_is_stemmed_in_both_languages_and_typed_without_accents() -> None:
    found = query_tokens("imprimantes reseau")
    assert "imprim" in found and "reseau" in found
    assert "printer" in query_tokens("printers")


def test_scores_match_bm25s_own_scoring() -> None:
    """The bincount shortcut must give exactly what bm25s computes."""
    texts = ["imprimante bloquée file d'attente", "réseau wifi coupé", "imprimante réseau hors ligne", "vpn"]
    lexical = Lexical.build(np.arange(4), [], {})
    rows = [lexical.ids(tokens(text, "fr"), grow=True) for text in texts]
    lexical = Lexical.build(np.arange(4), rows, lexical.vocab)
    query = query_tokens("imprimante réseau inconnu")
    expected = lexical.retriever.get_scores_from_ids(lexical.ids(query).tolist())
    assert np.allclose(lexical.scores(query), expected) and lexical.scores(query)[2] == max(expected)


def test_french_elisions_leave_no_fragment() -> None:
    assert words("mon message d'absence, l’écran") == ["message", "absence", "écran"]
    assert words("jusqu'à lorsqu’il puisqu'on quelqu'un presqu'île quoiqu'il redémarre") == ["île", "redémarre"]


def test_how_a_message_asks_is_not_part_of_what_it_asks() -> None:
    """Such words are in no article: as unknown words they would weigh most in the query and dilute its coverage."""
    assert query_tokens("je veux configurer mon message d'absence dans outlook") == query_tokens(
        "configurer message absence outlook")
    assert query_tokens("I want to set an automatic reply") == query_tokens("set automatic reply")
