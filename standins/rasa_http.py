"""A Rasa server over HTTP, for the doors' processes when Rasa itself is not what a test is about (two doors
replicas sharing one Redis): its REST webhook answers each message at once with "Noté : <text>" (with the
buttons Oui and Non for a question, a text with "?"), its tracker events endpoint takes anything, and every
message it got is recorded with the conversation it came in. Each conversation's tracker keeps its user events
(with the doors' journal id, as Relais's channel keeps it) and bot events, and GET .../tracker returns them: what the
doors' replayer reads after an outage (stop() the stand-in, start(port) it again on the same port)."""

import json
import threading
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler
from typing import Any
from urllib.parse import unquote, urlsplit

from servicedesk.identity.claims import MESSAGE_KEY
from standins.local_server import LocalServer


@dataclass
class RasaStandIn(LocalServer):
    messages: list[dict[str, Any]] = field(default_factory=list)  # the webhook's bodies, in arrival order
    trackers: dict[str, list[dict[str, Any]]] = field(default_factory=dict)  # per conversation, Rasa's events

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
            with self._lock:
                reference = (body.get("metadata") or {}).get(MESSAGE_KEY)
                self.trackers.setdefault(str(body.get("sender")), []).extend([
                    {"event": "user", "text": text, "metadata": {MESSAGE_KEY: reference}},
                    {"event": "bot", "text": reply["text"], "data": {"buttons": reply.get("buttons")}}])
        elif request.command == "GET" and path.startswith("/conversations/") and path.endswith("/tracker"):
            with self._lock:
                answer = {"events": list(self.trackers.get(unquote(path.split("/")[2]), []))}
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
