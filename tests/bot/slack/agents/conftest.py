"""The level-2 agents' side in Slack under test: the real bolt app of the Slack door (signed requests) and the
real slack_sdk client against the Web API stand-in, on a bootstrapped client database; the user sits in the
web chat (a recording outlet) and Rasa is a script. A takeover waits for an agent in the demo client."""

import asyncio
import json
import time
import uuid
from collections.abc import Iterator
from typing import Any

import pytest
from slack_bolt.request.async_request import AsyncBoltRequest
from sqlalchemy import select

from bot.config import SlackConfig
from bot.delivery import Delivery
from bot.handoff import Handoff
from bot.relay import Relay
from bot.slack.agents import SlackAgentDesk
from bot.slack.door import SlackDoor
from bot.slack.outlet import SlackOutlet
from bot.slack.workspaces import Workspaces
from servicedesk.conversations import service as conversations
from servicedesk.conversations.models import Takeover
from servicedesk.level2_assignment import to_level2
from servicedesk.notifications.models import Notification
from servicedesk.tickets.kb_resolution import KnownFix, record_failed_fixes
from servicedesk.tickets.models import Ticket
from servicedesk.tickets.service import IncidentReport, LogLine, open_incident
from standins.doors import FakeRasa, RecordingOutlet
from standins.slack_api import Call, SlackApiStandIn
from standins.slack_signing import API_APP_ID, block_actions, event_envelope, interaction_body, signed_headers

SECRET = "signing-secret"
DESK_TEAM, AGENTS = "T0RELAISDESK", "C0DEMOAGENTS"
TOKENS = {DESK_TEAM: "xoxb-desk", "T0DEMOINDUS": "xoxb-demo"}
NADIA, LUCAS = "U0NADIA", "U0LUCAS"
USER = "webchat:demo:7c1e"  # the requester writes in the web chat: conversation and requester are the same


@pytest.fixture
def slack() -> Iterator[SlackApiStandIn]:
    people = {NADIA: "Nadia Haddad", LUCAS: "Lucas Petit"}
    users = {uid: {"real_name": name, "profile": {"real_name": name, "display_name": name.split()[0]}}
             for uid, name in people.items()}
    with SlackApiStandIn(teams={token: team for team, token in TOKENS.items()}, users=users) as stand_in:
        yield stand_in


class Bench:
    """The doors' wiring of bot/server.py, with a scripted Rasa and the web chat user recorded."""

    def __init__(self, directory: Any, slack: SlackApiStandIn) -> None:
        self.directory, self.slack = directory, slack
        self.rasa = FakeRasa()
        self.webchat = RecordingOutlet("webchat")
        config = SlackConfig(signing_secret=SECRET, bot_tokens=TOKENS, api_url=slack.url)
        workspaces = Workspaces(config)
        outlets: dict[str, Any] = {"webchat": self.webchat, "slack": SlackOutlet(workspaces.client_for)}
        self.learned: list[tuple[str, dict[str, str]]] = []  # what the client's KB was fed: (client, lesson)
        handoff = Handoff(directory, wake=lambda: None,
                          learn=lambda client, lesson: self.learned.append((client, lesson)))
        self.agents = SlackAgentDesk(workspaces.client_for, directory, handoff)
        self.delivery = Delivery(directory, outlets, self.agents, self.rasa.client, interval=60)
        self.relay = Relay(directory, self.rasa.client, self.agents)
        self.door = SlackDoor(config, self.relay, directory, self.agents, workspaces)

    async def post(self, body: bytes) -> dict[str, Any]:
        assert self.door.app is not None
        response = await self.door.app.async_dispatch(AsyncBoltRequest(body=body.decode(),
                                                                       headers=signed_headers(body, SECRET)))
        assert response.status == 200, response.body
        return json.loads(response.body) if response.body else {}

    async def click(self, user: str, action_id: str, takeover_id: int) -> None:
        card = self.card(takeover_id)
        message = {"ts": card["ts"], "text": "card", "blocks": []}
        await self.post(interaction_body(block_actions(DESK_TEAM, user, AGENTS, message, {
            "action_id": action_id, "value": f"demo:{takeover_id}", "text": {"type": "plain_text", "text": "x"}})))

    async def submit(self, user: str, callback_id: str, takeover_id: int, values: dict[str, str | None]) -> dict:
        return await self.post(interaction_body(view_submission(user, callback_id, f"demo:{takeover_id}", values)))

    async def say_in_thread(self, user: str, takeover_id: int, text: str) -> None:
        thread = self.card(takeover_id)["ts"]
        event = {"type": "message", "channel": AGENTS, "user": user, "text": text, "ts": f"{time.time():.6f}",
                 "thread_ts": thread, "channel_type": "channel"}
        await self.post(event_envelope(DESK_TEAM, event))

    async def wait(self, method: str, predicate=lambda call: True) -> Call:
        return await asyncio.to_thread(self.slack.wait_for, method, predicate, 10)

    def card(self, takeover_id: int) -> dict[str, Any]:
        with self.directory.sessions("demo")() as session:
            return dict(session.get(Takeover, takeover_id).card)

    def ticket(self, number: str) -> Ticket:
        session = self.directory.sessions("demo")()
        return session.scalar(select(Ticket).where(Ticket.number == number))

    def outbox(self) -> list[Notification]:
        with self.directory.sessions("demo")() as session:
            return list(session.scalars(select(Notification).order_by(Notification.id)))

    async def told(self) -> list[str]:
        """What the web chat user was told, once the outbox's delivery has passed (a step queues the notices)."""
        await self.delivery.run_once()
        return [message.text for _, messages in self.webchat.sent for message in messages]


