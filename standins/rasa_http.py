"""A Rasa server over HTTP, for the doors' processes when Rasa itself is not what a test is about (two doors
replicas sharing one Redis): its REST webhook answers each message at once with "Noté : <text>" (with the
buttons Oui and Non for a question, a text with "?"), its tracker events endpoint takes anything, and every
message it got is recorded with the conversation it came in."""

import json
import threading
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler
from typing import Any
from urllib.parse import urlsplit

from standins.local_server import LocalServer


@dataclass
class RasaStandIn(LocalServer):
    messages: list[dict[str, Any]] = field(default_factory=list)  # the webhook's bodies, in arrival order

    def __post_init__(self) -> None:
        self._lock = threading.Lock()

    def _serve(self, request: BaseHTTPRequestHandler) -> None:
        length = int(request.headers.get("Content-Length") or 0)
        body = json.loads(request.rfile.read(length) or b"null") if length else None
        path = urlsplit(request.path).path
        if path == "/webhooks/rest/webhook" and isinstance(body, dict):
            with self._lock:
                self.messages.append(body)
            text = str(body.get("message"))
            reply: dict[str, Any] = {"recipient_id": body.get("sender"), "text": f"Noté : {text}"}
            if "?" in text:
                reply["buttons"] = [{"title": "Oui", "payload": "/affirm"}, {"title": "Non", "payload": "/deny"}]
            answer: Any = [reply]
        elif path.endswith("/tracker/events") or path in ("/", "/status"):
            answer = {}
        else:
            self._answer(request, 404, {"error": "not a Rasa route of this stand-in"})
            return
        self._answer(request, 200, answer)

    def said_in(self, conversation: str) -> list[str]:
        with self._lock:
            return [m["message"] for m in self.messages if m.get("sender") == conversation]

    @staticmethod
    def _answer(request: BaseHTTPRequestHandler, status: int, answer: Any) -> None:
        payload = json.dumps(answer).encode()
        request.send_response(status)
        request.send_header("Content-Type", "application/json")
        request.send_header("Content-Length", str(len(payload)))
        request.end_headers()
        request.wfile.write(payload)
