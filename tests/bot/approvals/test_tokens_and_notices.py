"""What an approval's button or link carries, and what approvers and requesters read, without a door."""

import pytest

from bot.approvals import notices
from bot.approvals.tokens import ApprovalToken, TokenInvalid, read, sign
from bot.notices import render
from bot.slack.blocks import APPROVAL_ACTIONS
from bot.slack.blocks import render as slack_render
from bot.teams.cards import APPROVAL_KEY, REASON_INPUT, approval_of
from bot.teams.cards import card as teams_card
from servicedesk.notifications.models import Notification

TOKEN = ApprovalToken("demo", 7, "a" * 32, "marc@client.example")
PAYLOAD = {"number": "REQ-000042", "approval_id": 7, "item": "Laptop", "requester": "alice@client.example",
           "justification": "new project", "requested_for": "", "needed_by": "", "description": "I need a laptop"}


def test_a_token_reads_back_only_with_its_secret() -> None:
    value = sign(TOKEN, "secret")
    assert read(value, "secret") == TOKEN
    with pytest.raises(TokenInvalid):
        read(value, "another secret")
    with pytest.raises(TokenInvalid):
        read(value[:-2] + ("AA" if value[-2:] != "AA" else "BB"), "secret")
    with pytest.raises(TokenInvalid):
        read(value, "secret", max_age=-1)


@pytest.mark.parametrize(("language", "expected"), [
    ("fr", "alice@client.example demande votre approbation pour « Laptop » (REQ-000042).\nMotif : new project"),
    ("en", "alice@client.example asks for your approval of \"Laptop\" (REQ-000042).\nReason given: new project")])
def test_the_approvers_question_in_their_language(language: str, expected: str) -> None:
    text = notices.render("approval_request", PAYLOAD, language)  # type: ignore[arg-type]
    assert text is not None and text.startswith(expected) and "I need a laptop" in text


def test_the_requester_reads_the_outcome_with_who_and_why() -> None:
    row = Notification(event="approval_decided", recipient="slack:T1:U1", language="en",
                       payload={"number": "REQ-000042", "outcome": "rejected", "by": "marc@client.example",
                                "reason": "no budget"})
    assert render(row) == ("Your request REQ-000042 was rejected by marc@client.example; it is cancelled.\n"
                           "Reason: no budget")


def test_the_status_change_of_a_decision_is_left_to_its_outcome() -> None:
    row = Notification(event="status_changed", recipient="slack:T1:U1", language="fr",
                       payload={"number": "REQ-000042", "from": "pending", "to": "assigned",
                                "reason_code": "approval_approved"})
    assert render(row) is None
    waiting = Notification(event="status_changed", recipient="slack:T1:U1", language="fr",
                           payload={"number": "REQ-000042", "from": "assigned", "to": "pending",
                                    "reason_code": "awaiting_approval"})
    assert "il attend une approbation avant d'être traité" in (render(waiting) or "")


def test_an_e_mail_question_links_to_the_confirmation_page() -> None:
    text = notices.mail_text("Question", "https://desk.example/", "tok.en", "en")
    assert "Approve: https://desk.example/approvals/tok.en?decision=approve" in text
    assert "Reject: https://desk.example/approvals/tok.en?decision=reject" in text and "reply" in text


def test_slack_draws_approve_and_reject_with_the_token() -> None:
    blocks = slack_render(notices.chat_message("Question", "tok", "fr"))["blocks"]
    (actions,) = [block for block in blocks if block["type"] == "actions"]
    assert [(e["action_id"], e["value"], e["text"]["text"]) for e in actions["elements"]] == [
        (APPROVAL_ACTIONS["approve"], "tok", "Approuver"), (APPROVAL_ACTIONS["reject"], "tok", "Refuser")]
    assert actions["block_id"].endswith("_fr")


def test_teams_draws_a_reason_and_two_submits_read_back_by_the_door() -> None:
    body = teams_card(notices.chat_message("Question", "tok", "en"))["body"]
    assert any(part.get("id") == REASON_INPUT for part in body)
    (actions,) = [part["actions"] for part in body if part["type"] == "ActionSet"]
    assert [action["data"] for action in actions] == [{APPROVAL_KEY: "tok", "relais_decision": "approve"},
                                                      {APPROVAL_KEY: "tok", "relais_decision": "reject"}]
    assert approval_of({**actions[1]["data"], REASON_INPUT: "  no  budget "}) == ("tok", "reject", "no budget")
    assert approval_of({"relais_payload": "/affirm"}) is None
