"""A local stand-in for the Bot Framework connector (the Connector REST API behind an activity's serviceUrl):
the real botbuilder SDK sends its replies, card updates and proactive messages to it over HTTP, so the Teams
door is tested with the SDK's own request building and error handling. It records what arrives and can
answer 429 (with Retry-After) or errors on demand.

    with BotConnectorStandIn() as connector:
        activity = teams_activity(text="bonjour", service_url=connector.url)
        ... POST it to the door's /api/messages ...
        method, path, conversation_id, sent = connector.wait_for(lambda a: a.conversation_id == "a:1demo")
"""

import itertools
import json
import threading
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler
from typing import Any, NamedTuple
from urllib.parse import unquote, urlsplit

from standins.local_server import LocalServer

DEMO_TENANT = "6f1c2d3e-demo-indus-tenant"
BOT_ID = "28:relais-bot-standin"
BOT_NAME = "Relais"


class Received(NamedTuple):
    """One activity the connector accepted (a plain tuple: tests may json.dumps or unpack it)."""

    method: str  # POST (send or reply), PUT (update), DELETE
    path: str  # unquoted: /v3/conversations/a:1xyz/activities/17...
    conversation_id: str | None  # unquoted, as the bot named it
    activity: dict[str, Any]  # the body, with "id" set to the id the stand-in gave (or the updated one)


class Refused(NamedTuple):
    method: str
    path: str
    status: int


@dataclass
class _Fault:
    method: str | None
    status: int
    times: int
    retry_after: int


class BotConnectorStandIn(LocalServer):
    methods = ("GET", "POST", "PUT", "DELETE")

    def __init__(self) -> None:
        self.activities: list[Received] = []
        self.refused: list[Refused] = []  # requests answered with an injected fault
        self._faults: list[_Fault] = []
        self._down = False
        self._changed = threading.Condition()
        self._ids = itertools.count(1)

    # --- life cycle --------------------------------------------------------------------------------

    @property
    def url(self) -> str:
        """The serviceUrl to put in activities sent to the bot."""
        return self.base

    # --- what arrived ------------------------------------------------------------------------------

    def in_conversation(self, conversation_id: str) -> list[Received]:
        with self._changed:
            return [a for a in self.activities if a.conversation_id == conversation_id]

    def wait_for(self, predicate: Callable[[Received], bool] = lambda received: True, timeout: float = 10) -> Received:
        """The first accepted activity matching `predicate`, waiting for it if needed (blocking: from async
        code, call it through asyncio.to_thread)."""
        deadline = time.monotonic() + timeout
        with self._changed:
            while True:
                for received in self.activities:
                    if predicate(received):
                        return received
                left = deadline - time.monotonic()
                if left <= 0:
                    raise TimeoutError(f"no matching activity within {timeout}s; got: {self.activities}")
                self._changed.wait(left)

    # --- faults ------------------------------------------------------------------------------------

    def fail(self, method: str | None = None, times: int = 1, status: int = 429, retry_after: int = 1) -> None:
        """The next `times` requests with this HTTP method (POST, PUT, DELETE; None: any) answer `status`;
        a 429 carries Retry-After: `retry_after` seconds."""
        with self._changed:
            self._faults.append(_Fault(method.upper() if method else None, status, times, retry_after))

    def down(self) -> None:
        """Every request answers 503 until up()."""
        with self._changed:
            self._down = True

    def up(self) -> None:
        with self._changed:
            self._down = False

    def reset(self) -> None:
        with self._changed:
            self.activities.clear()
            self.refused.clear()
            self._faults.clear()
            self._down = False

    # --- serving -----------------------------------------------------------------------------------

    def _serve(self, request: BaseHTTPRequestHandler) -> None:
        method, raw_path = request.command, urlsplit(request.path).path
        length = int(request.headers.get("Content-Length") or 0)
        raw = request.rfile.read(length) if length else b""
        try:
            body = json.loads(raw) if raw else {}
        except ValueError:
            body = {}
        with self._changed:
            status, headers, answer = self._answer(method, raw_path, body if isinstance(body, dict) else {})
            self._changed.notify_all()
        payload = answer if isinstance(answer, bytes) else json.dumps(answer).encode()
        request.send_response(status)
        for name, value in headers.items():
            request.send_header(name, value)
        request.send_header("Content-Length", str(len(payload)))
        request.end_headers()
        request.wfile.write(payload)

    def _answer(self, method: str, raw_path: str, body: dict[str, Any]) -> tuple[int, dict[str, str], Any]:
        """Called with the lock held; ids in the path are quoted (split first, then unquoted)."""
        path = unquote(raw_path)
        json_type = {"Content-Type": "application/json; charset=utf-8"}
        fault = self._fault(method)
        if fault is not None:
            self.refused.append(Refused(method, path, fault.status))
            if fault.status == 429:
                return 429, {**json_type, "Retry-After": str(fault.retry_after)}, {
                    "error": {"code": "TooManyRequests", "message": "Too many requests"}}
            return fault.status, {"Content-Type": "text/html"}, f"<html><body>{fault.status}</body></html>".encode()
        parts = [unquote(part) for part in raw_path.strip("/").split("/")]
        if parts[:2] != ["v3", "conversations"]:
            return 404, json_type, {"error": {"code": "NotFound", "message": path}}
        if len(parts) == 2 and method == "POST":  # create a conversation
            created = f"a:standin-{next(self._ids)}"
            activity_id = self._new_id() if body.get("activity") else None
            self.activities.append(Received(method, path, created, {**body, "id": created}))
            return 200, json_type, {"id": created, "activityId": activity_id, "serviceUrl": self.url}
        conversation_id = parts[2] if len(parts) > 2 else None
        if len(parts) >= 4 and parts[3] == "activities":
            target = parts[4] if len(parts) > 4 else None
            if method == "POST":
                new_id = self._new_id()
                self.activities.append(Received(method, path, conversation_id, {**body, "id": new_id}))
                return 200, json_type, {"id": new_id}
            if method == "PUT" and target:
                self.activities.append(Received(method, path, conversation_id, {**body, "id": target}))
                return 200, json_type, {"id": target}
            if method == "DELETE" and target:
                self.activities.append(Received(method, path, conversation_id, {"id": target}))
                return 200, json_type, {}
        if method == "GET":  # members and the like: nobody
            return 200, json_type, []
        return 200, json_type, {}

    def _fault(self, method: str) -> _Fault | None:
        if self._down:
            return _Fault(None, 503, 1, 0)
        for fault in self._faults:
            if fault.method in (None, method):
                fault.times -= 1
                if fault.times <= 0:
                    self._faults.remove(fault)
                return fault
        return None

    def _new_id(self) -> str:
        return f"{int(time.time() * 1000)}{next(self._ids):04d}"


