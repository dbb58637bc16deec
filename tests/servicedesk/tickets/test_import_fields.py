"""Other tools' statuses, priorities, types and dates read as ours, without a database."""

from datetime import UTC, datetime

import pytest

from servicedesk.tickets.import_fields import read_date, read_priority, read_status, read_type


@pytest.mark.parametrize(("value", "system", "status"), [
    ("New", None, ("new", None)), ("Nouveau", None, ("new", None)), ("", None, ("new", None)),
    ("Assigned", None, ("assigned", None)), ("En cours (Attribué)", "glpi", ("assigned", None)),
    ("In Progress", None, ("in_progress", None)), ("en cours", None, ("in_progress", None)),
    ("On Hold", None, ("pending", "requester")), ("Pending", None, ("pending", "requester")),
    ("En attente", None, ("pending", "requester")), ("Awaiting Vendor", None, ("pending", "third_party")),
    ("Resolved", None, ("resolved", None)), ("Résolu", None, ("resolved", None)), ("Solved", None, ("resolved", None)),
    ("Closed", None, ("closed", None)), ("Clos", None, ("closed", None)), ("Closed Complete", None, ("closed", None)),
    ("Cancelled", None, ("cancelled", None)), ("Canceled", None, ("cancelled", None)),
    ("Annulé", None, ("cancelled", None)), ("6", "servicenow", ("resolved", None)), ("6", "glpi", ("closed", None)),
    ("4", "glpi", ("pending", "requester")),
])
def test_statuses(value: str, system: str | None, status: tuple[str, str | None]) -> None:
    assert read_status(value, system) == status


@pytest.mark.parametrize(("value", "priority"), [
    ("1", "P1"), ("4", "P4"), ("P2", "P2"), ("p3", "P3"), ("1 - Critical", "P1"), ("2 - High", "P2"),
    ("3 - Moderate", "P3"), ("4 - Low", "P4"), ("5 - Planning", "P4"), ("critical", "P1"), ("High", "P2"),
    ("moderate", "P3"), ("low", "P4"), ("Critique", "P1"), ("haute", "P2"), ("Moyenne", "P3"), ("basse", "P4"),
    ("", "P3"),
])
def test_priorities(value: str, priority: str) -> None:
    assert read_priority(value) == priority


def test_types_default_from_the_reference() -> None:
    assert read_type("", "RITM0012345") == read_type("Demande", "4521") == "service_request"
    assert read_type("", "INC0012345") == read_type("incident", "RITM1") == "incident"


@pytest.mark.parametrize(("value", "when"), [
    ("2026-11-03T14:22:00Z", datetime(2026, 11, 3, 14, 22, tzinfo=UTC)),
    ("2026-11-03 14:22:00", datetime(2026, 11, 3, 13, 22, tzinfo=UTC)),
    ("03/11/2026 14:22", datetime(2026, 11, 3, 13, 22, tzinfo=UTC)),
    ("3 nov. 2026 14:22", datetime(2026, 11, 3, 13, 22, tzinfo=UTC)),
])
def test_dates_are_read_leniently_day_first_in_the_clients_time(value: str, when: datetime) -> None:
    assert read_date(value, "Europe/Paris") == when


@pytest.mark.parametrize(("reader", "value"), [
    (lambda v: read_status(v), "Foo"), (read_priority, "urgentissime"), (lambda v: read_type(v, "1"), "chore"),
    (lambda v: read_date(v, "Europe/Paris"), "hier"), (lambda v: read_date(v, "Europe/Paris"), "12"),
])
def test_what_cannot_be_read_is_refused_with_the_value(reader, value: str) -> None:
    with pytest.raises(ValueError, match=value):
        reader(value)
