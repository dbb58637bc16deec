"""An approver's buttons in Slack: Approve decides at once; Reject opens a modal for the reason, which the
requester will read, and decides on its submission. The person deciding is who Slack says clicked (their
verified profile address, else the people directory's entry for their Slack id), checked against the approver
the button's token was made for (bot.approvals.decisions): another user's click, a replayed or forged value
decide nothing, and are answered privately, to the clicker alone. Once decided, the message shows the decision
instead of its buttons."""

import json
from functools import partial
from typing import Any

from slack_bolt.async_app import AsyncApp
from slack_sdk.web.async_client import AsyncWebClient

from bot.approvals.decisions import Decisions, Outcome
from bot.errors import ChannelUnavailable
from bot.slack import places
from bot.slack.blocks import APPROVAL_ACTIONS, escape, with_choice
from bot.slack.outlet import slack_errors
from bot.slack.users import UserNames
from bot.texts import say, say_both
from servicedesk.language import Language

REASON_VIEW = "relais_approval_reason"
_REASON_BLOCK = "reason"


def register(app: AsyncApp, decisions: Decisions, names: UserNames) -> None:
    app.action(APPROVAL_ACTIONS["approve"])(partial(handle_approval_approve, decisions=decisions, names=names))
    app.action(APPROVAL_ACTIONS["reject"])(partial(handle_approval_reject, decisions=decisions))
    app.view(REASON_VIEW)(partial(handle_approval_reason, decisions=decisions, names=names))


async def handle_approval_approve(ack: Any, body: dict[str, Any], action: dict[str, Any], client: AsyncWebClient,
                                  *, decisions: Decisions, names: UserNames) -> None:
    await ack()
    team, user = _team(body), str(body["user"]["id"])
    channel, ts = _message_of(body)
    outcome = await _decide(decisions, names, client, team, user, str(action.get("value") or ""), "approve", "")
    await _show(client, channel, ts, user, outcome, (body.get("message") or {}).get("blocks") or [])


async def handle_approval_reject(ack: Any, body: dict[str, Any], action: dict[str, Any], client: AsyncWebClient,
                                 *, decisions: Decisions) -> None:
    await ack()
    channel, ts = _message_of(body)
    block = str(action.get("block_id") or "")
    language: Language = "en" if block.endswith("_en") else "fr"  # blocks.approval_blocks names it
    metadata = json.dumps({"token": str(action.get("value") or ""), "channel": channel, "ts": ts})
    view = {"type": "modal", "callback_id": REASON_VIEW, "private_metadata": metadata,
            "title": _plain(say("approval.modal_title", language)),
            "submit": _plain(say("approval.modal_submit", language)),
            "close": _plain(say("approval.modal_cancel", language)),
            "blocks": [{"type": "input", "block_id": _REASON_BLOCK,
                        "label": _plain(say("approval.reason", language)),
                        "element": {"type": "plain_text_input", "action_id": "value", "multiline": True,
                                    "max_length": 1000}}]}
    async with slack_errors("views.open"):
        await client.views_open(trigger_id=body["trigger_id"], view=view)


async def handle_approval_reason(ack: Any, body: dict[str, Any], client: AsyncWebClient, *,
                                 decisions: Decisions, names: UserNames) -> None:
    view = body["view"]
    reason = str(((view.get("state") or {}).get("values") or {}).get(_REASON_BLOCK, {}).get("value", {})
                 .get("value") or "").strip()
    if not reason:
        await ack(response_action="errors", errors={_REASON_BLOCK: say_both("approval.reason_needed")})
        return
    await ack()
    metadata = json.loads(view.get("private_metadata") or "{}")
    team, user = _team(body), str(body["user"]["id"])
    outcome = await _decide(decisions, names, client, team, user, str(metadata.get("token") or ""), "reject",
                            reason)
    await _show(client, str(metadata.get("channel") or ""), str(metadata.get("ts") or ""), user, outcome, None)


async def _decide(decisions: Decisions, names: UserNames, client: AsyncWebClient, team: str, user: str,
                  token: str, decision: str, reason: str) -> Outcome:
    who = await names.user_of(client, team, user)
    return await decisions.decide(token, decision=decision, via="slack", reason=reason, email=who.email,
                                  user=places.requester(team, user))


async def _show(client: AsyncWebClient, channel: str, ts: str, user: str, outcome: Outcome,
                blocks: list[dict[str, Any]] | None) -> None:
    """Decided: the message loses its buttons and says the decision. Refused: said to the clicker alone."""
    try:
        if outcome.decided and channel and ts:
            if blocks is None:
                found = await client.conversations_history(channel=channel, latest=ts, inclusive=True, limit=1)
                blocks = ((found.get("messages") or [{}])[0]).get("blocks") or []
            async with slack_errors("chat.update"):
                await client.chat_update(channel=channel, ts=ts, text=escape(outcome.text),
                                         blocks=with_choice(blocks, outcome.text))
        elif channel:
            async with slack_errors("chat.postEphemeral"):
                await client.chat_postEphemeral(channel=channel, user=user, text=escape(outcome.text))
    except ChannelUnavailable:
        pass  # the decision (or its refusal) is recorded either way; the message is only its echo


def _message_of(body: dict[str, Any]) -> tuple[str, str]:
    container, message = body.get("container") or {}, body.get("message") or {}
    channel = str(container.get("channel_id") or (body.get("channel") or {}).get("id") or "")
    return channel, str(container.get("message_ts") or message.get("ts") or "")


def _team(body: dict[str, Any]) -> str:
    return str((body.get("team") or {}).get("id") or (body.get("user") or {}).get("team_id") or "")


def _plain(text: str) -> dict[str, Any]:
    return {"type": "plain_text", "text": text[:24], "emoji": True}
