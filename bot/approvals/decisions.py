"""A decision from any door: the token the button or link carried, the person the door verified, the choice.
Every door (Slack, Teams, the e-mail page, an e-mail reply) calls `Decisions.decide`, which checks the token
(signature, age, nonce of the approval it names), that the person deciding is the approver it was sent to, then
runs servicedesk.approvals' decision in one transaction and wakes the delivery so that the requester (and the
next approver) hear of it at once. What the approver is told back is one sentence in their language, whatever
happened: decided, already decided, not theirs, their own request, an invalid link.
"""

import asyncio
import logging
from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy.orm import Session

from bot.approvals.tokens import ApprovalToken, TokenInvalid, read
from bot.directory import Directory, client_language
from bot.errors import explain
from bot.texts import say, say_both
from servicedesk.approvals import rules
from servicedesk.approvals import service as approvals
from servicedesk.approvals.errors import AlreadyDecided, ApprovalError, ApprovalNotFound, NotAnApprover
from servicedesk.approvals.models import Approval
from servicedesk.language import Language, language_of
from servicedesk.people import service as people
from servicedesk.tickets.models import Ticket

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Outcome:
    """What the approver is shown: `decided` when this decision was recorded, else why not, in `text`."""

    decided: bool
    text: str
    number: str = ""


@dataclass(frozen=True)
class Request:
    """What a confirmation page shows of the approval a token names."""

    number: str
    item: str
    requester: str
    justification: str
    status: str
    language: Language
    already_decided: str  # what the page says when it is no longer pending


class Decisions:
    def __init__(self, directory: Directory, secret: str, wake: Callable[[], None] = lambda: None) -> None:
        self.directory, self.secret, self.wake = directory, secret, wake

    async def decide(self, value: str, *, decision: str, via: str, reason: str = "", email: str | None = None,
                     user: str | None = None, language: Language | None = None) -> Outcome:
        """`email` is the address the door verified for the person deciding (an e-mail's sender, a Slack
        profile's); `user` their chat actor id, found in the people directory when no address is known."""
        try:
            token = self._token(value)
        except TokenInvalid as error:
            logger.warning("approval token refused (%s by %s / %s): %s", via, email, user, error)
            return Outcome(False, say("approval.invalid", language) if language else say_both("approval.invalid"))
        return await asyncio.to_thread(self._decide, token, decision, via, reason, email, user, language)

    async def request(self, value: str) -> Request:
        """The approval a token names, for its confirmation page; TokenInvalid when it names none of ours."""
        token = self._token(value)
        return await asyncio.to_thread(self._request, token)

    def _token(self, value: str) -> ApprovalToken:
        token = read(value, self.secret)
        if token.client not in self.directory.clients():
            raise TokenInvalid(f"client {token.client} is not ours")
        return token

    def _request(self, token: ApprovalToken) -> Request:
        with self.directory.unit_of_work(token.client) as session:
            try:
                approval = self._approval(session, token)
            except ApprovalNotFound as error:  # a well-signed token of a row this database does not have
                raise TokenInvalid(str(error)) from error
            ticket = session.get_one(Ticket, approval.ticket_id)
            language = language_of(people_language(session, token.approver) or ticket.language)
            decided = explain(AlreadyDecided(ticket.number or "", approval.status, approval.decided_by), language)
            return Request(ticket.number or "", ticket.service or approval.item,
                           ticket.requester_email or ticket.requester, ticket.justification, approval.status,
                           language, decided)

    def _decide(self, token: ApprovalToken, decision: str, via: str, reason: str, email: str | None,
                user: str | None, language: Language | None) -> Outcome:
        with self.directory.unit_of_work(token.client) as session:
            lang = language or language_of(people_language(session, token.approver) or client_language(session))
            try:
                approval = self._approval(session, token)
                number = session.get_one(Ticket, approval.ticket_id).number or ""
                person = email or _address_of(session, user)
                if rules.normalise(person) != token.approver:  # another user's button, a forwarded link
                    raise NotAnApprover(number, rules.normalise(person) or (user or "?"))
                decided = approvals.decide(db_session=session, approval_id=approval.id, person=person or "",
                                           decision=decision, via=via, desk=self.directory.desk(session),
                                           reason=reason)
            except ApprovalError as error:
                session.rollback()
                logger.warning("approval decision refused (%s by %s / %s): %s", via, email, user, error)
                return Outcome(False, explain(error, lang), getattr(error, "number", ""))
        self.wake()
        key = "approval.done_approved" if decided.decision == rules.APPROVE else "approval.done_rejected"
        return Outcome(True, say(key, lang, number=decided.number), decided.number)

    @staticmethod
    def _approval(session: Session, token: ApprovalToken) -> Approval:
        approval = approvals.get(db_session=session, approval_id=token.approval_id)
        if approval.nonce != token.nonce:  # a token of another database's row with the same id
            raise ApprovalNotFound(token.approval_id)
        return approval


def people_language(session: Session, email: str) -> str | None:
    person = people.person_by_email(db_session=session, email=email)
    return person.language if person is not None else None


def _address_of(session: Session, user: str | None) -> str | None:
    """The address the people directory knows for a chat user (its chat ids), when the door verified none."""
    if not user:
        return None
    person = people.person_by_user(db_session=session, user=user)
    return person.email if person is not None else None
