"""Whom a ticket may be given to: the active agents granted its client and its group (or all of them), the same
list for the console's picker and the REST API's check, and one refusal for a login that is not among them."""

import pytest

from servicedesk.accounts import service
from servicedesk.database import unit_of_work
from servicedesk.errors import AccountUnknown
from tests.servicedesk.accounts.test_service import make


def test_the_agents_of_the_client_and_the_group_and_no_others(desk) -> None:
    with unit_of_work(desk) as session:
        make(session, "alice", grants={"alpha": []})
        make(session, "nina", grants={"alpha": ["Network"]})
        make(session, "wanda", grants={"alpha": ["Workplace"]})
        make(session, "bob", grants={"bravo": []})
        make(session, "dan", grants={"alpha": []})
        service.disable(db_session=session, login="dan")
        assert [agent.login for agent in service.assignable(db_session=session, client="alpha",
                                                            group="Network")] == ["alice", "nina"]
        found = service.assignable_agent(db_session=session, client="alpha", group="Network", login="nina")
        assert (found.actor, found.display_name) == ("console:nina", "Nina")
        for login in ["wanda", "bob", "dan", "nobody"]:  # another group, another client, disabled, unknown
            with pytest.raises(AccountUnknown, match=login):
                service.assignable_agent(db_session=session, client="alpha", group="Network", login=login)


def test_an_accounts_actor_is_the_same_whichever_door_names_it(desk) -> None:
    with unit_of_work(desk) as session:
        account = make(session, "alice", grants={"alpha": []})
        assert service.agent_of(account).actor == service.actor_of("alice") == "console:alice"
