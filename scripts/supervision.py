"""`make run`'s processes under supervisord: a crashed one is restarted, the others keep serving.

Why supervisord (the `supervisor` package): maintained since 2004 and still released, it restarts a program that
dies (autorestart), backs off a program that dies as it starts (1 s, 2 s, 3 s … then gives up: FATAL), stops
every program's whole process group on a stop (stopasgroup, killasgroup), keeps one log per program, and
answers `supervisorctl` (status, restart) on a Unix socket under var/run/. honcho, Foreman's clone, stops
everything when one process ends, which is what `make run` did before; circus needs ZeroMQ for the same.

Each program is a scripts/process_group.py keeper around the server, so that a server killed with SIGKILL
leaves no worker on its port; its environment is in a 0600 JSON file beside the configuration, not in it.

    with Supervision(services, ROOT / "var" / "run") as supervision:
        supervision.wait_ready()
        supervision.watch(print)     # until stopped: tells which program ended, restarted or gave up
"""

import json
import os
import re
import signal
import subprocess
import sys
import time
import xmlrpc.client
from collections.abc import Callable
from pathlib import Path
from types import TracebackType
from typing import Any

from supervisor.xmlrpc import SupervisorTransport  # type: ignore[import-untyped]  # supervisor ships no types

from scripts.process_group import die_with_parent
from scripts.stack import ROOT, Service

START_SECONDS = 3  # a program that ends sooner did not start: it is backed off, then given up
START_RETRIES = 5  # backoffs before it is given up (FATAL): 1 + 2 + 3 + 4 + 5 s
STOP_SECONDS = 15  # SIGTERM, then SIGKILL to its group (process_group.py waits 10 s for its workers itself)


def program_name(service: Service) -> str:
    """supervisord's name of a service: "doors (web chat, Slack, Teams)" is "doors", "action server" "action-server"."""
    return re.sub(r"[^a-z0-9]+", "-", service.name.split(" (")[0].lower()).strip("-")


