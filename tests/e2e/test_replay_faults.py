"""Issue 18's "nothing lost": the doors' process under `make run`'s supervision, a web-chat page following its
stream, and Rasa (a stand-in answering at once, standins/rasa_http.py) stopped under it. What the user says while
Rasa is gone is answered by the doors' apology and kept; once Rasa is back on its port, the replayer answers each
kept message, in order, once, into the page's stream, and Rasa hears each message once. Bounded, loopback only."""

import os
import subprocess
import sys
import time
import types
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from sqlalchemy import select

from scripts import local_secrets, stack
from scripts.supervision import Supervision
from servicedesk.conversations.models import InboundMessage
from servicedesk.database import make_engine, make_session_factory
from standins.rasa_http import RasaStandIn
from tests.e2e.conftest import free_port
from tests.e2e.test_doors_replicas import Page

pytestmark = pytest.mark.e2e

WAIT = 45  # seconds: the replayer looks every 3 s; the machine is small and shared


@pytest.fixture
def doors(tmp_path: Path) -> Iterator[tuple[str, RasaStandIn, Path]]:
    stores = {"RELAIS_CATALOGUE_URL": f"sqlite:///{tmp_path / 'catalogue.db'}",
              "RELAIS_CLIENT_DATABASE_URL_TEMPLATE": f"sqlite:///{tmp_path}/{{slug}}.db"}
    subprocess.run([sys.executable, "-m", "servicedesk", "bootstrap"], cwd=stack.ROOT, env={**os.environ, **stores},
                   check=True, capture_output=True)
    keys = local_secrets.ensure(tmp_path / "secrets", environ={})
    port = free_port()
    with RasaStandIn() as rasa:
        service = stack.bot_server(keys, port, rasa.base, log=tmp_path / "bot.log", env={
            **stores, "RELAIS_WEBCHAT_TOKEN_SECRET": "e2e-replay", "RELAIS_SECRETS_DIR": str(tmp_path),
            "RELAIS_DELIVERY_INTERVAL": "0.5"})
        with Supervision([service], tmp_path / "run") as supervision:
            supervision.wait_ready()
            yield f"http://127.0.0.1:{port}", rasa, tmp_path


def test_what_a_user_said_while_rasa_was_stopped_is_answered_once_it_is_back_in_order(doors) -> None:
    url, rasa, folder = doors
    with httpx.Client(timeout=WAIT) as http:
        page = Page(types.SimpleNamespace(http=http), url, wait=WAIT)  # type: ignore[arg-type]
        page.follow(url)
        assert [m["text"] for m in page.say(url, "bonjour")["messages"]] == ["Noté : bonjour"]
        port = int(rasa.base.rsplit(":", 1)[1])
        rasa.stop()
        told = [page.say(url, text)["messages"] for text in ("mon VPN coupe", "depuis hier")]
        assert all([m["author"] for m in messages] == ["system"] for messages in told)
        assert "dès que possible" in told[0][0]["text"] or "as soon as I can" in told[0][0]["text"]
        time.sleep(4)  # a replay pass or more finds Rasa still gone
        rasa.start(port)
        first, second = page.event_saying("Noté : mon VPN coupe"), page.event_saying("Noté : depuis hier")
        assert first["author"] == second["author"] == "bot"
        assert rasa.said_in(page.conversation) == ["bonjour", "mon VPN coupe", "depuis hier"]  # each once
        assert [m["text"] for m in page.say(url, "merci")["messages"]] == ["Noté : merci"]
    time.sleep(2)
    assert rasa.said_in(page.conversation) == ["bonjour", "mon VPN coupe", "depuis hier", "merci"]
    engine = make_engine(f"sqlite:///{folder}/demo.db")
    with make_session_factory(engine)() as session:
        outcomes = [m.outcome for m in session.scalars(select(InboundMessage).order_by(InboundMessage.id))]
    engine.dispose()
    assert outcomes == ["answered", "replayed", "replayed", "answered"]
