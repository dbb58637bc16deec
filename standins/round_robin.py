"""The load balancer in front of replicas, as small as one can be: each HTTP request goes to the next backend
in turn (round robin, no affinity), its answer streamed back as it comes (server-sent events pass). Tests and
benches put two doors or two Rasa servers behind one address with it, as a Kubernetes Service would.

    with RoundRobin(["http://127.0.0.1:8089", "http://127.0.0.1:8189"]).serving() as url: ...
"""

import asyncio
import itertools
import socket
import threading
import time
from collections import Counter
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any

import httpx
import uvicorn

HOP_BY_HOP = {b"host", b"connection", b"keep-alive", b"transfer-encoding", b"te", b"trailer", b"upgrade",
              b"proxy-authorization", b"proxy-connection", b"content-length"}


class RoundRobin:
    """An ASGI app; `sent` counts the requests each backend got."""

    def __init__(self, backends: Sequence[str]) -> None:
        self.backends = [backend.rstrip("/") for backend in backends]
        self.sent: Counter[str] = Counter()
        self._turn = itertools.count()
        self._client: httpx.AsyncClient | None = None

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] == "lifespan":
            while (await receive())["type"] != "lifespan.shutdown":
                await send({"type": "lifespan.startup.complete"})
            if self._client is not None:
                await self._client.aclose()
            await send({"type": "lifespan.shutdown.complete"})
            return
        if scope["type"] != "http":
            return
        backend = self.backends[next(self._turn) % len(self.backends)]
        self.sent[backend] += 1
        body = b""
        while True:
            message = await receive()
            body += message.get("body", b"")
            if not message.get("more_body"):
                break
        if self._client is None:
            self._client = httpx.AsyncClient(timeout=httpx.Timeout(None, connect=10))
        path = scope.get("raw_path") or scope["path"].encode()
        url = backend + path.decode() + (f"?{scope['query_string'].decode()}" if scope.get("query_string") else "")
        headers = [(k, v) for k, v in scope["headers"] if k.lower() not in HOP_BY_HOP]
        try:
            response = await self._client.send(self._client.build_request(scope["method"], url, headers=headers,
                                                                          content=body), stream=True)
        except httpx.HTTPError as error:
            await _answer(send, 502, f"backend {backend}: {error}".encode())
            return
        try:
            await send({"type": "http.response.start", "status": response.status_code,
                        "headers": [(k, v) for k, v in response.headers.raw if k.lower() not in HOP_BY_HOP]})
            async for chunk in response.aiter_raw():
                await send({"type": "http.response.body", "body": chunk, "more_body": True})
            await send({"type": "http.response.body", "body": b""})
        finally:
            await response.aclose()

    @contextmanager
    def serving(self, port: int | None = None) -> Iterator[str]:
        """Served on loopback in a thread of its own; yields its base URL."""
        port = port or _free_port()
        server = uvicorn.Server(uvicorn.Config(self, host="127.0.0.1", port=port, log_level="warning",
                                               timeout_graceful_shutdown=1, lifespan="on"))
        thread = threading.Thread(target=lambda: asyncio.run(server.serve()), name="round-robin", daemon=True)
        thread.start()
        deadline = time.monotonic() + 15
        while not server.started:
            if not thread.is_alive() or time.monotonic() > deadline:
                raise RuntimeError("the round-robin proxy did not start")
            time.sleep(0.05)
        try:
            yield f"http://127.0.0.1:{port}"
        finally:
            server.should_exit = True
            thread.join(15)


async def _answer(send: Any, status: int, body: bytes) -> None:
    await send({"type": "http.response.start", "status": status,
                "headers": [(b"content-type", b"text/plain; charset=utf-8")]})
    await send({"type": "http.response.body", "body": body})


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])
