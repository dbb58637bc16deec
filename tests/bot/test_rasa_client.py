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
