"""Writes: one document changes without a rebuild, every write is atomic, writers queue, clients stay apart."""

import threading
from dataclasses import replace
from pathlib import Path

import faiss
import numpy as np
import pytest

from kb_index import index, ingest, listing, store
from kb_index.documents import Document, ticket_document
from kb_index.hybrid import search

SPECS = ["use"]

PER_DOC = 2  # chunks of a one-passage document: its passage, and its title alone (chunking.TITLE_CHUNK)


def article(doc_id: str, title: str, text: str, language: str = "fr") -> Document:
    return Document(doc_id, "article", language, title, f"# {title}\n\n{text}")


BASE = [
    article("vpn", "VPN GlobalProtect", "La connexion VPN échoue ou tourne en boucle : redémarrez GlobalProtect."),
    article("imprimante", "Imprimante bloquée", "Les impressions restent dans la file d'attente du copieur."),
    article("wifi", "Wi-Fi coupé", "Le Wi-Fi se coupe toutes les dix minutes dans le bâtiment B."),
]


def chunk_ids(root: Path, client: str, doc_id: str) -> list[int]:
    snapshot = store.open_snapshot(client, root)
    return [row[0] for row in snapshot.query("SELECT id FROM chunks WHERE doc_id = ? ORDER BY id", (doc_id,))]


def test_upsert_adds_and_changes_one_document_without_touching_the_others(root: Path) -> None:
    index.build("acme", BASE, specs=SPECS, root=root)
    before = {doc.doc_id: chunk_ids(root, "acme", doc.doc_id) for doc in BASE}

    ticket = ticket_document(number="INC-000042", title="Teams sans micro", description="Le micro ne marche pas "
                             "dans Teams.", solution="Choisir le casque dans Paramètres > Appareils.",
                             resolution_code="Résolu à distance", language="fr")
    added = index.upsert("acme", ticket, root=root)
    assert (added.added, added.chunks_embedded) == (1, PER_DOC)  # only the new document was embedded
    assert {doc.doc_id: chunk_ids(root, "acme", doc.doc_id) for doc in BASE} == before  # the rest kept its chunks
    assert search("acme", "micro Teams", k=1, root=root)[0].doc_id == "INC-000042"

    changed = replace(BASE[2], text="# Wi-Fi coupé\n\nLe badge du parking ne fonctionne plus.")
    report = index.upsert("acme", changed, root=root)
    assert (report.added, report.chunks_embedded) == (1, 1)
    assert chunk_ids(root, "acme", "wifi") != before["wifi"]
    assert search("acme", "badge parking", k=1, root=root)[0].doc_id == "wifi"

    again = index.upsert("acme", changed, root=root)  # same content: nothing to do
    assert (again.added, again.unchanged, again.chunks_embedded) == (0, 1, 0)
    relinked = index.upsert("acme", replace(changed, link="https://kb.example/wifi"), root=root)
    assert (relinked.added, relinked.chunks_embedded, relinked.chunks_reused) == (1, 0, PER_DOC)  # same text
    assert search("acme", "badge parking", k=1, root=root)[0].link == "https://kb.example/wifi"


def test_delete_removes_a_document_from_every_signal(root: Path) -> None:
    index.build("acme", BASE, specs=SPECS, root=root)
    assert index.delete("acme", ["imprimante", "never-there"], root=root).removed == 1
    for signals in (["bm25"], ["use"], None):
        assert "imprimante" not in [r.doc_id for r in search("acme", "file d'attente du copieur", k=5, root=root,
                                                              signals=signals)]
    snapshot = store.open_snapshot("acme", root)
    assert snapshot.dense["use"].ntotal == len(snapshot.chunk_ids) == 2 * PER_DOC
    assert len(snapshot.lexical.row_chunk_ids) == 2 * PER_DOC


