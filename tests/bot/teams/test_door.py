"""The Teams door with the real Bot Framework SDK: activities POSTed to /api/messages as Teams sends them, the
replies arriving at the connector stand-in in the right conversation, buttons as Adaptive Cards whose clicks
reach Rasa with their payload, redelivered activities answered once, unknown tenants refused politely,
proactive messages written later from the stored conversation reference, and connector failures reported
as ChannelUnavailable."""

import asyncio
import time
from types import SimpleNamespace
from typing import Any

import jwt
import pytest
from sqlalchemy import select

from bot import notices
from bot.config import TeamsConfig
from bot.messages import BotMessage
from bot.outlets import ChannelUnavailable, Place
from bot.texts import say
from servicedesk.conversations.models import Conversation, InboundMessage
from servicedesk.identity import claims
from standins.doors import FakeRasa
from tests.bot.teams.conftest import CHAT, DOOR_SECRET, STRANGER_TENANT, TENANT, USER_AAD, Stage

CONVERSATION = f"teams:{TENANT}:{CHAT}"
CHOICES = [("Imprimante", "/report_printer"), ("VPN", "/report_vpn"), ("Messagerie", "/report_mail"),
           ("Poste de travail", "/report_pc"), ("Téléphone", "/report_phone"), ("Logiciel", "/report_app"),
           ("Autre chose", "/other")]


def choices_rasa() -> FakeRasa:
    def reply(body: dict[str, Any]) -> list[dict[str, Any]]:
        if body["message"].startswith("/"):
            return [{"text": f"Noté : {body['message']}"}]
        return [{"text": "Quel est le souci ?", "buttons": [{"title": t, "payload": p} for t, p in CHOICES]}]

    return FakeRasa(reply)


def stored(directory, key: str = CONVERSATION) -> Conversation:
    with directory.sessions("demo")() as session:
        return session.scalar(select(Conversation).where(Conversation.key == key))


def place_of(conversation: Conversation) -> Place:
    return Place(client="demo", channel="teams", conversation=conversation.key, requester=conversation.requester,
                 address=dict(conversation.address))


def test_a_message_reaches_rasa_named_and_the_reply_arrives_in_its_conversation(stage, directory) -> None:
    async def scenario(s: Stage) -> None:
        activity = await s.say("Bonjour, mon VPN ne marche plus", activity_id="1700000000001")
        [reply] = s.posted()
        assert reply.conversation_id == CHAT
        assert reply.path.endswith(f"/v3/conversations/{CHAT}/activities/{activity['id']}")  # a reply to it
        assert reply.activity["text"] == "ok" and reply.activity["replyToId"] == activity["id"]
        [sent] = s.rasa.messages
        assert (sent["sender"], sent["input_channel"], sent["message"]) == (
            CONVERSATION, "teams", "Bonjour, mon VPN ne marche plus")
        said = claims.verify(sent["metadata"][claims.METADATA_KEY], DOOR_SECRET, conversation=CONVERSATION)
        assert (said.client, said.requester, said.channel, said.user_name, said.directory_id) == (
            "demo", f"teams:{TENANT}:{USER_AAD}", "teams", "Alice Martin", USER_AAD)

    stage(scenario)
    conversation = stored(directory)
    assert conversation.channel == "teams" and conversation.requester == f"teams:{TENANT}:{USER_AAD}"
    assert conversation.address["serviceUrl"].startswith("http://127.0.0.1:")
    assert conversation.address["conversation"]["id"] == CHAT and conversation.address["tenant"] == TENANT


def test_the_bots_mention_is_stripped_in_a_channel_and_the_user_id_stands_in_for_a_missing_aad_id(stage) -> None:
    thread = "19:general@thread.tacv2;messageid=1700000000000"

    async def scenario(s: Stage) -> None:
        await s.say("mon imprimante   bourre", mention=True, conversation_type="channel", conversation_id=thread,
                    aad_object_id=None, user_id="29:1bob")
        [sent] = s.rasa.messages
        assert (sent["sender"], sent["message"]) == (f"teams:{TENANT}:{thread}", "mon imprimante bourre")
        said = claims.verify(sent["metadata"][claims.METADATA_KEY], DOOR_SECRET,
                             conversation=f"teams:{TENANT}:{thread}")
        assert said.requester == f"teams:{TENANT}:29:1bob" and said.directory_id is None
        assert s.posted()[0].conversation_id == thread

    stage(scenario)


