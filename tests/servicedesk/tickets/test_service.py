"""The ticket store, on SQLite and on PostgreSQL (every test runs on both)."""

from datetime import UTC, datetime

import pytest
from sqlalchemy import func, select

from servicedesk.database import unit_of_work
from servicedesk.errors import InvalidQualification, TicketNotFound
from servicedesk.tickets.models import LogEntry, Ticket
from servicedesk.tickets.service import (
    IncidentReport,
    LogLine,
    add_log,
    get_by_number,
    last_update,
    open_incident,
    open_ticket,
)


def report(**overrides) -> IncidentReport:
    values = dict(
        service="Outlook", description="Outlook plante au démarrage", impact=3, urgency=1, requester="u-1",
        channel="rest", conversation_id="u-1", language="fr", error_message="0x800CCC0E", since="ce matin",
    )
    return IncidentReport(**{**values, **overrides})


def test_an_incident_gets_a_number_a_priority_and_its_transcript(session_factory) -> None:
    transcript = [
        LogLine("requester", "u-1", "Outlook plante au démarrage", datetime(2026, 11, 27, 9, 0, tzinfo=UTC)),
        LogLine("bot", "relais", "Depuis quand ?", datetime(2026, 11, 27, 9, 0, 5, tzinfo=UTC)),
    ]
    with unit_of_work(session_factory) as session:
        ticket = open_incident(db_session=session, report=report(), transcript=transcript)
        number = ticket.number

    assert number == "INC-000001"
    with session_factory() as session:
        stored = get_by_number(db_session=session, number=number)
        assert (stored.type, stored.origin, stored.status, stored.priority) == ("incident", "incident", "new", "P2")
        assert stored.title == "Outlook plante au démarrage"
        assert [(e.author_kind, e.kind, e.body) for e in stored.log] == [
            ("requester", "message", "Outlook plante au démarrage"),
            ("bot", "message", "Depuis quand ?"),
            ("system", "created", "INC-000001 opened with priority P2"),
        ]
        assert stored.log[0].at == datetime(2026, 11, 27, 9, 0, tzinfo=UTC)
        assert stored.created_at.tzinfo is not None


def test_numbers_follow_each_other(session_factory) -> None:
    numbers = []
    for _ in range(3):
        with unit_of_work(session_factory) as session:
            numbers.append(open_incident(db_session=session, report=report()).number)
    assert numbers == ["INC-000001", "INC-000002", "INC-000003"]


def test_a_failed_transaction_stores_nothing(session_factory) -> None:
    with pytest.raises(RuntimeError), unit_of_work(session_factory) as session:
        open_incident(db_session=session, report=report())
        raise RuntimeError("the reply could not be sent")
    with session_factory() as session:
        assert session.scalar(select(func.count()).select_from(Ticket)) == 0
        assert session.scalar(select(func.count()).select_from(LogEntry)) == 0


def test_an_incident_without_description_or_with_bad_levels_is_refused(session_factory) -> None:
    with pytest.raises(InvalidQualification), unit_of_work(session_factory) as session:
        open_incident(db_session=session, report=report(description="   "))
    with pytest.raises(InvalidQualification), unit_of_work(session_factory) as session:
        open_incident(db_session=session, report=report(impact=0))


def test_unknown_numbers_raise(session_factory) -> None:
    with session_factory() as session, pytest.raises(TicketNotFound) as raised:
        get_by_number(db_session=session, number="INC-999999")
    assert raised.value.number == "INC-999999"


def test_hostile_text_is_stored_verbatim(session_factory) -> None:
    hostile = "'); DROP TABLE tickets; -- <script>alert('x')</script> 😀 " + "x" * 10_000
    with unit_of_work(session_factory) as session:
        number = open_incident(db_session=session, report=report(description=hostile, error_message=hostile)).number
    with session_factory() as session:
        stored = get_by_number(db_session=session, number=number)
        assert stored.description == hostile and stored.error_message == hostile
        assert len(stored.title) == 120


def test_follow_ups_are_logged_and_move_the_last_update(session_factory) -> None:
    with unit_of_work(session_factory) as session:
        number = open_incident(db_session=session, report=report()).number
    with unit_of_work(session_factory) as session:
        ticket = get_by_number(db_session=session, number=number)
        before = last_update(ticket)
        add_log(db_session=session, ticket=ticket, line=LogLine("requester", "u-1", "où en est INC-000001 ?"),
                kind="followup")
    with session_factory() as session:
        ticket = get_by_number(db_session=session, number=number)
        assert ticket.log[-1].kind == "followup"
        assert last_update(ticket) >= before


@pytest.mark.parametrize(
    ("origin", "itil", "prefix"),
    [("incident", "incident", "INC"), ("reminder", "incident", "INC"), ("assistance", "incident", "INC"),
     ("incident_followup", "incident", "INC"), ("service_request", "service_request", "REQ"),
     ("other", "service_request", "REQ")],
)
def test_each_request_type_is_kept_and_handled_as_its_itil_type(session_factory, origin, itil, prefix) -> None:
    with unit_of_work(session_factory) as session:
        ticket = open_ticket(db_session=session, report=report(origin=origin))
        assert (ticket.origin, ticket.type, ticket.number[:3]) == (origin, itil, prefix)


def test_unknown_request_types_and_service_requests_as_incidents_are_refused(session_factory) -> None:
    with pytest.raises(InvalidQualification, match="unknown request type"), unit_of_work(session_factory) as session:
        open_ticket(db_session=session, report=report(origin="complaint"))
    with pytest.raises(InvalidQualification, match="not handled as an incident"), \
            unit_of_work(session_factory) as session:
        open_incident(db_session=session, report=report(origin="service_request"))
