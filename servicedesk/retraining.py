"""Retraining without fear (issue 15 item 5): every trained model keeps its figures on the held-out files, a model
whose figures drop by more than a margin below the live one's is refused, and the model live before stays ready
for a roll-back. The models' record is a JSON file next to the models (models/registry.json): the desk has one
Rasa model for every client, so this is the desk's, not a client's database.

    record = train_and_score(registry, trainer=…, scorer=…, by="console:eve")   # trains, scores, judges
    registry.switch(record.name, by="console:eve")                              # after Rasa loaded it

The trainer and the scorer are given (tests give fakes that write a file; scripts/candidate.py has the real ones,
run by hand): this module never starts Rasa itself, and knows nothing of it but a model file's name.
"""

import json
import os
import tempfile
import threading
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path

from servicedesk.models import utcnow

MARGIN = 0.02  # a drop of two points of macro-F1 or of dialogues ended right is no noise on the held-out files
TRAINING, REFUSED, READY, LIVE, PREVIOUS, RETIRED, FAILED = (
    "training", "refused", "ready", "live", "previous", "retired", "failed")

Progress = Callable[[str], None]
Trainer = Callable[[Progress], Path]  # trains a new model, saying how it goes; returns its file
Scorer = Callable[[Path, Progress], dict[str, float]]  # {"nlu_macro_f1": …, "dialogue_rate": …}


@dataclass(frozen=True)
class Drop:
    figure: str
    live: float
    candidate: float


def drops(candidate: dict[str, float], live: dict[str, float] | None, margin: float = MARGIN) -> list[Drop]:
    """The figures of `candidate` lower than the live model's by more than `margin` (a figure missing counts as 0)."""
    if not live:
        return []
    return [Drop(name, value, candidate.get(name, 0.0)) for name, value in live.items()
            if candidate.get(name, 0.0) < value - margin]


@dataclass
class ModelRecord:
    name: str
    state: str
    trained_by: str
    started_at: str
    file: str = ""
    figures: dict[str, float] = field(default_factory=dict)
    drops: list[dict[str, object]] = field(default_factory=list)
    progress: list[str] = field(default_factory=list)
    switched_by: str = ""
    switched_at: str = ""
    error: str = ""


class Registry:
    """The models' record, rewritten whole and atomically at every change, under a lock (one console process may
    train in a thread while its pages read)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._lock = threading.RLock()

    def all(self) -> list[ModelRecord]:
        with self._lock:
            if not self.path.exists():
                return []
            return [ModelRecord(**entry) for entry in json.loads(self.path.read_text(encoding="utf-8"))]

    def get(self, name: str) -> ModelRecord | None:
        return next((record for record in self.all() if record.name == name), None)

    def in_state(self, state: str) -> ModelRecord | None:
        return next((record for record in reversed(self.all()) if record.state == state), None)

    def put(self, record: ModelRecord) -> None:
        with self._lock:
            records = self.all()
            names = [kept.name for kept in records]
            if record.name in names:  # in place: the record keeps the order models were trained in
                records[names.index(record.name)] = record
            else:
                records.append(record)
            self._write(records)

    def update(self, name: str, **changes: object) -> ModelRecord:
        with self._lock:
            record = self.get(name)
            if record is None:
                raise KeyError(name)
            for key, value in changes.items():
                setattr(record, key, value)
            self.put(record)
            return record

    def switch(self, name: str, *, by: str) -> ModelRecord:
        """`name` is live now (Rasa loaded it); the one live before is the previous, the one before that retired."""
        with self._lock:
            now = utcnow().isoformat(timespec="seconds")
            for record in self.all():
                if record.state == PREVIOUS:
                    self.update(record.name, state=RETIRED)
                elif record.state == LIVE and record.name != name:
                    self.update(record.name, state=PREVIOUS)
            return self.update(name, state=LIVE, switched_by=by, switched_at=now)

    def _write(self, records: list[ModelRecord]) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        descriptor, temporary = tempfile.mkstemp(dir=self.path.parent, prefix=".registry.", suffix=".tmp")
        with os.fdopen(descriptor, "w", encoding="utf-8") as out:
            json.dump([asdict(record) for record in records], out, indent=2)
        os.replace(temporary, self.path)


def start(registry: Registry, *, by: str) -> ModelRecord | None:
    """A new training's record, or None when one is already under way (one at a time: the machine is small)."""
    with registry._lock:
        if registry.in_state(TRAINING) is not None:
            return None
        record = ModelRecord(name=utcnow().strftime("model-%Y%m%d-%H%M%S-%f"), state=TRAINING, trained_by=by,
                             started_at=utcnow().isoformat(timespec="seconds"))
        registry.put(record)
        return record


def train_and_score(registry: Registry, record: ModelRecord, *, trainer: Trainer, scorer: Scorer,
                    margin: float = MARGIN) -> ModelRecord:
    """Train, score on the held-out files, and judge against the live model: READY or REFUSED (FAILED when the
    trainer or the scorer broke; what they said is kept)."""
    said: list[str] = []

    def progress(line: str) -> None:
        said.append(line[:300])
        registry.update(record.name, progress=said[-40:])

    try:
        model = trainer(progress)
        registry.update(record.name, file=str(model))
        figures = scorer(model, progress)
    except Exception as error:  # noqa: BLE001 - the record says what broke; the live model is untouched
        return registry.update(record.name, state=FAILED, error=f"{type(error).__name__}: {error}"[:500])
    live = registry.in_state(LIVE)
    found = drops(figures, live.figures if live else None, margin)
    return registry.update(record.name, figures=figures, drops=[asdict(drop) for drop in found],
                           state=REFUSED if found else READY)
