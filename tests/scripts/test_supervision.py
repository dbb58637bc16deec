"""`make run`'s supervision (scripts/supervision.py, scripts/process_group.py) on cheap stand-in servers: a server
killed with SIGKILL comes back on its own port while the others keep serving, its worker does not outlive it,
and a stop leaves no process and every port free."""

import os
import signal
import socket
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import httpx
import pytest

from scripts.stack import Service
from scripts.supervision import Supervision, program_name
from tests.e2e.conftest import free_port

WAIT = 60  # seconds a step may take on a loaded machine before the test gives up (not a timing assertion)


def standin(name: str, port: int, *options: str, log: Path) -> Service:
    return Service(name, [sys.executable, "-m", "tests.scripts.standin_server", str(port), *options],
                   f"http://127.0.0.1:{port}/health", env={"STANDIN_NAME": name}, log=log)


def health(port: int) -> dict[str, int]:
    return httpx.get(f"http://127.0.0.1:{port}/health", timeout=2).json()


def alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    with open(f"/proc/{pid}/stat") as stat:  # a zombie is gone for our purpose: it holds no port
        return stat.read().split(") ")[-1][0] != "Z"


def wait_for(check: Callable[[], object], what: str) -> None:
    deadline = time.monotonic() + WAIT
    while time.monotonic() < deadline:
        try:
            if check():
                return
        except (httpx.HTTPError, OSError):
            pass
        time.sleep(0.2)
    pytest.fail(f"not within {WAIT} s: {what}")


def port_free(port: int) -> bool:
    with socket.socket() as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind(("127.0.0.1", port))
        except OSError:
            return False
    return True


@pytest.fixture
def stack(tmp_path: Path) -> Iterator[tuple[Supervision, int, int]]:
    managed, plain = free_port(), free_port()
    services = [standin("action server", managed, "--worker", log=tmp_path / "actions.log"),
                standin("doors (web chat, Slack, Teams)", plain, log=tmp_path / "doors.log")]
    supervision = Supervision(services, tmp_path / "run")
    with supervision:
        supervision.wait_ready(timeout=WAIT)
        yield supervision, managed, plain
    assert supervision.process is not None and supervision.process.returncode is not None


def test_a_killed_server_comes_back_on_its_port_and_the_others_keep_serving(stack) -> None:
    supervision, managed, plain = stack
    assert set(supervision.states()) == {"action-server", "doors"}
    first, other = health(managed), health(plain)
    assert first["pid"] != first["leader"]  # a worker listens, as Sanic's does
    os.kill(first["leader"], signal.SIGKILL)  # what issue 18 did to the action server
    wait_for(lambda: not alive(first["pid"]), "the killed server's worker stops (no orphan on the port)")
    wait_for(lambda: health(managed)["leader"] != first["leader"], "the server is back on its own port")
    assert health(plain) == other  # the other server never stopped
    wait_for(lambda: supervision.states()["action-server"]["statename"] == "RUNNING", "supervisord counts it started")


def test_a_killed_keeper_takes_its_server_with_it(stack) -> None:
    supervision, managed, _ = stack
    before = health(managed)
    keeper = supervision.states()["action-server"]["pid"]
    os.kill(keeper, signal.SIGKILL)
    wait_for(lambda: not alive(before["leader"]) and not alive(before["pid"]), "the server and its worker stop")
    wait_for(lambda: health(managed)["leader"] != before["leader"], "supervisord starts it again")


def test_a_stop_ends_every_process_and_frees_every_port(tmp_path: Path) -> None:
    managed, plain = free_port(), free_port()
    services = [standin("action server", managed, "--worker", log=tmp_path / "actions.log"),
                standin("console", plain, log=tmp_path / "console.log")]
    with Supervision(services, tmp_path / "run") as supervision:
        supervision.wait_ready(timeout=WAIT)
        pids = {health(managed)["pid"], health(managed)["leader"], health(plain)["pid"]}
        assert program_name(services[1]) == "console"
        assert oct((tmp_path / "run" / "console.env.json").stat().st_mode)[-3:] == "600"  # it may hold secrets
    assert not [pid for pid in pids if alive(pid)]
    assert port_free(managed) and port_free(plain)
