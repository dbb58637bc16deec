"""The console's process answers its health check and serves its stylesheet, with nobody signed in."""

from fastapi.testclient import TestClient

from console.app import create_app
from console.config import ConsoleConfig


def test_health_and_the_stylesheet_need_no_sign_in(catalogue, registry) -> None:
    with TestClient(create_app(catalogue, registry, ConsoleConfig(secret="test"))) as http:
        assert http.get("/health").text == "ok"
        css = http.get("/static/console.css")
        assert css.status_code == 200 and css.headers["content-type"].startswith("text/css")
