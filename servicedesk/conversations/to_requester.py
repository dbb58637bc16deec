"""What the user of a live conversation is told by a takeover step, queued in the outbox in the step's own
transaction: who is with them, the agent's own messages, a hand-back, a ticket pending on them, a resolution.

Every tool an agent works in (the Slack card, the console) runs the same step, so the user reads the same notice
whichever one was clicked, and the doors deliver it into the conversation itself (not a private message), in the
conversation's channel. `rasa` tells the deliverer what the dialogue engine must do for that conversation once the
notice is out: stay quiet while a person has it ("pause"), listen again after ("resume").
"""

import uuid
from typing import Any, Literal

from sqlalchemy import select
from sqlalchemy.orm import Session

from servicedesk.conversations.models import Conversation, Takeover
from servicedesk.notifications.models import Notification
from servicedesk.notifications.service import notify

EVENTS = ("agent_joined", "agent_message", "handed_back", "pending_on_you", "resolved_by_agent")
Event = Literal["agent_joined", "agent_message", "handed_back", "pending_on_you", "resolved_by_agent"]
RASA: dict[str, str] = {"agent_joined": "pause", "handed_back": "resume", "resolved_by_agent": "resume"}


def tell(*, db_session: Session, takeover: Takeover, event: Event, agent_name: str,
         **fields: Any) -> Notification | None:
    """Queue `event` for the conversation of `takeover`; its payload names the conversation, so the deliverer
    writes into that one rather than into the user's latest."""
    conversation = db_session.scalar(select(Conversation).where(Conversation.key == takeover.conversation_key))
    ticket = takeover.ticket
    payload = {"conversation": takeover.conversation_key, "takeover_id": takeover.id, "number": ticket.number,
               "agent_name": agent_name, **fields}
    if event in RASA:
        payload["rasa"] = RASA[event]
    return notify(db_session=db_session, dedup_key=f"{event}:{takeover.id}:{uuid.uuid4().hex}", event=event,
                  audience="requester", recipient=conversation.requester if conversation else ticket.requester,
                  ticket_id=ticket.id, language=ticket.language,
                  channel=conversation.channel if conversation else ticket.channel, payload=payload)
