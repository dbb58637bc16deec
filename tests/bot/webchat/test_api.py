"""The web chat's page and API over HTTP (no browser): a message is journalled once and answered, a re-sent
one is recognised, bad input gets a 422 the page can explain, an unknown key a polite refusal in both
languages; what an agent writes later waits in the conversation's backlog, served as server-sent events.
Each page has its token first (POST /webchat/api/sessions); tests/bot/webchat/test_identity.py attacks it."""

import asyncio
import contextlib
import uuid
from types import SimpleNamespace
from typing import Any

import httpx
import pytest
from sqlalchemy import select

from bot import notices
from bot.delivery import Delivery
from bot.handoff import Handoff
from bot.limits import MAX_MESSAGE_CHARS
from bot.messages import BotMessage, Button
from bot.webchat import identity
from bot.webchat.door import TEXT_CEILING, WebchatDoor
from bot.webchat.outlet import WebchatOutlet
from servicedesk.conversations import service as conversations
from servicedesk.conversations.models import Conversation, InboundMessage
from servicedesk.database import unit_of_work
from servicedesk.identity import claims
from servicedesk.tickets.service import IncidentReport, open_incident
from standins.doors import RecordingAgentDesk
from tests.bot.webchat.conftest import DOOR_SECRET, MENU, site_user

SESSION = str(uuid.uuid4())  # the server makes sessions up: here, this one (see `one_session`)
CONVERSATION = f"webchat:demo:{SESSION}"
ACME_USER = site_user("u-1042", "jean.dupont@acme.example", "Jean Dupont")  # Acme allows no anonymous chat


@pytest.fixture(autouse=True)
def one_session(monkeypatch) -> None:
    """Every session these tests open is SESSION, so that they can name its conversation beforehand."""
    monkeypatch.setattr(identity, "new_conversation", lambda key: identity.conversation_of(key, SESSION))


def call(app, method: str, path: str, **kwargs: Any) -> httpx.Response:
    async def go() -> httpx.Response:
        async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://chat.test") as http:
            return await http.request(method, path, **kwargs)

    return asyncio.run(go())


def token_of(app, key: str = "demo") -> dict[str, Any]:
    """The page token this app issued for the key (opened once: anonymous for demo, Jean for Acme)."""
    if not hasattr(app.state, "test_tokens"):
        app.state.test_tokens = {}
    tokens = app.state.test_tokens
    if key not in tokens:
        answer = call(app, "POST", "/webchat/api/sessions",
                      json={"key": key, "user": ACME_USER if key == "acme" else None})
        assert answer.status_code == 200, answer.text
        tokens[key] = answer.json()
    return tokens[key]


def say(app, text: str | None = None, *, key: str = "demo", message_id: str | None = None, **extra: Any):
    issued = token_of(app, key) if key in ("demo", "acme") else {"session": SESSION, "token": None}
    body = {"key": key, "session": issued["session"], "client_message_id": message_id or uuid.uuid4().hex, **extra}
    if text is not None:
        body["text"] = text
    headers = {"Authorization": f"Bearer {issued['token']}"} if issued["token"] else {}
    return call(app, "POST", "/webchat/api/messages", json=body, headers=headers)


def journal(directory, client: str = "demo") -> list[InboundMessage]:
    with directory.sessions(client)() as session:
        return list(session.scalars(select(InboundMessage).order_by(InboundMessage.id)))


def test_the_page_is_served_at_the_root_with_the_default_key_and_at_chat_with_any_bound_key(app) -> None:
    home = call(app, "GET", "/")
    assert home.status_code == 200 and 'data-key="demo"' in home.text
    assert '<label for="text"' in home.text and 'aria-live="polite"' in home.text
    acme = call(app, "GET", "/chat", params={"key": "acme"})
    assert acme.status_code == 200 and 'data-key="acme"' in acme.text
    for asset, kind in (("chat.js", "javascript"), ("chat.css", "text/css")):
        served = call(app, "GET", f"/webchat/static/{asset}")
        assert served.status_code == 200 and kind in served.headers["content-type"]


def test_an_unknown_key_is_refused_politely_in_both_languages_and_nothing_is_journalled(app, directory, rasa) -> None:
    for key in ("<b>nobody</b>", "k" * 500):
        page = call(app, "GET", "/chat", params={"key": key})
        assert page.status_code == 404 and page.headers["content-type"].startswith("text/html")
        assert "aucun client" in page.text and "isn't linked to any client" in page.text and key not in page.text
    refused = call(app, "POST", "/webchat/api/sessions", json={"key": "nobody"})
    assert refused.status_code == 404
    detail = refused.json()["detail"]
    assert detail["code"] == "unknown_key" and "aucun client" in detail["fr"] and "any client" in detail["en"]
    assert say(app, "bonjour", key="nobody").status_code == 401  # no token can name it
    assert journal(directory) == [] and rasa.messages == []
    stream = call(app, "GET", "/webchat/api/stream", params={"key": "nobody", "session": SESSION})
    assert stream.status_code == 401


