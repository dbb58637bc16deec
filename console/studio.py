"""What the editors' studio pages share (the NLU inbox, the questions nobody answered, retraining, trying the
model): where the training data is, the trainer and the Rasa server they work with, and the check every one of
their routes makes first: an account that may edit the client's KB (servicedesk/accounts/rules.py, `edit_kb`).

The studio is kept on the application (`app.state.studio`) and built from the environment on first use, so
create_app() needs no new argument; tests set their own (training files in a temporary folder, a fake trainer,
a stand-in Rasa) before the first request. Nothing here trains or loads a model by itself.
"""

import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated, Any

import httpx
from fastapi import Depends, Request

from console.client_desk import ClientPlace, client_place
from console.state import Console
from servicedesk.accounts.service import Agent
from servicedesk.nlu_inbox.review import TrainingFiles
from servicedesk.nlu_inbox.training_data import entities_of, intents_of
from servicedesk.retraining import MARGIN, Registry, Scorer, Trainer

ROOT = Path(__file__).resolve().parent.parent


@dataclass
class Studio:
    training: TrainingFiles  # data/nlu: where a labelled message lands
    domain: Path  # domain.yml: the intents an editor may choose
    rasa_url: str = "http://127.0.0.1:5005"  # the live Rasa server: the test chat, and where a model goes live
    rasa_token: str | None = None
    door_secret: str = ""  # signs the test chat's claims (client, requester) as a door does: RELAIS_DOOR_SECRET
    rasa_transport: httpx.BaseTransport | None = None  # tests: a stand-in Rasa in-process
    kb_search: Callable[[str, str], Sequence[Any]] | None = None  # (client, text) -> results; None: kb_index's
    models: Path = ROOT / "models"  # trained models and their record (registry.json)
    trainer: Trainer | None = None  # None: scripts/candidate.py's, a real training (never in tests)
    scorer: Scorer | None = None
    margin: float = MARGIN
    extras: dict[str, Any] = field(default_factory=dict)  # the running training's thread ("job")

    def intents(self) -> list[str]:
        return intents_of(self.domain)

    def entities(self) -> list[str]:
        return entities_of(self.domain)

    def registry(self) -> Registry:
        if "registry" not in self.extras:
            self.extras["registry"] = Registry(self.models / "registry.json")
        registry: Registry = self.extras["registry"]
        return registry


def from_environment() -> Studio:
    """The studio of `python -m console`: the project's data, the Rasa server of RELAIS_RASA_URL."""
    port = os.environ.get("RELAIS_RASA_PORT", "5005")
    return Studio(training=TrainingFiles(ROOT / "data" / "nlu"), domain=ROOT / "domain.yml",
                  rasa_url=(os.environ.get("RELAIS_RASA_URL") or f"http://127.0.0.1:{port}").rstrip("/"),
                  rasa_token=os.environ.get("RELAIS_RASA_TOKEN") or None,
                  door_secret=os.environ.get("RELAIS_DOOR_SECRET", ""))


def studio(request: Request) -> Studio:
    state = request.app.state
    if getattr(state, "studio", None) is None:
        state.studio = from_environment()
    return state.studio


StudioDep = Annotated[Studio, Depends(studio)]


def editing(console: Console, agent: Agent, slug: str) -> ClientPlace:
    """The client of a studio page, if the agent may edit its KB: 404 for a client it is not granted (as for one
    that does not exist), 403 for one it works on without the right."""
    return client_place(console, agent, slug, "edit_kb")