def test_buttons_come_as_an_adaptive_card_with_every_button(stage) -> None:
    async def scenario(s: Stage) -> None:
        await s.say("bonjour")
        [card] = s.posted()
        [attachment] = card.activity["attachments"]
        assert attachment["contentType"] == "application/vnd.microsoft.card.adaptive"
        body = attachment["content"]["body"]
        assert body[0]["text"] == "Quel est le souci ?"
        actions = [a for block in body if block["type"] == "ActionSet" for a in block["actions"]]
        assert [(a["type"], a["title"], a["data"]["relais_payload"]) for a in actions] == [
            ("Action.Submit", t, p) for t, p in CHOICES]

    stage(scenario, rasa=choices_rasa())


def test_a_click_sends_its_payload_to_rasa_and_the_card_shows_the_choice_without_buttons(stage, directory) -> None:
    async def scenario(s: Stage) -> None:
        await s.say("bonjour")
        card_id = s.posted()[0].activity["id"]
        click = {"relais_payload": "/report_vpn", "relais_title": "VPN"}
        await s.say(None, value=click, reply_to_id=card_id)
        assert [m["message"] for m in s.rasa.messages] == ["bonjour", "/report_vpn"]
        [update] = [a for a in s.connector.activities if a.method == "PUT"]
        assert update.conversation_id == CHAT and update.path.endswith(f"/activities/{card_id}")
        body = update.activity["attachments"][0]["content"]["body"]
        assert [b["text"] for b in body] == ["Quel est le souci ?", "✔ VPN"]
        assert s.posted()[-1].activity["text"] == "Noté : /report_vpn"

    stage(scenario, rasa=choices_rasa())
    with directory.sessions("demo")() as session:
        click = session.scalars(select(InboundMessage).order_by(InboundMessage.id)).all()[-1]
        assert (click.text, click.data["shown"]) == ("/report_vpn", "VPN")


def test_a_click_on_a_notices_card_reaches_rasa_as_the_users_message(stage, directory) -> None:
    """The satisfaction question comes from the outbox, later, not as a reply from Rasa: its buttons still
    answer, and its card shows the choice."""
    async def conversation(s: Stage) -> None:
        await s.say("bonjour")

    stage(conversation)
    place = place_of(stored(directory))
    notice = {"event": "satisfaction_request", "payload": {"number": "INC-000042"}, "language": "fr"}
    question = BotMessage(text="Votre ticket INC-000042 est maintenant clos. Êtes-vous satisfait ?", author="system",
                          buttons=notices.buttons(SimpleNamespace(recipient=place.requester, **notice)))

    async def later(s: Stage) -> None:
        s.connector.reset()
        reference = await s.door.outlet.notify(place, [question])
        [card] = s.posted()
        actions = [a for block in card.activity["attachments"][0]["content"]["body"] if block["type"] == "ActionSet"
                   for a in block["actions"]]
        assert [a["title"] for a in actions] == ["1", "2", "3", "4", "5"]
        await s.say(None, value=actions[3]["data"], reply_to_id=reference["id"])
        assert [m["message"] for m in s.rasa.messages] == ['/inform{"rating": "4", "ticket_number": "INC-000042"}']
        assert s.rasa.messages[0]["sender"] == CONVERSATION
        [update] = [a for a in s.connector.activities if a.method == "PUT"]
        assert [b["text"] for b in update.activity["attachments"][0]["content"]["body"]] == [
            question.text, "✔ 4"]

    stage(later)


def test_an_empty_activity_or_another_cards_form_is_not_sent_to_rasa(stage) -> None:
    async def scenario(s: Stage) -> None:
        await s.say(None, value={"comment": "a form of some other app"})
        await s.say("   ")
        assert s.rasa.messages == [] and s.posted() == []

    stage(scenario)


def test_a_redelivered_activity_is_answered_once(stage) -> None:
    async def scenario(s: Stage) -> None:
        activity = s.activity("mon écran est noir", activity_id="1700000000042")
        for _ in range(3):
            assert (await s.post(activity)).status_code == 200
        assert len(s.posted()) == 1 and len(s.rasa.messages) == 1

    stage(scenario)


