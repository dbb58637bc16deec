"""The Slack door end to end on our side: signed Events API and interactivity requests to the real bolt
app, replies through the real slack_sdk to the Web API stand-in, messages journalled in the demo client's
database, a fake Rasa."""

import asyncio
import uuid
from dataclasses import replace
from types import SimpleNamespace

import httpx
from sqlalchemy import select

from bot import notices
from bot.messages import BotMessage
from bot.outlets import Place
from bot.rasa_client import RasaClient
from bot.slack.agents import messages as agents_messages
from servicedesk.conversations.models import InboundMessage
from servicedesk.database import unit_of_work
from servicedesk.identity import claims
from servicedesk.tickets.models import Ticket
from servicedesk.tickets.service import IncidentReport, open_incident
from standins.doors import FakeRasa
from standins.slack_api import BOT_ID, BOT_USER_ID
from standins.slack_signing import event_envelope, signed_headers
from tests.bot.slack.conftest import DOOR_SECRET, SECRET, STRANGER_TEAM, TEAM

ALICE, DM = "U0ALICE", "D0ALICE"


def dm(text: str, ts: str | None = None, **extra) -> dict:
    return {"type": "message", "channel": DM, "channel_type": "im", "user": ALICE, "text": text,
            "ts": ts or _ts(), **extra}


def _ts() -> str:
    return f"1700000000.{uuid.uuid4().int % 1_000_000:06d}"


def posts(slack, channel: str | None = None) -> list:
    return [c for c in slack.calls_to("chat.postMessage") if channel is None or c.params["channel"] == channel]


def journal(directory, client: str = "demo") -> list[InboundMessage]:
    with directory.sessions(client)() as session:
        return list(session.scalars(select(InboundMessage).order_by(InboundMessage.id)))


def open_ticket(directory, conversation: str, requester: str = f"slack:{TEAM}:{ALICE}") -> str:
    with unit_of_work(directory.sessions("demo")) as session:
        ticket = open_incident(db_session=session, agreements=directory.desk(session), report=IncidentReport(
            service="VPN", description="le VPN coupe toutes les cinq minutes", impact=3, urgency=3,
            requester=requester, channel="slack", conversation_id=conversation, language="fr"))
        return ticket.number


# --- signatures -------------------------------------------------------------------------------------

def test_a_signed_event_is_accepted_and_a_bad_or_missing_signature_refused(stage, slack) -> None:
    async def scenario(s):
        body = event_envelope(TEAM, dm("bonjour"))
        assert (await s.post(body, secret="not-the-secret")).status_code == 401
        missing = await s.http.post("/slack/events", content=body, headers={"Content-Type": "application/json"})
        assert missing.status_code == 401
        stale = await s.http.post("/slack/events", content=body, headers=signed_headers(body, SECRET, 1_000_000))
        assert stale.status_code == 401
        await s.settle()
        assert s.rasa.messages == [] and posts(slack) == []
        assert (await s.post(body)).status_code == 200

    stage(scenario)
    assert len(posts(slack, DM)) == 1


# --- messages ---------------------------------------------------------------------------------------

def test_a_dm_is_relayed_to_rasa_and_answered_in_the_dm_with_blocks(stage, slack, directory) -> None:
    rasa = FakeRasa(lambda body: [{"text": "Bonjour **Alice** !"},
                                  {"text": "Un souci ?", "buttons": [{"title": "Oui", "payload": "/affirm"}]}])

    async def scenario(s):
        await s.event(dm("bonjour"))

    stage(scenario, rasa)
    [sent] = rasa.messages
    assert (sent["sender"], sent["message"], sent["input_channel"]) == (f"slack:{TEAM}:{DM}", "bonjour", "slack")
    said = claims.verify(sent["metadata"][claims.METADATA_KEY], DOOR_SECRET, conversation=f"slack:{TEAM}:{DM}")
    assert (said.client, said.requester, said.channel, said.user_name, said.email) == (
        "demo", f"slack:{TEAM}:{ALICE}", "slack", "User U0ALICE", "u0alice@example.com")
    first, second = posts(slack, DM)
    assert "thread_ts" not in first.params and first.token == "xoxb-demo"
    assert first.params["blocks"][0]["text"]["text"] == "Bonjour *Alice* !"
    assert second.params["blocks"][1]["elements"][0]["value"] == "/affirm"
    [kept] = journal(directory)
    assert (kept.text, kept.outcome) == ("bonjour", "answered")


