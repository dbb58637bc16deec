"""The life of a stand-in: an HTTP server on a free loopback port, in a daemon thread, each request handed
to the stand-in's `_serve`. Slack's and the Bot Framework's stand-ins differ only in what they answer."""

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Self


class LocalServer:
    """Subclasses implement `_serve(request)` and say which HTTP verbs they take."""

    methods: tuple[str, ...] = ("GET", "POST")

    _server: ThreadingHTTPServer | None = None

    def _serve(self, request: BaseHTTPRequestHandler) -> None:
        raise NotImplementedError

    def start(self, port: int = 0) -> Self:
        """Serve on `port` (a free one by default; the same one again to come back after a `stop`)."""
        stand_in = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: Any) -> None:
                pass

        for verb in self.methods:
            setattr(Handler, f"do_{verb}", lambda request: stand_in._serve(request))
        self._server = ThreadingHTTPServer(("127.0.0.1", port), Handler)
        self._server.daemon_threads = True
        threading.Thread(target=self._server.serve_forever, kwargs={"poll_interval": 0.05},
                         name=type(self).__name__, daemon=True).start()
        return self

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None

    def __enter__(self) -> Self:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    @property
    def base(self) -> str:
        assert self._server is not None, "start() the stand-in first"
        return f"http://127.0.0.1:{self._server.server_address[1]}"
