"""The rules of approvals, pure: tested without a database.

- An item needs approval when its settings say so; its steps are decided in sequence, each by one person: the
  requester's manager, or any one member of a named approver group.
- Nobody decides their own request: the requester is never among a step's approvers, and a decision by them
  is refused even if they were (their own manager's address made theirs by an import, say).
- Only a step's approvers (and whoever it was escalated to) decide it, once; a second decision is refused.
- A silent approver is reminded after `remind_after` and escalated after `escalate_after`, business time of
  the desk's calendar from the moment they were asked.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

from servicedesk.approvals.errors import AlreadyDecided, NotAnApprover, SelfApproval
from servicedesk.approvals.models import PENDING
from servicedesk.calendar import BusinessCalendar
from servicedesk.settings.document import MANAGER, ClientSettings

APPROVE, REJECT = "approve", "reject"


@dataclass(frozen=True)
class ApprovalRule:
    """How one catalogue item is approved, the client's defaults filled in."""

    item: str
    steps: tuple[str, ...]  # "manager" or approver groups' names, in order
    remind_after: timedelta
    escalate_after: timedelta
    escalate_to: str  # "manager" (the approver's own) or a delegate's address


def rule_for(settings: ClientSettings, item: str) -> ApprovalRule | None:
    """The item's approval rule; None when it needs none (or is not in the catalogue)."""
    entry = next((entry for entry in settings.requests if entry.code == item), None)
    if entry is None or entry.approval_policy is None:
        return None
    policy, defaults = entry.approval_policy, settings.approvals
    return ApprovalRule(item, policy.steps, policy.remind_after or defaults.remind_after,
                        policy.escalate_after or defaults.escalate_after,
                        policy.escalate_to or defaults.escalate_to)


def group_members(settings: ClientSettings, step: str) -> tuple[str, ...]:
    """The addresses of an approver group; () for `manager` or a group the settings no longer have."""
    return next((group.members for group in settings.approvals.groups if group.name == step), ())


def approvers_of(candidates: Iterable[str | None], requester_email: str | None) -> list[str]:
    """The addresses that may decide a step: normalised, once each, never the requester's own."""
    own = normalise(requester_email)
    found: list[str] = []
    for candidate in candidates:
        address = normalise(candidate)
        if address and address != own and address not in found:
            found.append(address)
    return found


def deadlines(calendar: BusinessCalendar, asked_at: datetime, rule: ApprovalRule) -> tuple[datetime, datetime]:
    """When to remind, then escalate, an approver asked at `asked_at`."""
    return calendar.add(asked_at, rule.remind_after), calendar.add(asked_at, rule.escalate_after)


def check_decision(*, number: str, status: str, decided_by: str | None, approvers: Iterable[str],
                   requester_email: str | None, person: str, decision: str) -> None:
    """Raise unless `person` may decide this step now: it is still pending, they are the requester of nothing
    they decide, and they are one of its approvers."""
    if decision not in (APPROVE, REJECT):
        raise ValueError(f"a decision is {APPROVE} or {REJECT}, not {decision!r}")
    if status != PENDING:
        raise AlreadyDecided(number, status, decided_by)
    who = normalise(person)
    if who and who == normalise(requester_email):
        raise SelfApproval(number, who)
    if not who or who not in {normalise(address) for address in approvers}:
        raise NotAnApprover(number, who or "?")


def is_manager_step(step: str) -> bool:
    return step == MANAGER


def normalise(address: str | None) -> str:
    """Addresses compare without case or blanks, as the people directory and the doors' verified ones do."""
    return (address or "").strip().casefold()