def test_a_mention_starts_a_thread_and_later_messages_there_need_no_mention(stage, slack) -> None:
    rasa = FakeRasa(lambda body: [{"text": f"vu : {body['message']}"}])
    root = _ts()

    async def scenario(s):
        await s.event({"type": "app_mention", "channel": "C0GENERAL", "user": ALICE, "ts": root,
                       "text": f"<@{BOT_USER_ID}> mon imprimante bourre"})
        follow = _ts()
        await s.event({"type": "message", "channel": "C0GENERAL", "channel_type": "channel", "user": ALICE,
                       "ts": follow, "thread_ts": root, "text": "toujours"})
        # the same message delivered twice: as a mention and as a plain channel message
        twice = {"channel": "C0GENERAL", "user": ALICE, "ts": _ts(), "thread_ts": root,
                 "text": f"<@{BOT_USER_ID}> alors ?"}
        await s.event({"type": "message", "channel_type": "channel", **twice})
        await s.event({"type": "app_mention", **twice})
        # a thread nobody started with the bot, and a channel message without a mention: not for us
        await s.event({"type": "message", "channel": "C0GENERAL", "channel_type": "channel", "user": ALICE,
                       "ts": _ts(), "thread_ts": "1600000000.000001", "text": "entre collègues"})
        await s.event({"type": "message", "channel": "C0GENERAL", "channel_type": "channel", "user": ALICE,
                       "ts": _ts(), "text": "bonjour tout le monde"})

    stage(scenario, rasa)
    assert [m["message"] for m in rasa.messages] == ["mon imprimante bourre", "toujours", "alors ?"]
    assert {m["sender"] for m in rasa.messages} == {f"slack:{TEAM}:C0GENERAL:{root}"}
    replies = posts(slack, "C0GENERAL")
    assert [c.params["thread_ts"] for c in replies] == [root, root, root]
    assert [c.params["text"] for c in replies] == ["vu : mon imprimante bourre", "vu : toujours", "vu : alors ?"]


def test_a_retried_event_is_answered_once(stage, slack, directory) -> None:
    async def scenario(s):
        event = dm("mon VPN ne marche plus")
        await s.event(event, event_id="Ev0RETRY")
        await s.event(event, event_id="Ev0RETRY", retry=1)
        await s.event(event, event_id="Ev0RETRY", retry=2)

    rasa = FakeRasa()
    stage(scenario, rasa)
    assert rasa.texts() == ["mon VPN ne marche plus"]
    assert len(posts(slack, DM)) == 1
    assert len(journal(directory)) == 1


def test_bots_edits_and_the_apps_own_messages_are_ignored(stage, slack) -> None:
    async def scenario(s):
        await s.event(dm("je suis le bot", user=BOT_USER_ID, bot_id=BOT_ID))
        await s.event(dm("un autre bot", bot_id="B0OTHER", subtype="bot_message"))
        await s.event({"type": "message", "subtype": "message_changed", "channel": DM, "channel_type": "im",
                       "ts": _ts(), "message": {"user": ALICE, "text": "corrigé"}})
        await s.event({"type": "message", "subtype": "message_deleted", "channel": DM, "channel_type": "im",
                       "ts": _ts(), "deleted_ts": "1.1"})

    rasa = FakeRasa()
    stage(scenario, rasa)
    assert rasa.messages == [] and posts(slack) == []


def test_an_unbound_workspace_gets_a_polite_answer_and_nothing_is_journalled(stage, slack, directory) -> None:
    async def scenario(s):
        event = dm("bonjour")
        await s.event(event, team=STRANGER_TEAM, event_id="Ev0STRANGER")
        await s.event(event, team=STRANGER_TEAM, event_id="Ev0STRANGER", retry=1)

    rasa = FakeRasa()
    stage(scenario, rasa)
    [answer] = posts(slack)
    assert answer.token == "xoxb-nobody" and answer.params["channel"] == DM
    assert "aucun client" in answer.params["text"] and "isn't linked to any client" in answer.params["text"]
    assert rasa.messages == []
    assert journal(directory, "demo") == [] and journal(directory, "acme") == []


