"""The rules a client's desk runs on, as the use cases read them: the escalation rules of its settings and
what the escalations and the SLA supervisor need to know of its groups and people.

They live apart from the use cases that apply them so that escalation, the supervisor and the follow-ups
all depend on these types and none of them on another for a type: before, each imported the next and
the loop was hidden behind TYPE_CHECKING and a function-level import. servicedesk.settings.desk.ClientDesk
implements DeskRules from a client's settings; the tests have their own stand-in.
"""

from dataclasses import dataclass
from typing import Protocol

from servicedesk.sla.policy import Agreements


@dataclass(frozen=True)
class EscalationRule:
    """One escalation rule of a client's settings: when it fires and what it does."""

    name: str
    trigger: str  # tto_warning, tto_breach, ttr_warning, ttr_breach, reminders, priority
    action: str  # functional, hierarchical
    to_group: str | None = None
    notify_client_contact: bool = False
    count: int | None = None  # reminders: from this many reminders on
    priority: str | None = None  # priority: tickets of this priority


class DeskRules(Agreements, Protocol):
    """What the supervisor and the escalations need beyond the clocks: escalation rules and the groups' people."""

    client_contact: str | None
    default_group: str

    def escalation_rules(self, trigger: str) -> list[EscalationRule]: ...

    def group_level(self, group: str) -> int: ...

    def manager_of(self, group: str) -> str: ...
