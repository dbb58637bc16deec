"""An approval decided from a Teams card, through the real Teams door (Bot Framework SDK) and the local connector
stand-in: the manager's question arrives in their chat as an Adaptive Card with a reason field, and its Reject
submit (with the reason typed) rejects the request; a submit from another user decides nothing."""

from typing import Any

from botbuilder.schema import ChannelAccount

from bot.approvals.decisions import Decisions
from bot.approvals.delivery import ApprovalQuestions
from bot.delivery import Delivery
from bot.teams import places
from bot.teams.cards import DECISION_KEY, REASON_INPUT
from tests.bot.approvals.scene import MANAGER, approval_of, people, request, ticket_of
from tests.bot.teams.conftest import TENANT

SECRET = "approval-secret"
PAUL_AAD, PAUL_ID, PAUL_CHAT = "00000000-0000-0000-0000-00000000a0a1", "29:1paul", "a:1paul-personal-chat"


class NoAgents:
    """The delivery's agents' desk: nothing of this test goes to the agents' channel."""


def paul() -> str:
    return places.requester(TENANT, ChannelAccount(id=PAUL_ID, aad_object_id=PAUL_AAD))


async def ask(staged) -> dict[str, Any]:
    """Paul talked to Relais in Teams once; the outbox then puts Marie's request to him there, as a card."""
    await staged.say("bonjour", user_id=PAUL_ID, aad_object_id=PAUL_AAD, conversation_id=PAUL_CHAT,
                     user_name="Paul Martin")
    number = request(staged.directory)
    delivery = Delivery(staged.directory, {"teams": staged.door.outlet}, NoAgents(),  # type: ignore[arg-type]
                        staged.rasa.client, interval=1, approvals=ApprovalQuestions(SECRET, "http://doors.test"))
    await delivery.run_once()
    (card,) = [a for a in staged.connector.in_conversation(PAUL_CHAT)
               if a.method == "POST" and a.activity.get("attachments")]
    body = card.activity["attachments"][0]["content"]["body"]
    assert any(part.get("id") == REASON_INPUT for part in body)
    (actions,) = [part["actions"] for part in body if part["type"] == "ActionSet"]
    return {"number": number, "id": card.activity["id"], "actions": {a["data"][DECISION_KEY]: a for a in actions}}


def test_the_manager_rejects_from_the_card_with_a_reason(stage, directory) -> None:
    people(directory, manager_chat_id=paul())
    found: dict[str, Any] = {}

    async def scenario(staged) -> None:
        card = await ask(staged)
        found.update(card)
        reject = card["actions"]["reject"]
        assert reject["title"] == "Refuser" and card["actions"]["approve"]["title"] == "Approuver"
        await staged.say(user_id=PAUL_ID, aad_object_id=PAUL_AAD, conversation_id=PAUL_CHAT, reply_to_id=card["id"],
                         value={**reject["data"], REASON_INPUT: ""})
        assert approval_of(directory, card["number"]).status == "pending"  # asked for a reason first
        await staged.say(user_id=PAUL_ID, aad_object_id=PAUL_AAD, conversation_id=PAUL_CHAT, reply_to_id=card["id"],
                         value={**reject["data"], REASON_INPUT: "Pas prévu au budget"})
        updated = [a for a in staged.connector.in_conversation(PAUL_CHAT) if a.method == "PUT"]
        assert updated and "Vous avez refusé la demande" in str(updated[-1].activity)

    stage(scenario, approvals=Decisions(directory, SECRET))
    approval = approval_of(directory, found["number"])
    assert (approval.status, approval.decided_by, approval.decided_via, approval.reason) == (
        "rejected", MANAGER, "teams", "Pas prévu au budget")
    assert ticket_of(directory, found["number"]).status == "cancelled"


def test_another_users_submit_decides_nothing(stage, directory) -> None:
    people(directory, manager_chat_id=paul())
    found: dict[str, Any] = {}

    async def scenario(staged) -> None:
        card = await ask(staged)
        found.update(card)
        await staged.say(value={**card["actions"]["approve"]["data"]})  # Alice, the default user, submits it
        said = [a.activity.get("text") or "" for a in staged.connector.activities if a.method == "POST"]
        assert any("ne vous a pas été demandée" in text for text in said)

    stage(scenario, approvals=Decisions(directory, SECRET))
    assert approval_of(directory, found["number"]).status == "pending"