def test_a_message_is_journalled_and_answered_with_its_buttons(app, directory, rasa) -> None:
    answer = say(app, "  mon VPN coupe sans arrêt  ", message_id="m-1")
    assert answer.status_code == 200
    assert answer.json() == {"messages": [{"text": "Quel service pose problème ?", "buttons": MENU, "image": None,
                                           "author": "bot", "author_name": None}]}
    [sent] = rasa.messages
    assert (sent["sender"], sent["message"], sent["input_channel"]) == (CONVERSATION, "mon VPN coupe sans arrêt",
                                                                        "webchat")
    signed = claims.verify(sent["metadata"][claims.METADATA_KEY], DOOR_SECRET, conversation=CONVERSATION)
    assert (signed.client, signed.requester, signed.channel, signed.email) == ("demo", CONVERSATION, "webchat", None)
    [kept] = journal(directory)
    assert (kept.channel, kept.event_key, kept.outcome) == ("webchat", f"{SESSION}:m-1", "answered")
    with directory.sessions("demo")() as session:
        conversation = session.scalar(select(Conversation).where(Conversation.key == CONVERSATION))
        assert (conversation.channel, conversation.requester) == ("webchat", CONVERSATION)
        assert conversation.address == {"key": "demo", "session": SESSION}


def test_the_acme_key_reaches_acme_as_the_user_its_site_vouches_for(app, directory, rasa) -> None:
    assert say(app, "my screen is black", key="acme").status_code == 200
    [kept] = journal(directory, "acme")
    assert (kept.conversation_key, kept.requester) == (f"webchat:acme:{SESSION}", "webchat:acme:site:u-1042")
    assert journal(directory, "demo") == []
    signed = claims.verify(rasa.messages[0]["metadata"][claims.METADATA_KEY], DOOR_SECRET,
                           conversation=f"webchat:acme:{SESSION}")
    assert (signed.client, signed.requester, signed.email, signed.user_name) == (
        "acme", "webchat:acme:site:u-1042", "jean.dupont@acme.example", "Jean Dupont")


def test_a_re_sent_message_is_answered_once(app, directory, rasa) -> None:
    assert say(app, "l'imprimante bourre", message_id="again").json()["messages"]
    assert say(app, "l'imprimante bourre", message_id="again").json() == {"messages": [], "duplicate": True}
    assert rasa.texts() == ["l'imprimante bourre"]
    assert len(journal(directory)) == 1


def test_a_clicked_button_sends_its_payload_and_keeps_its_title(app, directory, rasa) -> None:
    answer = say(app, payload=MENU[0]["payload"], title="VPN")
    assert answer.json()["messages"][0]["text"] == f"Noté : {MENU[0]['payload']}"
    assert rasa.texts() == [MENU[0]["payload"]]
    [kept] = journal(directory)
    assert (kept.text, kept.data["shown"]) == (MENU[0]["payload"], "VPN")


def test_a_notices_button_is_on_the_page_and_its_click_reaches_rasa(app, door, directory, rasa) -> None:
    """The closing question comes from the outbox into the conversation's backlog, not from Rasa: the page shows
    its buttons and a click answers as any button does."""
    token_of(app)
    question = BotMessage(text="Votre ticket INC-000042 est résolu. Est-ce réglé pour vous ?", author="system",
                          buttons=notices.buttons(SimpleNamespace(event="closure_request", language="fr",
                                                                  payload={"number": "INC-000042"})))
    door.outlet.publish(CONVERSATION, [question])
    [entry] = door.outlet.backlog(CONVERSATION)
    no = entry.message["buttons"][1]
    assert no == {"title": "❌ Non, toujours pas", "payload": '/deny{"ticket_number": "INC-000042"}'}
    assert say(app, payload=no["payload"], title=no["title"]).status_code == 200
    assert rasa.texts() == ['/deny{"ticket_number": "INC-000042"}']
    assert rasa.messages[0]["sender"] == CONVERSATION
    assert journal(directory)[-1].data["shown"] == "❌ Non, toujours pas"


