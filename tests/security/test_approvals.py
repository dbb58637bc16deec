"""Attacks on approvals (issue 16): nobody decides an approval that was not asked of them, nobody approves their
own request, and a decision link or button decides once. Through the real confirmation page (the doors' router,
served by FastAPI), the real decision every door calls, and the e-mail door's real SMTP endpoint."""
# ruff: noqa: F811 - the doors' database fixtures are imported (tests/bot/conftest.py), then named as arguments

import asyncio
import smtplib
from email.message import EmailMessage

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from itsdangerous import URLSafeTimedSerializer

from bot.approvals.decisions import Decisions
from bot.approvals.page import ApprovalPage
from bot.approvals.tokens import ApprovalToken, sign
from bot.directory import Directory
from bot.mail.inbound import ReplyEndpoint, ReplyHandler
from bot.mail.tags import TicketRef, reply_address
from servicedesk.tickets.models import HistoryEntry
from tests.bot.approvals.scene import MANAGER, REQUESTER, approval_of, people, request, token
from tests.bot.conftest import bootstrapped, directory  # noqa: F401 - fixtures: the doors' real client databases

SECRET = "approval-secret"
MAIL_SECRET = "mail-secret"


@pytest.fixture
def number(directory: Directory) -> str:
    people(directory)
    return request(directory)


@pytest.fixture
def page(directory: Directory) -> TestClient:
    app = FastAPI()
    app.include_router(ApprovalPage(Decisions(directory, SECRET)).router)
    return TestClient(app)


def decisions_recorded(directory: Directory, number: str) -> list[HistoryEntry]:
    with directory.sessions("demo")() as session:
        ticket_id = approval_of(directory, number).ticket_id
        return list(session.query(HistoryEntry).filter(HistoryEntry.ticket_id == ticket_id,
                                                       HistoryEntry.field == "approval",
                                                       HistoryEntry.actor != "relais"))


def test_a_link_signed_with_another_secret_opens_nothing(directory, number, page) -> None:
    approval = approval_of(directory, number)
    forged = sign(ApprovalToken("demo", approval.id, approval.nonce, MANAGER), "guessed-secret")
    assert page.get(f"/approvals/{forged}").status_code == 404
    answer = page.post(f"/approvals/{forged}", data={"decision": "approve"})
    assert answer.status_code == 404 and "pas valide" in answer.text and "not valid" in answer.text
    assert approval_of(directory, number).status == "pending"


def test_a_link_made_up_without_a_signature_opens_nothing(directory, number, page) -> None:
    approval = approval_of(directory, number)
    unsigned = URLSafeTimedSerializer("", salt="relais.approval.v1").dumps(["demo", approval.id, approval.nonce,
                                                                            MANAGER])
    for value in (unsigned, "demo.1.x", sign(ApprovalToken("demo", approval.id, approval.nonce, MANAGER),
                                             SECRET)[:-3] + "abc"):
        assert page.post(f"/approvals/{value}", data={"decision": "approve"}).status_code == 404
    assert approval_of(directory, number).status == "pending"


def test_a_replayed_link_decides_once(directory, number, page) -> None:
    link = token(directory, number, SECRET)
    first = page.post(f"/approvals/{link}", data={"decision": "approve", "reason": "ok"})
    replay = page.post(f"/approvals/{link}", data={"decision": "reject", "reason": "changed my mind"})
    assert first.status_code == 200 and replay.status_code == 409 and "déjà été décidée" in replay.text
    assert approval_of(directory, number).status == "approved"
    assert len(decisions_recorded(directory, number)) == 1


def test_a_token_of_another_approval_or_client_decides_nothing(directory, number, page) -> None:
    approval = approval_of(directory, number)
    wrong_nonce = sign(ApprovalToken("demo", approval.id, "0" * 32, MANAGER), SECRET)  # another row's token
    other_client = sign(ApprovalToken("acme", approval.id, approval.nonce, MANAGER), SECRET)
    unknown = sign(ApprovalToken("nobody", approval.id, approval.nonce, MANAGER), SECRET)
    for value in (wrong_nonce, other_client, unknown):
        assert page.post(f"/approvals/{value}", data={"decision": "approve"}).status_code in (404, 409)
    assert approval_of(directory, number).status == "pending"


def test_a_button_clicked_by_someone_else_decides_nothing(directory, number) -> None:
    """A Slack or Teams user other than the approver, with the approver's own button value."""
    decisions = Decisions(directory, SECRET)
    value = token(directory, number, SECRET)
    outcome = asyncio.run(decisions.decide(value, decision="approve", via="slack", email="intruder@example.com",
                                           user="slack:T0DEMOINDUS:UINTRUDER"))
    assert not outcome.decided and "ne vous a pas été demandée" in outcome.text
    assert approval_of(directory, number).status == "pending"


def test_nobody_approves_their_own_request(directory, number, page) -> None:
    """Even holding a token made out to their own address (as if the requester were asked), and by mail."""
    own = token(directory, number, SECRET, approver=REQUESTER)
    answer = page.post(f"/approvals/{own}", data={"decision": "approve"})
    assert answer.status_code == 409 and "votre propre demande" in answer.text
    outcome = asyncio.run(Decisions(directory, SECRET).decide(own, decision="approve", via="slack",
                                                              email=REQUESTER))
    assert not outcome.decided
    assert approval_of(directory, number).status == "pending"


def reply(directory: Directory, number: str, sender: str, text: str) -> str:
    message = EmailMessage()
    message["From"], message["Subject"] = sender, f"Re: [{number}]"
    message["To"] = reply_address("support@desk.example", TicketRef("demo", number), MAIL_SECRET)
    message["Message-ID"] = f"<{abs(hash((sender, text)))}@mail.example>"
    message.set_content(text)
    endpoint = ReplyEndpoint(ReplyHandler(directory, MAIL_SECRET), "127.0.0.1", 0)

    async def exchange() -> str:
        await endpoint.start()
        try:
            def send() -> str:
                with smtplib.SMTP("127.0.0.1", endpoint.port, timeout=10) as client:
                    try:
                        client.send_message(message)
                        return "250"
                    except smtplib.SMTPDataError as error:
                        return str(error.smtp_code)
            return await asyncio.to_thread(send)
        finally:
            await endpoint.stop()

    return asyncio.run(exchange())


def test_an_approval_by_mail_from_anyone_but_the_approver_decides_nothing(directory, number) -> None:
    assert reply(directory, number, "intruder@example.com", "Approve") == "550"
    assert reply(directory, number, REQUESTER, "oui") == "250"  # the requester's words go to the ticket's log
    assert approval_of(directory, number).status == "pending"
    assert reply(directory, number, MANAGER, "oui, validé") == "250"
    assert approval_of(directory, number).status == "approved"
