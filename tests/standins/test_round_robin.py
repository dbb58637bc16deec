"""The round-robin proxy: each request to the next backend in turn, bodies and statuses passed both ways, a
backend that is down a 502 rather than a hang."""

import httpx

from standins.rasa_http import RasaStandIn
from standins.round_robin import RoundRobin


def test_requests_alternate_between_the_backends_with_their_bodies() -> None:
    with RasaStandIn() as one, RasaStandIn() as two:
        proxy = RoundRobin([one.base, two.base])
        with proxy.serving() as url, httpx.Client(base_url=url) as http:
            answers = [http.post("/webhooks/rest/webhook", json={"sender": "s", "message": f"m{n}"}).json()
                       for n in range(4)]
            assert http.get("/nowhere").status_code == 404
        assert [a[0]["text"] for a in answers] == ["Noté : m0", "Noté : m1", "Noté : m2", "Noté : m3"]
        assert one.said_in("s") == ["m0", "m2"] and two.said_in("s") == ["m1", "m3"]
        assert proxy.sent == {one.base: 3, two.base: 2}


def test_a_backend_that_is_down_is_a_502() -> None:
    with RoundRobin(["http://127.0.0.1:1"]).serving() as url:
        assert httpx.get(f"{url}/status").status_code == 502
