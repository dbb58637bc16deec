"""The card's "hands on the machine" button (issue 17): the agent who holds the conversation asks for a remote
session — the user's consent is asked through the outbox, as from the console — and anyone else is refused."""

from sqlalchemy import select

from servicedesk.remote.models import RemoteSession
from tests.bot.slack.agents.conftest import DESK_TEAM, LUCAS, NADIA, Bench, run, waiting_takeover
from tests.servicedesk.remote.settings import CODE_TOOL, load_remote


def test_the_holder_asks_for_the_users_consent_and_another_agent_is_refused(directory, slack) -> None:
    takeover_id, number = waiting_takeover(directory)
    load_remote(directory.sessions("demo"), CODE_TOOL)

    async def scenario() -> None:
        bench = Bench(directory, slack)
        await bench.agents.post_card("demo", takeover_id)
        await bench.click(NADIA, "relais_take", takeover_id)
        await bench.wait("chat.update")
        await bench.click(LUCAS, "relais_remote", takeover_id)
        refused = await bench.wait("chat.postEphemeral", lambda call: call.params["user"] == LUCAS)
        assert "Nadia Haddad a déjà cette conversation" in refused.params["text"]
        await bench.click(NADIA, "relais_remote", takeover_id)
        asked = await bench.wait("chat.postEphemeral", lambda call: call.params["user"] == NADIA)
        assert f"{number} : l'accord de l'utilisateur pour une session RustDesk" in asked.params["text"]
        with directory.sessions("demo")() as session:
            [row] = session.scalars(select(RemoteSession)).all()
        assert (row.state, row.requested_by) == ("asked", f"slack:{DESK_TEAM}:{NADIA}")
        assert [n.event for n in bench.outbox()].count("remote_consent") == 1
        await bench.click(NADIA, "relais_remote", takeover_id)  # a second click: one session at a time
        again = await bench.wait("chat.postEphemeral", lambda call: "Action impossible" in call.params["text"])
        assert again.params["user"] == NADIA
        assert f"{number} a déjà une session à distance en cours" in again.params["text"]

    run(scenario())

