"""/metrics and /health for a process with no web server of its own: the SLA supervisor (RELAIS_METRICS_PORT).

/health answers 200 while the process's loop reports in (`beat`) at least once per `stale_after` seconds, 503
when it does not (a pass stuck on a database that never answers): what Kubernetes' liveness probe restarts.
"""

import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from prometheus_client import CONTENT_TYPE_LATEST, generate_latest


class Heartbeat:
    def __init__(self, stale_after: float) -> None:
        self.stale_after = stale_after
        self.last = time.monotonic()  # starting counts as a beat: the first pass may take a while

    def beat(self) -> None:
        self.last = time.monotonic()

    def alive(self) -> bool:
        return time.monotonic() - self.last <= self.stale_after


def serve(port: int, heartbeat: Heartbeat, host: str = "127.0.0.1") -> ThreadingHTTPServer:
    """Serve in a daemon thread (it ends with the process); returns the server, whose port is the one bound."""

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # http.server calls it by this name
            path = self.path.split("?", 1)[0]
            if path == "/metrics":
                self._answer(200, generate_latest(), CONTENT_TYPE_LATEST)
            elif path == "/health":
                alive = heartbeat.alive()
                self._answer(200 if alive else 503, b"ok" if alive else b"no pass ended lately", "text/plain")
            else:
                self._answer(404, b"not found", "text/plain")

        def _answer(self, status: int, body: bytes, kind: str) -> None:
            self.send_response(status)
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *_: object) -> None:  # a probe every few seconds is no news
            return

    server = ThreadingHTTPServer((host, port), Handler)
    threading.Thread(target=server.serve_forever, name="telemetry", daemon=True).start()
    return server
