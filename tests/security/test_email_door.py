"""Attacks on the e-mail door's inbound endpoint, over real SMTP (smtplib to Relais's aiosmtpd on loopback): a
reply finds its ticket by a signed reference only, from a sender with a right to the ticket, and lands on the
ticket's log as their words alone; a forged tag, a stranger, a subject naming a ticket are refused with 550 and
logged, and leave nothing stored."""
# ruff: noqa: F811 - the doors' database fixtures are imported (tests/bot/conftest.py), then named as arguments

import asyncio
import logging
import smtplib
from email.message import EmailMessage
from typing import Any

import pytest

from bot.directory import Directory
from bot.mail.inbound import ReplyEndpoint, ReplyHandler
from bot.mail.tags import TicketRef, notice_id, reply_address
from servicedesk.conversations.models import InboundMessage
from servicedesk.database import unit_of_work
from servicedesk.settings.desk import ClientDesk
from servicedesk.settings.loader import CLIENTS_ROOT, load_text
from servicedesk.tickets.models import LogEntry
from servicedesk.tickets.service import IncidentReport, open_incident
from tests.bot.conftest import bootstrapped, directory  # noqa: F401 - fixtures: the doors' real client databases

SECRET = "mail-secret"
DESK = "support@desk.example"
REQUESTER = "Marie.Dupont@demo-industrie.example"


@pytest.fixture
def ticket(directory: Directory) -> str:
    with unit_of_work(directory.sessions("demo")) as session:
        opened = open_incident(db_session=session, agreements=directory.desk(session), report=IncidentReport(
            service="VPN", description="le VPN coupe", impact=3, urgency=3, requester="slack:T0DEMOINDUS:U1",
            channel="slack", conversation_id="slack:T0DEMOINDUS:D1", language="fr",
            requester_email=REQUESTER.lower()))
        session.flush()
        return str(opened.number)


def mail(sender: str, *, subject: str = "Re: votre ticket", body: str = "Toujours en panne.",
         **headers: str) -> EmailMessage:
    message = EmailMessage()
    message["From"], message["To"], message["Subject"] = sender, DESK, subject
    message["Message-ID"] = f"<{abs(hash((sender, subject, body, tuple(headers.items()))))}@mail.example>"
    for name, value in headers.items():
        message[name.replace("_", "-")] = value
    message.set_content(body)
    return message


def exchange(directory: Directory, *mails: tuple[EmailMessage, str],
             endpoint: ReplyEndpoint | None = None) -> list[Any]:
    """Each mail sent over SMTP to a started endpoint (the door's own by default), to the given envelope recipient;
    the answers (or errors)."""
    endpoint = endpoint or ReplyEndpoint(ReplyHandler(directory, SECRET), "127.0.0.1", 0)

    def send_all() -> list[Any]:
        answers: list[Any] = []
        for message, recipient in mails:
            try:
                with smtplib.SMTP("127.0.0.1", endpoint.port, timeout=10) as client:
                    answers.append(client.send_message(message, to_addrs=[recipient]))
            except smtplib.SMTPDataError as error:
                answers.append(error)
        return answers

    async def run() -> list[Any]:
        await endpoint.start()
        try:
            return await asyncio.to_thread(send_all)
        finally:
            await endpoint.stop()

    return asyncio.run(run())


def lines(directory: Directory, number: str) -> list[tuple[str, str, str, str]]:
    with directory.sessions("demo")() as session:
        rows = session.query(LogEntry).join(LogEntry.ticket).filter_by(number=number).order_by(LogEntry.id)
        return [(r.author_kind, r.author, r.kind, r.body) for r in rows if r.kind == "followup"]


def journal(directory: Directory) -> list[InboundMessage]:
    with directory.sessions("demo")() as session:
        return list(session.query(InboundMessage).filter_by(channel="email"))


def refused(answer: Any) -> bool:
    return isinstance(answer, smtplib.SMTPDataError) and answer.smtp_code == 550


REPLY = ("Toujours en panne après le redémarrage.\n\nCordialement,\nMarie\n\n"
         "Le jeu. 3 déc. 2026 à 10:00, Le centre de services <support@desk.example> a écrit :\n"
         "> Votre ticket est résolu\n")


def test_a_reply_to_a_notice_lands_on_the_ticket_stripped_and_only_once(directory, ticket) -> None:
    ref = TicketRef("demo", ticket)
    reply = mail(REQUESTER, body=REPLY, In_Reply_To=notice_id(ref, 7, "demo", SECRET))
    first, again = exchange(directory, (reply, DESK), (reply, DESK))
    assert first == {} and again == {}  # accepted for every recipient, twice: the mail server's retry
    assert lines(directory, ticket) == [("requester", REQUESTER, "followup", "Toujours en panne après le redémarrage.")]
    [kept] = journal(directory)
    assert (kept.requester, kept.outcome, kept.conversation_key) == (REQUESTER, "logged", f"email:{ticket}")