def test_files_uploaded_in_the_conversation_are_attached_to_its_open_ticket(stage, slack, directory) -> None:
    number = open_ticket(directory, f"slack:{TEAM}:{DM}")

    async def scenario(s):
        await s.event(dm("voilà la capture", subtype="file_share", files=[
            {"id": "F0SHOT", "name": "erreur.png", "mimetype": "image/png",
             "url_private": "https://files.slack.test/files-pri/F0SHOT/erreur.png"},
            {"id": "F0LOG", "file_access": "check_file_info"}]))

    rasa = FakeRasa()
    stage(scenario, rasa)
    assert rasa.texts() == ["voilà la capture"]
    assert slack.calls_to("files.info")[0].params["file"] == "F0LOG"
    with directory.sessions("demo")() as session:
        ticket = session.scalar(select(Ticket).where(Ticket.number == number))
        assert [(a.kind, a.name, a.reference) for a in ticket.attachments] == [
            ("file", "erreur.png", "https://files.slack.test/files-pri/F0SHOT/erreur.png"),
            ("file", "F0LOG.txt", "https://files.slack.test/files-pri/F0LOG/F0LOG.txt")]


def test_messages_in_the_agents_channel_go_to_the_agents_desk(stage, slack_config, monkeypatch) -> None:
    seen = []

    async def scenario(s):
        desk = s.door.agent_desk
        desk.is_agents_channel = lambda team, channel: (team, channel) == ("T0RELAISDESK", "C0DEMOAGENTS")

        async def on_agent_message(team, event, *, agent_desk):
            seen.append((team, event["text"]))

        monkeypatch.setattr(agents_messages, "handle_agent_message", on_agent_message)
        await s.event({"type": "message", "channel": "C0DEMOAGENTS", "channel_type": "channel", "user": "U0AGENT",
                       "ts": _ts(), "thread_ts": "1700000000.000001", "text": "je regarde"}, team="T0RELAISDESK")

    rasa = FakeRasa()
    desk_tokens = {**slack_config.bot_tokens, "T0RELAISDESK": "xoxb-desk"}
    stage(scenario, rasa, config=replace(slack_config, bot_tokens=desk_tokens))
    assert seen == [("T0RELAISDESK", "je regarde")]
    assert rasa.messages == []


# --- buttons ----------------------------------------------------------------------------------------

def test_a_click_sends_the_payload_updates_the_message_and_posts_the_replies(stage, slack, directory) -> None:
    services = [{"title": f"Service {n}", "payload": f'/choose{{"service": "S{n}"}}'} for n in range(7)]

    def reply(body):
        if body["message"].startswith("/choose"):
            return [{"text": f"Noté : {body['message']}"}]
        return [{"text": "Quel service ?", "buttons": services}]

    rasa = FakeRasa(reply)

    async def scenario(s):
        await s.event(dm("j'ai un problème"))
        [question] = posts(slack, DM)
        blocks = question.params["blocks"]
        assert len(blocks[1]["elements"]) == 7  # all seven buttons, not five
        message = {"ts": question.response["ts"], "text": question.params["text"], "blocks": blocks}
        button = blocks[1]["elements"][6]
        await s.click(ALICE, DM, message, {"action_id": button["action_id"], "value": button["value"],
                                            "text": button["text"]})
        await s.click(ALICE, DM, message, {"action_id": button["action_id"], "value": button["value"],
                                            "text": button["text"]})  # a double click
        return question.response["ts"]

    ts = stage(scenario, rasa)
    assert rasa.texts() == ["j'ai un problème", '/choose{"service": "S6"}']
    [update] = slack.calls_to("chat.update")
    assert (update.params["channel"], update.params["ts"]) == (DM, ts)
    assert [b["type"] for b in update.params["blocks"]] == ["section", "context"]
    assert update.params["blocks"][1]["elements"][0]["text"] == "✅ Service 6"
    assert [c.params["text"] for c in posts(slack, DM)] == ["Quel service ?", 'Noté : /choose{"service": "S6"}']
    clicked = journal(directory)[-1]
    assert (clicked.text, clicked.data["shown"]) == ('/choose{"service": "S6"}', "Service 6")


def test_a_click_in_a_channel_thread_answers_in_that_thread(stage, slack) -> None:
    root = _ts()
    rasa = FakeRasa(lambda body: [{"text": "ok", "buttons": [{"title": "Oui", "payload": "/affirm"}]}])

    async def scenario(s):
        await s.event({"type": "app_mention", "channel": "C0GENERAL", "user": ALICE, "ts": root,
                       "text": f"<@{BOT_USER_ID}> aide"})
        [question] = posts(slack, "C0GENERAL")
        message = {"ts": question.response["ts"], "thread_ts": root, "text": "ok",
                   "blocks": question.params["blocks"]}
        button = question.params["blocks"][1]["elements"][0]
        await s.click("U0BOB", "C0GENERAL", message, {"action_id": button["action_id"], "value": "/affirm",
                                                     "text": button["text"]})

    stage(scenario, rasa)
    assert [m["sender"] for m in rasa.messages] == [f"slack:{TEAM}:C0GENERAL:{root}"] * 2
    said = claims.verify(rasa.messages[1]["metadata"][claims.METADATA_KEY], DOOR_SECRET,
                         conversation=f"slack:{TEAM}:C0GENERAL:{root}")
    assert said.requester == f"slack:{TEAM}:U0BOB"
    assert [c.params["thread_ts"] for c in posts(slack, "C0GENERAL")] == [root, root]


