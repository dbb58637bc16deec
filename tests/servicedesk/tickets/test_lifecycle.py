import pytest

from servicedesk.errors import IllegalTransition
from servicedesk.tickets.lifecycle import Status, check_transition, counts_as_reopen

ALLOWED = {
    ("new", "assigned"), ("new", "in_progress"), ("new", "pending"), ("new", "resolved"), ("new", "cancelled"),
    ("assigned", "in_progress"), ("assigned", "pending"), ("assigned", "resolved"), ("assigned", "cancelled"),
    ("in_progress", "pending"), ("in_progress", "resolved"), ("in_progress", "cancelled"),
    ("pending", "assigned"), ("pending", "in_progress"), ("pending", "resolved"), ("pending", "cancelled"),
    ("resolved", "closed"), ("resolved", "in_progress"),
    ("closed", "in_progress"),
}


@pytest.mark.parametrize("current", [s.value for s in Status])
@pytest.mark.parametrize("target", [s.value for s in Status])
def test_the_whole_transition_table(current: str, target: str) -> None:
    reason = "requester" if target == "pending" else None
    if (current, target) in ALLOWED:
        check_transition(current, target, reason)
    else:
        with pytest.raises(IllegalTransition) as refused:
            check_transition(current, target, reason)
        assert current in str(refused.value) and target in str(refused.value)


@pytest.mark.parametrize("reason", ["requester", "third_party", "change", "approval"])
def test_pending_takes_one_of_four_reasons(reason: str) -> None:
    check_transition("in_progress", "pending", reason)


@pytest.mark.parametrize("reason", [None, "", "lunch"])
def test_pending_without_a_valid_reason_is_refused(reason) -> None:
    with pytest.raises(IllegalTransition, match="pending needs a reason"):
        check_transition("in_progress", "pending", reason)


def test_only_pending_takes_a_reason() -> None:
    with pytest.raises(IllegalTransition, match="only pending"):
        check_transition("pending", "in_progress", "requester")


def test_cancelled_is_final_and_says_so() -> None:
    with pytest.raises(IllegalTransition, match="nothing"):
        check_transition("cancelled", "in_progress")


def test_unknown_statuses_are_refused() -> None:
    with pytest.raises(IllegalTransition, match="unknown"):
        check_transition("open", "closed")


def test_what_counts_as_a_reopen() -> None:
    assert counts_as_reopen("resolved", "in_progress") and counts_as_reopen("closed", "in_progress")
    assert not counts_as_reopen("pending", "in_progress")
