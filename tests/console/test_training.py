"""The retrain page with a fake trainer (it writes a file) and a fake scorer: never a real training. A worse model is
refused with its figures; a better one goes live in the (stand-in) Rasa and is rolled back; an agent may not."""

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from standins.rasa_api import RasaStandin
from tests.console.conftest import Desk, csrf_of, sign_in
from tests.console.studio_desk import add_editors, studio_app


class Fakes:
    """Each training writes models/relais-N.tar.gz; its figures are the next of `scores`."""

    def __init__(self, folder: Path, *scores: float) -> None:
        self.folder, self.scores = folder, list(scores)

    def train(self, progress) -> Path:
        progress("training (fake)")
        model = self.folder / f"relais-{len(list(self.folder.glob('*.tar.gz')))}.tar.gz"
        model.write_text("fake model")
        return model

    def score(self, model: Path, progress) -> dict[str, float]:
        progress(f"scoring {model.name}")
        value = self.scores.pop(0)
        return {"nlu_macro_f1": value, "dialogue_rate": value}


@pytest.fixture
def rasa() -> RasaStandin:
    return RasaStandin(secret="unused")


@pytest.fixture
def fakes(tmp_path: Path) -> Fakes:
    (tmp_path / "models").mkdir()
    return Fakes(tmp_path / "models", 0.90, 0.80, 0.93)


@pytest.fixture
def http(desk: Desk, tmp_path: Path, rasa: RasaStandin, fakes: Fakes) -> Iterator[TestClient]:
    add_editors(desk)
    app = studio_app(desk, tmp_path)
    studio = app.state.studio
    studio.models, studio.trainer, studio.scorer = tmp_path / "models", fakes.train, fakes.score
    studio.rasa_transport = rasa.transport()
    with TestClient(app) as client:
        yield client


def retrain(http: TestClient) -> str:
    token = csrf_of(http, "/studio/model")
    http.post("/studio/model/train", data={"csrf_token": token})
    http.app.state.studio.extras["job"].join(10)
    return token


def states(http: TestClient) -> list[tuple[str, str]]:
    return [(record.name, record.state) for record in http.app.state.studio.registry().all()]


def test_refused_on_a_drop_live_on_a_rise_and_rolled_back(http, rasa) -> None:
    sign_in(http, "eve")
    token = retrain(http)
    [(first, state)] = states(http)
    assert state == "ready"
    http.post(f"/studio/model/{first}/live", data={"csrf_token": token})
    assert rasa.loaded[-1].endswith("relais-0.tar.gz") and states(http)[0][1] == "live"
    retrain(http)
    page = http.get("/studio/model")
    assert "refused" in page.text and "nlu_macro_f1 0.8 &lt; 0.9" in page.text
    refused = states(http)[1][0]
    assert http.post(f"/studio/model/{refused}/live", data={"csrf_token": token}).url.query == b"problem=not_ready"
    assert len(rasa.loaded) == 1
    retrain(http)
    third = states(http)[2][0]
    http.post(f"/studio/model/{third}/live", data={"csrf_token": token})
    assert rasa.loaded[-1].endswith("relais-2.tar.gz")
    assert [state for _, state in states(http)] == ["previous", "refused", "live"]
    http.post("/studio/model/rollback", data={"csrf_token": token})
    assert rasa.loaded[-1].endswith("relais-0.tar.gz")
    assert [state for _, state in states(http)] == ["live", "refused", "previous"]
    assert "console:eve" in http.get("/studio/model").text


def test_an_agent_may_not_retrain_and_a_form_without_its_token_is_refused(http) -> None:
    sign_in(http, "alice")
    assert http.get("/studio/model").status_code == 403
    assert http.post("/studio/model/train", data={"csrf_token": csrf_of(http, "/clients")}).status_code == 403
    http.post("/signout", data={"csrf_token": csrf_of(http, "/clients")})
    sign_in(http, "eve")
    assert http.post("/studio/model/train", data={}).status_code == 403
    assert states(http) == []
