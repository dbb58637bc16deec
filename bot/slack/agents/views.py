"""The modals' submissions: set pending (what the user must provide) and resolve (the closure codes and the
solution). The resolve modal is checked against the client's closure codes before it is acknowledged, so that
a wrong or missing code is shown on its field; the step itself (bot.handoff.Handoff's) comes after the
acknowledgement, and a step refused meanwhile is told privately in the card's thread."""

import asyncio
from functools import partial
from typing import Any

from slack_bolt.async_app import AsyncApp

from bot.errors import explain
from bot.slack import cards
from bot.slack.agents.desk import SlackAgentDesk, team_of
from bot.slack.agents.texts import hint
from servicedesk.conversations.takeovers import Holder
from servicedesk.errors import InvalidClosureCode, MissingClosureCodes, ServiceDeskError
from servicedesk.language import Language
from servicedesk.tickets import workflow


def register(app: AsyncApp, agent_desk: SlackAgentDesk) -> None:
    app.view(cards.PENDING)(partial(handle_pending_submission, agent_desk=agent_desk))
    app.view(cards.RESOLVE)(partial(handle_resolve_submission, agent_desk=agent_desk))


async def handle_pending_submission(ack: Any, body: dict[str, Any], *, agent_desk: SlackAgentDesk) -> None:
    client, takeover_id = cards.parse_value(body["view"]["private_metadata"])
    reason = cards.submitted(body["view"]).get("reason", "")
    found = await asyncio.to_thread(agent_desk.holder, client, takeover_id)
    if found is None:
        await ack()
        return
    holder, _ = found
    if not reason:
        await ack(response_action="errors", errors={"reason": hint(holder.language, "required")})
        return
    await ack()
    agent = await agent_desk.agent(team_of(body), body["user"]["id"])
    try:
        await agent_desk.handoff.set_pending(client, takeover_id, agent.id, reason)
    except ServiceDeskError as error:
        await agent_desk.tell_in_card(holder, agent, _failed(error, holder))
        return
    await agent_desk.update_card(client, takeover_id, pending_reason=reason)


async def handle_resolve_submission(ack: Any, body: dict[str, Any], *, agent_desk: SlackAgentDesk) -> None:
    client, takeover_id = cards.parse_value(body["view"]["private_metadata"])
    values = cards.submitted(body["view"])
    found = await asyncio.to_thread(agent_desk.holder, client, takeover_id)
    if found is None:
        await ack()
        return
    holder, desk = found
    try:
        # servicedesk's own checks, before Slack is answered: each error is then shown on its field
        workflow.check_closure(agreements=desk, category=values.get("category"),
                               cause_code=values.get("cause_code"), resolution_code=values.get("resolution_code"),
                               solution=values.get("solution"))
    except (MissingClosureCodes, InvalidClosureCode) as error:
        await ack(response_action="errors", errors=_closure_errors(error, holder.language))
        return
    await ack()
    agent = await agent_desk.agent(team_of(body), body["user"]["id"])
    try:
        await agent_desk.handoff.resolve(client, takeover_id, agent.id, agent.name, category=values["category"],
                                         cause_code=values["cause_code"], resolution_code=values["resolution_code"],
                                         solution=values["solution"])
    except ServiceDeskError as error:  # taken back or resolved meanwhile
        await agent_desk.tell_in_card(holder, agent, _failed(error, holder))
        return
    await agent_desk.update_card(client, takeover_id)


def _closure_errors(error: MissingClosureCodes | InvalidClosureCode, language: Language) -> dict[str, str]:
    if isinstance(error, MissingClosureCodes):
        return {name: hint(language, "required") for name in error.missing}
    return {error.field: hint(language, "unknown_code")}


def _failed(error: ServiceDeskError, holder: Holder) -> str:
    return hint(holder.language, "failed", error=explain(error, holder.language))
