"""The ticket page shows a request's approval steps: who was asked, reminders and escalations, and who decided,
when, how and why; a ticket without any shows no such section, and an agent cannot set one pending on approval."""

from datetime import UTC, datetime

from servicedesk.approvals.models import Approval
from servicedesk.database import unit_of_work
from servicedesk.tickets.service import get_by_number
from tests.console.test_ticket_page import PAGE, alice  # noqa: F401 - the signed-in agent's fixture


def test_the_approval_steps_and_their_decisions(desk, alice) -> None:  # noqa: F811
    assert 'id="approvals"' not in alice.get(PAGE).text
    with unit_of_work(desk.registry.session_factory("alpha")) as session:
        ticket = get_by_number(db_session=session, number="INC-000001")
        at = datetime(2026, 12, 7, 9, 0, tzinfo=UTC)
        session.add_all([
            Approval(ticket_id=ticket.id, item="licence", step=1, approver_kind="manager", approvers=["marc@x.example"],
                     status="approved", nonce="a" * 32, requested_at=at, decided_by="marc@x.example",
                     decided_via="slack", decided_at=at, reason="budget ok", escalated_to=[]),
            Approval(ticket_id=ticket.id, item="licence", step=2, approver_kind="finance",
                     approvers=["daf@x.example"], status="pending", nonce="b" * 32, requested_at=at,
                     reminded_at=at, escalated_to=["deputy@x.example"], reason="")])
    text = alice.get(PAGE).text
    assert 'id="approvals"' in text and "1. manager" in text and "marc@x.example (slack)" in text
    assert "budget ok" in text and "2. finance" in text and "escalated to deputy@x.example" in text
    assert text.count('data-field="approval-status"') == 2
    assert '<option value="approval"' not in text  # pending on approval is the catalogue's to set
