"""The REST API's /metrics: served without a key, parsed by Prometheus's own parser, each request timed under its
route's template (no ticket number, no key in a label)."""

from tests.api.conftest import Desk
from tests.telemetry.scrape import value


def test_metrics_time_each_route_without_a_key(desk: Desk) -> None:
    assert desk.http.get("/tickets", headers=desk.auth("alpha-agent")).status_code == 200
    assert desk.http.get("/tickets/T-999999", headers=desk.auth("alpha-agent")).status_code == 404
    page = desk.http.get("/metrics")
    assert page.status_code == 200
    count = "relais_http_request_seconds_count"
    assert value(page.text, count, app="api", route="/tickets", status="200") >= 1
    assert value(page.text, count, app="api", route="/tickets/{number}", status="404") >= 1
    assert "T-999999" not in page.text and desk.secrets["alpha-agent"] not in page.text
