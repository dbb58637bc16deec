"""The remote session's use cases and the watcher's pass, against a provider of the tests' own (the interface is
the seam, as httpx's transport is): nothing before the requester's yes, only their yes counts, a tool that is down
is tried again, the device that joined after the invitation is theirs, each session event is logged once."""

from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from servicedesk.database import unit_of_work
from servicedesk.errors import RemoteAssistanceRefused
from servicedesk.notifications.models import Notification
from servicedesk.remote import flows, service
from servicedesk.remote.models import RemoteSession
from servicedesk.remote.providers import CodeProvider, Device, Invitation, RemoteProvider, SessionEvent
from servicedesk.tickets.service import IncidentReport, get_by_number, open_incident

NOW = datetime(2026, 12, 4, 9, 0, tzinfo=UTC)


@dataclass
class ToolOfTheTests:
    """A remote-assistance tool in memory: its group's devices and their sessions, and whether it answers."""

    devices_now: list[Device] = field(default_factory=list)
    sessions: dict[str, list[SessionEvent]] = field(default_factory=dict)
    down: bool = False
    invitations: int = 0
    name: str = "meshcentral"
    tool: str = "MeshCentral"
    invites: bool = True

    def invite(self, *, hours: int) -> Invitation:
        if self.down:
            raise RemoteAssistanceRefused("unreachable", detail="connection refused")
        self.invitations += 1
        return Invitation(url=f"https://mesh.example/agentinvite?c={self.invitations}",
                          expires_at=NOW + timedelta(hours=hours), group_ref="mesh//g",
                          devices_before=tuple(device.ref for device in self.devices_now))

    def devices(self, *, group_ref: str) -> list[Device]:
        return list(self.devices_now)

    def events(self, *, device_ref: str) -> list[SessionEvent]:
        return list(self.sessions.get(device_ref, []))


def _device(ref: str, online: bool = True) -> Device:
    return Device(ref, f"PC-{ref}", f"https://mesh.example/?gotonode={ref}", online)


def _ticket(factory, requester: str = "u1") -> str:
    with unit_of_work(factory) as db_session:
        return open_incident(db_session=db_session, report=IncidentReport(
            service="Excel", description="Excel freezes", impact=3, urgency=3, requester=requester,
            channel="webchat", conversation_id=f"webchat:demo:{requester}", language="fr")).number


def _ask(factory, number: str, tool: RemoteProvider) -> int:
    with unit_of_work(factory) as db_session:
        ticket = get_by_number(db_session=db_session, number=number)
        return service.ask(db_session=db_session, ticket=ticket, provider=tool.name, tool=tool.tool,
                           actor="console:alice", now=NOW).id


def _row(factory, session_id: int) -> RemoteSession:
    with factory() as db_session:
        return db_session.get_one(RemoteSession, session_id)


def _events(factory) -> list[str]:
    with factory() as db_session:
        return [row.event for row in db_session.scalars(select(Notification).order_by(Notification.id))]


def _log(factory, number: str) -> list[str]:
    with factory() as db_session:
        return [entry.body for entry in get_by_number(db_session=db_session, number=number).log
                if entry.kind == "remote"]


def test_asking_queues_only_the_consent_question(session_factory) -> None:
    tool = ToolOfTheTests()
    number = _ticket(session_factory)
    session_id = _ask(session_factory, number, tool)
    assert _row(session_factory, session_id).state == "asked"
    assert _events(session_factory) == ["remote_consent"] and tool.invitations == 0
    assert flows.watch(session_factory, provider=tool, hours=2, now=NOW) == []  # the watcher waits for the yes
    assert tool.invitations == 0
    with pytest.raises(RemoteAssistanceRefused) as twice:
        _ask(session_factory, number, tool)
    assert twice.value.reason == "in_progress"