def test_the_signed_reply_address_alone_finds_the_ticket(directory, ticket) -> None:
    tagged = reply_address(DESK, TicketRef("demo", ticket), SECRET)
    [answer] = exchange(directory, (mail(REQUESTER.upper(), body="Merci, c'est réglé."), tagged))
    assert answer == {} and [body for *_, body in lines(directory, ticket)] == ["Merci, c'est réglé."]


def test_a_forged_tag_is_refused_and_logged(directory, ticket, caplog) -> None:
    forged = f"support+t.demo.{ticket.lower()}.0123456789abcdef@desk.example"
    other = reply_address(DESK, TicketRef("demo", "INC-000777"), SECRET).replace("inc-000777", ticket.lower())
    with caplog.at_level(logging.WARNING, logger="bot.mail.inbound"):
        answers = exchange(directory, (mail(REQUESTER), forged), (mail(REQUESTER, body="2"), other))
    assert all(refused(a) for a in answers), answers
    assert lines(directory, ticket) == [] and journal(directory) == []
    assert "no signed ticket reference" in caplog.text


def test_an_unknown_sender_with_a_good_reference_is_refused_and_logged(directory, ticket, caplog) -> None:
    tagged = reply_address(DESK, TicketRef("demo", ticket), SECRET)
    with caplog.at_level(logging.WARNING, logger="bot.mail.inbound"):
        [answer] = exchange(directory, (mail("intruder@evil.example"), tagged))
    assert refused(answer) and b"may not write" in answer.smtp_error
    assert lines(directory, ticket) == [] and journal(directory) == []
    assert "intruder@evil.example" in caplog.text and "no right to the ticket" in caplog.text


def test_a_subject_naming_the_ticket_is_not_enough(directory, ticket) -> None:
    by_subject = mail(REQUESTER, subject=f"Re: [{ticket}] Votre ticket", References="<unrelated@mail.example>")
    unsigned = mail(REQUESTER, body="3", In_Reply_To=f"<ticket-{ticket}@relais.demo>")
    answers = exchange(directory, (by_subject, DESK), (unsigned, DESK))
    assert all(refused(a) for a in answers) and lines(directory, ticket) == []


def test_a_reference_to_another_clients_ticket_or_a_missing_one_is_refused(directory, ticket) -> None:
    elsewhere = reply_address(DESK, TicketRef("acme", ticket), SECRET)  # signed, but acme has no such ticket
    missing = reply_address(DESK, TicketRef("demo", "INC-000999"), SECRET)
    nowhere = reply_address(DESK, TicketRef("nowhere", ticket), SECRET)
    answers = exchange(directory, (mail(REQUESTER), elsewhere), (mail(REQUESTER, body="4"), missing),
                       (mail(REQUESTER, body="5"), nowhere))
    assert all(refused(a) for a in answers) and lines(directory, ticket) == []


def test_an_out_of_office_answer_is_accepted_and_dropped(directory, ticket) -> None:
    tagged = reply_address(DESK, TicketRef("demo", ticket), SECRET)
    [answer] = exchange(directory, (mail(REQUESTER, body="Absent jusqu'au 5.", Auto_Submitted="auto-replied"),
                                    tagged))
    assert answer == {} and lines(directory, ticket) == [] and journal(directory) == []


def test_a_secret_in_a_reply_is_masked_before_it_is_stored(directory, ticket) -> None:
    tagged = reply_address(DESK, TicketRef("demo", ticket), SECRET)
    exchange(directory, (mail(REQUESTER, body="mon mot de passe est Soleil2024!"), tagged))
    [(_, _, _, body)] = lines(directory, ticket)
    assert "Soleil2024" not in body and "Soleil2024" not in journal(directory)[0].text



def test_a_viewer_the_settings_allow_may_write_and_only_on_the_tickets_they_see(directory, ticket,
                                                                              monkeypatch) -> None:
    text = (CLIENTS_ROOT / "demo" / "settings.yml").read_text(encoding="utf-8")
    text += ("\naccess:\n  viewers:\n    - email: chef@demo-industrie.example\n"
             "      sees: [\"marie.*@demo-industrie.example\"]\n")
    desk = ClientDesk(load_text(text))
    monkeypatch.setattr(directory, "desk", lambda session: desk)
    tagged = reply_address(DESK, TicketRef("demo", ticket), SECRET)
    allowed, stranger = exchange(directory, (mail("Chef@demo-industrie.example", body="Je valide."), tagged),
                                 (mail("adjoint@demo-industrie.example", body="Moi aussi."), tagged))
    assert allowed == {} and refused(stranger)
    assert lines(directory, ticket) == [("requester", "Chef@demo-industrie.example", "followup", "Je valide.")]


def test_a_mail_from_two_senders_is_refused(directory, ticket) -> None:
    tagged = reply_address(DESK, TicketRef("demo", ticket), SECRET)
    both = mail(f"{REQUESTER}, intruder@evil.example")
    [answer] = exchange(directory, (both, tagged))
    assert refused(answer) and lines(directory, ticket) == []
