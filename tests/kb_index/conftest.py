"""Fixtures of the knowledge-base tests: a small bilingual corpus in every format, and indexes built from it.

The real encoders are used (USE and the packaged MiniLM, both offline): the point is to test what runs.
The corpus index is built once per session; tests that write get their own root and clients.
"""

import textwrap
from collections.abc import Iterator
from pathlib import Path

import pytest

from kb_index import index, ingest, store

CORPUS = {
    "outlook-profil-corrompu.md": """\
        ---
        title: "Outlook ne démarre plus : reconstruire le profil"
        kind: article
        language: fr
        link: https://kb.example/outlook-profil
        ---
        # Outlook ne démarre plus : reconstruire le profil

        ## Symptômes
        Outlook reste bloqué sur « Chargement du profil » puis se ferme. Le webmail fonctionne.

        ## Solution
        1. Fermez Outlook.
        2. Panneau de configuration > Courrier > Afficher les profils > Ajouter un nouveau profil.
        3. Choisissez « Toujours utiliser ce profil » et relancez Outlook.
        """,
    "outlook-erreur-0x800ccc0e.md": """\
        ---
        title: Erreur 0x800CCC0E à l'envoi depuis une boîte IMAP
        kind: known_error
        language: fr
        ---
        ## Symptôme
        Les messages restent dans la Boîte d'envoi d'un compte IMAP secondaire.

        ## Message d'erreur
        `Tâche 'smtp.example - Envoi' a signalé une erreur (0x800CCC0E) : 'Impossible de se connecter au serveur.'`

        ## Cause
        L'ancien relais SMTP sur le port 25 n'accepte plus les connexions.

        ## Contournement
        Envoyez depuis Outlook Web.

        ## Correctif
        Serveur sortant smtp.office365.com, port 587, STARTTLS.
        """,
    "outlook-envoi-lent.md": """\
        ---
        title: Outlook envoie les messages lentement
        ---
        # Outlook envoie les messages lentement

        Les messages restent quelques minutes dans la Boîte d'envoi avant de partir, surtout avec de grosses
        pièces jointes. Vérifiez la taille des pièces jointes, puis la connexion au serveur de messagerie.
        """,
    "vpn-connected-no-access.md": """\
        # VPN connected but internal sites do not open

        ## Symptoms
        GlobalProtect says Connected, but the intranet and network drives do not open.

        ## Solution
        Disconnect and reconnect the VPN, then flush the DNS cache with `ipconfig /flushdns`.
        """,
    "imprimante-file-bloquee.txt": """\
        Mes impressions ne sortent pas

        Langue : français. Lien : https://kb.example/impression

        Vérifiez que vous avez imprimé sur FollowMe, puis badgez sur le copieur pour libérer vos documents.
        Si la file d'attente est bloquée, redémarrez le service d'impression.
        """,
    "teams-audio.html": """\
        <!DOCTYPE html>
        <html lang="en"><head><title>No sound or microphone in Teams calls</title>
        <style>body { color: red }</style></head>
        <body><h1>No sound or microphone in Teams calls</h1>
        <h2>Solution</h2>
        <ol><li>Open <strong>Settings</strong> &gt; Devices and pick your headset.</li>
        <li>Make a test call.</li></ol>
        <script>var ignored = "do not index me";</script>
        </body></html>
        """,
    "citrix-ssl-61.yaml": """\
        title: "Citrix Workspace : erreur SSL 61 au lancement d'une application"
        language: fr
        symptom: Citrix refuse de lancer l'application et affiche une erreur de certificat.
        error: "SSL Error 61: You have not chosen to trust the issuer of the server's security certificate"
        cause: Le certificat racine de l'entreprise manque sur le poste.
        fix: Installez le certificat racine depuis le Portail d'entreprise.
        """,
    "README.md": "# About this folder\n\nNot an article.\n",
}
PDF_TEXT = ["Laptop Wi-Fi keeps dropping", "Forget the network and connect again to DI-Corp."]


def pdf_bytes(lines: list[str]) -> bytes:
    """A minimal one-page PDF with these lines of text (Helvetica), readable by pypdf."""
    stream = "BT /F1 12 Tf 72 720 Td " + " ".join(f"({line}) Tj 0 -16 Td" for line in lines) + " ET"
    objects = [
        "<< /Type /Catalog /Pages 2 0 R >>",
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        "/Resources << /Font << /F1 5 0 R >> >> >>",
        f"<< /Length {len(stream)} >>\nstream\n{stream}\nendstream",
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = b"%PDF-1.4\n"
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n{body}\nendobj\n".encode("latin-1")
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += "".join(f"{offset:010d} 00000 n \n" for offset in offsets).encode()
    out += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    return out


def write_corpus(folder: Path) -> Path:
    """The test corpus, written as files in `folder` (returned)."""
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in CORPUS.items():
        (folder / name).write_text(textwrap.dedent(text), encoding="utf-8")
    (folder / "wifi-drops.pdf").write_bytes(pdf_bytes(PDF_TEXT))
    return folder


@pytest.fixture(scope="session")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_corpus(tmp_path_factory.mktemp("corpus"))


@pytest.fixture(scope="session")
def built(tmp_path_factory: pytest.TempPathFactory, corpus: Path) -> Iterator[Path]:
    """A root holding client "acme" built from the corpus with both encoders; read-only for tests."""
    root = tmp_path_factory.mktemp("kb")
    index.build("acme", ingest.load_directory(corpus), specs=["use", "minilm"], root=root)
    yield root
    store.forget()


@pytest.fixture
def root(tmp_path: Path) -> Iterator[Path]:
    """An empty index root of the test's own, for tests that write."""
    yield tmp_path / "kb"
    store.forget()