def view_submission(user: str, callback_id: str, metadata: str, values: dict[str, str | None]) -> dict[str, Any]:
    state: dict[str, Any] = {}
    for block, value in values.items():
        if block in ("category", "cause_code", "resolution_code"):
            chosen = None if value is None else {"text": {"type": "plain_text", "text": value}, "value": value}
            state[block] = {"value": {"type": "static_select", "selected_option": chosen}}
        else:
            state[block] = {"value": {"type": "plain_text_input", "value": value}}
    return {"type": "view_submission", "token": "verification-token-unused", "api_app_id": API_APP_ID,
            "team": {"id": DESK_TEAM, "domain": "relaisdesk"},
            "user": {"id": user, "username": user.lower(), "name": user.lower(), "team_id": DESK_TEAM},
            "trigger_id": f"{int(time.time())}.1.{uuid.uuid4().hex[:8]}",
            "view": {"id": "V1", "team_id": DESK_TEAM, "type": "modal", "callback_id": callback_id,
                     "private_metadata": metadata, "state": {"values": state}, "hash": "h"}}


def waiting_takeover(directory) -> tuple[int, str]:
    """A web chat user whose VPN keeps dropping, a KB fix that did not help, and a request for a person."""
    with directory.unit_of_work("demo") as session:
        desk = directory.desk(session)
        transcript = [LogLine("requester", USER, "mon VPN coupe toutes les 5 minutes <!channel>"),
                      LogLine("bot", "relais", "Avez-vous un message d'erreur ?"),
                      LogLine("requester", USER, "non, il se déconnecte simplement")]
        ticket = open_incident(db_session=session, agreements=desk, transcript=transcript, report=IncidentReport(
            service="VPN", description="le VPN coupe toutes les 5 minutes", impact=3, urgency=3, requester=USER,
            channel="webchat", conversation_id=USER, language="fr"))
        record_failed_fixes(db_session=session, ticket=ticket, actor=USER,
                            tried=[KnownFix("kb-vpn-01", "Redémarrer le client VPN")])
        to_level2(db_session=session, ticket=ticket, desk=desk, actor=USER, reason="the KB fix failed")
        conversations.remember(db_session=session, key=USER, channel="webchat", requester=USER,
                               address={"key": "demo", "session": "7c1e"})
        takeover = conversations.request_takeover(db_session=session, ticket=ticket, conversation_key=USER,
                                                  actor=USER, reason="the KB fix failed")
        return takeover.id, ticket.number


def run(scenario) -> None:
    asyncio.run(scenario)


def texts_of(blocks: list[dict[str, Any]]) -> str:
    return json.dumps(blocks, ensure_ascii=False)
