"""The card's buttons: taking over (one agent only) and handing back to the bot."""

from servicedesk.conversations import service as conversations
from servicedesk.conversations.models import Takeover
from tests.bot.slack.agents.conftest import (
    AGENTS,
    DESK_TEAM,
    LUCAS,
    NADIA,
    USER,
    Bench,
    run,
    texts_of,
    waiting_takeover,
)


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
        assert buttons == ["relais_hand_back", "relais_pending", "relais_remote", "relais_resolve"]
        assert (await bench.told()) == [f"Nadia Haddad, technicien du support, prend la suite de la conversation "
                                f"(ticket {number})."]
        assert bench.rasa.events and all(event == (USER, [{"event": "pause"}]) for event in bench.rasa.events)
        ticket = bench.ticket(number)
        assert ticket.status == "in_progress"
        assert ("takeover", "waiting", "taken", f"slack:{DESK_TEAM}:{NADIA}") in [
            (h.field, h.old, h.new, h.actor) for h in ticket.history]

        await bench.click(LUCAS, "relais_take", takeover_id)
        refused = await bench.wait("chat.postEphemeral")
        assert (refused.params["user"], refused.params["channel"]) == (LUCAS, AGENTS)
        assert "Nadia Haddad a déjà cette conversation" in refused.params["text"]
        assert len(slack.calls_to("chat.update")) == 1  # the card still shows Nadia
        assert len(await bench.told()) == 1

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
        assert (await bench.told())[-1].startswith("Nadia Haddad a terminé. Je reprends la main")
        assert bench.rasa.events[-1][0] == USER and bench.rasa.events[-1][1][0] == {"event": "resume"}
        with directory.sessions("demo")() as session:
            takeover = session.get(Takeover, takeover_id)
            assert (takeover.status, takeover.outcome) == ("ended", "handed_back")
        assert ("takeover", "taken", "handed_back") in [(h.field, h.old, h.new) for h in bench.ticket(number).history]

    run(scenario())


def test_taken_in_the_console_the_card_says_who_and_a_slack_click_loses(directory, slack) -> None:
    """The console runs the same step and asks the doors to redraw the card (takeover_changed), as a click does."""
    takeover_id, number = waiting_takeover(directory)

    async def scenario() -> None:
        bench = Bench(directory, slack)
        await bench.agents.post_card("demo", takeover_id)
        await bench.told()  # the card's request delivered: the outbox holds nothing older
        with directory.unit_of_work("demo") as session:
            takeover = session.get(Takeover, takeover_id)
            conversations.take(db_session=session, takeover_id=takeover_id, agent="console:alice",
                               agent_name="Alice Martin", agreements=directory.desk(session))
            conversations.ask_card_redraw(db_session=session, takeover=takeover)
        assert (await bench.told())[-1] == (f"Alice Martin, technicien du support, prend la suite de la "
                                            f"conversation (ticket {number}).")
        updated = await bench.wait("chat.update")
        assert updated.params["ts"] == bench.card(takeover_id)["ts"]
        assert "Alice Martin" in texts_of(updated.params["blocks"])

        await bench.click(NADIA, "relais_take", takeover_id)
        refused = await bench.wait("chat.postEphemeral")
        assert refused.params["user"] == NADIA and "Alice Martin a déjà cette conversation" in refused.params["text"]
        await bench.say_in_thread(NADIA, takeover_id, "je prends ?")
        hint = await bench.wait("chat.postEphemeral", lambda call: call.params.get("thread_ts"))
        assert "Alice Martin a déjà cette conversation" in hint.params["text"]
        assert [line.body for line in bench.ticket(number).log if line.author_kind == "agent"] == []

    run(scenario())
