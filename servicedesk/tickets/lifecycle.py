"""Which status may follow which: the ticket workflow as a pure rule, tested without a database.

    new ──> assigned ──> in_progress <──> pending(requester | third_party | change | approval)
     │         │ ↑            │                 │
     │         │ └─── approved: back to its group's queue ──┤
     └─────────┴──────────────┴──> resolved <───┘ ──> closed
                                     │    ↑               │
              refused by the user ───┘    └─ reopened (within the window) ─┘
    any open status ──> cancelled

A ticket may be resolved straight from `new` (level 1 fixed it during the conversation). Refusing
the solution and reopening both count in reopen_count. A service request that needs approval waits pending on
it (servicedesk.approvals); approved, it goes back to its group as assigned, not in progress: nobody has
started on it.
"""

from enum import StrEnum

from servicedesk.errors import IllegalTransition


class Status(StrEnum):
    NEW = "new"
    ASSIGNED = "assigned"
    IN_PROGRESS = "in_progress"
    PENDING = "pending"
    RESOLVED = "resolved"
    CLOSED = "closed"
    CANCELLED = "cancelled"


class PendingReason(StrEnum):
    REQUESTER = "requester"
    THIRD_PARTY = "third_party"
    CHANGE = "change"
    APPROVAL = "approval"  # a service request an approver must accept first (servicedesk.approvals)


OPEN = frozenset({Status.NEW, Status.ASSIGNED, Status.IN_PROGRESS, Status.PENDING})

_ALLOWED: dict[Status, frozenset[Status]] = {
    Status.NEW: frozenset({Status.ASSIGNED, Status.IN_PROGRESS, Status.PENDING, Status.RESOLVED, Status.CANCELLED}),
    Status.ASSIGNED: frozenset({Status.IN_PROGRESS, Status.PENDING, Status.RESOLVED, Status.CANCELLED}),
    Status.IN_PROGRESS: frozenset({Status.PENDING, Status.RESOLVED, Status.CANCELLED}),
    Status.PENDING: frozenset({Status.ASSIGNED, Status.IN_PROGRESS, Status.RESOLVED, Status.CANCELLED}),
    Status.RESOLVED: frozenset({Status.CLOSED, Status.IN_PROGRESS}),
    Status.CLOSED: frozenset({Status.IN_PROGRESS}),
    Status.CANCELLED: frozenset(),
}


def check_transition(current: str, target: str, pending_reason: str | None = None) -> None:
    """Raise IllegalTransition unless `current -> target` is in the workflow."""
    try:
        source, destination = Status(current), Status(target)
    except ValueError as error:
        raise IllegalTransition(current, target, "unknown status") from error
    if destination not in _ALLOWED[source]:
        raise IllegalTransition(current, target, f"{current} can only go to {_names(_ALLOWED[source])}")
    if destination is Status.PENDING:
        if pending_reason not in {reason.value for reason in PendingReason}:
            raise IllegalTransition(current, target, "pending needs a reason: " + _names(frozenset(PendingReason)))
    elif pending_reason is not None:
        raise IllegalTransition(current, target, "only pending takes a reason")


def counts_as_reopen(current: str, target: str) -> bool:
    """Going back to work from resolved (solution refused) or closed (reopened)."""
    return current in (Status.RESOLVED, Status.CLOSED) and target == Status.IN_PROGRESS


def _names(statuses: frozenset[StrEnum]) -> str:
    return ", ".join(sorted(s.value for s in statuses)) or "nothing (final)"
