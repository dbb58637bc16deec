"""What the API reads and writes, handed to create_app() rather than built at import time, so that tests and
`python -m api` each pass their own catalogue and client databases."""

from dataclasses import dataclass
from pathlib import Path
from typing import Annotated

from fastapi import Depends, Request
from sqlalchemy.orm import Session, sessionmaker

from servicedesk.clients.registry import ClientDatabases
from servicedesk.privacy.tracker import TrackerStore


@dataclass(frozen=True)
class Stores:
    catalogue: sessionmaker[Session]  # the client catalogue, where API keys live
    registry: ClientDatabases  # one database per client
    settings_root: Path  # where each client's settings.yml is (SLUG/settings.yml), for a reload
    tracker: TrackerStore | None = None  # Rasa's tracker store, whose events an erasure deletes too


def stores(request: Request) -> Stores:
    return request.app.state.stores


StoresDep = Annotated[Stores, Depends(stores)]
