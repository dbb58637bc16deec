"""What each role may do (servicedesk/accounts/rules.py's permission API), without a database: an agent works its
grants, a lead also sees and manages the agents of the clients it leads, an admin also manages the desk."""

from typing import get_args

import pytest

from servicedesk.accounts import rules

LEAD = {"alpha": [], "bravo": ["Infrastructure"]}  # leads alpha, and bravo's Infrastructure group only


@pytest.mark.parametrize("role, allowed", [
    ("agent", {"work"}),
    ("editor", {"edit_kb"}),
    ("lead", {"work", "see_team", "manage_team", "see_reports", "announce", "edit_kb", "manage_people"}),
    ("admin", {"work", "see_team", "manage_team", "see_reports", "announce", "edit_kb", "manage_people",
               "manage_accounts", "see_audit"}),
])
def test_each_role_may_its_actions_on_its_clients_only(role, allowed) -> None:
    for action in get_args(rules.Action):
        assert rules.may(role, {"alpha"}, action, "alpha") == (action in allowed), (role, action)
        # a client action never reaches a client not granted; a desk action needs none
        assert rules.may(role, {"alpha"}, action, "bravo") == (action in allowed & rules.DESK_ACTIONS)
    assert not rules.may(role, set(), "work")  # "on any client" with none granted


def test_an_unknown_role_or_action_may_nothing() -> None:
    assert not rules.may("root", {"alpha"}, "work", "alpha")
    assert not rules.may("admin", {"alpha"}, "delete_everything", "alpha")  # type: ignore[arg-type]


def test_a_lead_manages_the_agents_of_its_clients_and_no_one_else() -> None:
    assert rules.may_manage("lead", LEAD, "agent", {"alpha": []})
    assert rules.may_manage("lead", LEAD, "agent", {"alpha": ["Network"], "bravo": ["Infrastructure"]})
    assert not rules.may_manage("lead", LEAD, "agent", {"alpha": [], "charlie": []})  # shared with another lead
    assert not rules.may_manage("lead", LEAD, "agent", {"bravo": []})  # all of bravo: more than it leads
    assert not rules.may_manage("lead", LEAD, "agent", {})  # nobody's agent is not its agent
    assert not rules.may_manage("lead", LEAD, "lead", {"alpha": []})
    assert not rules.may_manage("lead", LEAD, "admin", {"alpha": []})
    assert not rules.may_manage("agent", {"alpha": []}, "agent", {"alpha": []})
    assert rules.may_manage("admin", {}, "lead", {"charlie": []})


def test_a_lead_gives_what_it_leads_to_agents_and_an_admin_what_it_holds_to_anyone() -> None:
    assert rules.may_give("lead", LEAD, "agent", "alpha", [])
    assert rules.may_give("lead", LEAD, "agent", "bravo", ["Infrastructure"])
    assert not rules.may_give("lead", LEAD, "agent", "bravo", [])  # every group of bravo
    assert not rules.may_give("lead", LEAD, "agent", "bravo", ["Applications"])
    assert not rules.may_give("lead", LEAD, "agent", "charlie", [])
    assert not rules.may_give("lead", LEAD, "lead", "alpha", [])
    assert not rules.may_give("agent", {"alpha": []}, "agent", "alpha", [])
    assert rules.may_give("admin", {"alpha": []}, "lead", "alpha", ["Network"])
    assert not rules.may_give("admin", {"alpha": []}, "agent", "bravo", [])
