"""The studio's real trainer and scorer, with their commands replaced (a real training runs by hand only), and the
old models' clean-up that spares the ones the console has live or ready to roll back to."""

import json
import os
from pathlib import Path

import pytest

from scripts import candidate, model


def test_train_runs_the_candidate_command_and_returns_the_model_it_printed(monkeypatch) -> None:
    ran: list[list[str]] = []

    def run(command: list[str], progress) -> list[str]:
        ran.append(command)
        progress("training relais-abc.tar.gz ...")
        return ["training relais-abc.tar.gz ...", "/srv/models/relais-abc.tar.gz"]

    monkeypatch.setattr(candidate, "_run", run)
    said: list[str] = []
    assert candidate.train(said.append) == Path("/srv/models/relais-abc.tar.gz")
    assert ran[0][1:] == ["-m", "scripts.model", "candidate"] and said == ["training relais-abc.tar.gz ..."]


def test_score_reads_the_nlu_report_and_the_dialogue_summary(monkeypatch) -> None:
    def run(command: list[str], progress) -> list[str]:
        out = Path(command[command.index("--out") + 1])
        if "nlu" in command:
            (out / "intent_report.json").write_text(json.dumps({"macro avg": {"f1-score": 0.9412}}))
        else:
            (out / "heldout").mkdir()
            (out / "heldout" / "summary.json").write_text(json.dumps({"rate": 0.81}))
        return []

    monkeypatch.setattr(candidate, "_run", run)
    assert candidate.score(Path("m.tar.gz"), lambda line: None) == {"nlu_macro_f1": 0.941, "dialogue_rate": 0.81}


def test_a_failing_command_raises_with_its_last_line() -> None:
    with pytest.raises(RuntimeError, match="boom"):
        candidate._run(["sh", "-c", "echo boom; exit 3"], lambda line: None)


def test_the_clean_up_spares_the_live_and_previous_models(tmp_path, monkeypatch) -> None:
    monkeypatch.setattr(model, "MODELS", tmp_path)
    for age, name in enumerate(["relais-a", "relais-b", "relais-c", "relais-d", "relais-e"]):
        path = tmp_path / f"{name}.tar.gz"
        path.write_text(name)
        os.utime(path, (1000 + age, 1000 + age))
    (tmp_path / "registry.json").write_text(json.dumps([
        {"file": str(tmp_path / "relais-a.tar.gz"), "state": "previous"},
        {"file": str(tmp_path / "relais-b.tar.gz"), "state": "retired"}]))
    model._remove_old()
    assert sorted(path.name for path in tmp_path.glob("*.tar.gz")) == [
        "relais-a.tar.gz", "relais-c.tar.gz", "relais-d.tar.gz", "relais-e.tar.gz"]  # a: the previous model
