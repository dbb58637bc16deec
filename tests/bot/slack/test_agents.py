"""The level-2 agents' side in Slack, through the real bolt app of the Slack door (signed requests) and the
real slack_sdk client against the Web API stand-in, on a bootstrapped client database; the user sits in the
web chat (a recording outlet) and Rasa is a script: the card, taking over (one agent only), the thread both
ways, hand back, pending, resolve with the client's closure codes, and a rate-limited card."""

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
from bot.handoff import Handoff
from bot.outlets import ChannelUnavailable
from bot.relay import Inbound, Relay
from bot.slack.agents import SlackAgentDesk
from bot.slack.door import SlackDoor
from bot.slack.outlet import SlackOutlet
from bot.slack.workspaces import Workspaces
from servicedesk import handoff as level2
from servicedesk.conversations import service as conversations
from servicedesk.conversations.models import Takeover
from servicedesk.kb_resolution import KnownFix, record_failed_fixes
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
        handoff = Handoff(directory, self.rasa.client, outlets,
                          learn=lambda client, lesson: self.learned.append((client, lesson)))
        self.agents = SlackAgentDesk(workspaces.client_for, directory, handoff)
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

    def told(self) -> list[str]:
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
        level2.to_level2(db_session=session, ticket=ticket, desk=desk, actor=USER, reason="the KB fix failed")
        conversations.remember(db_session=session, key=USER, channel="webchat", requester=USER,
                               address={"key": "demo", "session": "7c1e"})
        takeover = conversations.request_takeover(db_session=session, ticket=ticket, conversation_key=USER,
                                                  actor=USER, reason="the KB fix failed")
        return takeover.id, ticket.number


def run(scenario) -> None:
    asyncio.run(scenario)


def texts_of(blocks: list[dict[str, Any]]) -> str:
    return json.dumps(blocks, ensure_ascii=False)


def test_the_card_says_who_what_was_tried_and_by_when_and_is_posted_once(directory, slack) -> None:
    takeover_id, number = waiting_takeover(directory)

    async def scenario() -> None:
        bench = Bench(directory, slack)
        await bench.agents.post_card("demo", takeover_id)
        await bench.agents.post_card("demo", takeover_id)  # the outbox delivers again: nothing new
        [posted] = slack.calls_to("chat.postMessage")
        assert (posted.token, posted.params["channel"]) == ("xoxb-desk", AGENTS)
        shown = texts_of(posted.params["blocks"])
        for expected in (number, "P3", "incident", "VPN", "Infrastructure", "Redémarrer le client VPN (kb-vpn-01)",
                         "mon VPN coupe toutes les 5 minutes &lt;!channel&gt;", "Avez-vous un message d'erreur ?",
                         "<!date^", "the KB fix failed"):
            assert expected in shown, expected
        [button] = posted.params["blocks"][-1]["elements"]
        assert (button["action_id"], button["value"], button["style"]) == ("relais_take", f"demo:{takeover_id}",
                                                                            "primary")
        card = bench.card(takeover_id)
        assert (card["team"], card["channel"]) == (DESK_TEAM, AGENTS)
        assert bench.agents.is_agents_channel(DESK_TEAM, AGENTS)
        assert not bench.agents.is_agents_channel("T0DEMOINDUS", AGENTS)

    run(scenario())


def test_an_agent_takes_over_and_a_second_one_is_refused(directory, slack) -> None:
    takeover_id, number = waiting_takeover(directory)

    async def scenario() -> None:
        bench = Bench(directory, slack)
        await bench.agents.post_card("demo", takeover_id)
        await bench.click(NADIA, "relais_take", takeover_id)
        updated = await bench.wait("chat.update")
        assert updated.params["ts"] == bench.card(takeover_id)["ts"]
        assert "Nadia Haddad" in texts_of(updated.params["blocks"])
        buttons = [b["action_id"] for b in updated.params["blocks"][-1]["elements"]]
        assert buttons == ["relais_hand_back", "relais_pending", "relais_resolve"]
        assert bench.told() == [f"Nadia Haddad, technicien du support, prend la suite de la conversation "
                                f"(ticket {number})."]
        assert bench.rasa.events == [(USER, [{"event": "pause"}])]
        ticket = bench.ticket(number)
        assert ticket.status == "in_progress"
        assert ("takeover", "waiting", "taken", f"slack:{DESK_TEAM}:{NADIA}") in [
            (h.field, h.old, h.new, h.actor) for h in ticket.history]

        await bench.click(LUCAS, "relais_take", takeover_id)
        refused = await bench.wait("chat.postEphemeral")
        assert (refused.params["user"], refused.params["channel"]) == (LUCAS, AGENTS)
        assert "Nadia Haddad a déjà cette conversation" in refused.params["text"]
        assert len(slack.calls_to("chat.update")) == 1  # the card still shows Nadia
        assert len(bench.told()) == 1

    run(scenario())


