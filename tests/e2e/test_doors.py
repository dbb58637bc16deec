"""The doors end to end: the real Rasa server and action server (the session's `bot`), the doors' process
(`python -m bot`) as `make run` starts it, and local stand-ins for Slack's Web API and the Bot Framework
connector receiving what Relais sends to the cloud. Requests reach the doors as Slack and Teams send them:
signed Events API and interactivity posts, Bot Framework activities.

A Slack user escalates, an agent takes over in the thread under the card, messages flow both ways while
the bot stays silent, the agent hands back and the bot answers again; the same for a Teams user whose
agent works in Slack; Slack's retries are answered once; a notification survives Slack being down.
"""

import json
import time
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

import httpx
import pytest
from sqlalchemy import select

from scripts import stack
from servicedesk.conversations.models import InboundMessage
from servicedesk.database import unit_of_work
from servicedesk.settings.current import desk_of
from servicedesk.tickets import workflow
from servicedesk.tickets.models import Ticket
from standins.bot_connector import BotConnectorStandIn, teams_activity
from standins.slack_api import Call, SlackApiStandIn
from standins.slack_signing import block_actions, event_envelope, interaction_body, signed_headers
from tests.e2e.conftest import Bot, free_port

pytestmark = pytest.mark.e2e

SECRET = "e2e-signing-secret"
USERS_TEAM, DESK_TEAM = "T0DEMOINDUS", "T0RELAISDESK"
AGENTS_CHANNEL = "C0DEMOAGENTS"
TENANT = "6f1c2d3e-demo-indus-tenant"
TOKENS = {"xoxb-demo": USERS_TEAM, "xoxb-desk": DESK_TEAM}
WAIT = 60  # seconds: a Rasa turn with actions takes a few seconds on a busy 2-core machine


@dataclass
class Doors:
    url: str
    slack: SlackApiStandIn
    teams: BotConnectorStandIn
    bot: Bot
    http: httpx.Client

    def post_slack(self, body: bytes, **headers: str) -> httpx.Response:
        response = self.http.post(f"{self.url}/slack/events", content=body,
                                  headers={**signed_headers(body, SECRET), **headers})
        assert response.status_code == 200, response.text
        return response

    def slack_message(self, team: str, channel: str, user: str, text: str, *, thread_ts: str | None = None,
                      channel_type: str = "im", event_id: str | None = None, retry: int | None = None) -> str:
        ts = f"{time.time():.6f}"
        event = {"type": "message", "channel": channel, "user": user, "text": text, "ts": ts,
                 "channel_type": channel_type}
        if thread_ts:
            event["thread_ts"] = thread_ts
        body = event_envelope(team, event, event_id=event_id)
        headers = {"X-Slack-Retry-Num": str(retry), "X-Slack-Retry-Reason": "http_timeout"} if retry else {}
        self.post_slack(body, **headers)
        return ts

    def click(self, team: str, user: str, channel: str, message: dict[str, Any], action_id: str) -> None:
        button = _button(message, action_id)
        payload = block_actions(team, user, channel, message, {"action_id": action_id, "value": button["value"],
                                                                "text": button["text"]})
        self.post_slack(interaction_body(payload))

    def posted(self, predicate: Callable[[Call], bool], after: int = 0) -> Call:
        return self.slack.wait_for("chat.postMessage", lambda c: self.slack.calls.index(c) >= after and predicate(c),
                                   timeout=WAIT)

    def mark(self) -> int:
        return len(self.slack.calls)


def _button(message: dict[str, Any], action_id: str) -> dict[str, Any]:
    for block in message.get("blocks") or []:
        for element in block.get("elements") or []:
            if element.get("action_id") == action_id:
                return element
    raise AssertionError(f"no {action_id} button in {json.dumps(message)[:800]}")


def _text(call: Call) -> str:
    return json.dumps([call.params.get("text"), call.params.get("blocks")], ensure_ascii=False)


@pytest.fixture(scope="module")
def doors(bot: Bot) -> Iterator[Doors]:
    assert bot.work is not None
    with SlackApiStandIn(teams=dict(TOKENS)) as slack, BotConnectorStandIn() as teams:
        port = free_port()
        env = {**bot.stores, "RELAIS_RASA_URL": bot.base_url, "RELAIS_BOT_PORT": str(port),
               "RELAIS_SLACK_SIGNING_SECRET": SECRET, "RELAIS_SLACK_API_URL": slack.url,
               "RELAIS_SLACK_BOT_TOKENS": ",".join(f"{team}={token}" for token, team in TOKENS.items()),
               "RELAIS_DELIVERY_INTERVAL": "0.5"}
        assert bot.secrets is not None
        service = stack.bot_server(bot.secrets, port, bot.base_url, env=env, log=bot.work / "doors.log")
        stack.start_all([service])
        try:
            yield Doors(f"http://127.0.0.1:{port}", slack, teams, bot, httpx.Client(timeout=30))
        finally:
            stack.stop_all([service])


