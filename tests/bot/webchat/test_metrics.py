"""The doors' /metrics, on the app `python -m bot` serves (bot/__main__.py): Prometheus parses it, each request is
timed under its route's template, and the relay's series are there beside them."""

from bot.__main__ import served_app
from bot.config import BotConfig
from tests.bot.webchat.test_throttle import request
from tests.telemetry.scrape import samples, value


def test_the_doors_serve_their_metrics(directory, webchat_config) -> None:
    app = served_app(BotConfig(webchat=webchat_config), directory)
    assert request(app, "GET", "/health").status_code == 200
    assert request(app, "GET", "/").status_code == 200
    page = request(app, "GET", "/metrics")
    assert page.status_code == 200
    assert value(page.text, "relais_http_request_seconds_count", app="doors", route="/health", status="200") >= 1
    assert ("relais_rasa_request_seconds_count", ()) in samples(page.text)  # the relay's, in the same registry