def test_a_rebuild_reuses_the_vectors_of_unchanged_chunks(root: Path) -> None:
    index.build("acme", BASE, specs=SPECS, root=root)
    report = index.build("acme", [*BASE[:2], article("new", "Nouveau", "Écran noir au démarrage.")], specs=SPECS,
                         root=root)
    assert (report.chunks_reused, report.chunks_embedded, report.removed) == (2 * PER_DOC, PER_DOC, 1)
    assert [r.doc_id for r in search("acme", "Wi-Fi bâtiment B", k=3, root=root)] != ["wifi"]


def test_readers_keep_working_while_the_index_is_rebuilt(root: Path) -> None:
    """A reader searches in a loop during rebuilds and updates: it never fails nor sees a half index."""
    index.build("acme", BASE, specs=SPECS, root=root)
    failures: list[BaseException] = []
    answers: list[str] = []
    stop = threading.Event()

    def reader() -> None:
        while not stop.is_set():
            try:
                results = search("acme", "VPN GlobalProtect tourne en boucle", k=3, root=root)
                answers.append(results[0].doc_id)
            except BaseException as error:  # noqa: BLE001 - any failure of the reader is the test's failure
                failures.append(error)
                return

    thread = threading.Thread(target=reader)
    thread.start()
    try:
        for round_ in range(4):
            index.build("acme", [*BASE, article(f"extra-{round_}", "Extra", f"Sujet {round_}")], specs=SPECS,
                        root=root)
            index.upsert("acme", article(f"more-{round_}", "Plus", "Encore un article."), root=root)
    finally:
        stop.set()
        thread.join()
    assert not failures and answers and set(answers) == {"vpn"}


def test_a_loaded_generation_survives_newer_ones_and_their_clean_up(root: Path) -> None:
    index.build("acme", BASE, specs=SPECS, root=root)
    old = store.load(store.current_generation("acme", root))
    for round_ in range(store.KEEP_GENERATIONS + 2):
        index.upsert("acme", article(f"n{round_}", "N", f"Article {round_}"), root=root)
    assert not old.path.exists()  # collected, yet still readable by whoever holds it
    vector = np.zeros((1, old.dense["use"].d), dtype=np.float32)
    assert old.dense["use"].search(vector, 3)[1].shape == (1, 3)
    assert len(old.query("SELECT doc_id FROM docs")) == 3


