"""The approval rules without a database: who may decide, the deadlines in business time, the item's rule."""

from datetime import UTC, datetime, timedelta

import pytest

from servicedesk.approvals import rules
from servicedesk.approvals.errors import AlreadyDecided, NotAnApprover, SelfApproval
from tests.servicedesk.approvals.desk import DELEGATE, desk
from tests.servicedesk.desk import OFFICE


def check(person: str, *, status: str = "pending", approvers: tuple[str, ...] = ("marc@x.example",),
          requester: str | None = "alice@x.example", decision: str = "approve") -> None:
    rules.check_decision(number="REQ-000001", status=status, decided_by="marc@x.example" if status != "pending"
                         else None, approvers=approvers, requester_email=requester, person=person,
                         decision=decision)


def test_an_approver_decides_whatever_the_case_of_their_address() -> None:
    check(" Marc@X.example ")
    check("marc@x.example", decision="reject")


def test_the_requester_never_approves_their_own_request() -> None:
    with pytest.raises(SelfApproval):
        check("alice@x.example", approvers=("alice@x.example", "marc@x.example"))


@pytest.mark.parametrize("person", ["bob@x.example", "", "marc@x.example.evil"])
def test_only_an_approver_decides(person: str) -> None:
    with pytest.raises(NotAnApprover):
        check(person)


@pytest.mark.parametrize("status", ["approved", "rejected", "withdrawn"])
def test_a_decided_step_is_decided_once(status: str) -> None:
    with pytest.raises(AlreadyDecided) as error:
        check("marc@x.example", status=status)
    assert error.value.status == status and error.value.decided_by == "marc@x.example"


def test_a_decision_is_approve_or_reject() -> None:
    with pytest.raises(ValueError):
        check("marc@x.example", decision="maybe")


def test_the_requester_is_left_out_of_the_approvers() -> None:
    assert rules.approvers_of(["ALICE@x.example", "marc@x.example", None, "Marc@x.example"],
                              "alice@x.example") == ["marc@x.example"]


def test_reminder_and_escalation_count_business_hours() -> None:
    friday_5pm = datetime(2026, 12, 4, 16, 0, tzinfo=UTC)  # 17:00 in Paris, an hour before closing
    rule = rules.ApprovalRule("laptop", ("manager",), timedelta(hours=4), timedelta(hours=8), "manager")
    remind, escalate = rules.deadlines(OFFICE, friday_5pm, rule)
    assert remind == datetime(2026, 12, 7, 11, 0, tzinfo=UTC)  # Monday 12:00 in Paris: 1 h Friday, 3 h Monday
    assert escalate == datetime(2026, 12, 7, 15, 0, tzinfo=UTC)


def test_an_items_rule_takes_the_clients_defaults() -> None:
    settings = desk().settings
    laptop, access = rules.rule_for(settings, "laptop"), rules.rule_for(settings, "access")
    assert laptop == rules.ApprovalRule("laptop", ("manager",), timedelta(hours=4), timedelta(hours=8), "manager")
    assert access is not None and access.escalate_to == DELEGATE and access.remind_after == timedelta(hours=2)
    assert rules.rule_for(settings, "badge") is None and rules.rule_for(settings, "unknown") is None
    assert rules.group_members(settings, "finance") == ("daf@client.example", "compta@client.example")