@pytest.mark.parametrize(("body", "error"), [
    ({"text": ""}, "value_error"),
    ({"text": "   \n "}, "value_error"),
    ({}, "value_error"),
    ({"text": "x" * (TEXT_CEILING + 1)}, "string_too_long"),
    ({"text": "both", "payload": "/affirm"}, "value_error"),
    ({"text": "hi", "session": "not-a-uuid"}, "uuid_parsing"),
    ({"text": "hi", "client_message_id": ""}, "string_too_short"),
    ({"text": "hi", "key": ""}, "string_too_short"),
    ({"text": "hi", "extra": 1}, "extra_forbidden"),
])
def test_bad_input_gets_a_422_naming_the_problem_and_reaches_nobody(app, directory, rasa, body, error) -> None:
    full = {"key": "demo", "session": SESSION, "client_message_id": uuid.uuid4().hex, **body}
    answer = call(app, "POST", "/webchat/api/messages", json=full)
    assert answer.status_code == 422
    assert error in [d["type"] for d in answer.json()["detail"]]
    assert journal(directory) == [] and rasa.messages == []


def test_a_message_of_the_largest_size_passes(app, rasa) -> None:
    assert say(app, "é" * MAX_MESSAGE_CHARS).status_code == 200
    assert rasa.texts() == ["é" * MAX_MESSAGE_CHARS]


def _place(door: WebchatDoor):
    return door.place("demo", "demo", SESSION)


def test_the_backlog_gives_what_the_page_missed_since_its_last_id() -> None:
    outlet = WebchatOutlet()
    first = outlet.publish("c", [BotMessage(text="un")])[0]
    outlet.publish("c", [BotMessage(text="deux", author="agent", author_name="Hélène"),
                         BotMessage(text="trois", buttons=(Button("Oui", "/affirm"),))])
    assert [e.message["text"] for e in outlet.backlog("c")] == ["un", "deux", "trois"]
    assert [e.message["text"] for e in outlet.backlog("c", after=first.id)] == ["deux", "trois"]
    assert [e.message["text"] for e in outlet.backlog("c", after="0123.99")] == ["un", "deux", "trois"]  # restarted
    assert outlet.backlog("c", after=outlet.backlog("c")[-1].id) == []
    assert outlet.backlog("other") == []


def test_the_backlog_is_bounded_per_conversation_and_in_conversations() -> None:
    outlet = WebchatOutlet(backlog=3, conversations=2)
    outlet.publish("a", [BotMessage(text=str(n)) for n in range(5)])
    assert [e.message["text"] for e in outlet.backlog("a")] == ["2", "3", "4"]
    outlet.publish("b", [BotMessage(text="b")])
    outlet.publish("c", [BotMessage(text="c")])
    assert outlet.backlog("a") == [] and outlet.backlog("c")[0].message["text"] == "c"


def test_follow_waits_for_new_messages_even_written_from_another_thread() -> None:
    outlet = WebchatOutlet()
    outlet.publish("c", [BotMessage(text="avant")])

    async def scenario() -> list[str]:
        seen: list[str] = []

        async def read() -> None:
            async for entry in outlet.follow("c"):
                seen.append(entry.message["text"])
                if len(seen) == 3:
                    return

        reader = asyncio.create_task(read())
        await asyncio.sleep(0.05)
        await asyncio.to_thread(outlet.publish, "c", [BotMessage(text="pendant")])
        await outlet.send(_place_of("c"), [BotMessage(text="après")])
        await asyncio.wait_for(reader, 5)
        return seen

    assert asyncio.run(scenario()) == ["avant", "pendant", "après"]


def test_a_page_that_follows_then_leaves_without_messages_leaves_nothing_behind() -> None:
    outlet = WebchatOutlet()

    async def scenario() -> None:
        reader = asyncio.create_task(anext(outlet.follow("idle").__aiter__()))
        await asyncio.sleep(0.05)
        reader.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await reader

    asyncio.run(scenario())
    assert "idle" not in outlet._backlogs


def _place_of(conversation: str):
    from bot.outlets import Place

    return Place(client="demo", channel="webchat", conversation=conversation, requester=conversation)


def test_notify_writes_into_the_conversation_and_returns_where(door) -> None:
    place = _place(door)
    where = asyncio.run(door.outlet.notify(place, [BotMessage(text="Votre ticket est résolu.", author="system")]))
    assert where["conversation"] == CONVERSATION and where["id"] == door.outlet.backlog(CONVERSATION)[0].id


def read_events(url: str, params: dict[str, str], count: int, headers: dict[str, str] | None = None) -> list[dict]:
    """The first `count` events of the stream, as {"id", "event", "data"}."""
    events: list[dict] = []
    with httpx.stream("GET", url, params=params, headers=headers, timeout=10) as response:
        assert response.status_code == 200 and response.headers["content-type"].startswith("text/event-stream")
        current: dict[str, str] = {}
        for line in response.iter_lines():
            if not line:
                if "data" in current:
                    events.append(current)
                    if len(events) == count:
                        return events
                current = {}
                continue
            name, _, value = line.partition(":")
            current[name] = value.removeprefix(" ")
    return events