def test_the_thread_carries_the_conversation_both_ways(directory, slack) -> None:
    takeover_id, number = waiting_takeover(directory)

    async def scenario() -> None:
        bench = Bench(directory, slack)
        await bench.agents.post_card("demo", takeover_id)
        thread = bench.card(takeover_id)["ts"]
        await bench.say_in_thread(NADIA, takeover_id, "Bonjour, je regarde")  # not taken yet
        hint = await bench.wait("chat.postEphemeral")
        assert hint.params["user"] == NADIA and "Prenez la conversation en charge" in hint.params["text"]
        assert bench.told() == []

        await bench.click(NADIA, "relais_take", takeover_id)
        await bench.wait("chat.update")
        await bench.say_in_thread(NADIA, takeover_id, "Bonjour, pouvez-vous lancer &lt;vpncli&gt; status ?")
        for _ in range(100):
            if len(bench.told()) == 2:
                break
            await asyncio.sleep(0.05)
        place, [reply] = bench.webchat.sent[-1]
        assert (place.conversation, reply.text, reply.author, reply.author_name) == (
            USER, "Bonjour, pouvez-vous lancer <vpncli> status ?", "agent", "Nadia Haddad")

        await bench.say_in_thread(LUCAS, takeover_id, "je peux aider ?")
        other = await bench.wait("chat.postEphemeral", lambda call: call.params["user"] == LUCAS)
        assert "Nadia Haddad a déjà cette conversation" in other.params["text"]

        answered = await bench.relay.handle(Inbound(client="demo", channel="webchat", conversation=USER,
                                                    requester=USER, event_key="m1", text="voilà : disconnected",
                                                    user_name="Alice Martin"))
        assert answered == [] and bench.rasa.messages == []  # the bot stays silent
        relayed = await bench.wait("chat.postMessage", lambda call: call.params.get("thread_ts") == thread)
        assert relayed.params["text"] == "*Alice Martin*: voilà : disconnected"

        bench.webchat.failing = ChannelUnavailable("web chat closed")
        await bench.say_in_thread(NADIA, takeover_id, "vous êtes là ?")
        warned = await bench.wait("chat.postEphemeral", lambda call: "Message non remis" in call.params["text"])
        assert warned.params["user"] == NADIA and warned.params["thread_ts"] == thread

        log = [(entry.author_kind, entry.body) for entry in bench.ticket(number).log]
        assert ("agent", "Bonjour, pouvez-vous lancer <vpncli> status ?") in log
        assert ("requester", "voilà : disconnected") in log
        assert ("agent", "vous êtes là ?") in log  # kept even though it could not be delivered
        assert ("agent", "je peux aider ?") not in log

    run(scenario())


def test_hand_back_resumes_the_bot(directory, slack) -> None:
    takeover_id, number = waiting_takeover(directory)

    async def scenario() -> None:
        bench = Bench(directory, slack)
        await bench.agents.post_card("demo", takeover_id)
        await bench.click(NADIA, "relais_take", takeover_id)
        await bench.wait("chat.update")
        await bench.click(NADIA, "relais_hand_back", takeover_id)
        updated = await bench.wait("chat.update", lambda call: "Rendue au bot" in texts_of(call.params["blocks"]))
        assert updated.params["blocks"][-1]["type"] != "actions"  # no more buttons
        assert bench.rasa.events[-1][0] == USER and bench.rasa.events[-1][1][0] == {"event": "resume"}
        assert bench.told()[-1].startswith("Nadia Haddad a terminé. Je reprends la main")
        with directory.sessions("demo")() as session:
            takeover = session.get(Takeover, takeover_id)
            assert (takeover.status, takeover.outcome) == ("ended", "handed_back")
        assert ("takeover", "taken", "handed_back") in [(h.field, h.old, h.new) for h in bench.ticket(number).history]

    run(scenario())


def test_pending_asks_what_the_user_must_provide(directory, slack) -> None:
    takeover_id, number = waiting_takeover(directory)

    async def scenario() -> None:
        bench = Bench(directory, slack)
        await bench.agents.post_card("demo", takeover_id)
        await bench.click(LUCAS, "relais_pending", takeover_id)  # not taken: no modal, a hint
        await bench.wait("chat.postEphemeral", lambda call: call.params["user"] == LUCAS)
        assert slack.calls_to("views.open") == []
        await bench.click(NADIA, "relais_take", takeover_id)
        await bench.wait("chat.update")
        await bench.click(NADIA, "relais_pending", takeover_id)
        opened = await bench.wait("views.open")
        assert opened.params["view"]["callback_id"] == "relais_pending"

        refused = await bench.submit(NADIA, "relais_pending", takeover_id, {"reason": ""})
        assert refused == {"response_action": "errors", "errors": {"reason": "Obligatoire."}}
        await bench.submit(NADIA, "relais_pending", takeover_id, {"reason": "la capture du message d'erreur"})
        updated = await bench.wait("chat.update",
                                   lambda call: "Ticket en attente de l'utilisateur" in texts_of(call.params["blocks"]))
        assert "la capture du message d'erreur" in texts_of(updated.params["blocks"])
        assert bench.told()[-1] == f"Le ticket {number} attend maintenant votre réponse : " \
                                   "la capture du message d'erreur"
        ticket = bench.ticket(number)
        assert (ticket.status, ticket.pending_reason) == ("pending", "requester")

    run(scenario())


