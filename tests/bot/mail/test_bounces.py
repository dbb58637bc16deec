"""A mail server's refusals through a real SMTP relay on loopback: a permanent one (550 no such user) marks the
notice failed with the server's reply and it is never sent again; a temporary one (450) is tried again after the
backoff and delivered once. Which replies are permanent is RFC 5321's: 5yz to a recipient or to the data."""

import asyncio
import uuid
from datetime import timedelta

import aiosmtplib
import pytest

from bot.mail.outlet import permanent_refusal
from servicedesk.database import unit_of_work
from servicedesk.models import utcnow
from servicedesk.notifications.service import backlog, notify
from tests.bot.mail.relay import Relay
from tests.bot.mail.test_outgoing import delivery, notices, open_ticket, plain

GONE, BUSY = "parti@demo-industrie.example", "occupe@demo-industrie.example"


@pytest.fixture
def relay(tmp_path):
    server = Relay(tmp_path)
    yield server
    server.stop()


def _escalate_to(directory, recipient: str) -> None:
    ticket_id, number = open_ticket(directory)
    with unit_of_work(directory.sessions("demo")) as session:
        notify(db_session=session, dedup_key=uuid.uuid4().hex, event="escalated", audience="manager",
               recipient=recipient, language="fr", ticket_id=ticket_id,
               payload={"number": number, "priority": "P2", "reason": "relance"})


def _row(directory, recipient: str):
    [row] = [n for n in notices(directory) if n.recipient == recipient]
    return row


def test_a_permanent_refusal_fails_the_notice_with_the_reply_and_it_is_never_sent_again(directory, relay) -> None:
    _escalate_to(directory, GONE)
    relay.capture.recipients[GONE] = "550 5.1.1 No such user here"
    doors, now = delivery(directory, plain(relay)), utcnow()
    assert asyncio.run(doors.run_once(now)) == 0
    row = _row(directory, GONE)
    assert row.failed_at is not None and row.delivered_at is None and row.attempts == 1
    assert "550" in row.last_error and "No such user here" in row.last_error and GONE in row.last_error
    attempts = relay.capture.rcpt_attempts
    for later in (timedelta(hours=2), timedelta(days=3)):
        assert asyncio.run(doors.run_once(now + later)) == 0
    assert relay.capture.rcpt_attempts == attempts and _row(directory, GONE).attempts == 1
    with directory.sessions("demo")() as session:  # neither delivered nor waiting
        assert GONE not in {n.recipient for n in notices(directory) if n.delivered_at is None
                            and n.failed_at is None}
        assert backlog(db_session=session, now=now).pending == len(
            [n for n in notices(directory) if n.delivered_at is None and n.failed_at is None])


def test_a_temporary_refusal_is_tried_again_after_the_backoff_and_delivered_once(directory, relay) -> None:
    _escalate_to(directory, BUSY)
    relay.capture.recipients[BUSY] = "450 4.2.1 Mailbox busy, try later"
    doors, now = delivery(directory, plain(relay)), utcnow()
    assert asyncio.run(doors.run_once(now)) == 0
    row = _row(directory, BUSY)
    assert row.failed_at is None and row.next_attempt_at > now and "450" in row.last_error
    assert asyncio.run(doors.run_once(now)) == 0  # not before the backoff
    del relay.capture.recipients[BUSY]
    assert asyncio.run(doors.run_once(now + timedelta(minutes=5))) == 1
    assert [to for to, _ in relay.mails] == [[BUSY]] and _row(directory, BUSY).delivered_at is not None


@pytest.mark.parametrize(("error", "permanent"), [
    (aiosmtplib.SMTPRecipientsRefused([aiosmtplib.SMTPRecipientRefused(550, "no such user", "a@b.c")]), True),
    (aiosmtplib.SMTPRecipientsRefused([aiosmtplib.SMTPRecipientRefused(452, "too many", "a@b.c")]), False),
    (aiosmtplib.SMTPDataError(552, "message too large"), True),
    (aiosmtplib.SMTPDataError(451, "local error"), False),
    (aiosmtplib.SMTPAuthenticationError(535, "bad credentials"), False),  # our settings: fixed for every row
    (aiosmtplib.SMTPSenderRefused(550, "sender refused", "support@desk.example"), False),
    (aiosmtplib.SMTPServerDisconnected("gone"), False),
    (ConnectionRefusedError(111, "refused"), False),
])
def test_only_a_5xx_to_the_recipient_or_the_data_is_permanent(error, permanent) -> None:
    assert (permanent_refusal(error) is not None) is permanent
