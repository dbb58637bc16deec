"""An approval decided by e-mail, end to end in the doors' process (bot/server.py): the manager's question goes
out over real SMTP with its two signed links; one opens the confirmation page (the real web endpoint), whose form
decides; on another request, the manager's reply "non, ..." sent over SMTP to the inbound endpoint rejects it."""

import re
import smtplib
import time
from email.message import EmailMessage

from fastapi.testclient import TestClient
from sqlalchemy import select

from bot.config import BotConfig, EmailConfig, WebchatConfig
from bot.server import create_app
from servicedesk.notifications.models import Notification
from tests.bot.approvals.scene import MANAGER, approval_of, people, request, ticket_of
from tests.bot.mail.relay import Relay, free_port

LINK = re.compile(r"http://doors\.test/approvals/(\S+)\?decision=(approve|reject)")


def wait_for(condition, seconds: float = 10.0) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.05)


def config(relay: Relay, tmp_path, inbound: int) -> BotConfig:
    return BotConfig(webchat=WebchatConfig(token_secret="t", secrets_dir=tmp_path / "secrets",
                                           public_url="http://doors.test"),
                     approval_secret="approval-secret", delivery_interval=0.2,
                     email=EmailConfig(smtp_host="127.0.0.1", smtp_port=relay.port, starttls=False,
                                       sender="support@desk.example", secret="s", inbound_port=inbound))


def to_manager(relay: Relay) -> list[EmailMessage]:
    """The mails to the manager (the requester, whom no chat door reaches here, is told by mail too)."""
    return [mail for to, mail in relay.mails if to == [MANAGER]]


def text_of(mail: EmailMessage) -> str:
    body = mail.get_body(preferencelist=("plain",))
    assert body is not None
    return str(body.get_content())


def test_the_manager_approves_from_the_mails_link(directory, tmp_path) -> None:
    people(directory)
    number = request(directory)
    relay = Relay(tmp_path)
    try:
        with TestClient(create_app(config(relay, tmp_path, free_port()), directory)) as doors:
            wait_for(lambda: len(to_manager(relay)) == 1)
            (mail,) = to_manager(relay)
            assert mail["Subject"].startswith(f"[{number}]")
            assert mail["In-Reply-To"] and mail["Reply-To"].startswith("support+t.demo.")
            text = text_of(mail)
            assert "marie.dupont@demo-industrie.example demande votre approbation" in text and "projet Atlas" in text
            links = dict((decision, token) for token, decision in LINK.findall(text))
            assert set(links) == {"approve", "reject"}
            page = doors.get(f"/approvals/{links['approve']}", params={"decision": "approve"})
            assert page.status_code == 200 and "Approbation de la demande" in page.text
            assert approval_of(directory, number).status == "pending"  # opening the link decided nothing
            done = doors.post(f"/approvals/{links['approve']}", data={"decision": "approve", "reason": "ok"})
            assert done.status_code == 200 and "Vous avez approuvé la demande" in done.text
            again = doors.post(f"/approvals/{links['reject']}", data={"decision": "reject", "reason": "non"})
            assert again.status_code == 409 and "déjà été décidée" in again.text
    finally:
        relay.stop()
    approval = approval_of(directory, number)
    assert (approval.status, approval.decided_by, approval.decided_via, approval.reason) == (
        "approved", MANAGER, "email", "ok")
    assert ticket_of(directory, number).status == "assigned"


def test_the_manager_rejects_by_replying_non(directory, tmp_path) -> None:
    people(directory)
    number = request(directory)
    relay, inbound = Relay(tmp_path), free_port()
    try:
        with TestClient(create_app(config(relay, tmp_path, inbound), directory)):
            wait_for(lambda: len(to_manager(relay)) == 1)
            (question,) = to_manager(relay)
            answer = EmailMessage()
            answer["From"], answer["To"] = f"Paul Martin <{MANAGER}>", question["Reply-To"]
            answer["Subject"], answer["In-Reply-To"] = "Re: " + question["Subject"], question["Message-ID"]
            answer["Message-ID"] = "<answer-approval@demo-industrie.example>"
            answer.set_content("Non, pas de budget cette année.\n\nPaul\n\n"
                               "Le 4 déc. 2026, Le centre de services a écrit :\n> demande votre approbation\n")
            with smtplib.SMTP("127.0.0.1", inbound, timeout=10) as client:
                assert client.send_message(answer) == {}
                with smtplib.SMTP("127.0.0.1", inbound, timeout=10) as twice:  # delivered again: nothing more
                    assert twice.send_message(answer) == {}
    finally:
        relay.stop()
    approval = approval_of(directory, number)
    assert (approval.status, approval.decided_via, approval.reason) == ("rejected", "email",
                                                                         "pas de budget cette année.")
    assert ticket_of(directory, number).status == "cancelled"
    with directory.sessions("demo")() as session:
        told = session.scalar(select(Notification).where(Notification.event == "approval_decided"))
        assert told is not None and told.payload["outcome"] == "rejected"