def _ticket_of(bot: Bot, conversation: str) -> Ticket:
    with bot.tickets() as session:
        return session.scalars(select(Ticket).where(Ticket.conversation_id == conversation)
                               .order_by(Ticket.id.desc())).first()


def _bot_events(doors: Doors, conversation: str) -> int:
    tracker = doors.bot.http.get(f"{doors.bot.base_url}/conversations/{conversation}/tracker",
                                 params=doors.bot.token).json()
    return sum(1 for event in tracker["events"] if event["event"] == "bot")


def _outcomes(doors: Doors, conversation: str) -> list[tuple[str, str | None]]:
    with doors.bot.tickets() as session:
        journal = session.scalars(select(InboundMessage).where(InboundMessage.conversation_key == conversation)
                                  .order_by(InboundMessage.id))
        return [(message.text, message.outcome) for message in journal]


def _take_over(doors: Doors, agent: str, after: int) -> dict[str, Any]:
    """Wait for the handoff card in the agents' channel and click Take over; returns the card message."""
    card = doors.posted(lambda c: c.params.get("channel") == AGENTS_CHANNEL and "relais_take" in _text(c), after)
    assert card.token == "xoxb-desk"
    message = card.response["message"]
    doors.click(DESK_TEAM, agent, AGENTS_CHANNEL, message, "relais_take")
    return message


def _updated_card(doors: Doors, card_ts: str, action_id: str) -> dict[str, Any]:
    update = doors.slack.wait_for("chat.update", lambda c: c.params.get("ts") == card_ts and action_id in _text(c),
                                  timeout=WAIT)
    return {"ts": card_ts, "blocks": update.params.get("blocks"), "text": update.params.get("text")}


def test_a_slack_user_escalates_an_agent_takes_over_and_hands_back(doors: Doors) -> None:
    user, agent = f"U{uuid.uuid4().hex[:8].upper()}", "UAGENTJULIE"
    dm = f"D{user}"
    start = doors.mark()
    doors.slack_message(USERS_TEAM, dm, user, "Je voudrais parler à un technicien, s'il vous plaît")
    handed = doors.posted(lambda c: c.params.get("channel") == dm and "technicien" in _text(c), start)
    assert handed.token == "xoxb-demo"
    conversation = f"slack:{USERS_TEAM}:{dm}"
    ticket = _ticket_of(doors.bot, conversation)
    assert ticket.requester == f"slack:{USERS_TEAM}:{user}" and ticket.channel == "slack"

    card = _take_over(doors, agent, start)
    assert ticket.number in json.dumps(card)
    joined = doors.posted(lambda c: c.params.get("channel") == dm and ticket.number in _text(c)
                          and "technicien" in _text(c).lower(), doors.slack.calls.index(handed) + 1)
    assert joined

    # The user writes: it reaches the agent in the card's thread, and the bot says nothing.
    said_by_bot = _bot_events(doors, conversation)
    before = doors.mark()
    doors.slack_message(USERS_TEAM, dm, user, "Le VPN ne se connecte toujours pas depuis ce matin")
    relayed = doors.posted(lambda c: c.params.get("channel") == AGENTS_CHANNEL
                           and c.params.get("thread_ts") == card["ts"] and "toujours pas" in _text(c), before)
    assert relayed
    # The agent answers in the thread: it reaches the user in their DM.
    doors.slack_message(DESK_TEAM, AGENTS_CHANNEL, agent, "Bonjour, pouvez-vous redémarrer le client VPN ?",
                        thread_ts=card["ts"], channel_type="channel")
    doors.posted(lambda c: c.params.get("channel") == dm and "redémarrer le client VPN" in _text(c), before)
    time.sleep(2)  # time for a bot reply, if there were one
    assert _bot_events(doors, conversation) == said_by_bot, "the bot stays silent while the agent has it"
    assert _outcomes(doors, conversation)[-1] == ("Le VPN ne se connecte toujours pas depuis ce matin", "to_agent")

    # Hand back: Rasa resumes and answers the user again.
    taken = _updated_card(doors, card["ts"], "relais_hand_back")
    doors.click(DESK_TEAM, agent, AGENTS_CHANNEL, taken, "relais_hand_back")
    back = doors.posted(lambda c: c.params.get("channel") == dm and "reprends" in _text(c), before)
    tracker = doors.bot.http.get(f"{doors.bot.base_url}/conversations/{conversation}/tracker",
                                 params=doors.bot.token).json()
    assert tracker["paused"] is False
    after = doors.slack.calls.index(back) + 1
    doors.slack_message(USERS_TEAM, dm, user, "bonjour")
    doors.posted(lambda c: c.params.get("channel") == dm and c.params.get("text"), after)

    stored = doors.bot.ticket(ticket.number)
    bodies = [line.body for line in stored.log]
    assert "Le VPN ne se connecte toujours pas depuis ce matin" in bodies
    assert "Bonjour, pouvez-vous redémarrer le client VPN ?" in bodies
    assert [h.new for h in stored.history if h.field == "takeover"] == ["waiting", "taken", "handed_back"]


