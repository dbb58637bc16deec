"""Attacks on the console's queues (the console alone, through FastAPI's TestClient): another client's queue, table or
event stream by URL, a filter naming a group the agent is not granted, a search shaped like SQL, and a stream asked
for after signing out."""

import re

from tests.console.conftest import NAMES, built_desk, cheap_hashes, csrf_of, desk, http, signed_in

__all__ = ["built_desk", "cheap_hashes", "desk", "http", "signed_in"]  # the console's desk, not the servers'


def numbers(page: str) -> set[str]:
    return {f"{slug}/{number}" for number, slug in re.findall(r'<tr data-number="([^"]+)" data-client="([^"]+)"',
                                                              page)}


def test_another_clients_queue_answers_as_one_that_does_not_exist(signed_in) -> None:
    http = signed_in("alice")  # alpha only
    missing = http.get("/clients/zulu/queue")
    assert missing.status_code == 404
    for path in ("/clients/bravo/queue", "/clients/charlie/queue?q=charlie", "/clients/bravo/queue/rows",
                 "/queue?client=bravo", "/queue/rows?client=charlie", "/queue/events?client=bravo",
                 "/queue/events?client=zulu"):
        answer = http.get(path)
        assert (answer.status_code, answer.text) == (404, missing.text), path
        assert NAMES["bravo"] not in answer.text and "bravo:" not in answer.text


def test_a_filter_never_widens_what_the_agent_may_see(signed_in) -> None:
    http = signed_in("bob")  # bravo, Infrastructure only
    assert numbers(http.get("/queue").text) == {"bravo/INC-000003"}
    for query in ("group=Centre+de+services", "group=", "client=bravo&group=Applications", "q=bravo",
                  "status=new&priority=P3"):
        seen = numbers(http.get(f"/queue?{query}").text) | numbers(http.get(f"/clients/bravo/queue/rows?{query}").text)
        assert seen <= {"bravo/INC-000003"}, query


def test_a_search_shaped_like_sql_is_only_text(signed_in) -> None:
    http = signed_in("lea")
    for typed in ("' OR 1=1 --", "%", "_", "\\", "%' UNION SELECT password_hash FROM agent_accounts --"):
        answer = http.get("/queue", params={"q": typed})
        assert answer.status_code == 200 and numbers(answer.text) == set(), typed
    assert http.get("/queue", params={"q": "x" * 201}).status_code == 400  # longer than any form sends


def test_no_stream_once_signed_out(http, signed_in) -> None:
    agent = signed_in("alice")
    token = csrf_of(agent, "/queue")
    agent.post("/signout", data={"csrf_token": token})
    answer = http.get("/queue/events?client=alpha", follow_redirects=False)
    assert answer.status_code == 303 and answer.headers["location"].startswith("/signin")
    assert "event:" not in answer.text
