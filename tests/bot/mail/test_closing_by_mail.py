"""The requester's word at closing, by e-mail, over real SMTP to the endpoint: "is it fixed?" answered yes closes
the ticket and asks for a rating, no sends it back to its group with the reply's words, and the rating is stored;
a viewer's reply is their message and no more, and words that answer nothing leave the ticket as it was."""

import pytest

from bot.directory import Directory
from bot.mail.tags import TicketRef, reply_address
from servicedesk.database import unit_of_work
from servicedesk.notifications.models import Notification
from servicedesk.settings.desk import ClientDesk
from servicedesk.settings.loader import CLIENTS_ROOT, load_text
from servicedesk.tickets import workflow
from servicedesk.tickets.models import Ticket
from servicedesk.tickets.service import IncidentReport, get_by_number, open_incident
from tests.security.test_email_door import DESK, REQUESTER, SECRET, exchange, lines, mail

MANAGER = "chef.compta@demo-industrie.example"
QUOTE = "\n\nCordialement,\nMarie\n\nLe 3 déc. 2026, Le centre de services a écrit :\n> Votre ticket est résolu\n"


@pytest.fixture
def resolved(directory: Directory) -> str:
    with unit_of_work(directory.sessions("demo")) as session:
        desk = directory.desk(session)
        ticket = open_incident(db_session=session, agreements=desk, report=IncidentReport(
            service="VPN", description="le VPN coupe", impact=3, urgency=3, requester="slack:T0DEMOINDUS:U1",
            channel="slack", conversation_id="slack:T0DEMOINDUS:D1", language="fr",
            requester_email=REQUESTER.lower()))
        session.flush()
        workflow.resolve(db_session=session, ticket=ticket, actor="console:karim", agreements=desk,
                         category="network", cause_code="configuration", resolution_code="fixed",
                         solution="Profil VPN réinstallé")
        return str(ticket.number)


def reply(directory: Directory, number: str, body: str, sender: str = REQUESTER) -> None:
    [answer] = exchange(directory, (mail(sender, body=body + QUOTE), reply_address(DESK, TicketRef("demo", number),
                                                                                    SECRET)))
    assert answer == {}


def ticket(directory: Directory, number: str) -> tuple[str, int | None, str | None, list[str]]:
    with directory.sessions("demo")() as session:
        found: Ticket = get_by_number(db_session=session, number=number)
        events = [n.event for n in session.query(Notification).filter_by(ticket_id=found.id)]
        return found.status, found.satisfaction_rating, found.satisfaction_comment, events


def test_yes_by_mail_closes_the_ticket_and_the_rating_comes_back_by_mail(directory, resolved) -> None:
    reply(directory, resolved, "Oui, tout fonctionne maintenant, merci !")
    status, rating, _, events = ticket(directory, resolved)
    assert status == "closed" and rating is None and "satisfaction_request" in events
    reply(directory, resolved, "4/5, rapide et efficace")
    status, rating, comment, _ = ticket(directory, resolved)
    assert (status, rating, comment) == ("closed", 4, "rapide et efficace")
    assert [body for *_, body in lines(directory, resolved)] == ["Oui, tout fonctionne maintenant, merci !",
                                                                 "4/5, rapide et efficace"]


def test_no_by_mail_sends_it_back_to_its_group_with_the_reply_s_words(directory, resolved) -> None:
    reply(directory, resolved, "Non, toujours la même erreur après le redémarrage.")
    status, *_ = ticket(directory, resolved)
    assert status == "in_progress"
    with directory.sessions("demo")() as session:
        found = get_by_number(db_session=session, number=resolved)
        assert found.reopen_count == 1
        assert any(entry.kind == "refusal" and "même erreur" in entry.body for entry in found.log)


def test_words_that_answer_nothing_and_a_viewer_s_reply_leave_the_ticket_resolved(directory, resolved,
                                                                                   monkeypatch) -> None:
    reply(directory, resolved, "Est-ce que le technicien peut repasser demain ?")
    assert ticket(directory, resolved)[0] == "resolved"
    viewers = f"\naccess:\n  viewers:\n    - email: {MANAGER}\n      sees: ['*@demo-industrie.example']\n"
    seeing = ClientDesk(load_text((CLIENTS_ROOT / "demo" / "settings.yml").read_text(encoding="utf-8") + viewers))
    monkeypatch.setattr(Directory, "desk", lambda self, session: seeing)
    reply(directory, resolved, "Oui c'est réglé", sender=MANAGER)  # may write on it, may not close it
    assert ticket(directory, resolved)[0] == "resolved"
    assert [author for _, author, *_ in lines(directory, resolved)][-1] == MANAGER