def test_a_teams_user_is_helped_by_an_agent_working_in_slack(doors: Doors) -> None:
    conversation_id, user = f"a:{uuid.uuid4().hex}", f"29:{uuid.uuid4().hex[:12]}"
    start, teams_start = doors.mark(), len(doors.teams.activities)

    def say(text: str) -> None:
        activity = teams_activity(text=text, service_url=doors.teams.url, tenant=TENANT,
                                  conversation_id=conversation_id, user_id=user, aad_object_id=None,
                                  activity_id=uuid.uuid4().hex)
        response = doors.http.post(f"{doors.url}/api/messages", json=activity)
        assert response.status_code in (200, 201, 202), response.text

    def received(needle: str) -> dict[str, Any]:
        found = doors.teams.wait_for(lambda a: doors.teams.activities.index(a) >= teams_start
                                     and needle in json.dumps(a, ensure_ascii=False), timeout=WAIT)
        return found

    say("I need to talk to a human technician please")
    received("technician")
    card = _take_over(doors, "UAGENTKARIM", start)
    received("is now with you")
    say("The printer on floor 2 still shows error 0x61")
    doors.posted(lambda c: c.params.get("thread_ts") == card["ts"] and "0x61" in _text(c), start)
    doors.slack_message(DESK_TEAM, AGENTS_CHANNEL, "UAGENTKARIM", "I'm resetting the print queue now",
                        thread_ts=card["ts"], channel_type="channel")
    received("resetting the print queue")
    taken = _updated_card(doors, card["ts"], "relais_hand_back")
    doors.click(DESK_TEAM, "UAGENTKARIM", AGENTS_CHANNEL, taken, "relais_hand_back")
    received("back with me")


def test_slack_retries_are_answered_once_and_open_one_ticket(doors: Doors) -> None:
    user = f"U{uuid.uuid4().hex[:8].upper()}"
    dm, event_id = f"D{user}", f"Ev{uuid.uuid4().hex[:10].upper()}"
    start = doors.mark()
    ts = f"{time.time():.6f}"
    event = {"type": "message", "channel": dm, "user": user, "ts": ts, "channel_type": "im",
             "text": "I want to speak to a technician"}
    for retry in (None, 1, 2):
        headers = {"X-Slack-Retry-Num": str(retry), "X-Slack-Retry-Reason": "http_timeout"} if retry else {}
        doors.post_slack(event_envelope(USERS_TEAM, event, event_id=event_id), **headers)
    doors.posted(lambda c: c.params.get("channel") == dm, start)
    time.sleep(3)
    replies = [c for c in doors.slack.calls[start:] if c.method == "chat.postMessage" and c.params.get("channel") == dm
               and "handing this to a technician" in _text(c)]  # the ticket's notices come in the DM too
    assert len(replies) == 1
    assert [text for text, _ in _outcomes(doors, f"slack:{USERS_TEAM}:{dm}")] == ["I want to speak to a technician"]
    with doors.bot.tickets() as session:
        opened = session.scalars(select(Ticket).where(Ticket.conversation_id == f"slack:{USERS_TEAM}:{dm}")).all()
    assert len(opened) == 1


def test_a_notice_waits_while_slack_is_down_and_arrives_once(doors: Doors) -> None:
    user = f"U{uuid.uuid4().hex[:8].upper()}"
    dm = f"D{user}"
    start = doors.mark()
    doors.slack_message(USERS_TEAM, dm, user, "Je voudrais parler à un technicien")
    doors.posted(lambda c: c.params.get("channel") == dm, start)
    ticket = _ticket_of(doors.bot, f"slack:{USERS_TEAM}:{dm}")
    doors.slack.down()
    try:
        with unit_of_work(doors.bot.tickets) as session:  # an agent works on the ticket from another tool
            stored = session.get(Ticket, ticket.id)
            workflow.change_status(db_session=session, ticket=stored, to="in_progress", actor="agent:e2e",
                                   agreements=desk_of(db_session=session), reason="on it")
        down_at = doors.mark()
        deadline = time.monotonic() + WAIT  # the notice is tried (DM opening or posting) and refused
        while not any(c.status == 503 for c in doors.slack.calls[down_at:]):
            assert time.monotonic() < deadline, "the notice was never tried while Slack was down"
            time.sleep(0.2)
    finally:
        doors.slack.up()
    delivered = doors.posted(lambda c: c.status == 200 and c.params.get("channel") == dm
                             and ticket.number in _text(c), start)
    time.sleep(3)
    same = [c for c in doors.slack.calls if c.method == "chat.postMessage" and c.status == 200
            and c.params.get("channel") == dm and _text(c) == _text(delivered)]
    assert len(same) == 1
