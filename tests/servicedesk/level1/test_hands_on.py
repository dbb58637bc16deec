"""Level 1 gives the technician hands on the workstation (issue 17): the upload page offered in the chat, the
remote session asked after the known fixes failed, and the user's yes or no typed in the chat."""

from datetime import UTC, datetime

import pytest
from sqlalchemy import select

from servicedesk.database import unit_of_work
from servicedesk.level1.conductor import take_turn
from servicedesk.level1.turn import Person, Said
from servicedesk.notifications.models import Notification
from servicedesk.remote import service as remote
from servicedesk.remote.models import ASKED, CONSENTED, JOINED, REFUSED, RemoteSession
from servicedesk.settings.current import desk_of, load_into
from servicedesk.settings.loader import CLIENTS_ROOT
from servicedesk.tickets.access import Viewer
from servicedesk.tickets.models import Ticket
from servicedesk.uploads import links
from servicedesk.uploads.config import UploadSettings
from servicedesk.uploads.models import UploadLink
from tests.servicedesk.level1.test_conductor import OUTLOOK_FIX, OUTLOOK_FIX_2, FakeKb

UPLOADS = UploadSettings(secret="s" * 32, public_url="https://relais.example")
_REMOTE = "\nremote:\n  provider: code\n  tool: Quick Assist\n"


def _desk(session_factory, *, with_remote: bool):
    settings = CLIENTS_ROOT / "demo" / "settings.yml"
    text = settings.read_text(encoding="utf-8") + (_REMOTE if with_remote else "")
    with unit_of_work(session_factory) as session:
        load_into(db_session=session, text=text, origin=str(settings))
    return session_factory


@pytest.fixture
def plain_desk(session_factory):
    return _desk(session_factory, with_remote=False)


@pytest.fixture
def remote_desk(session_factory):
    return _desk(session_factory, with_remote=True)


class Chat:
    def __init__(self, factory, user: str = "alice", uploads: UploadSettings | None = UPLOADS) -> None:
        self.factory, self.episode, self.uploads = factory, {}, uploads
        self.kb = FakeKb({"outlook": [OUTLOOK_FIX, OUTLOOK_FIX_2]})
        self.person = Person(requester=user, channel="webchat", conversation=f"webchat:demo:{user}",
                             viewer=Viewer(requester=user), email=None)
        self.fields: list[dict] = []

    def say(self, text: str, intent: str | None = "inform", language: str = "fr") -> list[str]:
        said = Said(text=text, intent=intent, confidence=0.95, language=language, entities={}, button=False)
        with unit_of_work(self.factory) as session:
            turn = take_turn(db_session=session, desk=desk_of(db_session=session), kb=self.kb, person=self.person,
                             said=said, episode=self.episode, uploads=self.uploads)
        self.episode = turn.episode
        self.fields = [dict(reply.fields) for reply in turn.replies]
        return [reply.text for reply in turn.replies]

    def ticket(self) -> Ticket:
        with self.factory() as session:
            (ticket,) = session.scalars(select(Ticket).where(Ticket.conversation_id == self.person.conversation))
            _ = ticket.log
            return ticket

    def sessions(self) -> list[RemoteSession]:
        with self.factory() as session:
            return list(session.scalars(select(RemoteSession)))


def _failed_fixes(chat: Chat) -> list[str]:
    chat.say("outlook plante au demarrage avec 0x800CCC0E, bloquant, juste moi", "report_incident")
    return chat.say("non toujours pareil", "deny")


def test_an_incident_opened_offers_the_upload_page_bound_to_its_ticket(plain_desk) -> None:
    chat = Chat(plain_desk)
    replies = _failed_fixes(chat)
    assert replies[-1] == "utter_upload_offer"
    ticket = chat.ticket()
    url = chat.fields[-1]["url"]
    assert url.startswith("https://relais.example/") and chat.fields[-1]["number"] == ticket.number
    grant = links.verify(url.removeprefix("https://relais.example" + links.PATH), UPLOADS.secret, now=datetime.now(UTC))
    assert (grant.number, grant.requester, grant.client) == (ticket.number, "alice", "demo")
    assert isinstance(chat.fields[-1]["expires"], datetime) and chat.fields[-1]["expires"] > datetime.now(UTC)
    assert any(line.kind == "upload_offered" for line in ticket.log)


def test_no_upload_page_is_offered_when_the_adapter_cannot_sign_links(plain_desk) -> None:
    chat = Chat(plain_desk, uploads=None)
    assert "utter_upload_offer" not in _failed_fixes(chat)


