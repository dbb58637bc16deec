"""A stand-in for the Rasa server's HTTP API, for the console's tests (the test chat, a model switched live): an
httpx transport answering the REST webhook, the tracker and its events, /status and PUT /model from memory.

Each user message is "understood" by a rule the test gives (text -> intent, confidence, entities), the door's
signed claims are checked with the door secret as Rasa's channel checks them, and the bot answers with one
action and one sentence, so that a page has something to show for every field of a turn.
"""

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import unquote

import httpx

from servicedesk.errors import ClaimsRefused
from servicedesk.identity import claims as door_claims

Understand = Callable[[str], tuple[str, float, list[dict[str, Any]]]]


def guess(text: str) -> tuple[str, float, list[dict[str, Any]]]:
    """Outlook in the words: an incident about it; anything else: a hesitant greeting."""
    if "outlook" in text.lower():
        return "report_incident", 0.87, [{"entity": "service", "value": "Outlook", "extractor": "standin"}]
    return "greet", 0.41, []


@dataclass
class RasaStandin:
    secret: str
    understand: Understand = guess
    trackers: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    clients: dict[str, str] = field(default_factory=dict)  # conversation -> the client its claims named
    model_file: str = "models/relais-first.tar.gz"
    loaded: list[str] = field(default_factory=list)

    def transport(self) -> httpx.MockTransport:
        return httpx.MockTransport(self.handle)

    def handle(self, request: httpx.Request) -> httpx.Response:
        path = request.url.path
        if path == "/webhooks/rest/webhook":
            return self._message(json.loads(request.content))
        if path == "/status":
            return httpx.Response(200, json={"model_file": self.model_file})
        if path == "/model" and request.method == "PUT":
            self.model_file = json.loads(request.content)["model_file"]
            self.loaded.append(self.model_file)
            return httpx.Response(204)
        if path.startswith("/conversations/"):
            conversation = unquote(path.split("/")[2])
            events = self.trackers.setdefault(conversation, [])
            if path.endswith("/tracker/events"):
                events.extend(json.loads(request.content))
            return httpx.Response(200, json={"sender_id": conversation, "events": events})
        return httpx.Response(404, json={"message": "no such route"})

    def _message(self, body: dict[str, Any]) -> httpx.Response:
        conversation, text = body["sender"], body["message"]
        try:
            claims = door_claims.verify((body.get("metadata") or {}).get(door_claims.METADATA_KEY), self.secret,
                                        conversation=conversation)
        except ClaimsRefused:
            return httpx.Response(403, json={"message": "refused"})
        self.clients[conversation] = claims.client
        intent, confidence, entities = self.understand(text)
        answer = f"({claims.client}) you said: {text}"
        self.trackers.setdefault(conversation, []).extend([
            {"event": "user", "text": text, "parse_data": {
                "intent": {"name": intent, "confidence": confidence}, "entities": entities,
                "intent_ranking": [{"name": intent, "confidence": confidence},
                                   {"name": "out_of_scope", "confidence": round(1 - confidence, 2)}]}},
            {"event": "action", "name": "action_level1"},
            {"event": "slot", "name": "episode", "value": {"stage": "fix_offered", "offered": {
                "doc_id": "KB-OUTLOOK", "title": "Outlook does not start", "kind": "article", "score": 0.71}}},
            {"event": "bot", "text": answer},
            {"event": "action", "name": "action_listen"},
        ])
        return httpx.Response(200, json=[{"recipient_id": conversation, "text": answer}])
