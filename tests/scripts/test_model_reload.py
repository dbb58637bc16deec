"""What `make train` and `python -m scripts.model reload` say and do around Rasa's `PUT /model`, with the HTTP
calls replaced (the real server is exercised in tests/e2e/test_hot_reload.py)."""

from pathlib import Path
from typing import Any

import httpx
import pytest

from scripts import model
from tests.e2e.conftest import free_port

MODEL = Path("/srv/models/relais-new.tar.gz")


class FakeRasa:
    """Answers /status and PUT /model like a Rasa server would, and remembers the calls."""

    def __init__(self, serving: str | None = "relais-old.tar.gz", put_status: int = 204, put_body: Any = None):
        self.serving, self.put_status, self.put_body = serving, put_status, put_body
        self.calls: list[tuple[str, str, dict[str, Any]]] = []

    def get(self, url: str, params: dict[str, str], timeout: float) -> httpx.Response:
        self.calls.append(("GET", url, params))
        if self.serving is None:
            return httpx.Response(409, json={"message": "No agent loaded."})
        return httpx.Response(200, json={"model_file": self.serving, "model_id": "x"})

    def put(self, url: str, params: dict[str, str], json: dict[str, Any], timeout: float) -> httpx.Response:
        self.calls.append(("PUT", url, {**params, **json}))
        if self.put_status == 204:
            self.serving = Path(json["model_file"]).name
            return httpx.Response(204)
        return httpx.Response(self.put_status, json=self.put_body)


@pytest.fixture
def rasa(monkeypatch) -> FakeRasa:
    fake = FakeRasa()
    monkeypatch.setattr(model.httpx, "get", fake.get)
    monkeypatch.setattr(model.httpx, "put", fake.put)
    monkeypatch.delenv("RELAIS_RASA_TOKEN", raising=False)
    monkeypatch.setattr(model, "_local_token", lambda: None)  # not the token a local `make run` left in var/
    return fake


def test_the_server_is_asked_to_load_the_absolute_path(rasa) -> None:
    done = model.reload(MODEL, "http://rasa:5005")
    assert done == model.Reload(True, "the Rasa server at http://rasa:5005 now serves relais-new.tar.gz "
                                      "(was relais-old.tar.gz), without a restart")
    assert ("PUT", "http://rasa:5005/model", {"model_file": "/srv/models/relais-new.tar.gz"}) in rasa.calls


def test_a_model_already_served_is_not_sent_again(rasa) -> None:
    rasa.serving = MODEL.name
    done = model.reload(MODEL, "http://rasa:5005")
    assert done is not None and done.loaded and "already serves" in done.said
    assert [call[0] for call in rasa.calls] == ["GET"]


def test_a_server_without_a_model_gets_one(rasa) -> None:
    rasa.serving = None
    done = model.reload(MODEL, "http://rasa:5005")
    assert done is not None and done.loaded and "(was no model)" in done.said


def test_a_refusal_says_why(rasa) -> None:
    rasa.put_status, rasa.put_body = 400, {"message": "Agent with name 'x' could not be loaded."}
    done = model.reload(MODEL, "http://rasa:5005")
    assert done is not None and not done.loaded
    assert done.said.endswith("did not load relais-new.tar.gz: 400 Agent with name 'x' could not be loaded.")


def test_a_protected_server_needs_its_token(rasa, monkeypatch) -> None:
    rasa.put_status, rasa.put_body = 401, {"message": "User is not authenticated."}
    assert "set RELAIS_RASA_TOKEN" in model.reload(MODEL, "http://rasa:5005").said
    monkeypatch.setenv("RELAIS_RASA_TOKEN", "s3cret")
    rasa.put_status = 204
    assert model.reload(MODEL, "http://rasa:5005").loaded
    assert all(call[2].get("token") == "s3cret" for call in rasa.calls[2:])


def test_no_server_means_nothing_to_say() -> None:
    assert model.reload(MODEL, f"http://127.0.0.1:{free_port()}") is None


def test_the_url_comes_from_the_environment(monkeypatch) -> None:
    monkeypatch.delenv("RELAIS_RASA_URL", raising=False)
    monkeypatch.setenv("RELAIS_RASA_PORT", "5999")
    assert model.rasa_url() == "http://127.0.0.1:5999"
    monkeypatch.setenv("RELAIS_RASA_URL", "http://rasa.internal:5005/")
    assert model.rasa_url() == "http://rasa.internal:5005"


@pytest.fixture
def fake_training(monkeypatch, tmp_path) -> dict[str, Any]:
    state: dict[str, Any] = {"reloaded": [], "target": tmp_path / "relais-abc.tar.gz"}
    monkeypatch.setattr(model, "model_path", lambda: state["target"])
    monkeypatch.setattr(model, "train", lambda: state["target"].touch() or state["target"])
    monkeypatch.setattr(model, "reload", lambda path: state["reloaded"].append(path) or state.get("answer"))
    return state


def test_train_pushes_a_new_model_to_the_running_server(fake_training, capsys) -> None:
    fake_training["answer"] = model.Reload(True, "the Rasa server at http://x now serves relais-abc.tar.gz")
    assert model.main(["train"]) == 0
    assert fake_training["reloaded"] == [fake_training["target"]]
    assert "now serves relais-abc.tar.gz" in capsys.readouterr().out


def test_train_says_nothing_special_without_a_server(fake_training, capsys) -> None:
    assert model.main(["train"]) == 0
    assert capsys.readouterr().out.strip() == str(fake_training["target"])


def test_train_without_changes_pushes_nothing(fake_training) -> None:
    fake_training["target"].touch()  # the model of this data exists: nothing was trained
    assert model.main(["train"]) == 0
    assert fake_training["reloaded"] == []


def test_reload_on_demand(fake_training, capsys) -> None:
    assert model.main(["reload"]) == 1  # no model for this data yet
    assert "run `make train`" in capsys.readouterr().err
    fake_training["target"].touch()
    assert model.main(["reload"]) == 1  # no server
    assert "no Rasa server answers" in capsys.readouterr().out
    fake_training["answer"] = model.Reload(True, "the Rasa server at http://x already serves relais-abc.tar.gz")
    assert model.main(["reload"]) == 0
    assert "already serves" in capsys.readouterr().out


def test_without_a_token_given_the_one_make_run_keeps_is_used(rasa, monkeypatch) -> None:
    monkeypatch.setattr(model, "_local_token", lambda: "from-var-secrets")
    model.reload(MODEL, "http://rasa:5005")
    assert all(call[2].get("token") == "from-var-secrets" for call in rasa.calls if call[0] == "GET")
