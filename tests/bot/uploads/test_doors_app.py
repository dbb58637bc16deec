"""The doors' process serves the upload page (bot/server.py), configured from the environment as `python -m bot`
is: the links the console and the REST API sign with RELAIS_UPLOAD_SECRET open there."""

from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from bot.config import BotConfig, WebchatConfig
from bot.server import create_app
from tests.bot.uploads.conftest import SECRET, Desk
from tests.servicedesk.uploads import samples


def test_the_doors_serve_the_upload_page(desk: Desk, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("RELAIS_UPLOAD_SECRET", SECRET)
    monkeypatch.setenv("RELAIS_UPLOAD_DIR", str(desk.files))
    monkeypatch.delenv("RELAIS_CLAMD", raising=False)
    app = create_app(BotConfig(webchat=WebchatConfig(token_secret="t", secrets_dir=tmp_path / "secrets")),
                     desk.directory)
    number = desk.ticket(language="en")
    link = desk.offer(number)
    with TestClient(app) as client:
        assert "Drag and drop your files here" in client.get(link).text
        assert client.get("/upload-static/upload.js").status_code == 200
        sent = client.post(link, headers={"Accept": "text/plain"},
                           files=[("files", ("capture.png", samples.png(), "image/png"))])
    assert sent.status_code == 200 and sent.text == f"Thank you: 1 file(s) attached to ticket {number}.\n"
    assert desk.attachments(number) == [("stored", "capture.png", len(samples.png()))]