def test_a_screenshot_mentioned_after_the_ticket_gets_the_page_and_the_words_go_on_the_ticket(plain_desk) -> None:
    chat = Chat(plain_desk, uploads=None)
    _failed_fixes(chat)
    chat.uploads = UPLOADS
    assert chat.say("j'ai une capture d'ecran du message, je vous l'envoie comment ?") == ["utter_upload_offer"]
    ticket = chat.ticket()
    assert any("capture d'ecran" in line.body for line in ticket.log)
    with plain_desk() as session:
        assert len(list(session.scalars(select(UploadLink)))) == 1


def test_after_the_fixes_failed_the_remote_session_is_asked_and_nothing_is_sent_before_a_yes(remote_desk) -> None:
    chat = Chat(remote_desk)
    replies = _failed_fixes(chat)
    assert replies[-1] == "utter_remote_offer" and "utter_upload_offer" not in replies
    assert chat.fields[-1]["tool"] == "Quick Assist"
    (session,) = chat.sessions()
    assert (session.state, session.requested_by) == (ASKED, "relais")
    with remote_desk() as db:  # the bot asked in its own words: no notice asks it a second time

        events = [n.event for n in db.scalars(select(Notification))]
    assert "remote_consent" not in events and "remote_code_steps" not in events


@pytest.mark.parametrize(("answer", "state", "said"), [
    ("oui allez-y", CONSENTED, "utter_remote_consent_given"),
    ("non merci, pas maintenant", REFUSED, "utter_remote_consent_declined"),
])
def test_the_users_yes_or_no_in_the_chat_is_their_consent(remote_desk, answer, state, said) -> None:
    chat = Chat(remote_desk)
    _failed_fixes(chat)
    assert chat.say(answer, "affirm") == [said]
    (session,) = chat.sessions()
    assert (session.state, session.answered_by) == (state, "alice")
    assert any("remote assistance" in line.body and line.author == "alice" for line in chat.ticket().log)


def test_a_yes_to_a_code_tool_queues_its_steps_to_the_user(remote_desk) -> None:
    chat = Chat(remote_desk)
    _failed_fixes(chat)
    chat.say("ok", "affirm")

    with remote_desk() as db:
        assert "remote_code_steps" in [n.event for n in db.scalars(select(Notification))]


def test_a_question_about_the_session_is_no_consent(remote_desk) -> None:
    chat = Chat(remote_desk)
    _failed_fixes(chat)
    assert "utter_remote_consent_given" not in chat.say("c'est quoi quick assist ? il voit tout mon ecran ?")
    (session,) = chat.sessions()
    assert session.state == ASKED


def test_an_agents_request_is_answered_in_the_chat_too(plain_desk) -> None:
    chat = Chat(plain_desk, uploads=None)
    _failed_fixes(chat)
    with unit_of_work(plain_desk) as db:
        ticket = db.scalars(select(Ticket)).one()
        remote.ask(db_session=db, ticket=ticket, provider="code", tool="RustDesk", actor="agent.bob")
    assert chat.say("yes go ahead", "affirm", language="en") == ["utter_remote_consent_given"]
    assert chat.fields[-1]["tool"] == "RustDesk"


def test_someone_else_cannot_consent_to_a_session_on_alices_ticket(remote_desk) -> None:
    alice = Chat(remote_desk)
    _failed_fixes(alice)
    mallory = Chat(remote_desk, user="mallory")
    assert "utter_remote_consent_given" not in mallory.say("oui allez-y", "affirm")
    (session,) = alice.sessions()
    assert session.state == ASKED


def test_the_code_the_tool_shows_typed_in_the_chat_goes_on_the_ticket(remote_desk) -> None:
    chat = Chat(remote_desk)
    _failed_fixes(chat)
    chat.say("oui allez-y", "affirm")
    assert chat.say("le code c'est 4F7K2Q", "inform") == ["utter_remote_code_received"]
    (session,) = chat.sessions()
    assert (session.state, session.session_code) == (JOINED, "le code c'est 4F7K2Q")
    assert any("4F7K2Q" in line.body for line in chat.ticket().log)


def test_a_code_before_any_yes_is_no_session_code(remote_desk) -> None:
    chat = Chat(remote_desk)
    _failed_fixes(chat)
    assert "utter_remote_code_received" not in chat.say("4F7K2Q", "inform")
    (session,) = chat.sessions()
    assert session.state == ASKED and session.session_code is None