def test_a_yes_makes_the_invitation_and_sends_it_a_no_sends_nothing(session_factory) -> None:
    tool = ToolOfTheTests()
    yes, no = _ticket(session_factory, "u1"), _ticket(session_factory, "u2")
    agreed = flows.consent(session_factory, session_id=_ask(session_factory, yes, tool), requester="u1",
                           consent=True, provider=tool, hours=2, now=NOW)
    declined = flows.consent(session_factory, session_id=_ask(session_factory, no, tool), requester="u2",
                             consent=False, provider=tool, hours=2, now=NOW)
    assert (agreed.state, agreed.answered_by, agreed.invitation_url) == (
        "invited", "u1", "https://mesh.example/agentinvite?c=1")
    assert (declined.state, declined.invitation_url, tool.invitations) == ("refused", None, 1)
    assert sorted(_events(session_factory)) == ["remote_consent", "remote_consent", "remote_invitation"]
    assert "agreed to remote assistance (MeshCentral)" in _log(session_factory, yes)
    assert "declined remote assistance (MeshCentral)" in _log(session_factory, no)
    with pytest.raises(RemoteAssistanceRefused) as again:  # answered once
        flows.consent(session_factory, session_id=declined.id, requester="u2", consent=True, provider=tool,
                      hours=2)
    assert again.value.reason == "answered"


def test_only_the_tickets_requester_answers(session_factory) -> None:
    tool = ToolOfTheTests()
    session_id = _ask(session_factory, _ticket(session_factory, "u1"), tool)
    for stranger in ("u2", "", "console:alice"):
        with pytest.raises(RemoteAssistanceRefused) as refused:
            flows.consent(session_factory, session_id=session_id, requester=stranger, consent=True, provider=tool,
                          hours=2)
        assert refused.value.reason == "unknown"
    with pytest.raises(RemoteAssistanceRefused):
        flows.consent(session_factory, session_id=session_id + 1000, requester="u1", consent=True, provider=tool,
                      hours=2)
    assert _row(session_factory, session_id).state == "asked" and tool.invitations == 0


def test_a_tool_that_is_down_keeps_the_consent_and_the_watcher_invites_later(session_factory) -> None:
    tool = ToolOfTheTests(down=True)
    session_id = _ask(session_factory, _ticket(session_factory), tool)
    row = flows.consent(session_factory, session_id=session_id, requester="u1", consent=True, provider=tool, hours=2)
    assert (row.state, row.last_error) == ("consented", "unreachable: connection refused")
    assert flows.watch(session_factory, provider=tool, hours=2, now=NOW) == []
    tool.down = False
    assert flows.watch(session_factory, provider=tool, hours=2, now=NOW) == [f"session {session_id}: invitation sent"]
    assert _row(session_factory, session_id).state == "invited" and _events(session_factory)[-1] == "remote_invitation"


def test_the_device_new_since_the_invitation_is_the_users_and_its_sessions_are_logged_once(session_factory) -> None:
    tool = ToolOfTheTests(devices_now=[_device("old")])
    number = _ticket(session_factory)
    session_id = _ask(session_factory, number, tool)
    flows.consent(session_factory, session_id=session_id, requester="u1", consent=True, provider=tool, hours=2)
    assert flows.watch(session_factory, provider=tool, hours=2, now=NOW) == []  # the group's old device is not theirs
    tool.devices_now += [_device("offline", online=False), _device("new")]
    joined = flows.watch(session_factory, provider=tool, hours=2, now=NOW)
    assert joined == [f"session {session_id}: device PC-new joined"]
    row = _row(session_factory, session_id)
    assert (row.state, row.device_ref, row.device_link) == ("joined", "new", "https://mesh.example/?gotonode=new")
    with session_factory() as db_session:
        [link] = get_by_number(db_session=db_session, number=number).attachments
    assert (link.kind, link.reference, link.name) == ("link", row.device_link, "MeshCentral: PC-new")
    with session_factory() as db_session:
        told = db_session.scalars(select(Notification).where(Notification.event == "remote_device_joined")).one()
    assert (told.audience, told.payload["device"], told.payload["url"]) == ("agents", "PC-new", row.device_link)
    tool.sessions["new"] = [SessionEvent("e1", "started", NOW, "desktop", "alice"),
                            SessionEvent("e2", "ended", NOW + timedelta(minutes=5), "desktop", "alice", 300)]
    logged = flows.watch(session_factory, provider=tool, hours=2, now=NOW)
    assert logged == [f"session {session_id}: 2 session event(s) logged"]
    assert flows.watch(session_factory, provider=tool, hours=2, now=NOW) == []
    log = _log(session_factory, number)
    assert "MeshCentral desktop session started by alice on PC-new" in log
    assert "MeshCentral desktop session ended by alice on PC-new after 300 s" in log


