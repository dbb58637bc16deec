"""Issue 18's own fault, on the real action server under `make run`'s supervision: after a SIGKILL of the action
server, its Sanic worker used to keep listening on 5055 and nothing could start there again. Now the worker goes
with it, supervisord starts the server again, and the port answers."""

import os
import signal
import time
from pathlib import Path

import httpx
import pytest

from scripts import local_secrets, stack
from scripts.supervision import Supervision
from tests.e2e.conftest import free_port
from tests.scripts.test_supervision import WAIT, alive, wait_for

pytestmark = pytest.mark.e2e


def descendants(pid: int) -> set[int]:
    """Every process below `pid` (Linux: /proc/<pid>/task/*/children)."""
    found: set[int] = set()
    for task in Path(f"/proc/{pid}/task").glob("*"):
        try:
            children = {int(child) for child in (task / "children").read_text().split()}
        except OSError:
            continue
        for child in children:
            found |= {child, *descendants(child)}
    return found


def test_a_killed_action_server_leaves_no_worker_and_comes_back(tmp_path: Path) -> None:
    port = free_port()
    keys = local_secrets.ensure(tmp_path / "secrets", environ={})
    stores = {"RELAIS_CATALOGUE_URL": f"sqlite:///{tmp_path / 'catalogue.db'}",
              "RELAIS_CLIENT_DATABASE_URL_TEMPLATE": f"sqlite:///{tmp_path}/{{slug}}.db"}
    server = stack.action_server(keys, port, env=stores, log=tmp_path / "actions.log")
    with Supervision([server], tmp_path / "run") as supervision:
        supervision.wait_ready(timeout=WAIT * 3)
        keeper = supervision.states()["action-server"]["pid"]
        first = descendants(keeper)
        leader = min(first)  # the keeper's one child: Sanic's manager; its worker is below it
        assert len(first) >= 2, "Sanic serves from a worker process"
        os.kill(leader, signal.SIGKILL)
        wait_for(lambda: not any(alive(pid) for pid in first), "the manager's worker stops with it")
        wait_for(lambda: httpx.get(f"http://127.0.0.1:{port}/health", timeout=2).status_code == 200,
                 "a new action server answers on the same port")
        wait_for(lambda: supervision.states()["action-server"]["statename"] == "RUNNING", "supervisord sees it run")
        assert not descendants(supervision.states()["action-server"]["pid"]) & first
    time.sleep(0.1)
    assert not any(alive(pid) for pid in first)
