"""The studio's test chat against the real Rasa server and action server (the session's `bot`): an editor of the
demo client sends a problem as a French-speaking user and the page shows what the real tracker says: the intent
and its confidence, the action level 1 ran, its answer. The door claims the console signs are the real channel's
to check, so a refused signature would show no turn at all."""

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from console.app import create_app
from console.config import ConsoleConfig
from console.studio import from_environment
from servicedesk.accounts import service as accounts
from servicedesk.clients.registry import open_catalogue
from servicedesk.database import unit_of_work
from tests.console.conftest import PASSWORD, SECRET, csrf_of, sign_in
from tests.e2e.conftest import Bot

pytestmark = pytest.mark.e2e


@pytest.fixture
def console(bot: Bot) -> Iterator[TestClient]:
    with pytest.MonkeyPatch.context() as env:
        for name, value in bot.stores.items():
            env.setenv(name, value)
        with open_catalogue() as (catalogue, registry):
            with unit_of_work(catalogue) as session:
                accounts.create(db_session=session, login="edith", display_name="Edith", role="editor",
                                email="edith@desk.example", password=PASSWORD, grants={"demo": []})
            app = create_app(catalogue, registry, ConsoleConfig(secret=SECRET))
            studio = from_environment()
            studio.rasa_url = bot.base_url
            studio.rasa_token = bot.secrets.rasa_token if bot.secrets else None
            studio.door_secret = bot.secrets.door_secret if bot.secrets else ""
            app.state.studio = studio
            with TestClient(app) as client:
                yield client


def test_the_test_chat_shows_what_the_live_model_made_of_a_turn(console: TestClient) -> None:
    sign_in(console, "edith")
    token = csrf_of(console, "/clients/demo/try")
    page = console.post("/clients/demo/try", data={"message": "Outlook plante au démarrage depuis ce matin",
                                                   "language": "fr", "csrf_token": token})
    assert page.status_code == 200 and "does not answer" not in page.text
    assert page.text.count('class="card try-turn"') == 1
    assert "action_level1" in page.text
    intent = page.text.split('<dd class="intent">')[1].split("</dd>")[0]
    assert intent.split()[0] not in ("—", "") and float(intent.split()[1]) > 0
    answer = page.text.split('<p class="answer">')[1]
    assert "Relais" in answer
