"""Remote assistance end to end, with a real MeshCentral (tests/conftest.py's `meshcentral`, on loopback): an agent
asks, the web-chat user gets the question, agrees on the page, gets MeshCentral's invitation with its three steps in
their language; the Linux agent joins the client's group, the doors' watcher puts the device's link on the ticket,
and a technician's session is logged there, start and end."""

import time

import pytest

from bot.remote.watcher import RemoteWatcher
from servicedesk.remote.models import RemoteSession
from servicedesk.tickets.service import get_by_number
from standins.meshcentral import mesh_agent, open_terminal
from tests.bot.remote.bench import RemoteBench
from tests.servicedesk.remote.settings import load_remote, meshcentral_tool

pytestmark = pytest.mark.e2e


def test_an_invitation_reaches_the_user_and_their_device_reaches_the_ticket(directory, meshcentral, tmp_path,
                                                                              monkeypatch) -> None:
    monkeypatch.setenv("RELAIS_TEST_MESHCENTRAL_PASSWORD", meshcentral.password)
    load_remote(directory.sessions("demo"), meshcentral_tool(meshcentral.url, user=meshcentral.user,
                                                            group="Relais demo (flow)"))
    bench = RemoteBench(directory, tmp_path)
    watcher = RemoteWatcher(directory, tmp_path, interval=1)
    number = bench.ticket(language="fr")
    session_id = bench.ask(number, provider="meshcentral", tool="MeshCentral")
    link = bench.link()
    assert watcher.run_once() == []  # nothing to do before the user's yes

    bench.http.post(link, data={"answer": "yes"})
    with directory.sessions("demo")() as session:
        row = session.get_one(RemoteSession, session_id)
        invitation, group = row.invitation_url, row.group_ref
    assert row.state == "invited" and invitation.startswith(f"{meshcentral.url}/agentinvite?c=")
    steps = bench.told()[-1]
    assert steps.startswith(f"Pour laisser le technicien accéder à votre ordinateur (ticket {number}) :")
    assert f"1. Ouvrez ce lien sur l'ordinateur concerné : {invitation}" in steps
    assert "2. Téléchargez et lancez le petit programme" in steps and "3. Laissez-le ouvert" in steps
    assert invitation in bench.http.get(link).text.replace("&amp;", "&")
    assert meshcentral.get(invitation.removeprefix(meshcentral.url))  # MeshCentral serves its page

    with mesh_agent(meshcentral, group, tmp_path / "agent"):
        _until(lambda: any(line.endswith("joined") for line in watcher.run_once()))
        with directory.sessions("demo")() as session:
            row = session.get_one(RemoteSession, session_id)
            ticket = get_by_number(db_session=session, number=number)
            assert [a.reference for a in ticket.attachments] == [row.device_link]
        open_terminal(meshcentral, row.device_ref)
        _until(lambda: watcher.run_once() and any("session ended" in line for line in bench.log(number)))
    log = bench.log(number)
    assert any(line.startswith(f"the requester's device {row.device_name} joined MeshCentral: {row.device_link}")
               for line in log)
    assert any("MeshCentral terminal session started by relais" in line for line in log)
    assert any("MeshCentral terminal session ended by relais" in line for line in log)


def _until(check, attempts: int = 60) -> None:
    """The watcher's passes, a second apart, until `check` holds: the agent takes a moment to connect."""
    for _ in range(attempts):
        if check():
            return
        time.sleep(1)
    raise AssertionError("the watcher never saw it")
