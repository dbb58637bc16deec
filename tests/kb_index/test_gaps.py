"""Grouping the questions nobody answered with the index's own encoder, largest group first; a group answered once
an article in the current index settles most of its questions (not a resolved ticket, not an article that failed)."""

from pathlib import Path

from kb_index import index, ingest
from kb_index.documents import Document, ticket_document
from kb_index.gaps import Asked, cluster, group
from tests.kb_index.conftest import write_corpus

SCAN = [Asked("INC-1", "le scanner du copieur n'envoie plus les scans par mail"),
        Asked("INC-2", "the copier's scanner no longer e-mails my scans"),
        Asked("INC-3", "je ne reçois plus mes scans du copieur par e-mail")]
BADGE = [Asked("INC-4", "le lecteur de badge refuse ma carte à l'entrée")]


def build(root: Path, tmp_path: Path) -> None:
    index.build("acme", ingest.load_directory(write_corpus(tmp_path / "corpus")), specs=["use"], root=root)


def test_questions_are_grouped_by_meaning_largest_first(root: Path, tmp_path: Path) -> None:
    build(root, tmp_path)
    groups = group("acme", [*BADGE, *SCAN], root=root)
    assert [sorted(member.key for member in found.members) for found in groups] == [
        ["INC-1", "INC-2", "INC-3"], ["INC-4"]]
    assert all(found.answered_by is None for found in groups)


def test_a_group_is_answered_once_an_article_settles_it(root: Path, tmp_path: Path) -> None:
    build(root, tmp_path)
    index.upsert("acme", ticket_document(number="INC-1", title="Scans lost", description=SCAN[0].text,
                                         solution="reset the SMTP password", resolution_code="fixed", language="fr"),
                 root=root)
    [scan] = group("acme", SCAN, root=root)
    assert scan.answered_by is None  # a resolved ticket is no article
    article = Document("scan-vers-mail", "article", "fr", "Le copieur n'envoie plus les scans par e-mail",
                       "# Le copieur n'envoie plus les scans par e-mail\n\nLe scanner du copieur n'envoie plus les "
                       "scans par mail : son mot de passe SMTP a expiré. Saisissez le nouveau dans l'interface du "
                       "copieur, puis refaites un scan vers votre e-mail.")
    index.upsert("acme", article, root=root)
    [scan] = group("acme", SCAN, root=root)
    assert scan.answered_by is not None and scan.answered_by.doc_id == "scan-vers-mail"
    failed = [Asked(asked.key, asked.text, failed=("scan-vers-mail",)) for asked in SCAN]
    [scan] = group("acme", failed, root=root)
    assert scan.answered_by is None  # the article that failed for those words does not answer them


def test_nothing_or_one_question() -> None:
    import numpy as np

    assert cluster(np.zeros((0, 4), dtype=np.float32)) == []
    assert cluster(np.ones((1, 4), dtype=np.float32)) == [[0]]
