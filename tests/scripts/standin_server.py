"""A cheap server for the supervision tests: `python -m tests.scripts.standin_server PORT [--worker]`.

With --worker it behaves as Sanic's manager does (the action server's): the first process only waits, while a
worker process it started listens on the port, so that a SIGKILL of the first leaves the worker on the port
unless someone stops the group (a SIGTERM it passes on to its worker, as Sanic's does).
/health answers {"pid": the listener, "leader": the first process}."""

import json
import os
import signal
import subprocess
import sys
import time
from http.server import BaseHTTPRequestHandler, HTTPServer


class Health(BaseHTTPRequestHandler):
    leader = os.getpid()

    def do_GET(self) -> None:  # http.server calls it by this name
        body = json.dumps({"pid": os.getpid(), "leader": self.leader}).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *_: object) -> None:
        return


def serve(port: int, leader: int) -> None:
    Health.leader = leader
    HTTPServer(("127.0.0.1", port), Health).serve_forever()


def main() -> None:
    port = int(sys.argv[1])
    if "--worker" in sys.argv[2:]:
        worker = subprocess.Popen([sys.executable, "-m", "tests.scripts.standin_server", str(port), "--serve",
                                   str(os.getpid())])

        def stop(*_: object) -> None:  # as Sanic's manager does on SIGTERM: its workers first
            worker.terminate()
            worker.wait()
            sys.exit(0)

        signal.signal(signal.SIGTERM, stop)
        while True:
            time.sleep(1)
    elif "--serve" in sys.argv[2:]:
        serve(port, int(sys.argv[3]))
    else:
        serve(port, os.getpid())


if __name__ == "__main__":
    main()