def test_a_click_on_a_notices_button_reaches_rasa_as_the_users_message(stage, slack) -> None:
    """The closing question comes from the outbox, not from Rasa: its buttons answer all the same."""
    rasa = FakeRasa(lambda body: [{"text": "Parfait, je clos le ticket INC-000042."}])
    question = BotMessage(text="Votre ticket INC-000042 est résolu. Est-ce réglé pour vous ?", author="system",
                          buttons=notices.buttons(SimpleNamespace(event="closure_request", language="fr",
                                                                    payload={"number": "INC-000042"})))
    place = Place(client="demo", channel="slack", conversation=f"slack:{TEAM}:{DM}", requester=f"slack:{TEAM}:{ALICE}",
                  address={"team": TEAM, "channel": DM, "user": ALICE})

    async def scenario(s):
        where = await s.door.outlet.notify(place, [question])
        [posted] = posts(slack, where["channel"])
        button = posted.params["blocks"][1]["elements"][0]
        message = {"ts": where["ts"], "text": posted.params["text"], "blocks": posted.params["blocks"]}
        await s.click(ALICE, where["channel"], message, {"action_id": button["action_id"], "value": button["value"],
                                                         "text": button["text"]})
        return where["channel"]

    channel = stage(scenario, rasa)
    assert rasa.texts() == ['/affirm{"ticket_number": "INC-000042"}']
    assert rasa.messages[0]["sender"] == f"slack:{TEAM}:{channel}"
    [update] = slack.calls_to("chat.update")
    assert update.params["blocks"][-1]["elements"][0]["text"] == "✅ Oui, c'est réglé"  # its own mark, not two
    assert posts(slack, channel)[-1].params["text"] == "Parfait, je clos le ticket INC-000042."


# --- slash command ----------------------------------------------------------------------------------

def test_the_slash_command_lists_the_users_open_tickets_privately(stage, directory) -> None:
    number = open_ticket(directory, f"slack:{TEAM}:{DM}")
    open_ticket(directory, "slack:T0DEMOINDUS:D0BOB", requester=f"slack:{TEAM}:U0BOB")

    async def scenario(s):
        return (await s.command(ALICE), await s.command(ALICE, "en"), await s.command("U0CAROL"),
                await s.command(ALICE, "help"), await s.command(ALICE, team=STRANGER_TEAM))

    mine, english, nothing, helped, stranger = stage(scenario)
    assert mine["response_type"] == "ephemeral"
    assert number in mine["text"] and "Vos tickets ouverts" in mine["text"]
    assert mine["text"].count("•") == 1
    with directory.sessions("demo")() as session:
        status = session.scalar(select(Ticket.status).where(Ticket.number == number))
    assert {"new": "nouveau", "assigned": "assigné", "in_progress": "en cours"}[status] in mine["text"]
    assert "Your open tickets" in english["text"] and number in english["text"]
    assert "aucun ticket ouvert" in nothing["text"]
    assert "/relais" in helped["text"] and "lists your open tickets" in helped["text"]
    assert "aucun client" in stranger["text"]


def test_slack_gets_its_ack_before_rasa_answers(stage, slack) -> None:
    """Rasa may take seconds; Slack retries after 3. The HTTP answer must not wait for Rasa."""
    rasa = FakeRasa()

    async def scenario(s):
        release = asyncio.Event()

        async def slow_rasa(request: httpx.Request) -> httpx.Response:
            await release.wait()
            return httpx.Response(200, json=[{"text": "enfin"}])

        s.door.relay.rasa = RasaClient("http://rasa.test", transport=httpx.MockTransport(slow_rasa))
        response = await asyncio.wait_for(s.event(dm("bonjour"), settle_after=False), timeout=2)
        assert response.status_code == 200
        assert posts(slack) == []
        release.set()
        await s.settle()
        await s.door.relay.rasa.close()

    stage(scenario, rasa)
    assert [c.params["text"] for c in posts(slack, DM)] == ["enfin"]
