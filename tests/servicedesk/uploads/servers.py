"""The servers the upload tests start as processes on loopback: moto's S3 stand-in and a real clamd."""

import socket
import subprocess
import time
from collections.abc import Callable, Generator

import pytest


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def answers(port: int, greeting: bytes = b"", reply: bytes = b"") -> Callable[[], bool]:
    """Whether something listens on the port (and, given a greeting, replies to it with `reply`)."""
    def probe() -> bool:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5) as connection:
                if greeting:
                    connection.sendall(greeting)
                    return connection.recv(64).startswith(reply)
                return True
        except OSError:
            return False
    return probe


def serve(command: list[str], ready: Callable[[], bool], *, name: str,
          why_not: Callable[[], str] = lambda: "") -> Generator[None, None, None]:
    """The server running while the caller's fixture yields; stopped after, whatever happened."""
    server = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        for _ in range(300):
            if server.poll() is not None:
                pytest.fail(f"{name} stopped: {why_not()}")
            if ready():
                break
            time.sleep(0.1)
        else:
            pytest.fail(f"{name} did not answer")
        yield
    finally:
        server.terminate()
        server.wait(timeout=20)