def test_the_same_activity_id_in_another_conversation_is_another_message(stage) -> None:
    async def scenario(s: Stage) -> None:
        await s.say("bonjour", activity_id="1700000000077")
        await s.say("bonjour", activity_id="1700000000077", conversation_id="a:1another-chat", user_id="29:1other",
                    aad_object_id=None)
        assert len(s.rasa.messages) == 2

    stage(scenario)


def test_a_tenant_no_client_has_gets_a_polite_answer_in_both_languages_and_nothing_else(stage, directory) -> None:
    async def scenario(s: Stage) -> None:
        activity = s.activity("bonjour", tenant=STRANGER_TENANT)
        await s.post(activity)
        await s.post(activity)  # a redelivery is not answered twice
        [reply] = s.posted()
        assert say("unknown_door", "fr") in reply.activity["text"]
        assert say("unknown_door", "en") in reply.activity["text"]
        assert s.rasa.messages == []

    stage(scenario)
    with directory.sessions("demo")() as session:
        assert session.scalars(select(InboundMessage)).all() == []


def test_an_agents_reply_is_sent_proactively_later_from_the_stored_reference(stage, directory) -> None:
    async def conversation(s: Stage) -> None:
        await s.say("je voudrais parler à quelqu'un")

    stage(conversation)
    place = place_of(stored(directory))

    async def later(s: Stage) -> None:  # another turn, another door: only the database remembers the user
        s.connector.reset()
        await s.door.outlet.send(place, [BotMessage(text="Je regarde votre VPN.", author="agent",
                                                    author_name="Karim Benali")])
        reference = await s.door.outlet.notify(place, [BotMessage(text="Ticket INC0001 résolu.")])
        [agent, notice] = s.posted()
        assert agent.path.endswith(f"/v3/conversations/{CHAT}/activities")  # into the conversation, not a reply
        assert agent.activity["text"] == "**Karim Benali**\n\nJe regarde votre VPN."
        assert agent.activity["recipient"]["id"] == "29:1demo-user"
        assert notice.activity["text"] == "Ticket INC0001 résolu."
        assert reference == {"conversation": CHAT, "id": notice.activity["id"]}
        followed = await s.door.outlet.notify(place, [BotMessage(text="Mise à jour")], thread=reference)
        assert followed == reference and s.posted()[-1].activity["replyToId"] == notice.activity["id"]

    stage(later)


def test_a_rate_limited_connector_is_channel_unavailable_with_its_retry_after(stage, directory) -> None:
    stage(lambda s: s.say("bonjour"))
    place = place_of(stored(directory))

    async def later(s: Stage) -> None:
        s.connector.fail("POST", status=429, retry_after=7)
        with pytest.raises(ChannelUnavailable) as raised:
            await s.door.outlet.send(place, [BotMessage(text="Je regarde.")])
        assert raised.value.retry_after == 7
        await s.door.outlet.send(place, [BotMessage(text="Je regarde.")])  # and then it passes
        assert s.posted()[-1].activity["text"] == "Je regarde."

    stage(later)


def test_a_connector_that_is_down_or_unreachable_is_channel_unavailable_at_once(stage, directory) -> None:
    stage(lambda s: s.say("bonjour"))
    place = place_of(stored(directory))
    unreachable = Place(**{**place.__dict__, "address": {**place.address, "serviceUrl": "http://127.0.0.1:9"}})

    async def later(s: Stage) -> None:
        s.connector.down()
        started = time.monotonic()
        with pytest.raises(ChannelUnavailable) as raised:
            await s.door.outlet.send(place, [BotMessage(text="Je regarde.")])
        assert raised.value.retry_after is None
        assert len(s.connector.refused) == 1  # no retries held in the process: the outbox retries
        with pytest.raises(ChannelUnavailable):
            await s.door.outlet.send(unreachable, [BotMessage(text="Je regarde.")])
        assert time.monotonic() - started < 2

    stage(later)


def test_a_place_without_a_reference_is_channel_unavailable(stage) -> None:
    async def scenario(s: Stage) -> None:
        with pytest.raises(ChannelUnavailable):
            await s.door.outlet.send(Place("demo", "teams", CONVERSATION, "teams:x:y", {}), [BotMessage(text="x")])

    stage(scenario)