def teams_activity(text: str | None = None, value: dict[str, Any] | None = None, *, service_url: str,
                   tenant: str | None = DEMO_TENANT, conversation_id: str = "a:1demo-personal-chat",
                   user_id: str = "29:1demo-user", aad_object_id: str | None = "00000000-0000-0000-0000-0000000a11ce",
                   activity_id: str | None = None, user_name: str = "Alice Martin",
                   conversation_type: str = "personal", reply_to_id: str | None = None, mention: bool = False,
                   locale: str = "fr-FR") -> dict[str, Any]:
    """A message activity as Teams posts it to a bot: conversation.tenantId and channelData.tenant.id set
    (tenant None: neither). `mention` prefixes the text with the bot's <at>mention</at>, as in a channel or a
    group chat; a card button's click has a `value` and no text."""
    if mention:
        text = f"<at>{BOT_NAME}</at> {text or ''}"
    activity: dict[str, Any] = {
        "type": "message",
        "id": activity_id or str(int(time.time() * 1000)) + uuid.uuid4().hex[:6],
        "timestamp": datetime.now(UTC).isoformat().replace("+00:00", "Z"),
        "serviceUrl": service_url,
        "channelId": "msteams",
        "from": {"id": user_id, "name": user_name, **({"aadObjectId": aad_object_id} if aad_object_id else {})},
        "conversation": {"id": conversation_id, "conversationType": conversation_type,
                         **({"tenantId": tenant} if tenant else {}),
                         **({"isGroup": True} if conversation_type != "personal" else {})},
        "recipient": {"id": BOT_ID, "name": BOT_NAME},
        "locale": locale,
        "textFormat": "plain",
        "channelData": {"tenant": {"id": tenant}} if tenant else {},
    }
    if text is not None:
        activity["text"] = text
    if value is not None:
        activity["value"] = value
    if reply_to_id:
        activity["replyToId"] = reply_to_id
    if mention:
        activity["entities"] = [{"type": "mention", "text": f"<at>{BOT_NAME}</at>",
                                 "mentioned": {"id": BOT_ID, "name": BOT_NAME}}]
    return activity
