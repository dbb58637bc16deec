"""My clients: the clients and groups the agent works on, with their open tickets, and nothing of any other."""

import re

from tests.console.conftest import NAMES


def rows(page: str) -> dict[str, tuple[str, int]]:
    """client slug -> (groups shown, open tickets) of the My clients table."""
    found = re.findall(r'<tr data-client="([^"]+)">.*?class="groups">([^<]*)</td>\s*<td class="count">(\d+)</td>',
                       page, re.S)
    return {slug: (groups, int(count)) for slug, groups, count in found}


def test_an_agent_sees_their_clients_and_the_open_tickets_of_their_groups(signed_in) -> None:
    page = signed_in("alice").get("/clients")
    assert page.status_code == 200 and rows(page.text) == {"alpha": ("All groups", 2)}
    assert NAMES["bravo"] not in page.text and NAMES["charlie"] not in page.text


def test_an_agent_of_some_groups_counts_only_theirs(signed_in) -> None:
    http = signed_in("bob")
    assert rows(http.get("/clients").text) == {"bravo": ("Infrastructure", 1)}
    page = http.get("/clients/bravo")
    assert page.status_code == 200 and "1 open ticket in your groups (Infrastructure)." in page.text
    assert "Centre de services" not in page.text


def test_an_admin_sees_only_the_clients_granted_too(signed_in) -> None:
    assert rows(signed_in("root").get("/clients").text) == {"alpha": ("All groups", 2), "bravo": ("All groups", 3),
                                                            "charlie": ("All groups", 1)}


def test_a_clients_page_shows_its_groups(signed_in) -> None:
    page = signed_in("lea").get("/clients/bravo")
    assert page.status_code == 200 and "3 open tickets." in page.text
    assert "<td>Centre de services</td><td class=\"count\">2</td>" in page.text
    assert "<td>Infrastructure</td><td class=\"count\">1</td>" in page.text


def test_the_home_page_is_my_clients(signed_in) -> None:
    http = signed_in("alice")
    assert http.get("/", follow_redirects=False).headers["location"] == "/clients"
