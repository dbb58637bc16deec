"""The agents' desk: the handoff card posted once in the client's agents' channel, a rate-limited card left
to the outbox, and the notices."""

import pytest

from bot.outlets import ChannelUnavailable
from tests.bot.slack.agents.conftest import AGENTS, DESK_TEAM, Bench, run, texts_of, waiting_takeover


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
