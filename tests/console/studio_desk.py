"""What the studio's console tests share: editor accounts added to the test desk, and a studio whose training files
are copies in the test's folder (a test never writes data/nlu)."""

import shutil
from pathlib import Path

from fastapi import FastAPI

from console.config import ConsoleConfig
from console.studio import Studio
from scripts.stack import ROOT
from servicedesk.accounts import service
from servicedesk.database import unit_of_work
from servicedesk.nlu_inbox.review import TrainingFiles
from tests.console.conftest import PASSWORD, Desk

EDITORS = {"eve": {"alpha": []}, "ed": {"bravo": []}}  # eve edits alpha's KB, ed bravo's


def add_editors(desk: Desk) -> None:
    with unit_of_work(desk.catalogue) as session:
        for login, grants in EDITORS.items():
            service.create(db_session=session, login=login, display_name=login.title(), email=f"{login}@desk.example",
                           role="editor", password=PASSWORD, grants=grants)


def test_studio(folder: Path, rasa_url: str = "http://127.0.0.1:9") -> Studio:
    """Training files copied into `folder`; a Rasa URL where nothing answers unless a test serves one."""
    nlu = folder / "nlu"
    nlu.mkdir(exist_ok=True)
    for language in ("fr", "en"):
        shutil.copy(ROOT / "data" / "nlu" / f"{language}.yml", nlu / f"{language}.yml")
    return Studio(training=TrainingFiles(nlu), domain=ROOT / "domain.yml", rasa_url=rasa_url)


def studio_app(desk: Desk, folder: Path, config: ConsoleConfig | None = None, **studio: str) -> FastAPI:
    app = desk.app(config)
    app.state.studio = test_studio(folder, **studio)
    return app
