"""Attacks on the chat's hands-on steps (issue 17): a yes, a no or a session code typed in the chat answers only the
requester's own session, and the upload page is offered only for the writer's own ticket, even one they may see."""

from dataclasses import replace

from sqlalchemy import select

from servicedesk.remote.models import ASKED, CONSENTED, RemoteSession
from servicedesk.tickets.access import Viewer, get_visible
from servicedesk.tickets.models import Ticket
from servicedesk.uploads.models import UploadLink
from tests.servicedesk.level1.test_hands_on import Chat, _failed_fixes, plain_desk, remote_desk  # noqa: F401


def _session(factory) -> RemoteSession:
    with factory() as db:
        return db.scalars(select(RemoteSession)).one()


def test_another_user_cannot_give_a_code_for_alices_consented_session(remote_desk) -> None:  # noqa: F811
    alice = Chat(remote_desk)
    _failed_fixes(alice)
    alice.say("oui allez-y", "affirm")
    assert "utter_remote_code_received" not in Chat(remote_desk, user="mallory").say("4F7K2Q", "inform")
    session = _session(remote_desk)
    assert (session.state, session.session_code) == (CONSENTED, None)


def test_another_users_no_does_not_refuse_alices_session(remote_desk) -> None:  # noqa: F811
    alice = Chat(remote_desk)
    _failed_fixes(alice)
    assert "utter_remote_consent_declined" not in Chat(remote_desk, user="mallory").say("non merci", "deny")
    assert _session(remote_desk).state == ASKED


def test_someone_who_may_see_alices_ticket_gets_no_upload_page_for_it(plain_desk) -> None:  # noqa: F811
    alice = Chat(plain_desk, uploads=None)
    _failed_fixes(alice)
    number = alice.episode["focus"]
    with plain_desk() as db:  # alice's address, which the manager's patterns let him see
        ticket = db.scalars(select(Ticket).where(Ticket.number == number)).one()
        ticket.requester_email = "alice@demo.example"
        db.commit()
    manager = Chat(plain_desk, user="bob")
    manager.person = replace(manager.person, email="bob@demo.example",
                             viewer=Viewer(requester="bob", email="bob@demo.example", sees=("*@demo.example",)))
    manager.episode = {"focus": number}
    with plain_desk() as db:  # he may see it: the page is refused for not being his, not for being unseen
        assert get_visible(db_session=db, number=number, viewer=manager.person.viewer).requester == "alice"
    assert "utter_upload_offer" not in manager.say("je vous envoie une capture d'ecran du message")
    with plain_desk() as db:
        assert list(db.scalars(select(UploadLink))) == []