def test_resolve_checks_the_closure_codes_then_resolves_with_them(directory, slack) -> None:
    takeover_id, number = waiting_takeover(directory)

    async def scenario() -> None:
        bench = Bench(directory, slack)
        await bench.agents.post_card("demo", takeover_id)
        await bench.click(NADIA, "relais_take", takeover_id)
        await bench.wait("chat.update")
        await bench.click(NADIA, "relais_resolve", takeover_id)
        view = (await bench.wait("views.open")).params["view"]
        assert (view["callback_id"], view["private_metadata"]) == ("relais_resolve", f"demo:{takeover_id}")
        selects = {b["block_id"]: b["element"] for b in view["blocks"] if b["type"] == "input"}
        assert set(selects) == {"category", "cause_code", "resolution_code", "solution"}
        assert {"text": {"type": "plain_text", "text": "Configuration", "emoji": True}, "value": "configuration"} in \
            selects["cause_code"]["options"]
        assert selects["category"]["initial_option"]["value"] == "network"  # the VPN's category in the catalogue

        wrong = await bench.submit(NADIA, "relais_resolve", takeover_id, {
            "category": "software", "cause_code": "gremlins", "resolution_code": "fixed", "solution": "MTU réglé"})
        assert wrong["response_action"] == "errors" and list(wrong["errors"]) == ["cause_code"]
        missing = await bench.submit(NADIA, "relais_resolve", takeover_id, {
            "category": "software", "cause_code": "configuration", "resolution_code": None, "solution": " "})
        assert set(missing["errors"]) == {"resolution_code", "solution"}
        assert bench.ticket(number).status == "in_progress"

        done = await bench.submit(NADIA, "relais_resolve", takeover_id, {
            "category": "network", "cause_code": "configuration", "resolution_code": "fixed",
            "solution": "MTU du client VPN ramené à 1400"})
        assert done == {}
        updated = await bench.wait("chat.update", lambda call: "Résolue" in texts_of(call.params["blocks"]))
        assert "Corrigé" in texts_of(updated.params["blocks"])
        ticket = bench.ticket(number)
        assert (ticket.status, ticket.category, ticket.cause_code, ticket.resolution_code, ticket.solution) == (
            "resolved", "network", "configuration", "fixed", "MTU du client VPN ramené à 1400")
        assert bench.told()[-1].startswith(f"Nadia Haddad a résolu le ticket {number} : MTU du client VPN")
        assert bench.rasa.events[-1][0] == USER and bench.rasa.events[-1][1][0] == {"event": "resume"}
        assert ("takeover", "taken", "resolved") in [(h.field, h.old, h.new) for h in ticket.history]
        # the resolution teaches the client's KB, as from the chat and the API
        assert bench.learned == [("demo", {
            "number": number, "title": ticket.title, "description": "le VPN coupe toutes les 5 minutes",
            "solution": "MTU du client VPN ramené à 1400", "resolution_code": "fixed", "language": "fr"})]

    run(scenario())


def test_a_rate_limited_card_is_left_to_the_outbox_with_slacks_delay(directory, slack) -> None:
    takeover_id, _ = waiting_takeover(directory)

    async def scenario() -> None:
        bench = Bench(directory, slack)
        slack.fail("chat.postMessage", status=429, retry_after=7)
        with pytest.raises(ChannelUnavailable) as refused:
            await bench.agents.post_card("demo", takeover_id)
        assert refused.value.retry_after == 7
        assert bench.card(takeover_id) == {}
        slack.fail("chat.postMessage", status=503)
        with pytest.raises(ChannelUnavailable):
            await bench.agents.post_card("demo", takeover_id)
        await bench.agents.post_card("demo", takeover_id)  # the outbox's next attempt
        assert bench.card(takeover_id)["channel"] == AGENTS

    run(scenario())


def test_notices_go_to_the_agents_channel(directory, slack) -> None:
    async def scenario() -> None:
        bench = Bench(directory, slack)
        await bench.agents.post_notice("acme", "INC-000001 : échéance de prise en charge à 75 %")
        notice = await bench.wait("chat.postMessage")
        assert (notice.token, notice.params["channel"]) == ("xoxb-desk", "C0ACMEAGENTS")

    run(scenario())
