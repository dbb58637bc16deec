"""An approval decided from Slack, through the real Slack door (bolt, signed requests) and the local Slack Web API
stand-in: the manager's question reaches their DM with Approve / Reject, a click approves, a Reject asks for the
reason in a modal whose submission rejects, and a click by anyone else decides nothing."""

import json
import time
import uuid
from typing import Any

from bot.approvals.decisions import Decisions
from bot.approvals.delivery import ApprovalQuestions
from bot.delivery import Delivery
from bot.slack import places
from bot.slack.approvals import REASON_VIEW
from bot.slack.blocks import APPROVAL_ACTIONS
from bot.slack.outlet import SlackOutlet
from servicedesk.conversations import service as conversations
from servicedesk.database import unit_of_work
from standins.slack_signing import API_APP_ID, interaction_body
from tests.bot.approvals.scene import MANAGER, approval_of, people, request, ticket_of
from tests.bot.slack.conftest import TEAM

SECRET = "approval-secret"
PAUL, INTRUDER, DM = "UPAUL", "UINTRUDER", "DUPAUL"  # the stand-in opens DMs as D<user>


def scene(directory, slack) -> str:
    """Paul, Marie's manager, talks to Relais in Slack; Marie asks for an access that needs his approval."""
    people(directory, manager_chat_id=places.requester(TEAM, PAUL))
    slack.users[PAUL] = {"profile": {"real_name": "Paul Martin", "email": MANAGER}}
    with unit_of_work(directory.sessions("demo")) as session:
        conversations.remember(db_session=session, key=places.conversation(TEAM, DM, None), channel="slack",
                               requester=places.requester(TEAM, PAUL), address=places.address(TEAM, DM, None, PAUL),
                               language="fr")
    return request(directory)


async def ask(stage, directory) -> dict[str, Any]:
    """Deliver the outbox through the Slack outlet: the question as posted, with its buttons."""
    delivery = Delivery(directory, {"slack": SlackOutlet(stage.workspaces.client_for)}, stage.desk, stage.rasa.client,
                        interval=1, approvals=ApprovalQuestions(SECRET, "http://doors.test"))
    await delivery.run_once()
    (posted,) = [call for call in stage.slack.calls_to("chat.postMessage") if _has_actions(blocks_of(call.params))]
    return {"ts": "1700000000.000100", "text": posted.params.get("text"), "blocks": blocks_of(posted.params),
            "channel": posted.params.get("channel")}


def blocks_of(params: dict[str, Any]) -> list[dict[str, Any]]:
    blocks = params.get("blocks") or []
    return json.loads(blocks) if isinstance(blocks, str) else blocks


def _has_actions(blocks: list[dict[str, Any]]) -> bool:
    return any(block.get("type") == "actions" for block in blocks)


def button(message: dict[str, Any], decision: str) -> dict[str, Any]:
    (actions,) = [block for block in message["blocks"] if block.get("type") == "actions"]
    element = next(e for e in actions["elements"] if e["action_id"] == APPROVAL_ACTIONS[decision])
    return {**element, "block_id": actions["block_id"], "type": "button"}


def reason_submission(user: str, metadata: str, reason: str) -> dict[str, Any]:
    return {"type": "view_submission", "token": "verification-token-unused", "api_app_id": API_APP_ID,
            "team": {"id": TEAM, "domain": TEAM.lower()},
            "user": {"id": user, "username": user.lower(), "name": user.lower(), "team_id": TEAM},
            "trigger_id": f"{int(time.time())}.1.{uuid.uuid4().hex[:8]}",
            "view": {"id": "V1", "team_id": TEAM, "type": "modal", "callback_id": REASON_VIEW,
                     "private_metadata": metadata,
                     "state": {"values": {"reason": {"value": {"type": "plain_text_input", "value": reason}}}}}}


def test_the_manager_approves_with_a_click(stage, directory, slack) -> None:
    number = scene(directory, slack)

    async def scenario(staged) -> None:
        staged.slack = slack
        message = await ask(staged, directory)
        assert message["channel"] == DM and "demande votre approbation" in message["text"]
        response = await staged.click(PAUL, DM, message, button(message, "approve"))
        assert response.status_code == 200
        (update,) = slack.calls_to("chat.update")
        assert "Vous avez approuvé la demande" in json.dumps(update.params, ensure_ascii=False)
        assert not _has_actions(blocks_of(update.params))  # no button left to click twice

    stage(scenario, approvals=Decisions(directory, SECRET))
    approval = approval_of(directory, number)
    assert (approval.status, approval.decided_by, approval.decided_via) == ("approved", MANAGER, "slack")
    assert ticket_of(directory, number).status == "assigned"


def test_a_rejection_takes_its_reason_from_the_modal(stage, directory, slack) -> None:
    number = scene(directory, slack)

    async def scenario(staged) -> None:
        staged.slack = slack
        message = await ask(staged, directory)
        await staged.click(PAUL, DM, message, button(message, "reject"))
        (opened,) = slack.calls_to("views.open")
        view = opened.params["view"]
        view = json.loads(view) if isinstance(view, str) else view
        assert view["callback_id"] == REASON_VIEW and view["title"]["text"] == "Refuser la demande"
        empty = await staged.post(interaction_body(reason_submission(PAUL, view["private_metadata"], " ")))
        assert json.loads(empty.text)["response_action"] == "errors"  # a rejection needs its reason
        assert approval_of(directory, number).status == "pending"
        await staged.post(interaction_body(reason_submission(PAUL, view["private_metadata"],
                                                             "Pas de budget ce trimestre")))

    stage(scenario, approvals=Decisions(directory, SECRET))
    approval = approval_of(directory, number)
    assert (approval.status, approval.reason, approval.decided_via) == ("rejected", "Pas de budget ce trimestre",
                                                                         "slack")
    assert ticket_of(directory, number).status == "cancelled"


def test_someone_elses_click_decides_nothing(stage, directory, slack) -> None:
    number = scene(directory, slack)

    async def scenario(staged) -> None:
        staged.slack = slack
        message = await ask(staged, directory)
        await staged.click(INTRUDER, DM, message, button(message, "approve"))
        (told,) = slack.calls_to("chat.postEphemeral")
        assert told.params["user"] == INTRUDER and "ne vous a pas été demandée" in told.params["text"]
        assert not slack.calls_to("chat.update")  # the approver's message keeps its buttons

    stage(scenario, approvals=Decisions(directory, SECRET))
    assert approval_of(directory, number).status == "pending"
