"""Mail through a real SMTP relay on loopback (aiosmtpd): a manager's escalation and a requester with no chat door
get a multipart mail in their language, threaded under the ticket with a signed reply address; STARTTLS and a
login are used when configured; a relay refusing then accepting gets the mail once, with the loop's backoff."""

import asyncio
import uuid
from datetime import timedelta
from email import policy
from email.parser import BytesParser
from email.utils import parseaddr

import pytest

from bot.config import EmailConfig, from_env
from bot.delivery import Delivery
from bot.directory import Directory
from bot.mail.outlet import MailOutlet
from bot.mail.tags import TicketRef, from_addresses, from_thread_ids, thread_id
from servicedesk import escalation
from servicedesk.database import unit_of_work
from servicedesk.models import utcnow
from servicedesk.notifications.models import Notification
from servicedesk.notifications.service import notify
from servicedesk.tickets.models import Ticket
from servicedesk.tickets.service import IncidentReport, open_incident
from standins.doors import FakeRasa
from tests.bot.mail.relay import PASSWORD, USER, Relay
from tests.bot.test_delivery import FakeAgentDesk

SECRET = "mail-secret"
SENDER = "support@desk.example"


@pytest.fixture
def relay(tmp_path):
    server = Relay(tmp_path)
    yield server
    server.stop()


def delivery(directory: Directory, config: EmailConfig) -> Delivery:
    return Delivery(directory, {}, FakeAgentDesk(), FakeRasa().client, interval=60,
                    mail=MailOutlet(config, SECRET))


def plain(relay: Relay) -> EmailConfig:
    return EmailConfig(smtp_host="127.0.0.1", smtp_port=relay.port, starttls=False, sender=SENDER, timeout=5)


def open_ticket(directory: Directory, language: str = "fr", email: str | None = None) -> tuple[int, str]:
    with unit_of_work(directory.sessions("demo")) as session:
        ticket = open_incident(db_session=session, agreements=directory.desk(session), report=IncidentReport(
            service="VPN", description="le VPN coupe", impact=1, urgency=1, requester="slack:T0DEMOINDUS:U1",
            channel="slack", conversation_id="slack:T0DEMOINDUS:D1", language=language, requester_email=email))
        session.flush()
        return ticket.id, ticket.number


def notices(directory: Directory) -> list[Notification]:
    with directory.sessions("demo")() as session:
        return list(session.query(Notification).order_by(Notification.id))


def test_a_managers_escalation_is_a_threaded_multipart_mail_in_the_tickets_language(directory, relay) -> None:
    ticket_id, number = open_ticket(directory, language="en")
    with unit_of_work(directory.sessions("demo")) as session:
        ticket = session.get(Ticket, ticket_id)
        group = escalation.hierarchical(db_session=session, ticket=ticket, rules=directory.desk(session),
                                        actor="supervisor", reason="rule p1: sla_breach", notify_client_contact=True)
    doors = delivery(directory, plain(relay))
    asyncio.run(doors.run_once())
    with directory.sessions("demo")() as session:
        manager = directory.desk(session).manager_of(group)
    assert sorted(to[0] for to, _ in relay.mails) == sorted(["dsi@demo-industrie.example", manager])
    _, mail = relay.mails[0]
    root = thread_id(TicketRef("demo", number), SECRET)
    assert mail["Subject"] == f"[{number}] Ticket {number} (P1) escalated: rule p1: sla_breach."
    assert parseaddr(mail["From"]) == ("The service desk", SENDER)
    assert mail["In-Reply-To"] == root and mail["References"] == root
    assert mail["Content-Language"] == "en" and mail["Auto-Submitted"] == "auto-generated"
    assert from_thread_ids(mail["Message-ID"], SECRET) == TicketRef("demo", number)
    assert from_addresses([mail["Reply-To"]], SECRET) == TicketRef("demo", number)
    assert mail.get_content_type() == "multipart/alternative"
    text, html = mail.get_body(("plain",)).get_content(), mail.get_body(("html",)).get_content()
    assert text.startswith(f"Ticket {number} (P1) escalated") and f"about ticket {number}." in text
    assert '<html lang="en">' in html and f"Ticket {number} (P1) escalated" in html
    assert {m["Message-ID"] for _, m in relay.mails} != {mail["Message-ID"]}  # one Message-ID per notice
    assert all(n.delivered_at is not None for n in notices(directory) if n.audience in ("manager", "client_contact"))


def test_a_requester_no_chat_door_reaches_is_written_to_at_their_address_in_french(directory, relay) -> None:
    ticket_id, number = open_ticket(directory, email="jdupont@demo-industrie.example")
    with unit_of_work(directory.sessions("demo")) as session:
        notify(db_session=session, dedup_key=uuid.uuid4().hex, event="agent_reply", audience="requester",
               recipient="slack:T0DEMOINDUS:U1", language="fr", ticket_id=ticket_id,
               payload={"number": number, "agent": "Karim", "text": "Redémarrez le poste <b>svp</b>."})
        notify(db_session=session, dedup_key=uuid.uuid4().hex, event="keep_in_loop", audience="requester",
               recipient="imported.user@demo-industrie.example", language="fr",
               payload={"number": "INC-000999", "status": "assigned"})
    asyncio.run(delivery(directory, plain(relay)).run_once())
    by_to = {to[0]: mail for to, mail in relay.mails}
    reply = by_to["jdupont@demo-industrie.example"]
    assert reply["Subject"] == f"[{number}] Karim, à propos de votre ticket {number} :"
    assert "Redémarrez le poste <b>svp</b>." in reply.get_body(("plain",)).get_content()
    assert "Redémarrez le poste &lt;b&gt;svp&lt;/b&gt;." in reply.get_body(("html",)).get_content()
    assert "Répondez à ce message" in reply.get_body(("plain",)).get_content()
    assert by_to["imported.user@demo-industrie.example"]["Subject"].startswith("[INC-000999] Point sur votre ticket")


