"""The FastAPI apps' metrics: each request timed under its route's template, and /metrics as Prometheus reads it;
the log lines of a request about a ticket name it."""

import json
import logging

from fastapi import FastAPI
from fastapi.testclient import TestClient

from telemetry import logs
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


def test_the_log_lines_of_a_request_about_a_ticket_name_it(monkeypatch, capsys) -> None:
    app = FastAPI()

    @app.get("/tickets/{number}")
    def ticket(number: str) -> dict[str, str]:
        logging.getLogger("api.test").info("read")
        return {"number": number}

    instrument(app, "test-app")
    root = logging.getLogger()
    handlers, level = root.handlers[:], root.level
    monkeypatch.setenv("RELAIS_LOG_FORMAT", "json")
    try:
        logs.configure("api")
        with TestClient(app) as http:
            assert http.get("/tickets/INC-000042").status_code == 200
    finally:
        root.handlers[:], root.level = handlers, level
    lines = [json.loads(line) for line in capsys.readouterr().err.splitlines() if line.startswith("{")]
    assert [line["ticket"] for line in lines if line["message"] == "read"] == ["INC-000042"]
