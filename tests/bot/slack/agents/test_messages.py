"""The card's thread carries the conversation both ways, from its holder only."""

import asyncio

from bot.outlets import ChannelUnavailable
from bot.relay import Inbound
from tests.bot.slack.agents.conftest import LUCAS, NADIA, USER, Bench, run, waiting_takeover


def test_the_thread_carries_the_conversation_both_ways(directory, slack) -> None:
    takeover_id, number = waiting_takeover(directory)

    async def scenario() -> None:
        bench = Bench(directory, slack)
        await bench.agents.post_card("demo", takeover_id)
        thread = bench.card(takeover_id)["ts"]
        await bench.say_in_thread(NADIA, takeover_id, "Bonjour, je regarde")  # not taken yet
        hint = await bench.wait("chat.postEphemeral")
        assert hint.params["user"] == NADIA and "Prenez la conversation en charge" in hint.params["text"]
        assert (await bench.told()) == []

        await bench.click(NADIA, "relais_take", takeover_id)
        await bench.wait("chat.update")
        await bench.say_in_thread(NADIA, takeover_id, "Bonjour, pouvez-vous lancer &lt;vpncli&gt; status ?")
        for _ in range(100):
            if len(await bench.told()) == 2:
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
        for _ in range(100):  # the reply waits in the outbox, retried until the web chat takes it
            if any(row.event == "agent_message" and row.last_error == "web chat closed" for row in bench.outbox()):
                break
            await bench.told()
            await asyncio.sleep(0.05)
        else:
            raise AssertionError("the reply was not kept for a retry")
        warned = await bench.wait("chat.postMessage", lambda call: "Message non remis" in call.params["text"])
        assert warned.params["thread_ts"] == thread
        await bench.told()  # the retry fails again: said once
        assert len([c for c in slack.calls_to("chat.postMessage") if "Message non remis" in c.params["text"]]) == 1

        log = [(entry.author_kind, entry.body) for entry in bench.ticket(number).log]
        assert ("agent", "Bonjour, pouvez-vous lancer <vpncli> status ?") in log
        assert ("requester", "voilà : disconnected") in log
        assert ("agent", "vous êtes là ?") in log  # kept even though it could not be delivered
        assert ("agent", "je peux aider ?") not in log

    run(scenario())