def anonymous_over_http(url: str) -> dict[str, Any]:
    answer = httpx.post(f"{url}/webchat/api/sessions", json={"key": "demo"}, timeout=10)
    assert answer.status_code == 200, answer.text
    return answer.json()


def stream_params(url: str, issued: dict[str, Any]) -> dict[str, str]:
    """What the page opens its stream with: its key and session, and a ticket got with its token."""
    answer = httpx.post(f"{url}/webchat/api/stream-tickets", json={"key": "demo", "session": issued["session"]},
                        headers={"Authorization": f"Bearer {issued['token']}"}, timeout=10)
    assert answer.status_code == 200, answer.text
    return {"key": "demo", "session": issued["session"], "ticket": answer.json()["ticket"]}


def test_the_stream_serves_the_backlog_then_resumes_after_last_event_id(served, door) -> None:
    import json

    place = _place(door)
    served.run(door.outlet.send(place, [BotMessage(text="Hélène prend la suite.", author="system"),
                                        BotMessage(text="Bonjour, je regarde.", author="agent",
                                                   author_name="Hélène")]))
    url, params = f"{served.url}/webchat/api/stream", stream_params(served.url, anonymous_over_http(served.url))
    first, second = read_events(url, params, 2)
    assert json.loads(second["data"]) == {"text": "Bonjour, je regarde.", "buttons": [], "image": None,
                                          "author": "agent", "author_name": "Hélène"}
    assert first["event"] == "message" and first["id"] != second["id"]
    served.run(door.outlet.send(place, [BotMessage(text="C'est réglé ?", author="agent", author_name="Hélène")]))
    [resumed] = read_events(url, params, 1, headers={"Last-Event-ID": second["id"]})
    assert json.loads(resumed["data"])["text"] == "C'est réglé ?"
    [after] = read_events(url, {**params, "after": first["id"]}, 1)
    assert after["id"] == second["id"]


def test_an_agent_taking_over_is_announced_and_writes_through_the_stream(served, door, directory, rasa) -> None:
    import json

    issued = anonymous_over_http(served.url)
    assert say_over_http(served.url, "mon VPN coupe", issued).status_code == 200
    with unit_of_work(directory.sessions("demo")) as session:
        ticket = open_incident(db_session=session, agreements=directory.desk(session), report=IncidentReport(
            service="VPN", description="le VPN coupe", impact=3, urgency=3, requester=CONVERSATION,
            channel="webchat", conversation_id=CONVERSATION, language="fr"))
        takeover = conversations.request_takeover(db_session=session, ticket=ticket, conversation_key=CONVERSATION,
                                                  actor="bot", reason="asked for a human")
        takeover_id = takeover.id
    handoff = Handoff(directory, wake=lambda: None)
    delivery = Delivery(directory, {"webchat": door.outlet}, RecordingAgentDesk(), rasa.client, interval=60)
    served.run(handoff.take("demo", takeover_id, "slack:T0RELAISDESK:U9", "Hélène"))
    served.run(handoff.agent_says("demo", takeover_id, "slack:T0RELAISDESK:U9", "Hélène", "Je suis là."))
    served.run(delivery.run_once())  # what the steps queued for the user
    taken, joined, said = read_events(f"{served.url}/webchat/api/stream", stream_params(served.url, issued), 3)
    assert "INC-" in json.loads(taken["data"])["text"]  # the ticket's status, as at any change
    assert "Hélène" in json.loads(joined["data"])["text"] and json.loads(joined["data"])["author"] == "system"
    assert json.loads(said["data"])["author_name"] == "Hélène"
    # To the agent, not to Rasa; with no agents' desk wired here, the user is told it is on the ticket.
    [kept] = say_over_http(served.url, "merci", issued).json()["messages"]
    assert kept["author"] == "system" and "ticket" in kept["text"]
    assert rasa.texts() == ["mon VPN coupe"]


def say_over_http(url: str, text: str, issued: dict[str, Any]) -> httpx.Response:
    return httpx.post(f"{url}/webchat/api/messages", timeout=10,
                      headers={"Authorization": f"Bearer {issued['token']}"},
                      json={"key": "demo", "session": issued["session"], "client_message_id": uuid.uuid4().hex,
                            "text": text})


def test_the_page_and_its_script_carry_the_words_of_the_bots_catalogue(app) -> None:
    demo, acme = (call(app, "GET", "/chat", params={"key": key}).text for key in ("demo", "acme"))
    assert '<html lang="fr">' in demo and ">Envoyer</button>" in demo  # before the script, the client's language
    assert '<html lang="en">' in acme and ">Send</button>" in acme
    script = call(app, "GET", "/webchat/static/chat.js").text
    assert "/*{{texts}}*/" not in script and '"send": "Envoyer"' in script and '"send": "Send"' in script
