"""One server and every process it starts, as one unit for `make run`'s supervisor (scripts/supervision.py).

    python -m scripts.process_group --env FILE.json -- COMMAND...

supervisord restarts a program that dies, but it knows only the process it started: when the action server's
Sanic manager is killed with SIGKILL, its worker keeps listening on 5055 and no new action server can bind there
(issue 18). So each program is this keeper, which runs the server in a process group of its own and:
- passes on SIGTERM and SIGINT to the whole group (a stop reaches Sanic's and uvicorn's workers);
- when the server's first process ends, for whatever reason, stops what is left of its group (SIGTERM, then
  SIGKILL after a grace), collects every descendant left to it (it is their subreaper), then exits with the
  server's status, so that supervisord's restart finds the port free;
- dies with its server's group should it be killed itself: the server gets SIGTERM when its keeper dies
  (PR_SET_PDEATHSIG), and its own workers follow it.
The environment of the server is read from FILE.json (written 0600 by scripts/supervision.py): secrets stay out of
supervisord's configuration and of every command line.
"""

import argparse
import contextlib
import ctypes
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

PR_SET_PDEATHSIG = 1
PR_SET_CHILD_SUBREAPER = 36
GRACE = 10.0  # seconds the rest of a group has to stop after its leader ended (supervisord's stopwaitsecs)


def _prctl(option: int, value: int) -> None:
    """Linux only; elsewhere the keeper still stops the group, without the two safety nets."""
    if sys.platform.startswith("linux"):
        ctypes.CDLL(None, use_errno=True).prctl(option, value, 0, 0, 0)


def die_with_parent() -> None:
    """In a child before it runs its program: SIGTERM when the thread that started it ends (Linux)."""
    _prctl(PR_SET_PDEATHSIG, signal.SIGTERM)


def _group_alive(group: int) -> bool:
    _reap()
    try:
        os.killpg(group, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _reap() -> None:
    """Collect the descendants that ended (orphans are reparented to the keeper, their subreaper)."""
    while True:
        try:
            pid, _ = os.waitpid(-1, os.WNOHANG)
        except ChildProcessError:
            return
        if pid == 0:
            return


def stop_group(group: int, grace: float = GRACE) -> None:
    """SIGTERM to every process of the group, SIGKILL to those still there after `grace` seconds."""
    for sig in (signal.SIGTERM, signal.SIGKILL):
        try:
            os.killpg(group, sig)
        except ProcessLookupError:
            return
        deadline = time.monotonic() + grace
        while _group_alive(group) and time.monotonic() < deadline:
            time.sleep(0.05)
        if not _group_alive(group):
            return


def run(command: list[str], env: dict[str, str]) -> int:
    _prctl(PR_SET_CHILD_SUBREAPER, 1)
    server = subprocess.Popen(command, env={**os.environ, **env}, start_new_session=True,
                              preexec_fn=die_with_parent)  # its own group: the keeper's stop is the group's
    stopping = False

    def forward(sig: int, _frame: object) -> None:
        nonlocal stopping
        stopping = True
        with contextlib.suppress(ProcessLookupError):
            os.killpg(server.pid, sig)

    signal.signal(signal.SIGTERM, forward)
    signal.signal(signal.SIGINT, forward)
    status = server.wait()
    stop_group(server.pid, GRACE)  # its workers, whatever ended the server
    if not stopping and status:
        print(f"process_group: {command[0]} ended with status {status}; its group is stopped", file=sys.stderr,
              flush=True)
    return status if status >= 0 else 128 - status


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m scripts.process_group", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--env", type=Path, help="a JSON object of environment variables for the server")
    parser.add_argument("command", nargs=argparse.REMAINDER)
    args = parser.parse_args(argv)
    command = args.command[1:] if args.command[:1] == ["--"] else args.command
    if not command:
        parser.error("no command")
    env = json.loads(args.env.read_text()) if args.env else {}
    sys.exit(run(command, env))


if __name__ == "__main__":
    main()
