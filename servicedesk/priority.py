"""Priority from impact x urgency, the ITIL matrix iTop uses (see DESIGN.md).

Impact: 1 = a whole site or department, 2 = a team or group, 3 = one person.
Urgency: 1 = blocking, 2 = high, 3 = medium, 4 = low.
A pure function so that every adapter, report and later recomputation rates a ticket the same way.
"""

from enum import IntEnum, StrEnum

from servicedesk.errors import InvalidQualification


class Impact(IntEnum):
    DEPARTMENT = 1
    TEAM = 2
    PERSON = 3


class Urgency(IntEnum):
    BLOCKING = 1
    HIGH = 2
    MEDIUM = 3
    LOW = 4


class Priority(StrEnum):
    P1 = "P1"
    P2 = "P2"
    P3 = "P3"
    P4 = "P4"


_MATRIX: dict[Impact, tuple[Priority, Priority, Priority, Priority]] = {
    Impact.DEPARTMENT: (Priority.P1, Priority.P1, Priority.P2, Priority.P4),
    Impact.TEAM: (Priority.P1, Priority.P2, Priority.P3, Priority.P4),
    Impact.PERSON: (Priority.P2, Priority.P3, Priority.P3, Priority.P4),
}


def compute_priority(impact: int, urgency: int) -> Priority:
    """Rate a ticket; raises InvalidQualification for values outside the scales."""
    try:
        row = _MATRIX[Impact(impact)]
        return row[Urgency(urgency) - 1]
    except ValueError as error:
        raise InvalidQualification("off_the_matrix", (impact, urgency)) from error
