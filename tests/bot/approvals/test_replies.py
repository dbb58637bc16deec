"""Reading an approver's e-mail reply: its first word decides, the rest is the reason."""

import pytest

from bot.approvals.replies import decision_of


@pytest.mark.parametrize(("text", "expected"), [
    ("Approve", ("approve", "")), ("oui", ("approve", "")), ("OK, go ahead", ("approve", "go ahead")),
    ("D'accord : budget validé", ("approve", "budget validé")), ("Approuvé.", ("approve", "")),
    ("non, pas de budget cette année", ("reject", "pas de budget cette année")),
    ("Reject\n\nNot this quarter.", ("reject", "Not this quarter.")), ("Refusé !", ("reject", "")),
])
def test_a_decision_and_its_reason(text: str, expected: tuple[str, str]) -> None:
    assert decision_of(text) == expected


@pytest.mark.parametrize("text", ["", "Could you tell me more?", "Je regarde et je reviens vers vous", "nonsense"])
def test_any_other_reply_decides_nothing(text: str) -> None:
    assert decision_of(text) is None