def test_a_failed_write_leaves_the_current_index_alone(root: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    index.build("acme", BASE, specs=SPECS, root=root)
    current = store.current_generation("acme", root)

    def broken(*args: object) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(faiss, "write_index", broken)
    with pytest.raises(OSError, match="disk full"):
        index.upsert("acme", article("x", "X", "Texte."), root=root)
    assert store.current_generation("acme", root) == current
    assert not list((root / "acme" / "generations").glob(".g-*"))


def test_concurrent_writers_queue_on_the_lock_and_lose_nothing(root: Path) -> None:
    index.build("acme", BASE, specs=SPECS, root=root)
    threads = [threading.Thread(target=index.upsert, args=("acme", article(f"t{i}", f"T{i}", f"Texte {i}.")),
                                kwargs={"root": root}) for i in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    docs = {row[0] for row in store.open_snapshot("acme", root).query("SELECT doc_id FROM docs")}
    assert docs == {"vpn", "imprimante", "wifi", "t0", "t1", "t2", "t3"}


def test_clients_never_see_each_other(root: Path, corpus: Path) -> None:
    """Both clients hold a document "procedure"; each search only ever returns its own client's text."""
    index.build("alpha", [article("procedure", "Procédure Alpha", "Le code du coffre alpha est rouge.")],
                specs=SPECS, root=root)
    index.build("beta", [article("procedure", "Procédure Beta", "Le code du coffre beta est vert."),
                         *ingest.load_directory(corpus)], specs=SPECS, root=root)
    for query in ("code du coffre beta vert", "erreur 0x800CCC0E", "Procédure Beta", "Teams audio"):
        for result in search("alpha", query, k=10, root=root):
            assert result.title == "Procédure Alpha" and "beta" not in result.snippet
    beta = search("beta", "code du coffre alpha rouge", k=10, root=root)
    assert all("alpha" not in r.snippet.lower() and r.title != "Procédure Alpha" for r in beta)


def test_a_large_build_uses_an_ivf_index_that_updates_in_place(root: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Above IVF_FROM_CHUNKS the build trains an IVF index; upserts and deletes then keep using it."""
    monkeypatch.setattr(index, "IVF_FROM_CHUNKS", 20)
    words = ["imprimante", "écran", "clavier", "souris", "réseau", "wifi", "vpn", "outlook", "teams", "excel", "word",
             "sharepoint", "onedrive", "badge", "téléphone", "casque", "micro", "webcam", "docking", "chargeur",
             "batterie", "disque", "mémoire", "windows"]
    many = [article(f"a{i:02d}", f"Article {i}", f"Sujet numéro {i} : {word}.") for i, word in enumerate(words)]
    index.build("acme", many, specs=SPECS, root=root)
    assert store.read_manifest(store.current_generation("acme", root))["encoders"][0]["index"] == "ivf"
    assert search("acme", "ma webcam", k=1, root=root)[0].doc_id == "a17"
    index.upsert("acme", article("a17", "Article 17", "Le badge d'accès du parking."), root=root)
    index.delete("acme", "a00", root=root)
    snapshot = store.open_snapshot("acme", root)
    assert isinstance(snapshot.dense["use"], faiss.IndexIVF)
    assert snapshot.dense["use"].ntotal == PER_DOC * (len(many) - 1)
    assert search("acme", "badge d'accès du parking", k=1, root=root)[0].doc_id == "a17"


def test_a_rebuild_from_the_folder_keeps_the_resolved_tickets(root: Path) -> None:
    """Tickets come through upsert, not from the folder: `make run` rebuilding the KB must not drop them."""
    index.build("acme", BASE, specs=SPECS, root=root)
    ticket = ticket_document(number="INC-000099", title="Scanner hors service", description="Le scanner du 3e "
                             "ne numérise plus.", solution="Réinstaller le pilote TWAIN.", resolution_code="Résolu",
                             language="fr")
    index.upsert("acme", ticket, root=root)
    report = index.build("acme", BASE[:2], specs=SPECS, root=root)
    assert (report.removed, report.chunks_embedded) == (1, 0)  # the Wi-Fi article went; nothing re-embedded
    assert search("acme", "pilote TWAIN du scanner", k=1, root=root)[0].doc_id == "INC-000099"
    index.delete("acme", "INC-000099", root=root)
    assert "INC-000099" not in [r.doc_id for r in search("acme", "pilote TWAIN du scanner", k=5, root=root)]


def test_a_rebuild_from_the_folder_keeps_what_editors_published_over_the_folders(root: Path) -> None:
    """An article published in the console's studio replaces the folder's of the same id, and a new one has no
    file at all: `make run` rebuilding from the folder must keep both as the editors left them."""
    index.build("acme", BASE, specs=SPECS, root=root)
    edited = Document("vpn", "article", "fr", "VPN GlobalProtect", "# VPN\n\nRéinstallez le client GlobalProtect "
                      "version 6.2 depuis le Portail d'entreprise.", source=f"{index.STUDIO_SOURCE}vpn")
    new = Document("scanner", "known_error", "fr", "Scanner", "# Scanner\n\nLe pilote TWAIN doit être réinstallé.",
                   source=f"{index.STUDIO_SOURCE}scanner")
    index.upsert("acme", [edited, new], root=root)
    index.build("acme", BASE, specs=SPECS, root=root)
    assert listing.document("acme", "vpn", root=root) == edited
    assert listing.document("acme", "scanner", root=root) == new
    assert [entry.doc_id for entry in listing.documents("acme", kinds=("known_error",), root=root)] == ["scanner"]
    assert listing.document("acme", "nothing", root=root) is None
    assert listing.documents("nobody", root=root) == []
