"""The MeshCentral provider: a client of MeshCentral's control websocket (`/control.ashx`), the interface its web
app and its own `meshctrl` use.

Each call opens one websocket, logs in with the desk's MeshCentral account (the `x-meshauth` header: user and
password in base64, as meshctrl sends them), sends JSON commands and reads the answers that carry its
`responseid` (or `tag`, for the commands that answer with one), then closes: nothing is held between the
watcher's passes, and a MeshCentral restarted in between is simply found again.

The commands (MeshCentral's meshuser.js):
    meshes                                       the device groups the account sees
    createmesh {meshname, meshtype: 2}           a device group of agents: one per client, made on first use
    nodes {meshid}                               the group's devices, with `conn` (bit 1: its agent is connected)
    createInviteLink {meshid, expire, flags: 0}  the invitation page where the user downloads the agent
    events {nodeid, filter: "relaylog"}          the device's relay log: desktop, terminal, file sessions
                                                 started (msgid 13–16, 143, 145) and ended (9–12, 144, 147)
A device's page for the technician is the web app opened on it: `<url>/?gotonode=<id>&viewmode=11` (its desktop).
"""

import base64
import json
import ssl
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from websockets.exceptions import WebSocketException
from websockets.sync.client import ClientConnection, connect
from websockets.sync.connection import Connection

from servicedesk.errors import RemoteAssistanceRefused
from servicedesk.remote.providers import Device, Invitation, SessionEvent

_STARTED = {13: "relay", 14: "terminal", 15: "desktop", 16: "files", 143: "desktop", 145: "desktop"}
_ENDED = {9: "relay", 10: "terminal", 11: "desktop", 12: "files", 144: "desktop", 147: "desktop"}
_AGENT_CONNECTED = 1
_TIMEOUT = 15.0  # seconds for one answer: MeshCentral answers at once or is not there


