"""What a remote-assistance tool must do for Relais, and the tool that needs no server integration.

A provider answers three questions, in plain values: make an invitation for a client's device group (the link the
user opens, and the devices already in the group, so that the one that joins after it is known to be theirs);
which devices the group holds now (with each one's link for the technician); which sessions a technician opened
and closed on a device. Relais keeps the state (servicedesk.remote.models) and calls these from its watcher, so a
provider is a thin client of its tool and holds nothing between calls.

`CodeProvider` is the tool the desk uses without any integration — Quick Assist, RustDesk, TeamViewer QuickSupport:
the user reads the session code the tool shows and types it on our page; the technician joins with it. It makes no
invitation and sees no device, and the interface holds all the same.
"""

from dataclasses import dataclass, field
from datetime import datetime
from typing import Literal, Protocol


@dataclass(frozen=True)
class Invitation:
    """What the user opens to let the technician in, until `expires_at`."""

    url: str
    expires_at: datetime
    group_ref: str  # the tool's id of the client's device group
    devices_before: tuple[str, ...] = ()  # the group's devices when the invitation was made


@dataclass(frozen=True)
class Device:
    """A machine in the client's group, and where the technician opens it."""

    ref: str
    name: str
    link: str
    online: bool


@dataclass(frozen=True)
class SessionEvent:
    """A technician's session starting or ending on a device, as the tool logged it; `key` is unique per event."""

    key: str
    kind: Literal["started", "ended"]
    at: datetime
    what: str  # desktop, terminal, files, relay
    who: str = ""
    seconds: int | None = field(default=None)  # how long, for an end


class RemoteProvider(Protocol):
    """A remote-assistance tool as Relais uses it."""

    @property
    def name(self) -> str:
        """What the sessions' rows record: "meshcentral", "code"."""
        ...

    @property
    def tool(self) -> str:
        """What the user is told to open."""
        ...

    @property
    def invites(self) -> bool:
        """False: the user gives a code instead of opening an invitation."""
        ...

    def invite(self, *, hours: int) -> Invitation:
        """An invitation into the client's device group, valid `hours`; raises RemoteAssistanceRefused
        ("unreachable") when the tool does not answer."""
        ...

    def devices(self, *, group_ref: str) -> list[Device]:
        """The group's devices now."""
        ...

    def events(self, *, device_ref: str) -> list[SessionEvent]:
        """The sessions opened and closed on the device, oldest first."""
        ...


@dataclass(frozen=True)
class CodeProvider:
    """The desk's own tool, with no server of it to talk to: the user reads its code out to us."""

    tool: str = "Quick Assist"
    name: str = "code"
    invites: bool = False

    def invite(self, *, hours: int) -> Invitation:
        raise NotImplementedError("the code provider makes no invitation: the user gives a code")

    def devices(self, *, group_ref: str) -> list[Device]:
        return []

    def events(self, *, device_ref: str) -> list[SessionEvent]:
        return []
