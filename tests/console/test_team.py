"""A lead's team page: per client it leads, who works there and what is open; giving the client's groups to an
agent, withdrawing them, disabling, enabling and signing out everywhere an agent of its own clients. What the page
offers is what the rules allow; an agent has no team page."""

from fastapi.testclient import TestClient
from sqlalchemy import select

from servicedesk.database import unit_of_work
from servicedesk.tickets.models import Ticket
from tests.console.conftest import NAMES, csrf_of, sign_in


def row(page: str, slug: str, login: str) -> str:
    return page.split(f'data-team="{slug}"')[1].split("</section>")[0].split(f'data-member="{login}"')[1] \
        .split("</tr>")[0]


def post(http, path: str, **data: str):
    return http.post(path, data={"csrf_token": csrf_of(http, "/team"), **data}, follow_redirects=False)


def test_a_lead_sees_the_team_and_open_tickets_of_each_client_it_leads(signed_in) -> None:
    page = signed_in("lea").get("/team")
    assert page.status_code == 200 and 'href="/team"' in page.text
    assert 'data-team="alpha"' in page.text and 'data-team="bravo"' in page.text
    assert 'data-team="charlie"' not in page.text and NAMES["charlie"] not in page.text
    alpha = page.text.split('data-team="alpha"')[1].split("</section>")[0]
    assert "2 open tickets" in alpha
    assert {"alice", "dan", "lea", "root"} <= {login for login in ("alice", "dan", "lea", "root", "bob")
                                              if f'data-member="{login}"' in alpha}
    assert "/team/alpha/agents/alice/disable" in row(page.text, "alpha", "alice")
    assert "/team/alpha/agents/dan/enable" in row(page.text, "alpha", "dan")
    assert "disable" not in row(page.text, "alpha", "root")  # an admin is not a lead's to manage
    assert "withdraw" not in row(page.text, "alpha", "root")
    bob = row(page.text, "bravo", "bob")
    assert "/team/bravo/agents/bob/withdraw" in bob and 'value="Infrastructure"' in bob


def test_a_lead_sees_the_open_tickets_each_agent_has_in_hand(desk, signed_in) -> None:
    with unit_of_work(desk.registry.session_factory("alpha")) as session:
        first, second = session.scalars(select(Ticket).order_by(Ticket.id))
        first.assignee = second.assignee = "console:alice"
        second.status = "resolved"
    page = signed_in("lea").get("/team").text
    assert '<td class="count">1</td>' in row(page, "alpha", "alice")
    assert '<td class="count">0</td>' in row(page, "alpha", "dan")


def test_a_lead_gives_its_client_to_an_agent_and_withdraws_it(desk, signed_in) -> None:
    lea = signed_in("lea")
    assert '<option value="bob">' in lea.get("/team").text.split('data-team="alpha"')[1].split("</section>")[0]
    assert post(lea, "/team/alpha/agents", login="bob", groups="").status_code == 303
    with TestClient(desk.app()) as bob:
        assert sign_in(bob, "bob").status_code == 303
        assert bob.get("/clients/alpha").status_code == 200
        unknown = post(lea, "/team/alpha/agents", login="bob", groups="Infra")
        assert unknown.status_code == 400 and "no support group" in unknown.text
        assert post(lea, "/team/alpha/agents/bob/withdraw").status_code == 303
        assert bob.get("/clients/alpha").status_code == 404
        assert post(lea, "/team/bravo/agents", login="bob", groups="Infrastructure, Applications").status_code == 303
        assert "Infrastructure, Applications" in row(lea.get("/team").text, "bravo", "bob")


def test_a_lead_disables_enables_and_signs_out_an_agent_of_its_clients(desk, signed_in) -> None:
    with TestClient(desk.app()) as alice:
        assert sign_in(alice, "alice").status_code == 303
        lea = signed_in("lea")
        assert post(lea, "/team/alpha/agents/alice/signout-everywhere").status_code == 303
        assert alice.get("/whoami", follow_redirects=False).status_code == 303
        assert sign_in(alice, "alice").status_code == 303
        assert post(lea, "/team/alpha/agents/alice/disable").status_code == 303
        assert alice.get("/whoami", follow_redirects=False).status_code == 303
        assert sign_in(alice, "alice").status_code == 401
        assert post(lea, "/team/alpha/agents/alice/enable").status_code == 303
        assert sign_in(alice, "alice").status_code == 303


def test_an_admin_sees_the_teams_of_all_its_clients(signed_in) -> None:
    page = signed_in("root").get("/team").text
    assert all(f'data-team="{slug}"' in page for slug in ("alpha", "bravo", "charlie"))
    assert "/team/alpha/agents/lea/disable" in row(page, "alpha", "lea")  # an admin manages leads too


def test_an_agent_has_no_team_page(signed_in) -> None:
    http = signed_in("alice")
    assert http.get("/team").status_code == 403
    assert 'href="/team"' not in http.get("/clients").text
