"""A lead's use cases on the agents of the clients it leads, and signing out everywhere, on a real catalogue: the
rules of servicedesk/accounts/rules.py enforced by the use cases themselves, whatever the adapter checked."""

import pytest

from servicedesk.accounts import audit, service
from servicedesk.database import unit_of_work
from servicedesk.errors import AccountForbidden, InvalidAccount
from tests.servicedesk.accounts.test_service import make


def test_a_lead_gives_and_withdraws_its_clients_groups_to_its_agents(desk) -> None:
    with unit_of_work(desk) as session:
        lead = make(session, "lea", "lead", grants={"alpha": []})
        alice = make(session, grants={"bravo": []})  # alpha given below; bravo is another lead's affair
        service.grant_client(db_session=session, account=alice, client="alpha", groups=["Network"],
                             known_groups={"alpha": {"Network", "Workplace"}}, by=lead)
        assert {g.client.slug: g.groups for g in alice.grants} == {"bravo": [], "alpha": ["Network"]}
        service.grant_client(db_session=session, account=alice, client="alpha", groups=[], by=lead)
        assert {g.client.slug: g.groups for g in alice.grants} == {"bravo": [], "alpha": []}
        service.withdraw_client(db_session=session, account=alice, client="alpha", by=lead)
        assert [g.client.slug for g in alice.grants] == ["bravo"]
        with pytest.raises(AccountForbidden, match="bravo"):  # not its client to withdraw
            service.withdraw_client(db_session=session, account=alice, client="bravo", by=lead)


def test_a_lead_manages_neither_another_leads_client_nor_a_lead_nor_an_admin(desk) -> None:
    with unit_of_work(desk) as session:
        lead = make(session, "lea", "lead", grants={"alpha": ["Network"]})
        other = make(session, "otto", "lead", grants={"bravo": []})
        admin = make(session, "root", "admin", grants={"alpha": [], "bravo": []})
        bob = make(session, "bob", grants={"bravo": []})
        alice = make(session, grants={"alpha": ["Network"], "bravo": []})  # shared with otto's bravo
        for step in (lambda: service.grant_client(db_session=session, account=bob, client="bravo", groups=[],
                                                  by=lead),
                     lambda: service.grant_client(db_session=session, account=bob, client="alpha", groups=[],
                                                  by=lead),  # all of alpha: more than its Network group
                     lambda: service.grant_client(db_session=session, account=other, client="alpha",
                                                  groups=["Network"], by=lead),
                     lambda: service.disable(db_session=session, login="bob", by=lead),
                     lambda: service.disable(db_session=session, login="alice", by=lead),
                     lambda: service.disable(db_session=session, login="otto", by=lead),
                     lambda: service.end_sessions(db_session=session, account=admin, by=lead),
                     lambda: service.disable(db_session=session, login="lea", by=bob)):
            with pytest.raises(AccountForbidden):
                step()
        assert bob.active and alice.active and other.active


def test_a_lead_disables_enables_and_signs_out_an_agent_of_its_own_clients(desk) -> None:
    with unit_of_work(desk) as session:
        lead = make(session, "lea", "lead", grants={"alpha": [], "bravo": []})
        alice = make(session, grants={"alpha": ["Network"], "bravo": []})
        epoch = alice.session_epoch
        assert service.end_sessions(db_session=session, account=alice, by=lead).session_epoch == epoch + 1
        assert not service.disable(db_session=session, login="alice", by=lead).active
        assert alice.session_epoch == epoch + 2
        assert service.enable(db_session=session, login="alice", by=lead).active


def test_anyone_signs_itself_out_everywhere_and_an_admin_anyone(desk) -> None:
    with unit_of_work(desk) as session:
        admin, alice = make(session, "root", "admin"), make(session)
        assert service.end_sessions(db_session=session, account=alice, by=alice).session_epoch == 1
        assert service.end_sessions(db_session=session, account=alice, by=admin).session_epoch == 2
        assert service.end_sessions(db_session=session, account=admin).session_epoch == 1  # the command line
        with pytest.raises(AccountForbidden):
            service.end_sessions(db_session=session, account=admin, by=alice)


def test_the_agent_asks_the_rules_what_it_may(desk) -> None:
    with unit_of_work(desk) as session:
        lead = service.agent_of(make(session, "lea", "lead", grants={"alpha": [], "bravo": ["Infrastructure"]}))
    assert lead.may("work", "alpha") and lead.may("see_team", "bravo") and lead.may("manage_team")
    assert not lead.may("work", "charlie") and not lead.may("see_audit") and not lead.may("manage_accounts")
    assert lead.may_manage("agent", {"alpha": []}) and not lead.may_manage("agent", {"bravo": []})


def test_only_an_admin_changes_a_role_and_the_last_admin_keeps_its_own(desk) -> None:
    with unit_of_work(desk) as session:
        admin, lead = make(session, "root", "admin"), make(session, "lea", "lead")
        make(session)
        assert service.set_role(db_session=session, login="alice", role="lead", by=admin).role == "lead"
        with pytest.raises(AccountForbidden):
            service.set_role(db_session=session, login="lea", role="admin", by=lead)  # no climbing
        with pytest.raises(InvalidAccount, match="last active admin"):
            service.set_role(db_session=session, login="root", role="agent", by=admin)
        with pytest.raises(InvalidAccount, match="unknown role"):
            service.set_role(db_session=session, login="alice", role="root", by=admin)
        service.set_role(db_session=session, login="lea", role="admin")  # the command line
        assert service.set_role(db_session=session, login="root", role="agent", by=admin).role == "agent"
    with desk() as session:
        assert [(e.login, e.actor, e.detail) for e in audit.events(db_session=session, kinds=["role_changed"])] == [
            ("root", None, "admin → agent"), ("lea", None, "lead → admin"), ("alice", "root", "agent → lead")]
