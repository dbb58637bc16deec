"""Where an approver's question goes (the outbox's `approver` audience): the chat conversation they last used in
Slack or Teams, found from the chat ids the people directory knows for them, with the buttons; else their
e-mail address, with the signed links. Each question carries its own token, signed for this approver and this
approval's nonce, made when it is sent (nothing secret is kept in the outbox).
"""

from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from bot.approvals import notices
from bot.approvals.tokens import ApprovalToken, sign
from bot.messages import BotMessage
from servicedesk.approvals.models import Approval
from servicedesk.conversations import service as conversations
from servicedesk.conversations.models import Conversation
from servicedesk.language import language_of
from servicedesk.notifications.models import Notification
from servicedesk.people import service as people
from servicedesk.tickets.models import Ticket

CHAT_DOORS = ("slack", "teams")  # the doors that draw the buttons (the web chat has no approvers)


@dataclass(frozen=True)
class Question:
    """One approver's question, ready for a door: a chat message where they talk, else an e-mail's text."""

    conversation: Conversation | None
    message: BotMessage | None
    mail_text: str | None
    address: str


class ApprovalQuestions:
    def __init__(self, secret: str, public_url: str) -> None:
        self.secret, self.public_url = secret, public_url

    def question(self, session: Session, client: str, row: Notification) -> Question | None:
        """None when the approval is gone or decided: nothing to ask any more."""
        payload = dict(row.payload or {})
        approval = session.get(Approval, int(payload.get("approval_id") or 0))
        if approval is None or approval.status != "pending":
            return None
        language = language_of(row.language)
        token = sign(ApprovalToken(client, approval.id, approval.nonce, row.recipient.strip().casefold()),
                     self.secret)
        text = notices.render(row.event, payload, language) or ""
        conversation = self._chat_of(session, row.recipient)
        if conversation is not None:
            return Question(conversation, notices.chat_message(text, token, language), None, row.recipient)
        return Question(None, None, notices.mail_text(text, self.public_url, token, language), row.recipient)

    @staticmethod
    def _chat_of(session: Session, address: str) -> Conversation | None:
        """Their latest Slack or Teams conversation: under a chat id the directory knows for them, or one they
        opened a ticket from with this verified address."""
        person = people.person_by_email(db_session=session, email=address)
        users = set(person.chat_id_values if person is not None else ())
        users.update(session.scalars(select(Ticket.requester).where(
            func.lower(Ticket.requester_email) == address.strip().casefold()).distinct()))
        found = [conversation for user in sorted(users)
                 if (conversation := conversations.latest_of(db_session=session, requester=user)) is not None
                 and conversation.channel in CHAT_DOORS]
        return max(found, key=lambda conversation: conversation.last_seen_at, default=None)
