"""Starting and stopping Relais's processes together: the action server, the Rasa server, the doors (web
chat, Slack, Teams) and the rest.

Used by `make run` (scripts/run.py) and by the end-to-end tests, so that both start the product the
same way. Each process runs in its own process group and is stopped with SIGTERM, then SIGKILL.
"""

import os
import signal
import subprocess
import time
from dataclasses import dataclass, field
from pathlib import Path

import httpx

from scripts.local_secrets import Secrets

ROOT = Path(__file__).resolve().parent.parent


def bind_host() -> str:
    """Where the private servers (Rasa, the action server) listen: loopback, unless a container behind a
    network policy opens them (RELAIS_BIND_HOST=0.0.0.0)."""
    return os.environ.get("RELAIS_BIND_HOST", "127.0.0.1")
QUIET_RASA = {
    "RASA_TELEMETRY_ENABLED": "false",  # no network: telemetry would try to call home
    "TF_CPP_MIN_LOG_LEVEL": "2",
    "SQLALCHEMY_SILENCE_UBER_WARNING": "1",
    "PYTHONWARNINGS": "ignore",
}


@dataclass
class Service:
    name: str
    command: list[str]
    health_url: str | None  # None: ready as soon as it runs (no HTTP side)
    env: dict[str, str] = field(default_factory=dict)
    log: Path | None = None
    process: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        out = open(self.log, "ab") if self.log else None  # noqa: SIM115 - closed with the process
        self.process = subprocess.Popen(
            self.command, cwd=ROOT, env={**os.environ, **self.env}, stdout=out,
            stderr=subprocess.STDOUT if out else None, start_new_session=True,
        )

    def ready(self) -> bool:
        if self.health_url is None:
            return self.process is not None and self.process.poll() is None
        try:
            return httpx.get(self.health_url, timeout=2).status_code == 200
        except httpx.HTTPError:
            return False

    def stop(self, grace: float = 10) -> None:
        if self.process is None or self.process.poll() is not None:
            return
        os.killpg(self.process.pid, signal.SIGTERM)
        try:
            self.process.wait(grace)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait()


def action_server(secrets: Secrets, port: int = 5055, env: dict[str, str] | None = None,
                  log: Path | None = None) -> Service:
    """rasa-sdk behind Relais's trust boundary (actions/server.py): Rasa's token, then the doors' claims."""
    return Service(
        "action server",
        [str(ROOT / ".venv/bin/python"), "-m", "actions.server", "--port", str(port)],
        f"http://127.0.0.1:{port}/health",
        env={"RELAIS_ACTIONS_TOKEN": secrets.actions_token, "RELAIS_DOOR_SECRET": secrets.door_secret,
             "RELAIS_ACTIONS_HOST": bind_host(), **(env or {})},
        log=log,
    )


def supervisor(interval: float = 30, env: dict[str, str] | None = None, log: Path | None = None) -> Service:
    return Service("SLA supervisor",
                   [str(ROOT / ".venv/bin/python"), "-m", "servicedesk", "supervise", "--interval", str(interval)],
                   None, env=env or {}, log=log)


def api_server(port: int = 8088, env: dict[str, str] | None = None, log: Path | None = None) -> Service:
    return Service("REST API", [str(ROOT / ".venv/bin/python"), "-m", "api"], f"http://127.0.0.1:{port}/health",
                   env={"RELAIS_API_PORT": str(port), **(env or {})}, log=log)


def console_server(port: int = 8090, env: dict[str, str] | None = None, log: Path | None = None) -> Service:
    """The agents' web console (python -m console): its session key from RELAIS_CONSOLE_SECRET or var/secrets/."""
    return Service("console", [str(ROOT / ".venv/bin/python"), "-m", "console"], f"http://127.0.0.1:{port}/health",
                   env={"RELAIS_CONSOLE_PORT": str(port), **(env or {})}, log=log)


def bot_server(secrets: Secrets, port: int = 8089, rasa_url: str = "http://127.0.0.1:5005",
               env: dict[str, str] | None = None, log: Path | None = None) -> Service:
    """The doors' process (python -m bot): the web chat page, Slack and Teams when configured, the delivery
    of notifications. It signs what it asserts about each message, and calls Rasa's API with its token."""
    return Service("doors (web chat, Slack, Teams)", [str(ROOT / ".venv/bin/python"), "-m", "bot"],
                   f"http://127.0.0.1:{port}/health",
                   env={"RELAIS_BOT_PORT": str(port), "RELAIS_RASA_URL": rasa_url,
                        "RELAIS_RASA_TOKEN": secrets.rasa_token, "RELAIS_DOOR_SECRET": secrets.door_secret,
                        **(env or {})}, log=log)


def rasa_server(secrets: Secrets, model: Path, endpoints: Path, port: int = 5005,
                env: dict[str, str] | None = None, log: Path | None = None) -> Service:
    """Rasa on loopback, its HTTP API behind a token, no CORS unless RELAIS_RASA_CORS names origins; its one
    channel (rasa_channels/rest.py) checks the doors' claims with the door secret."""
    cors = os.environ.get("RELAIS_RASA_CORS", "").split()
    return Service(
        "Rasa server",
        # "--auth-token=…" in one word: a token may start with "-", which argparse would take for an option
        [str(ROOT / ".venv-rasa/bin/rasa"), "run", "--enable-api", f"--auth-token={secrets.rasa_token}",
         "--interface", bind_host(), "--port", str(port), *(["--cors", *cors] if cors else []),
         "--model", str(model), "--endpoints", str(endpoints), "--credentials", str(ROOT / "credentials.yml")],
        f"http://127.0.0.1:{port}/status?token={secrets.rasa_token}",
        env={**QUIET_RASA, "RELAIS_DOOR_SECRET": secrets.door_secret, "RELAIS_ACTIONS_TOKEN": secrets.actions_token,
             **(env or {})},
        log=log,
    )


def start_all(services: list[Service], timeout: float = 240) -> None:
    """Start every service and return when all answer; stop them all and raise if one cannot."""
    for service in services:
        service.start()
    deadline = time.monotonic() + timeout
    pending = list(services)
    while pending:
        for service in list(pending):
            if service.process is not None and service.process.poll() is not None:
                stop_all(services)
                raise RuntimeError(f"{service.name} exited with code {service.process.returncode} (log: {service.log})")
            if service.ready():
                pending.remove(service)
        if pending and time.monotonic() > deadline:
            stop_all(services)
            raise TimeoutError(f"not ready after {timeout:.0f} s: {', '.join(s.name for s in pending)}")
        time.sleep(0.5)


def stop_all(services: list[Service]) -> None:
    for service in reversed(services):
        service.stop()
