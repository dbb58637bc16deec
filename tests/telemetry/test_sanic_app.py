"""The action server's metrics, on a real rasa-sdk app served by Sanic: each action timed by name, the one that
raised counted as an error, a refused body as no action's, and /metrics as Prometheus parses it."""

import os
import subprocess
import sys
import time
from collections.abc import Iterator

import httpx
import pytest

from scripts.stack import ROOT
from tests.e2e.conftest import free_port
from tests.telemetry.scrape import value


@pytest.fixture
def actions_url() -> Iterator[str]:
    port = free_port()
    server = subprocess.Popen([sys.executable, "-m", "tests.telemetry.actions_app", str(port)], cwd=ROOT,
                              env={**os.environ, "PYTHONPATH": str(ROOT)}, stdout=subprocess.DEVNULL,
                              stderr=subprocess.STDOUT, start_new_session=True)
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(120):
            assert server.poll() is None, "the action server stopped"
            try:
                if httpx.get(f"{url}/health", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                time.sleep(0.25)
        yield url
    finally:
        server.terminate()
        server.wait(20)


def call(url: str, action: str) -> int:
    body = {"next_action": action, "sender_id": "s1", "version": "3.6.21", "domain": {},
            "tracker": {"sender_id": "s1", "slots": {}, "latest_message": {}, "events": [], "paused": False,
                        "followup_action": None, "active_loop": {}, "latest_action_name": None}}
    return httpx.post(f"{url}/webhook", json=body, timeout=10).status_code


def test_actions_are_timed_and_failures_counted(actions_url: str) -> None:
    assert call(actions_url, "action_answers") == 200
    assert call(actions_url, "action_answers") == 200
    assert call(actions_url, "action_raises") == 500
    assert call(actions_url, "action_nobody_wrote") == 404
    page = httpx.get(f"{actions_url}/metrics", timeout=10).text
    assert value(page, "relais_action_seconds_count", action="action_answers") == 2
    assert value(page, "relais_action_errors_total", action="action_answers") == 0
    assert value(page, "relais_action_errors_total", action="action_raises") == 1
    assert value(page, "relais_action_errors_total", action="action_nobody_wrote") == 1