def test_an_invitation_nobody_used_expires_and_a_closed_ticket_ends_its_session(session_factory) -> None:
    tool = ToolOfTheTests()
    session_id = _ask(session_factory, _ticket(session_factory), tool)
    flows.consent(session_factory, session_id=session_id, requester="u1", consent=True, provider=tool, hours=2,
                  now=NOW)
    assert flows.watch(session_factory, provider=tool, hours=2, now=NOW + timedelta(hours=1)) == []
    later = flows.watch(session_factory, provider=tool, hours=2, now=NOW + timedelta(hours=3))
    assert later == [f"session {session_id}: over (the invitation expired)"]
    assert _row(session_factory, session_id).state == "expired"


def test_a_code_tool_takes_the_users_code_for_the_technician(session_factory) -> None:
    tool: RemoteProvider = CodeProvider(tool="RustDesk")
    number = _ticket(session_factory)
    session_id = _ask(session_factory, number, tool)
    row = flows.consent(session_factory, session_id=session_id, requester="u1", consent=True, provider=None, hours=2)
    assert row.state == "consented" and _events(session_factory) == ["remote_consent", "remote_code_steps"]
    with unit_of_work(session_factory) as db_session:
        for bad in ("", "   ", "9" * 121):
            with pytest.raises(RemoteAssistanceRefused) as refused:
                service.give_code(db_session=db_session, session_id=session_id, requester="u1", code=bad)
            assert refused.value.reason == "bad_code"
        with pytest.raises(RemoteAssistanceRefused):
            service.give_code(db_session=db_session, session_id=session_id, requester="u2", code="123")
        service.give_code(db_session=db_session, session_id=session_id, requester="u1", code=" 1 234  567 890 ")
    assert _row(session_factory, session_id).session_code == "1 234 567 890"
    assert "RustDesk session code: 1 234 567 890" in _log(session_factory, number)
    assert flows.watch(session_factory, provider=tool, hours=2) == []  # no server to watch


def test_the_chat_answer_finds_the_tickets_question(session_factory) -> None:
    tool = ToolOfTheTests()
    number = _ticket(session_factory)
    _ask(session_factory, number, tool)
    with unit_of_work(session_factory) as db_session:
        ticket = get_by_number(db_session=db_session, number=number)
        waiting = service.awaiting_consent(db_session=db_session, requester="u1")
        assert waiting is not None and waiting[1].id == ticket.id
        session = waiting[0]
        assert service.answer(db_session=db_session, session_id=session.id, requester="u1",
                              consent=False).state == "refused"
        assert service.awaiting_consent(db_session=db_session, requester="u1") is None
        with pytest.raises(RemoteAssistanceRefused):
            service.answer(db_session=db_session, session_id=session.id, requester="u1", consent=True)


def test_anonymising_the_ticket_forgets_the_users_machine(session_factory) -> None:
    from servicedesk.privacy.anonymise import anonymise_ticket

    tool = ToolOfTheTests()
    number = _ticket(session_factory)
    session_id = _ask(session_factory, number, tool)
    flows.consent(session_factory, session_id=session_id, requester="u1", consent=True, provider=tool, hours=2)
    tool.devices_now.append(_device("pc1"))
    flows.watch(session_factory, provider=tool, hours=2, now=NOW)
    with unit_of_work(session_factory) as db_session:
        counts = anonymise_ticket(db_session=db_session, ticket=get_by_number(db_session=db_session, number=number),
                                  now=NOW)
    row = _row(session_factory, session_id)
    assert counts["remote_sessions"] == 1
    assert (row.answered_by.startswith("anonymised:"), row.device_name, row.device_link, row.invitation_url) == (
        True, "[anonymised]", None, None)
