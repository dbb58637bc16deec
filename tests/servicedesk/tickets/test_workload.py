"""Open tickets counted per group, on SQLite and PostgreSQL: closed and resolved ones don't count, and naming
groups keeps to them."""

from sqlalchemy import select

from servicedesk.database import unit_of_work
from servicedesk.tickets.models import Ticket
from servicedesk.tickets.workload import open_by_assignee, open_by_group
from tests.api.conftest import open_tickets

ROWS = [("Outlook", "Outlook crashes", 3, 3), ("VPN", "VPN drops", 2, 2), ("SAP", "SAP down", 1, 1),
        ("Teams", "no sound", 3, 4)]


def test_open_tickets_per_group(session_factory) -> None:
    open_tickets(session_factory, ROWS)
    with unit_of_work(session_factory) as session:
        first, second, third, fourth = session.scalars(select(Ticket).order_by(Ticket.id))
        second.group_name = third.group_name = "Infrastructure"
        fourth.status, fourth.group_name = "resolved", "Infrastructure"
        assert first.group_name is None  # level 1 has it: the service desk, the default group
    with session_factory() as session:
        assert open_by_group(db_session=session) == {None: 1, "Infrastructure": 2}
        assert open_by_group(db_session=session, default_group="Desk") == {"Desk": 1, "Infrastructure": 2}
        assert open_by_group(db_session=session, groups=["Infrastructure", "Nobody"]) == {"Infrastructure": 2}
        assert open_by_group(db_session=session, groups=["Desk"], default_group="Desk") == {"Desk": 1}
        assert open_by_group(db_session=session, groups=["Nobody"]) == {}


def test_open_tickets_per_assignee(session_factory) -> None:
    open_tickets(session_factory, ROWS)
    with unit_of_work(session_factory) as session:
        first, second, third, fourth = session.scalars(select(Ticket).order_by(Ticket.id))
        first.assignee = second.assignee = fourth.assignee = "console:alice"
        third.assignee = "slack:T1:U1"
        fourth.status = "closed"
    with session_factory() as session:
        assert open_by_assignee(db_session=session, assignees=["console:alice", "console:bob"]) == \
            {"console:alice": 2}
        assert open_by_assignee(db_session=session, assignees=[]) == {}
