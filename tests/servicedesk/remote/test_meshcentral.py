"""The MeshCentral provider against a real MeshCentral (npm's, on loopback; tests/conftest.py's `meshcentral`): the
client's device group made once and found again, an invitation its own invitation page serves, the Linux agent the
package ships joining the group, and a technician's terminal session logged on the ticket, start and end, once."""

import base64
import json
import ssl
import time

import pytest
from websockets.sync.client import connect

from servicedesk.database import make_engine, make_session_factory, unit_of_work
from servicedesk.errors import RemoteAssistanceRefused
from servicedesk.remote import flows, service
from servicedesk.remote.meshcentral import MeshCentral
from servicedesk.remote.models import RemoteSession
from servicedesk.tickets.service import IncidentReport, get_by_number, open_incident
from standins.meshcentral import mesh_agent, open_terminal

pytestmark = pytest.mark.e2e


def provider(server, group: str, **changes) -> MeshCentral:
    values = {"url": server.url, "user": server.user, "password": server.password, "group": group,
              "verify_tls": False, **changes}
    return MeshCentral(**values)


def test_the_group_is_made_once_and_an_invitation_is_served_by_meshcentral(meshcentral) -> None:
    mesh = provider(meshcentral, "Relais Alpha Industries")
    group = mesh.group_ref()
    assert group.startswith("mesh//") and mesh.group_ref() == group
    invitation = mesh.invite(hours=2)
    assert invitation.group_ref == group and invitation.devices_before == ()
    assert invitation.url.startswith(f"{meshcentral.url}/agentinvite?c=")
    page = meshcentral.get(invitation.url.removeprefix(meshcentral.url)).decode()
    assert "Relais%20Alpha%20Industries" in page or "Relais Alpha Industries" in page
    assert provider(meshcentral, "Relais Bravo Logistics").group_ref() != group  # a group per client


def test_a_wrong_password_or_no_server_is_unreachable_not_a_crash(meshcentral) -> None:
    with pytest.raises(RemoteAssistanceRefused) as refused:
        provider(meshcentral, "Relais Alpha Industries", password="not the password").invite(hours=1)
    assert refused.value.reason == "unreachable"
    with pytest.raises(RemoteAssistanceRefused):
        provider(meshcentral, "x", url="https://127.0.0.1:9").group_ref()


def test_a_login_token_signs_in_as_its_account(meshcentral) -> None:
    """MeshCentral's login tokens (My Account > Login tokens) are a user and a password of their own, revocable
    without touching the account's: the settings' `user` and `password` take them as they are."""
    secret = ",".join(base64.b64encode(part.encode()).decode() for part in (meshcentral.user, meshcentral.password))
    context = ssl.create_default_context()
    context.check_hostname, context.verify_mode = False, ssl.CERT_NONE
    with connect(meshcentral.url.replace("https://", "wss://") + "/control.ashx",
                 additional_headers={"x-meshauth": secret}, ssl=context) as ws:
        ws.send(json.dumps({"action": "createLoginToken", "name": "relais", "expire": 0}))
        while (token := json.loads(ws.recv(timeout=30))).get("action") != "createLoginToken":
            pass
    mesh = provider(meshcentral, "Relais Alpha Industries", user=token["tokenUser"], password=token["tokenPass"])
    assert mesh.group_ref() == provider(meshcentral, "Relais Alpha Industries").group_ref()


def test_the_users_device_joins_and_the_technicians_session_reaches_the_ticket(meshcentral, tmp_path,
                                                                               sqlite_url) -> None:
    engine = make_engine(sqlite_url)
    factory = make_session_factory(engine)
    mesh = provider(meshcentral, "Relais Charlie Bank")
    with unit_of_work(factory) as db_session:
        ticket = open_incident(db_session=db_session, report=IncidentReport(
            service="Excel", description="Excel freezes on open", impact=3, urgency=2, requester="u1",
            channel="webchat", conversation_id="webchat:demo:u1", language="fr"))
        session_id = service.ask(db_session=db_session, ticket=ticket, provider=mesh.name, tool=mesh.tool,
                                 actor="console:alice").id
    flows.consent(factory, session_id=session_id, requester="u1", consent=True, provider=mesh, hours=2)
    with factory() as db_session:
        row = db_session.get_one(RemoteSession, session_id)
        assert (row.state, row.invitation_url.startswith(meshcentral.url)) == ("invited", True)
        group = row.group_ref
    assert flows.watch(factory, provider=mesh, hours=2) == []  # nobody joined yet
    with mesh_agent(meshcentral, group, tmp_path / "agent"):
        joined = _until(lambda: flows.watch(factory, provider=mesh, hours=2))
        assert joined[0].endswith("joined")
        with factory() as db_session:
            row = db_session.get_one(RemoteSession, session_id)
            assert row.state == "joined" and row.device_link.startswith(f"{meshcentral.url}/?gotonode=")
            device = row.device_ref
        open_terminal(meshcentral, device)
        logged = _until(lambda: flows.watch(factory, provider=mesh, hours=2),
                        done=lambda lines: bool(lines) and _ended(factory, ticket.number))
        assert logged
    assert flows.watch(factory, provider=mesh, hours=2) == []  # each event once
    with factory() as db_session:
        stored = get_by_number(db_session=db_session, number=ticket.number)
        bodies = [entry.body for entry in stored.log if entry.kind == "remote"]
        assert [a.reference for a in stored.attachments] == [row.device_link]
    assert sum("terminal session started" in body for body in bodies) == 1
    assert sum("terminal session ended" in body for body in bodies) == 1
    engine.dispose()


def _ended(factory, number: str) -> bool:
    with factory() as db_session:
        return any("session ended" in entry.body for entry in get_by_number(db_session=db_session, number=number).log)


def _until(step, done=bool, attempts: int = 60):
    """The watcher's passes, a second apart, until one does something (the agent takes a moment to connect)."""
    for _ in range(attempts):
        lines = step()
        if done(lines):
            return lines
        time.sleep(1)
    raise AssertionError("nothing happened")
