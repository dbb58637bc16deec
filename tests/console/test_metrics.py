"""The console's /metrics: served without a sign-in (it names no client, ticket or person), as Prometheus parses it."""

from fastapi.testclient import TestClient

from tests.telemetry.scrape import value


def test_metrics_without_a_sign_in(http: TestClient) -> None:
    assert http.get("/health").status_code == 200
    page = http.get("/metrics")
    assert page.status_code == 200
    assert value(page.text, "relais_http_request_seconds_count", app="console", route="/health", status="200") >= 1
    assert http.get("/clients", follow_redirects=False).status_code == 303  # the pages still ask for a sign-in
