"""Escalations (DESIGN.md step 4): functional — the ticket goes to a higher-level group — and
hierarchical — a manager (and, for a P1, the client's contact) is told. Both happen by rule
(the supervisor on SLA warnings and breaches, a requester's reminders, a priority) and by hand.

Two managers may be told. The manager of the group holding the ticket, as the settings name them, always: the
desk's own line answers for the work that waits (an OLA breach is theirs). And the requester's manager, as the
client's people directory says (servicedesk.people), when it knows one: the client's line learns that their
person's request is late. Without a directory entry, only the group's manager is told, as before. Each is written
to in their own language when the directory knows it, else in the ticket's."""

from datetime import datetime

from sqlalchemy.orm import Session

from servicedesk.desk_rules import DeskRules
from servicedesk.errors import GroupUnknown
from servicedesk.models import utcnow
from servicedesk.notifications.service import notify
from servicedesk.people.service import manager_of, normalise_email, person_by_email
from servicedesk.tickets import workflow
from servicedesk.tickets.models import Ticket


def functional(*, db_session: Session, ticket: Ticket, group: str, rules: DeskRules, actor: str, reason: str,
               reason_code: str | None = None, now: datetime | None = None) -> None:
    """Hand the ticket to a higher-level (or expert) group, level recorded."""
    workflow.assign(db_session=db_session, ticket=ticket, group=group, level=rules.group_level(group), actor=actor,
                    agreements=rules, reason=reason, reason_code=reason_code, now=now)
    ticket.escalated = True


def hierarchical(*, db_session: Session, ticket: Ticket, rules: DeskRules, actor: str, reason: str,
                 notify_client_contact: bool = False, now: datetime | None = None) -> str:
    """Tell the manager of the group holding the ticket, the requester's manager when the directory knows them,
    and the client's contact for a P1; GroupUnknown when the client's settings no longer have that group."""
    group = ticket.group_name or rules.default_group
    try:
        group_manager = rules.manager_of(group)
    except KeyError as error:
        raise GroupUnknown(group) from error
    known = person_by_email(db_session=db_session, email=group_manager)
    # (the dedup key's last part, the audience, the address, the language)
    recipients = [("manager", "manager", group_manager, (known.language if known else None) or ticket.language)]
    line = manager_of(db_session=db_session, user=ticket.requester, email=ticket.requester_email)
    if line is not None and line.email != normalise_email(group_manager):
        recipients.append(("requester_manager", "manager", line.email, line.language or ticket.language))
    if notify_client_contact and ticket.priority == "P1" and rules.client_contact:
        recipients.append(("client_contact", "client_contact", rules.client_contact, ticket.language))
    for key, audience, recipient, language in recipients:
        notify(db_session=db_session, dedup_key=f"hierarchical:{ticket.id}:{reason}:{key}", event="escalated",
               audience=audience, recipient=recipient, ticket_id=ticket.id, language=language,
               payload={"number": ticket.number, "reason": reason, "priority": ticket.priority})
    workflow.record(db_session=db_session, ticket=ticket, actor=actor, field="escalation", old=None,
                    new=f"hierarchical: {group}", reason=reason, now=now or utcnow())
    ticket.escalated = True
    return group


def apply_rules(*, db_session: Session, ticket: Ticket, trigger: str, rules: DeskRules, now: datetime,
                actor: str = "supervisor") -> list[str]:
    """Run the client's rules for this trigger; a line per escalation done."""
    done = []
    for rule in rules.escalation_rules(trigger):
        if rule.count is not None and ticket.reminder_count < rule.count:
            continue
        if rule.priority is not None and ticket.priority != rule.priority:
            continue
        reason = f"rule {rule.name}: {trigger}"
        if rule.action == "functional" and rule.to_group and rule.to_group != ticket.group_name:
            functional(db_session=db_session, ticket=ticket, group=rule.to_group, rules=rules, actor=actor,
                       reason=reason, now=now)
            done.append(f"{ticket.number}: escalated to {rule.to_group} ({rule.name})")
        elif rule.action == "hierarchical":
            group = hierarchical(db_session=db_session, ticket=ticket, rules=rules, actor=actor, reason=reason,
                                 notify_client_contact=rule.notify_client_contact, now=now)
            done.append(f"{ticket.number}: manager of {group} notified ({rule.name})")
    return done


def record_reminder(*, db_session: Session, ticket: Ticket, rules: DeskRules, actor: str, text: str,
                    now: datetime | None = None) -> list[str]:
    """The requester chases the ticket ("relance"): counted, logged, and escalated as the rules say."""
    now = now or utcnow()
    ticket.reminder_count += 1
    workflow.record(db_session=db_session, ticket=ticket, actor=actor, field="reminder",
                    old=ticket.reminder_count - 1, new=ticket.reminder_count, reason=text, now=now)
    return apply_rules(db_session=db_session, ticket=ticket, trigger="reminders", rules=rules, now=now, actor=actor)
