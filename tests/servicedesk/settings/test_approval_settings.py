"""Approvals in a client's settings: each catalogue item's `approval:` in the forms people write it, the
client's `approvals:` section, and what the schema refuses (unknown approvers, an escalation before its reminder)."""

from datetime import timedelta
from typing import Any

import pytest

from servicedesk.errors import InvalidSettings
from servicedesk.settings import load_text
from servicedesk.settings.document import ClientSettings
from tests.servicedesk.settings.document import document, dump

FINANCE = {"name": "finance", "members": ["daf@client.example", "compta@client.example"]}


def item(approval: Any) -> dict[str, Any]:
    return {"code": "licence", "name": {"fr": "Licence", "en": "Licence"}, "aliases": ["licence"],
            "approval": approval}


def load(approval: Any, approvals: dict[str, Any] | None = None) -> ClientSettings:
    raw = document()
    raw["requests"] = [item(approval)]
    raw["approvals"] = approvals if approvals is not None else {"groups": [FINANCE]}
    return load_text(dump(raw), source="approvals.yml")


def problems(approval: Any, approvals: dict[str, Any] | None = None) -> list[str]:
    with pytest.raises(InvalidSettings) as error:
        load(approval, approvals)
    return error.value.problems


@pytest.mark.parametrize("written", [False, None, "none"])
def test_no_approval_in_any_words(written: Any) -> None:
    (entry,) = load(written).requests
    assert not entry.approval and entry.approval_policy is None


@pytest.mark.parametrize(("written", "steps"), [(True, ("manager",)), ("manager", ("manager",)),
                                                ("finance", ("finance",)), (["manager", "finance"],
                                                                            ("manager", "finance"))])
def test_who_approves_in_short(written: Any, steps: tuple[str, ...]) -> None:
    (entry,) = load(written).requests
    assert entry.approval and entry.approval_policy is not None and entry.approval_policy.steps == steps


def test_the_whole_policy_and_the_clients_defaults() -> None:
    settings = load({"steps": ["manager", "finance"], "remind_after": "4h", "escalate_after": "12h",
                     "escalate_to": "deputy@client.example"}, {"sla": "run", "groups": [FINANCE]})
    policy = settings.requests[0].approval_policy
    assert policy is not None and policy.remind_after == timedelta(hours=4) and policy.escalate_to == \
        "deputy@client.example"
    assert settings.approvals.sla == "run" and settings.approvals.escalate_after == timedelta(hours=16)


def test_the_settings_survive_their_own_dump() -> None:
    settings = load(["manager", "finance"])
    again = ClientSettings.model_validate(settings.model_dump())
    assert again.requests[0].approval_policy == settings.requests[0].approval_policy


def test_an_unknown_approver_is_named() -> None:
    (problem,) = problems(["manager", "legal"])
    assert 'requests["licence"].approval' in problem and "no approval group 'legal'" in problem


def test_an_escalation_before_its_reminder_is_refused() -> None:
    (problem,) = problems({"steps": ["manager"], "remind_after": "8h", "escalate_after": "4h"})
    assert "escalate_after (4h) must come after remind_after (8h)" in problem


@pytest.mark.parametrize("approvals", [{"groups": [{"name": "manager", "members": ["a@client.example"]}]},
                                       {"groups": [FINANCE, FINANCE]}, {"sla": "sometimes"},
                                       {"groups": [{"name": "finance", "members": []}]},
                                       {"escalate_to": "not an address"}])
def test_a_wrong_approvals_section_is_refused(approvals: dict[str, Any]) -> None:
    assert problems("manager", approvals)


def test_an_approver_asked_twice_is_refused() -> None:
    assert any("twice" in problem for problem in problems(["finance", "finance"]))