def test_starttls_and_a_login_are_used_when_configured(directory, tmp_path) -> None:
    secure = Relay(tmp_path, tls=True)
    try:
        ticket_id, number = open_ticket(directory)
        with unit_of_work(directory.sessions("demo")) as session:
            notify(db_session=session, dedup_key=uuid.uuid4().hex, event="escalated", audience="manager",
                   recipient="chef@demo-industrie.example", language="fr", ticket_id=ticket_id,
                   payload={"number": number, "priority": "P1", "reason": "à la main"})
        config = EmailConfig(smtp_host="127.0.0.1", smtp_port=secure.port, smtp_user=USER, smtp_password=PASSWORD,
                             ca_file=secure.ca_file, sender=SENDER, timeout=5)
        without_login = EmailConfig(smtp_host="127.0.0.1", smtp_port=secure.port, ca_file=secure.ca_file,
                                    sender=SENDER, timeout=5)
        assert asyncio.run(delivery(directory, without_login).run_once()) == 0  # the relay wants a login
        [row] = [n for n in notices(directory) if n.audience == "manager"]
        assert row.delivered_at is None and "SMTP 127.0.0.1" in row.last_error
        assert asyncio.run(delivery(directory, config).run_once(utcnow() + timedelta(seconds=5))) == 1
        [(to, mail)] = secure.mails
        assert to == ["chef@demo-industrie.example"] and mail["Subject"].startswith(f"[{number}] Ticket {number}")
    finally:
        secure.stop()


def test_a_relay_refusing_then_accepting_gets_the_mail_once_after_the_backoff(directory, relay) -> None:
    ticket_id, number = open_ticket(directory)
    with unit_of_work(directory.sessions("demo")) as session:
        notify(db_session=session, dedup_key=uuid.uuid4().hex, event="escalated", audience="manager",
               recipient="chef@demo-industrie.example", language="fr", ticket_id=ticket_id,
               payload={"number": number, "priority": "P2", "reason": "relance"})
    relay.capture.refuse = 1
    doors, now = delivery(directory, plain(relay)), utcnow()
    assert asyncio.run(doors.run_once(now)) == 0
    [row] = notices(directory)[-1:]
    assert (row.delivered_at, row.attempts) == (None, 1) and "451" in row.last_error
    assert row.next_attempt_at == now + timedelta(seconds=2)
    assert asyncio.run(doors.run_once(now + timedelta(seconds=1))) == 0  # not due yet
    assert asyncio.run(doors.run_once(now + timedelta(seconds=3))) == 1
    assert asyncio.run(doors.run_once(now + timedelta(hours=2))) == 0
    assert relay.capture.attempts == 2 and len(relay.mails) == 1


def test_without_an_e_mail_door_managers_rows_wait(directory) -> None:
    with unit_of_work(directory.sessions("demo")) as session:
        notify(db_session=session, dedup_key=uuid.uuid4().hex, event="escalated", audience="manager",
               recipient="chef@demo-industrie.example", language="fr", payload={"number": "INC-000001"})
    doors = Delivery(directory, {}, FakeAgentDesk(), FakeRasa().client, interval=60)
    assert asyncio.run(doors.run_once()) == 0
    assert [(n.delivered_at, n.attempts) for n in notices(directory)] == [(None, 0)]


def test_with_no_smtp_server_the_mail_is_kept_in_the_drop_folder(directory, tmp_path) -> None:
    ticket_id, number = open_ticket(directory)
    with unit_of_work(directory.sessions("demo")) as session:
        queued = notify(db_session=session, dedup_key=uuid.uuid4().hex, event="escalated", audience="manager",
                        recipient="chef@demo-industrie.example", language="fr", ticket_id=ticket_id,
                        payload={"number": number, "priority": "P1", "reason": "à la main"})
        session.flush()
        notice = queued.id
    config = EmailConfig(sender=SENDER, drop_dir=tmp_path / "mail")
    assert asyncio.run(delivery(directory, config).run_once()) == 1
    [kept] = (tmp_path / "mail").iterdir()
    assert kept.name == f"demo-{notice}.eml"
    mail = BytesParser(policy=policy.default).parsebytes(kept.read_bytes())
    assert mail["Subject"].startswith(f"[{number}] Ticket {number} (P1) escaladé") and mail.is_multipart()


def test_make_run_keeps_mail_in_var_unless_a_server_is_set() -> None:
    assert str(from_env({}).email.drop_dir).endswith("var/mail") and from_env({}).email.outgoing
    served = from_env({"RELAIS_SMTP_HOST": "smtp.desk.example", "RELAIS_SMTP_STARTTLS": "0",
                       "RELAIS_SMTP_INBOUND_PORT": "2525"}).email
    assert (served.drop_dir, served.smtp_port, served.starttls, served.inbound_port) == (None, 587, False, 2525)
