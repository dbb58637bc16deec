"""`make run`'s entry point: it starts everything, says where to chat (the browser first), holds a
conversation on the REST webhook and in the web chat, and Ctrl-C stops every process it started."""

import os
import signal
import subprocess
import sys
import time
import uuid

import httpx
import pytest

from scripts.stack import ROOT
from tests.e2e.conftest import free_port

pytestmark = pytest.mark.e2e


def test_run_starts_everything_and_ctrl_c_stops_it(tmp_path) -> None:
    rasa_port, actions_port, api_port, bot_port = free_port(), free_port(), free_port(), free_port()
    console_port = free_port()
    env = {**os.environ, "RELAIS_RASA_PORT": str(rasa_port), "RELAIS_ACTIONS_PORT": str(actions_port),
           "RELAIS_API_PORT": str(api_port), "RELAIS_BOT_PORT": str(bot_port), "RELAIS_CONSOLE_PORT": str(console_port),
           "RELAIS_CATALOGUE_URL": f"sqlite:///{tmp_path / 'catalogue.db'}",
           "RELAIS_CLIENT_DATABASE_URL_TEMPLATE": f"sqlite:///{tmp_path}/{{slug}}.db"}
    output = tmp_path / "run.out"
    with output.open("w") as out:
        run = subprocess.Popen([sys.executable, "-m", "scripts.run"], cwd=ROOT, env=env, stdout=out,
                               stderr=subprocess.STDOUT, start_new_session=True)
    try:
        deadline = time.monotonic() + 240
        while "Relais is up" not in output.read_text() and time.monotonic() < deadline:
            assert run.poll() is None, output.read_text()
            time.sleep(1)
        banner = output.read_text()
        assert "make chat" in banner and f"localhost:{rasa_port}/webhooks/rest/webhook" in banner
        browser = f"Chat in your browser: http://127.0.0.1:{bot_port}/"
        assert browser in banner and banner.index(browser) < banner.index("make chat")  # the first way to chat
        assert "demo: client created" in banner and "demo: settings" in banner
        assert httpx.get(f"http://127.0.0.1:{api_port}/tickets", timeout=10).status_code == 401  # keys required
        assert f"agents' console:       http://127.0.0.1:{console_port}/" in banner
        assert "first admin made: login admin, password " in banner  # a fresh desk: its first account, said once
        assert httpx.get(f"http://127.0.0.1:{console_port}/clients", timeout=10).status_code == 303  # sign in first

        message = {"sender": f"run-test-{uuid.uuid4().hex}", "message": "my VPN keeps disconnecting"}
        reply = httpx.post(f"http://127.0.0.1:{rasa_port}/webhooks/rest/webhook", json=message, timeout=60).json()
        assert "Did this solve it?" in reply[0]["text"]  # a known fix from the first message

        page = httpx.get(f"http://127.0.0.1:{bot_port}/", timeout=10)
        assert page.status_code == 200 and 'data-key="demo"' in page.text
        issued = httpx.post(f"http://127.0.0.1:{bot_port}/webchat/api/sessions", json={"key": "demo"},
                            timeout=60).json()  # the demo allows anonymous chat: no set-up needed
        said = {"key": "demo", "session": issued["session"], "client_message_id": "m1",
                "text": "my VPN keeps disconnecting"}
        bearer = {"Authorization": f"Bearer {issued['token']}"}
        assert httpx.post(f"http://127.0.0.1:{bot_port}/webchat/api/messages", json=said,
                          timeout=60).status_code == 401  # the page's token, not its session id
        answer = httpx.post(f"http://127.0.0.1:{bot_port}/webchat/api/messages", json=said, headers=bearer,
                            timeout=60).json()
        assert answer["messages"] and answer["messages"][0]["author"] == "bot"
        again = httpx.post(f"http://127.0.0.1:{bot_port}/webchat/api/messages", json=said, headers=bearer,
                           timeout=60).json()
        assert again == {"messages": [], "duplicate": True}

        os.kill(run.pid, signal.SIGINT)  # what Ctrl-C sends
        assert run.wait(60) == 0
        assert "stopped." in output.read_text()
        for port in (rasa_port, actions_port, api_port, bot_port, console_port):
            with pytest.raises(httpx.ConnectError):
                httpx.get(f"http://127.0.0.1:{port}/", timeout=2)
    finally:
        if run.poll() is None:  # a failed assertion above: let run.py stop its children first
            os.kill(run.pid, signal.SIGINT)
            try:
                run.wait(60)
            except subprocess.TimeoutExpired:
                os.killpg(run.pid, signal.SIGKILL)
