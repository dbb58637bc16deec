"""A local stand-in for the Slack Web API: the real slack_sdk clients (and bolt's) talk to it over HTTP
instead of slack.com, so the doors are tested with the SDK's own request building, error handling and
rate-limit headers. It records every call and can answer 429 or errors on demand.

    with SlackApiStandIn() as slack:
        client = AsyncWebClient(token="xoxb-1", base_url=slack.url)
        ...
        call = slack.wait_for("chat.postMessage", lambda c: c.params["channel"] == "D1")
"""

import itertools
import json
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler
from typing import Any
from urllib.parse import parse_qsl, urlsplit

from standins.local_server import LocalServer

BOT_USER_ID = "U0RELAISBOT"
BOT_ID = "B0RELAISBOT"
DEFAULT_TEAM = "T0STANDIN"


@dataclass(frozen=True)
class Call:
    method: str
    params: dict[str, Any]
    token: str | None
    status: int = 200  # what the stand-in answered (429, 503... when a fault was injected)
    response: Any = None  # the JSON it answered (chat.postMessage: its ts), None for an error page


@dataclass
class _Fault:
    status: int
    times: int
    retry_after: int


@dataclass
class SlackApiStandIn(LocalServer):
    """`teams` maps a bot token to the team id auth.test reports for it; `users` overrides users.info."""

    teams: dict[str, str] = field(default_factory=dict)
    users: dict[str, dict[str, Any]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.calls: list[Call] = []
        self._faults: dict[str, list[_Fault]] = {}
        self._down = False
        self._changed = threading.Condition()
        self._counter = itertools.count(1)
        self._epoch = int(time.time())

    @property
    def url(self) -> str:
        return f"{self.base}/api/"

    # --- what was called ---------------------------------------------------------------------------

    def calls_to(self, method: str) -> list[Call]:
        with self._changed:
            return [call for call in self.calls if call.method == method]

    def wait_for(self, method: str, predicate: Callable[[Call], bool] = lambda call: True,
                 timeout: float = 10) -> Call:
        """The first call to `method` (answered or not) matching `predicate`, waiting for it if needed."""
        deadline = time.monotonic() + timeout
        with self._changed:
            while True:
                for call in self.calls:
                    if call.method == method and predicate(call):
                        return call
                left = deadline - time.monotonic()
                if left <= 0:
                    raise TimeoutError(f"no matching call to {method} within {timeout}s; calls: {self.calls}")
                self._changed.wait(left)

    # --- faults ------------------------------------------------------------------------------------

    def fail(self, method: str, times: int = 1, status: int = 429, retry_after: int = 1) -> None:
        """The next `times` calls to `method` answer `status` (429: Retry-After and "ratelimited")."""
        with self._changed:
            self._faults.setdefault(method, []).append(_Fault(status, times, retry_after))

    def down(self) -> None:
        with self._changed:
            self._down = True

    def up(self) -> None:
        with self._changed:
            self._down = False

    def reset(self) -> None:
        with self._changed:
            self.calls.clear()
            self._faults.clear()
            self._down = False

    # --- serving -----------------------------------------------------------------------------------

    def _serve(self, request: BaseHTTPRequestHandler) -> None:
        split = urlsplit(request.path)
        method = split.path.removeprefix("/api/").strip("/")
        params: dict[str, Any] = dict(parse_qsl(split.query, keep_blank_values=True))
        length = int(request.headers.get("Content-Length") or 0)
        raw = request.rfile.read(length) if length else b""
        if raw:
            if (request.headers.get("Content-Type") or "").startswith("application/json") or raw.lstrip()[:1] == b"{":
                params.update(json.loads(raw))
            else:
                params.update(parse_qsl(raw.decode(), keep_blank_values=True))
        params = {key: _decoded(value) for key, value in params.items()}
        authorization = request.headers.get("Authorization") or ""
        token = authorization.removeprefix("Bearer ").strip() or params.pop("token", None)

        with self._changed:
            status, headers, body = self._answer(method, params, token)
            self.calls.append(Call(method, params, token, status, None if isinstance(body, bytes) else body))
            self._changed.notify_all()
        payload = body if isinstance(body, bytes) else json.dumps(body).encode()
        request.send_response(status)
        for name, value in headers.items():
            request.send_header(name, value)
        request.send_header("Content-Length", str(len(payload)))
        request.end_headers()
        request.wfile.write(payload)

    def _answer(self, method: str, params: dict[str, Any], token: str | None) -> tuple[int, dict[str, str], Any]:
        json_type = {"Content-Type": "application/json; charset=utf-8"}
        if self._down:
            return 503, {"Content-Type": "text/html"}, b"<html><body>503 Service Unavailable</body></html>"
        faults = self._faults.get(method) or []
        if faults:
            fault = faults[0]
            fault.times -= 1
            if fault.times <= 0:
                faults.pop(0)
            if fault.status == 429:
                return 429, {**json_type, "Retry-After": str(fault.retry_after)}, {"ok": False, "error": "ratelimited"}
            return fault.status, {"Content-Type": "text/html"}, f"<html><body>{fault.status}</body></html>".encode()
        if not token:
            return 200, json_type, {"ok": False, "error": "not_authed"}
        return 200, json_type, {"ok": True, **self._result(method, params, token)}

    def _result(self, method: str, params: dict[str, Any], token: str) -> dict[str, Any]:
        if method == "auth.test":
            team = self.teams.get(token, DEFAULT_TEAM)
            return {"url": f"https://{team.lower()}.slack.test/", "team": team, "user": "relais", "team_id": team,
                    "user_id": BOT_USER_ID, "bot_id": BOT_ID}
        if method in ("chat.postMessage", "chat.postEphemeral"):
            ts = self._next_ts()
            message = {"type": "message", "user": BOT_USER_ID, "bot_id": BOT_ID, "ts": ts,
                       **{k: v for k, v in params.items() if k in ("text", "blocks", "thread_ts")}}
            if method == "chat.postEphemeral":
                return {"message_ts": ts}
            return {"channel": params.get("channel"), "ts": ts, "message": message}
        if method == "chat.update":
            return {"channel": params.get("channel"), "ts": params.get("ts"), "text": params.get("text", ""),
                    "message": {k: v for k, v in params.items() if k in ("text", "blocks")}}
        if method == "chat.delete":
            return {"channel": params.get("channel"), "ts": params.get("ts")}
        if method == "conversations.open":
            users = str(params.get("users") or params.get("user") or "")
            return {"channel": {"id": "D" + users.split(",")[0]}}
        if method in ("views.open", "views.update"):
            view = params.get("view") or {}
            return {"view": {**(view if isinstance(view, dict) else {}), "id": f"V{self._next_ts().replace('.', '')}"}}
        if method == "users.info":
            user = str(params.get("user", ""))
            found = {"id": user, "name": user.lower(), "real_name": f"User {user}",
                     "profile": {"real_name": f"User {user}", "display_name": user.lower(),
                                 "email": f"{user.lower()}@example.com"}}
            return {"user": {**found, **self.users.get(user, {})}}
        if method == "files.info":
            file_id = str(params.get("file", ""))
            return {"file": {"id": file_id, "name": f"{file_id}.txt", "mimetype": "text/plain",
                             "url_private": f"https://files.slack.test/files-pri/{file_id}/{file_id}.txt"}}
        return {}

    def _next_ts(self) -> str:
        """Increasing and unique, shaped like Slack's "seconds.micro" ids."""
        n = next(self._counter)
        return f"{self._epoch + n // 1_000_000}.{n % 1_000_000:06d}"


def _decoded(value: Any) -> Any:
    """Form posts carry blocks and views as JSON strings; tests want them as structures."""
    if isinstance(value, str) and value[:1] in ("[", "{"):
        try:
            return json.loads(value)
        except ValueError:
            return value
    return value