class Supervision:
    def __init__(self, services: list[Service], place: Path, log_dir: Path | None = None) -> None:
        self.services = services
        self.place = place
        self.log_dir = log_dir or place
        self.socket = place / "supervisor.sock"
        self.config = place / "supervisord.conf"
        self.process: subprocess.Popen[bytes] | None = None

    def write(self) -> Path:
        """supervisord's configuration, and one environment file per program (0600: it holds the secrets)."""
        self.place.mkdir(parents=True, exist_ok=True)
        os.chmod(self.place, 0o700)
        python = sys.executable
        sections = [
            "[supervisord]", "nodaemon=true", f"logfile={self.log_dir / 'supervisord.log'}",
            f"pidfile={self.place / 'supervisord.pid'}", "loglevel=info", "",
            "[unix_http_server]", f"file={self.socket}", "chmod=0700", "",
            "[rpcinterface:supervisor]",
            "supervisor.rpcinterface_factory = supervisor.rpcinterface:make_main_rpcinterface", "",
            "[supervisorctl]", f"serverurl=unix://{self.socket}", "",
        ]
        for service in self.services:
            name = program_name(service)
            env_file = self.place / f"{name}.env.json"
            env_file.touch(mode=0o600)
            env_file.write_text(json.dumps(service.env))
            command = [python, "-m", "scripts.process_group", "--env", str(env_file), "--", *service.command]
            log = service.log or self.log_dir / f"{name}.log"
            sections += [
                f"[program:{name}]",
                "command=" + " ".join(_quoted(part) for part in command),
                f"directory={ROOT}", f"environment=PYTHONPATH=\"{_escaped(str(ROOT))}\"",
                "autostart=true", "autorestart=true", f"startsecs={START_SECONDS}", f"startretries={START_RETRIES}",
                "stopsignal=TERM", f"stopwaitsecs={STOP_SECONDS}", "stopasgroup=true", "killasgroup=true",
                f"stdout_logfile={_escaped(str(log))}", "redirect_stderr=true", "stdout_logfile_maxbytes=20MB",
                "stdout_logfile_backups=3", "",
            ]
        self.config.write_text("\n".join(sections))
        return self.config

    def start(self) -> None:
        self.write()
        supervisord = Path(sys.executable).parent / "supervisord"
        # Its own session (a Ctrl-C reaches run.py, which stops it in order), and SIGTERM should run.py die: a
        # killed `make run` leaves no supervisord running its servers.
        self.process = subprocess.Popen([str(supervisord), "--nodaemon", "--configuration", str(self.config)],
                                        cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT,
                                        start_new_session=True, preexec_fn=die_with_parent)

    def rpc(self) -> Any:
        """supervisord's XML-RPC interface, over its Unix socket (supervisorctl's own transport)."""
        return xmlrpc.client.ServerProxy("http://127.0.0.1",
                                         transport=SupervisorTransport(None, None, f"unix://{self.socket}"))

    def states(self) -> dict[str, dict[str, Any]]:
        """Each program's state as supervisord says it: statename (RUNNING, BACKOFF, FATAL…), pid, exitstatus."""
        return {info["name"]: info for info in self.rpc().supervisor.getAllProcessInfo()}

    def wait_ready(self, timeout: float = 240) -> None:
        """Return when every service answers its health check; raise when one gave up or time ran out."""
        deadline = time.monotonic() + timeout
        pending = list(self.services)
        while pending:
            self._check_running()
            for service in list(pending):
                if service.health_url is None:
                    if self._state_of(service) == "RUNNING":
                        pending.remove(service)
                elif service.ready():
                    pending.remove(service)
            if pending and time.monotonic() > deadline:
                raise TimeoutError(f"not ready after {timeout:.0f} s: {', '.join(s.name for s in pending)}")
            time.sleep(0.5)

    def _state_of(self, service: Service) -> str | None:
        try:
            state = self.states().get(program_name(service))
        except (OSError, xmlrpc.client.Error):
            return None  # supervisord is still opening its socket
        if state is not None and state["statename"] == "FATAL":
            raise RuntimeError(f"{service.name} could not start (log: {service.log})")
        return state["statename"] if state else None

    def _check_running(self) -> None:
        if self.process is None or self.process.poll() is not None:
            raise RuntimeError(f"supervisord stopped (log: {self.log_dir / 'supervisord.log'})")
        for service in self.services:
            self._state_of(service)

    def watch(self, say: Callable[[str], None], interval: float = 1.0) -> None:
        """Until supervisord ends: say when a program stops running, comes back, or is given up."""
        seen: dict[str, tuple[str, int]] = {}
        while self.process is not None and self.process.poll() is None:
            try:
                states = self.states()
            except (OSError, xmlrpc.client.Error):
                time.sleep(interval)
                continue
            for name, info in states.items():
                now = (info["statename"], info["pid"])
                before = seen.get(name)
                if before is not None and before != now:
                    say(_change(name, before[0], info))
                seen[name] = now
            time.sleep(interval)

    def stop(self, timeout: float = 60) -> None:
        """supervisord stops every program (each group: SIGTERM, then SIGKILL), then itself."""
        if self.process is None or self.process.poll() is not None:
            return
        self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(timeout)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait()

    def __enter__(self) -> "Supervision":
        self.start()
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 trace: TracebackType | None) -> None:
        self.stop()


def _change(name: str, before: str, info: dict[str, Any]) -> str:
    state = info["statename"]
    if state == "RUNNING":
        return f"{name} is running again (pid {info['pid']})" if before != "STARTING" else \
            f"{name} restarted (pid {info['pid']})"
    if state == "FATAL":
        return (f"{name} gave up after {START_RETRIES} quick exits; see its log, then "
                f"`supervisorctl -c var/run/supervisord.conf start {name}`")
    if state in ("EXITED", "BACKOFF"):
        return f"{name} stopped ({info.get('spawnerr') or 'exit status ' + str(info['exitstatus'])}); restarting"
    return f"{name}: {state.lower()}"


def _escaped(value: str) -> str:
    """supervisord reads its configuration with %(name)s expansion: a literal % is written %%."""
    return value.replace("%", "%%")


def _quoted(part: str) -> str:
    """One word of a program's command, as supervisord splits it (shlex): quoted when needed, % doubled."""
    return _escaped(part if re.fullmatch(r"[\w@%+=:,./-]+", part) else "'" + part.replace("'", "'\"'\"'") + "'")
