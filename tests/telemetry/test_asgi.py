"""The FastAPI apps' metrics: each request timed under its route's template, and /metrics as Prometheus reads it."""

from fastapi import FastAPI
from fastapi.testclient import TestClient

from telemetry.asgi import instrument
from tests.telemetry.scrape import value


def test_requests_are_timed_by_route_template_and_served_at_metrics() -> None:
    app = FastAPI()

    @app.get("/tickets/{number}")
    def ticket(number: str) -> dict[str, str]:
        return {"number": number}

    instrument(app, "test-app")
    with TestClient(app) as http:
        for number in ("T-1", "T-2", "T-3"):
            assert http.get(f"/tickets/{number}").status_code == 200
        assert http.get("/nowhere").status_code == 404
        page = http.get("/metrics")
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/plain")
    count = "relais_http_request_seconds_count"
    assert value(page.text, count, app="test-app", route="/tickets/{number}", status="200", method="GET") == 3
    assert value(page.text, count, app="test-app", route="unmatched", status="404") == 1
    assert "T-1" not in page.text  # a template, never the raw path: the series stay bounded
