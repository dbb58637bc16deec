"""The six request types of the service-desk process (DESIGN.md step 2) and the ITIL type each is
handled as: reminders and assistance requests are handled as incidents, so they share their clocks,
while the ticket keeps its qualification (`origin`) for reports."""

from servicedesk.errors import InvalidQualification

ITIL_TYPE_OF = {
    "incident": "incident",
    "incident_followup": "incident",
    "reminder": "incident",
    "assistance": "incident",
    "service_request": "service_request",
    "other": "service_request",
}


def itil_type(origin: str) -> str:
    """The ITIL type a qualification is handled as; InvalidQualification for anything else."""
    try:
        return ITIL_TYPE_OF[origin]
    except KeyError:
        raise InvalidQualification("unknown_origin", origin, tuple(ITIL_TYPE_OF)) from None