def test_with_an_app_id_requests_without_a_valid_token_are_refused(stage) -> None:
    config = TeamsConfig(app_id="11111111-2222-3333-4444-555555555555", app_password="secret")
    forged = jwt.encode({"iss": "https://evil.example", "aud": config.app_id, "exp": int(time.time()) + 600},
                        "a-key-that-microsoft-never-signed-with", algorithm="HS256")

    async def scenario(s: Stage) -> None:
        assert (await s.post(s.activity("bonjour"))).status_code == 401
        assert (await s.post(s.activity("bonjour"), headers={"Authorization": f"Bearer {forged}"})).status_code == 401
        assert (await s.post(s.activity("bonjour"), headers={"Authorization": "Bearer garbage"})).status_code == 401
        assert s.rasa.messages == [] and s.posted() == []

    stage(scenario, config=config)


def test_a_token_the_sdk_cannot_check_is_refused_not_a_server_error(stage, monkeypatch) -> None:
    """A token naming the Bot Framework as issuer with a key id nobody published makes the SDK trip (an
    AttributeError, or no way to reach the keys): refused like any other bad token."""
    config = TeamsConfig(app_id="11111111-2222-3333-4444-555555555555", app_password="secret")

    async def scenario(s: Stage) -> None:
        async def trips(*_: object) -> None:
            raise AttributeError("'NoneType' object has no attribute 'endorsements'")

        monkeypatch.setattr(s.door.adapter.bot_framework_authentication, "authenticate_request", trips)
        response = await s.post(s.activity("bonjour"), headers={"Authorization": "Bearer eyJhbGciOiJSUzI1NiJ9.e30.x"})
        assert response.status_code == 401
        assert s.rasa.messages == [] and s.posted() == []

    stage(scenario, config=config)


def test_the_request_is_acknowledged_before_rasa_answers(stage) -> None:
    release = None

    async def scenario(s: Stage) -> None:
        nonlocal release
        release = asyncio.Event()
        original = s.door.relay.handle

        async def slow(inbound):
            await release.wait()
            return await original(inbound)

        s.door.relay.handle = slow
        response = await asyncio.wait_for(s.post(s.activity("bonjour"), settle=False), timeout=5)
        assert response.status_code == 200 and s.posted() == []
        release.set()
        await s.door.settle()
        assert len(s.posted()) == 1

    stage(scenario)


def test_a_body_that_is_not_an_activity_is_a_400(stage) -> None:
    async def scenario(s: Stage) -> None:
        assert (await s.http.post("/api/messages", content=b"nope")).status_code == 400
        assert (await s.http.post("/api/messages", json={"text": "no type"})).status_code == 400

    stage(scenario)


def test_an_invoke_is_answered_in_the_http_response(stage) -> None:
    async def scenario(s: Stage) -> None:
        invoke = {**s.activity(None), "type": "invoke", "name": "adaptiveCard/action",
                  "value": {"action": {"type": "Action.Execute", "verb": "x"}}}
        response = await s.post(invoke)
        assert response.status_code == 501  # Relais's cards use Action.Submit: nothing answers Action.Execute
        assert s.rasa.messages == []

    stage(scenario)


def test_a_shared_file_goes_to_rasa_as_a_link_when_no_ticket_is_open(stage) -> None:
    async def scenario(s: Stage) -> None:
        activity = s.activity("voici le journal")
        activity["attachments"] = [
            {"contentType": "text/html", "content": "<p>voici le journal</p>"},
            {"contentType": "application/vnd.microsoft.teams.file.download.info", "name": "vpn.log",
             "content": {"downloadUrl": "https://files.test/vpn.log"}}]
        assert (await s.post(activity)).status_code == 200
        assert s.rasa.texts() == ["voici le journal https://files.test/vpn.log"]

    stage(scenario)


def test_a_disabled_door_has_no_endpoint_and_its_outlet_refuses(stage, directory) -> None:
    stage(lambda s: s.say("bonjour"))
    place = place_of(stored(directory))

    async def scenario(s: Stage) -> None:
        assert (await s.post(s.activity("bonjour"))).status_code == 404
        with pytest.raises(ChannelUnavailable):
            await s.door.outlet.send(place, [BotMessage(text="x")])

    stage(scenario, config=TeamsConfig(enabled=False))
