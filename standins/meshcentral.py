"""A real MeshCentral on a free loopback port, for the remote-assistance tests: npm's `meshcentral`, installed in
.meshcentral/ by scripts/setup.sh (pinned by its package-lock.json), started with a data folder of its own, a
self-signed certificate for 127.0.0.1 and an administrator account made with its own `--createaccount` and
`--adminaccount` flags. Like the OpenID Connect provider beside it, a stand-in only in that it replaces a desk's
own server: every answer is MeshCentral's.

    with meshcentral_server(tmp_path) as mesh:
        mesh.url, mesh.user, mesh.password
        with mesh_agent(mesh, group_ref, tmp_path / "agent"): ...   # the agent binary the package ships, joining
        open_terminal(mesh, node_id)                                # a technician's terminal session, opened and closed

Nothing here reaches beyond 127.0.0.1: the server binds to it, updates, backups, Intel AMT's port and the code
signing timestamp server are off.
"""

import base64
import json
import os
import secrets
import shutil
import signal
import socket
import ssl
import subprocess
import time
import urllib.parse
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from websockets.sync.client import connect

HOME = Path(__file__).resolve().parent.parent / ".meshcentral"
PACKAGE = HOME / "node_modules" / "meshcentral"
STARTUP = 180.0  # seconds: the first start makes its certificates (RSA keys) on a busy 2-core machine
AGENT = PACKAGE / "agents" / "meshagent_x86-64"


class MeshCentralMissing(RuntimeError):
    pass


@dataclass(frozen=True)
class MeshServer:
    url: str
    user: str
    password: str
    data: Path

    def get(self, path: str) -> bytes:
        """A page of the server (its own certificate is not checked: it is its own authority)."""
        with urllib.request.urlopen(self.url + path, context=_insecure(), timeout=30) as answer:
            return answer.read()


def _insecure() -> ssl.SSLContext:
    context = ssl.create_default_context()
    context.check_hostname, context.verify_mode = False, ssl.CERT_NONE
    return context


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _node() -> str:
    node = shutil.which("node")
    if node is None or not PACKAGE.is_dir():
        raise MeshCentralMissing(f"MeshCentral is not installed in {HOME} (scripts/setup.sh runs npm ci there)")
    return node


@contextmanager
def meshcentral_server(folder: Path) -> Iterator[MeshServer]:
    node, port = _node(), _free_port()
    data, files = folder / "meshcentral-data", folder / "meshcentral-files"
    data.mkdir(parents=True, exist_ok=True)
    (data / "config.json").write_text(json.dumps({
        "settings": {"cert": "127.0.0.1", "port": port, "portBind": "127.0.0.1", "aliasPort": port,
                     "redirPort": 0, "mpsPort": 0, "exactPorts": True, "WANonly": True, "selfUpdate": False,
                     "noAgentUpdate": 1, "autoBackup": False, "agentTimeStampServer": False},
        "domains": {"": {"title": "Relais tests", "newAccounts": False}}}), encoding="utf-8")
    user, password = "relais", "Relais-" + secrets.token_urlsafe(12)
    paths = ["--datapath", str(data), "--filespath", str(files)]
    for extra in (["--createaccount", user, "--pass", password, "--email", "relais@example.org"],
                  ["--adminaccount", user]):
        subprocess.run([node, str(PACKAGE), *paths, *extra], cwd=HOME, check=True, timeout=120,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, stdin=subprocess.DEVNULL)
    log = (folder / "meshcentral.log").open("wb")
    process = subprocess.Popen([node, str(PACKAGE), *paths], cwd=HOME, stdout=log, stderr=subprocess.STDOUT,
                               stdin=subprocess.DEVNULL, start_new_session=True)
    try:
        server = MeshServer(url=f"https://127.0.0.1:{port}", user=user, password=password, data=data)
        _wait(server, process, folder / "meshcentral.log")
        yield server
    finally:
        _stop(process)
        log.close()


def _wait(server: MeshServer, process: subprocess.Popen[bytes], log: Path) -> None:
    deadline = time.monotonic() + STARTUP
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise MeshCentralMissing(f"MeshCentral stopped: {log.read_text(errors='replace')[-2000:]}")
        if b"HTTPS server running" in log.read_bytes():
            try:
                server.get("/")
                return
            except OSError:
                pass
        time.sleep(0.5)
    raise MeshCentralMissing(f"MeshCentral did not start in {STARTUP:.0f} s")


def _stop(process: subprocess.Popen[bytes]) -> None:
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=10)


@contextmanager
def mesh_agent(server: MeshServer, group_ref: str, folder: Path) -> Iterator[None]:
    """The Linux agent the package ships, with the group's settings as the invitation page hands them out, run in
    the foreground ("connect": nothing installed on this machine) until the block ends."""
    folder.mkdir(parents=True, exist_ok=True)
    agent = folder / "meshagent"
    shutil.copy(AGENT, agent)
    agent.chmod(0o755)
    group = urllib.parse.quote(group_ref.rsplit("/", 1)[-1])
    (folder / "meshagent.msh").write_bytes(server.get(f"/meshsettings?id={group}"))
    log = (folder / "agent.log").open("wb")
    process = subprocess.Popen([str(agent), "connect"], cwd=folder, stdout=log, stderr=subprocess.STDOUT,
                               stdin=subprocess.DEVNULL, start_new_session=True)
    try:
        yield
    finally:
        _stop(process)
        log.close()


def open_terminal(server: MeshServer, node_id: str, *, seconds: float = 1.0) -> None:
    """What a technician's click on "Terminal" does, as meshctrl's `shell` does it: an auth cookie, the agent
    asked to open a tunnel, the browser's side of the relay joined, a moment of session, then closed."""
    secret = ",".join(base64.b64encode(part.encode()).decode() for part in (server.user, server.password))
    address = server.url.replace("https://", "wss://")
    with connect(f"{address}/control.ashx", additional_headers={"x-meshauth": secret}, ssl=_insecure(),
                 open_timeout=30) as control:
        control.send(json.dumps({"action": "authcookie"}))
        cookies = _answer(control, "authcookie")
        tunnel = secrets.token_hex(6)
        relay = (f"{address}/meshrelay.ashx?browser=1&p=1&nodeid={urllib.parse.quote(node_id)}&id={tunnel}"
                 f"&auth={cookies['cookie']}")
        with connect(relay, ssl=_insecure(), open_timeout=30) as browser:
            control.send(json.dumps({"action": "msg", "nodeid": node_id, "type": "tunnel", "usage": 1,
                                     "value": f"*/meshrelay.ashx?p=1&nodeid={node_id}&id={tunnel}"
                                              f"&rauth={cookies['rcookie']}"}))
            deadline = time.monotonic() + 30
            while time.monotonic() < deadline:
                if browser.recv(timeout=30) in ("c", "cr"):  # the agent's side is connected
                    break
            browser.send("1")  # a terminal
            time.sleep(seconds)


def _answer(ws: object, action: str) -> dict:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        message = json.loads(ws.recv(timeout=30))  # type: ignore[attr-defined]
        if isinstance(message, dict) and message.get("action") == action:
            return message
    raise TimeoutError(action)
