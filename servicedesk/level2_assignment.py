"""Handing a conversation's ticket to a person (DESIGN.md step 4): the user asked for one, or level 1
could not solve it. The ticket goes to the level-2 group of its service and is flagged, so that it
comes first in the agents' queue; the channels' live takeover builds on this (bot/)."""

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.orm import Session

from servicedesk import escalation
from servicedesk.models import utcnow
from servicedesk.settings.desk import ClientDesk
from servicedesk.sla.policy import sla_deadline
from servicedesk.tickets import workflow
from servicedesk.tickets.models import Ticket


@dataclass(frozen=True)
class Level2Assignment:
    """Where the ticket went: the level-2 group that has it, and the deadline the requester is owed."""

    number: str
    group: str
    deadline: datetime | None


def to_level2(*, db_session: Session, ticket: Ticket, desk: ClientDesk, actor: str, reason: str,
              reason_code: str | None = None, now: datetime | None = None) -> Level2Assignment:
    now = now or utcnow()
    group = desk.level2_group_for(ticket.service)
    if group is not None and group != ticket.group_name:
        escalation.functional(db_session=db_session, ticket=ticket, group=group, rules=desk, actor=actor,
                              reason=reason, reason_code=reason_code, now=now)
    elif not ticket.escalated:
        ticket.escalated = True
        workflow.record(db_session=db_session, ticket=ticket, actor=actor, field="escalation", old=None,
                        new="flagged", reason=reason, now=now)
    db_session.flush()
    return Level2Assignment(number=ticket.number or "", group=ticket.group_name or desk.default_group,
                            deadline=sla_deadline(db_session=db_session, ticket=ticket))