@dataclass(frozen=True)
class MeshCentral:
    """A MeshCentral server, the account Relais uses there, and the client's device group (its name)."""

    url: str  # https://mesh.example.org, as browsers reach it
    user: str
    password: str
    group: str  # the client's device group, created on first use
    verify_tls: bool = True
    ca_file: str | None = None  # the server's root certificate, when it is self-signed
    tool: str = "MeshCentral"
    name: str = "meshcentral"
    invites: bool = True

    # --- the provider interface -----------------------------------------------------------------------------

    def invite(self, *, hours: int) -> Invitation:
        with self._connected() as ws:
            group = self._group(ws)
            before = tuple(device.ref for device in self._devices(ws, group))
            answer = self._ask(ws, {"action": "createInviteLink", "meshid": group, "expire": hours, "flags": 0})
            url = answer.get("url")
            if not isinstance(url, str) or not url:
                raise RemoteAssistanceRefused("unreachable", detail=str(answer.get("result") or "no invitation"))
        return Invitation(url=url, expires_at=datetime.now(UTC) + timedelta(hours=hours), group_ref=group,
                          devices_before=before)

    def devices(self, *, group_ref: str) -> list[Device]:
        with self._connected() as ws:
            return self._devices(ws, group_ref)

    def events(self, *, device_ref: str) -> list[SessionEvent]:
        with self._connected() as ws:
            answer = self._ask(ws, {"action": "events", "nodeid": device_ref, "filter": "relaylog", "limit": 200},
                               by="tag")
        found = [event for event in map(_session_event, answer.get("events") or []) if event is not None]
        return sorted(found, key=lambda event: event.at)

    # --- also for the tests and the set-up: the group and a device's link -------------------------------------

    def group_ref(self) -> str:
        """The client's device group's id, the group made when it does not exist yet."""
        with self._connected() as ws:
            return self._group(ws)

    def device_link(self, device_ref: str) -> str:
        return f"{self.url.rstrip('/')}/?gotonode={device_ref.rsplit('/', 1)[-1]}&viewmode=11"

    # --- the websocket ------------------------------------------------------------------------------------

    def _connected(self) -> ClientConnection:
        secret = ",".join(base64.b64encode(part.encode()).decode() for part in (self.user, self.password))
        address = self.url.rstrip("/").replace("https://", "wss://", 1).replace("http://", "ws://", 1)
        try:
            return connect(f"{address}/control.ashx", additional_headers={"x-meshauth": secret},
                           ssl=self._tls() if address.startswith("wss://") else None, open_timeout=_TIMEOUT,
                           close_timeout=2, max_size=2**24)
        except (OSError, WebSocketException, TimeoutError) as error:
            raise RemoteAssistanceRefused("unreachable", detail=f"{type(error).__name__}: {error}") from None

    def _tls(self) -> ssl.SSLContext:
        context = ssl.create_default_context(cafile=self.ca_file)
        if not self.verify_tls:
            context.check_hostname = False
            context.verify_mode = ssl.CERT_NONE
        return context

    def _ask(self, ws: Connection, command: dict[str, Any], *, by: str = "responseid") -> dict[str, Any]:
        """Send `command` and return its answer; the server's other messages (its info, events) are skipped."""
        mark = f"relais-{command['action']}"
        try:
            ws.send(json.dumps({**command, by: mark}))
            while True:
                message = json.loads(ws.recv(timeout=_TIMEOUT))
                if not isinstance(message, dict):
                    continue
                if message.get("action") == "close":  # refused sign-in: MeshCentral says why, then closes
                    raise RemoteAssistanceRefused("unreachable", detail=f"sign-in refused: {message.get('cause')}")
                if message.get("action") == command["action"] and message.get(by) == mark:
                    return message
        except (OSError, WebSocketException, TimeoutError, ValueError) as error:
            raise RemoteAssistanceRefused("unreachable", detail=f"{type(error).__name__}: {error}") from None

    def _group(self, ws: Connection) -> str:
        answer = self._ask(ws, {"action": "meshes"}, by="tag")
        for mesh in answer.get("meshes") or []:
            if mesh.get("name") == self.group and mesh.get("mtype") == 2:
                return str(mesh["_id"])
        made = self._ask(ws, {"action": "createmesh", "meshname": self.group, "meshtype": 2,
                              "desc": "Relais: the devices users let the desk into"})
        if made.get("result") != "ok" or not made.get("meshid"):
            raise RemoteAssistanceRefused("unreachable", detail=f"device group not created: {made.get('result')}")
        return str(made["meshid"])

    def _devices(self, ws: Connection, group: str) -> list[Device]:
        answer = self._ask(ws, {"action": "nodes", "meshid": group})
        nodes = (answer.get("nodes") or {}).get(group) or []
        return [Device(ref=str(node["_id"]), name=str(node.get("name") or node["_id"]),
                       link=self.device_link(str(node["_id"])),
                       online=bool(int(node.get("conn") or 0) & _AGENT_CONNECTED)) for node in nodes]


def _session_event(event: dict[str, Any]) -> SessionEvent | None:
    """A relay-log entry as a session start or end; None for anything else."""
    msgid = event.get("msgid")
    if not isinstance(msgid, int) or (msgid not in _STARTED and msgid not in _ENDED):
        return None
    args = event.get("msgArgs") or []
    key = str(event.get("_id") or f"{event.get('time')}:{msgid}:{args[0] if args else ''}")
    at, who = _moment(event.get("time")), str(event.get("username") or "")
    if msgid in _STARTED:
        return SessionEvent(key=key, kind="started", at=at, what=_STARTED[msgid], who=who)
    seconds = args[-1] if args and isinstance(args[-1], int) else None
    return SessionEvent(key=key, kind="ended", at=at, what=_ENDED[msgid], who=who, seconds=seconds)


def _moment(value: Any) -> datetime:
    if isinstance(value, (int, float)):
        return datetime.fromtimestamp(value / 1000, UTC)
    try:
        moment = datetime.fromisoformat(str(value).replace("Z", "+00:00"))
    except ValueError:
        return datetime.now(UTC)
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)
