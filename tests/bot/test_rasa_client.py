"""Pausing and resuming reach the conversation Rasa knows: its router does not unquote path parameters, so
a key such as slack:T1:D1 must go as it is (quoted, it would name another, empty conversation)."""

import asyncio

from standins.doors import FakeRasa


def test_pause_and_resume_name_the_conversation_verbatim_and_resume_listens_again() -> None:
    rasa = FakeRasa()
    seen: list[str] = []
    original = rasa._handle

    def spy(request):
        seen.append(request.url.raw_path.decode())
        return original(request)

    rasa.client._http._transport.handler = spy  # type: ignore[attr-defined]
    asyncio.run(rasa.client.pause("teams:t-1:19:abc@thread.tacv2;messageid=17"))
    asyncio.run(rasa.client.resume("slack:T1:C1:1700000000.000100"))
    assert seen == ["/conversations/teams:t-1:19:abc@thread.tacv2;messageid=17/tracker/events",
                    "/conversations/slack:T1:C1:1700000000.000100/tracker/events"]
    assert rasa.events[1][1] == [{"event": "resume"}, {"event": "action", "name": "action_listen"}]


def test_a_messages_turn_is_read_from_rasas_tracker_by_its_journal_id() -> None:
    """As Rasa 3.6 keeps them: the doors' id on the user event's metadata, the buttons in the bot event's data."""
    import httpx

    from bot.rasa_client import RasaClient

    events = [{"event": "user", "text": "vpn", "metadata": {"relais_message": 7}},
              {"event": "action", "name": "action_level1"},
              {"event": "bot", "text": "Depuis quand ?", "data": {"buttons": [{"title": "Hier", "payload": "hier"}]}},
              {"event": "user", "text": "hier", "metadata": {"relais_message": 8}},
              {"event": "action", "name": "action_level1"},
              {"event": "user", "text": "hier", "metadata": {"relais_message": 8}},
              {"event": "bot", "text": "Noté.", "data": {}}]
    client = RasaClient("http://rasa.test", transport=httpx.MockTransport(
        lambda request: httpx.Response(200, json={"events": events})))
    [asked] = asyncio.run(client.turn_of("webchat:demo:1", 7))
    assert (asked.text, [b.payload for b in asked.buttons]) == ("Depuis quand ?", ["hier"])
    assert [m.text for m in asyncio.run(client.turn_of("webchat:demo:1", 8))] == ["Noté."]  # its latest turn
    assert asyncio.run(client.turn_of("webchat:demo:1", 9)) is None  # never reached Rasa
