"""The e-mail door in the doors' process (bot/server.py), end to end over real SMTP: a P1's hierarchical
escalation reaches the group's manager through the desk's relay, the requester's copy of an agent's reply too,
and the requester's answer to it, sent to the endpoint the app started, lands on the ticket's log with the
screenshot it carries kept in the upload store the environment names."""

import smtplib
import time
from email.message import EmailMessage

from fastapi.testclient import TestClient

from bot.config import BotConfig, EmailConfig, WebchatConfig
from bot.server import create_app
from servicedesk import escalation
from servicedesk.database import unit_of_work
from servicedesk.tickets import replies
from servicedesk.tickets.models import LogEntry
from servicedesk.tickets.service import IncidentReport, get_by_number, open_incident
from tests.bot.mail.relay import Relay, free_port
from tests.servicedesk.uploads.samples import png

REQUESTER = "marie.dupont@demo-industrie.example"


def wait_for(condition, seconds: float = 10.0) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.05)


def test_an_escalation_mail_goes_out_and_the_reply_comes_back_onto_the_ticket(directory, tmp_path,
                                                                               monkeypatch) -> None:
    monkeypatch.setenv("RELAIS_UPLOAD_DIR", str(tmp_path / "uploads"))
    relay = Relay(tmp_path)
    with unit_of_work(directory.sessions("demo")) as session:
        desk = directory.desk(session)
        ticket = open_incident(db_session=session, agreements=desk, report=IncidentReport(
            service="VPN", description="le VPN est coupé pour tout le site", impact=1, urgency=1,
            requester="teams:29:abc", channel="teams", conversation_id="teams:conv-1", language="fr",
            requester_email=REQUESTER))
        session.flush()
        number = ticket.number
        group = escalation.hierarchical(db_session=session, ticket=ticket, rules=desk, actor="supervisor",
                                        reason="règle p1 : sla_breach")
        replies.reply(db_session=session, ticket=ticket, author="agent:karim", author_name="Karim", text="Un "
                      "technicien passe à 14 h.", agreements=desk)
        manager = desk.manager_of(group)
    inbound = free_port()
    config = BotConfig(webchat=WebchatConfig(token_secret="t", secrets_dir=tmp_path / "secrets"),
                       delivery_interval=0.2,
                       email=EmailConfig(smtp_host="127.0.0.1", smtp_port=relay.port, starttls=False,
                                         sender="support@desk.example", secret="s", inbound_port=inbound))
    try:
        with TestClient(create_app(config, directory)):
            wait_for(lambda: len(relay.mails) == 2)
            mails = {to[0]: mail for to, mail in relay.mails}
            assert mails[manager]["Subject"] == f"[{number}] Ticket {number} (P1) escaladé : règle p1 : sla_breach."
            to_requester = mails[REQUESTER]
            assert to_requester["References"] == mails[manager]["References"]  # one thread for the ticket
            answer = EmailMessage()
            answer["From"], answer["To"] = f"Marie Dupont <{REQUESTER}>", to_requester["Reply-To"]
            answer["Subject"], answer["In-Reply-To"] = "Re: " + to_requester["Subject"], to_requester["Message-ID"]
            answer["Message-ID"] = "<answer-1@demo-industrie.example>"
            answer.set_content("Parfait, je serai là.\n\nCordialement,\nMarie\n\n"
                               "Le 3 déc. 2026, Le centre de services a écrit :\n> Karim, à propos de votre ticket\n")
            answer.add_attachment(png(), maintype="image", subtype="png", filename="vpn.png")
            with smtplib.SMTP("127.0.0.1", inbound, timeout=10) as client:
                assert client.send_message(answer) == {}
    finally:
        relay.stop()
    with directory.sessions("demo")() as session:
        said = [(e.author, e.body) for e in session.query(LogEntry).filter_by(ticket_id=ticket.id, kind="followup")]
    assert said == [(REQUESTER, "Parfait, je serai là.")]
    with directory.sessions("demo")() as session:
        [kept] = get_by_number(db_session=session, number=number).attachments
    assert (kept.name, kept.kind) == ("vpn.png", "stored")
    assert [path.name for path in (tmp_path / "uploads").rglob("*") if path.is_file()] != []
