"""What the article tests add to the console's desk (tests/console/conftest.py): editors of alpha and of bravo,
and a KB index for alpha and bravo of the test's own (RELAIS_KB_ROOT), built from a few articles with the real
encoder, as the console publishes into it."""

from collections.abc import Iterator
from pathlib import Path

import pytest

from kb_index import Document, build, store
from servicedesk.accounts import service
from servicedesk.database import unit_of_work
from tests.console.conftest import PASSWORD, Desk

EDITORS = {"eve": {"alpha": []}, "ed": {"bravo": []}}
ARTICLES = {
    "alpha": [
        Document("vpn-boucle", "article", "fr", "Le VPN tourne en boucle",
                 "# Le VPN tourne en boucle\n\n## Solution\nRedémarrez GlobalProtect puis reconnectez-vous.",
                 source="kb/vpn-boucle.md"),
        Document("outlook-0x800ccc0e", "known_error", "fr", "Erreur 0x800CCC0E à l'envoi",
                 "# Erreur 0x800CCC0E\n\n## Message d'erreur\n`0x800CCC0E`\n\n## Correctif\nPort 587, STARTTLS.",
                 source="kb/outlook-0x800ccc0e.md"),
    ],
    "bravo": [
        Document("bravo-secret-sap", "article", "en", "Bravo's SAP runbook",
                 "# Bravo's SAP runbook\n\nRestart the SAP router on bravo-sap-01.", source="kb/sap.md"),
    ],
}


def add_editors(desk: Desk) -> None:
    with unit_of_work(desk.catalogue) as session:
        for login, grants in EDITORS.items():
            service.create(db_session=session, login=login, display_name=login.title(),
                           email=f"{login}@desk.example", role="editor", password=PASSWORD, grants=grants)


@pytest.fixture
def kb(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """alpha's and bravo's indexes, built for this test."""
    root = tmp_path / "kb"
    monkeypatch.setenv("RELAIS_KB_ROOT", str(root))
    monkeypatch.setenv("RELAIS_KB_MODEL", "use")
    for slug, documents in ARTICLES.items():
        build(slug, documents, specs=["use"])
    yield root
    store.forget()


@pytest.fixture
def editors(desk: Desk) -> Desk:
    add_editors(desk)
    return desk
