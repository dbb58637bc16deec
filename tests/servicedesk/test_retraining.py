"""The retraining's rules: a model refused on a drop beyond the margin, live and previous kept as they switch."""

from pathlib import Path

from servicedesk import retraining
from servicedesk.retraining import Drop, Registry, drops


def test_a_drop_beyond_the_margin_is_named_and_a_small_one_is_noise() -> None:
    live = {"nlu_macro_f1": 0.94, "dialogue_rate": 0.80}
    assert drops({"nlu_macro_f1": 0.93, "dialogue_rate": 0.81}, live, 0.02) == []
    assert drops({"nlu_macro_f1": 0.90, "dialogue_rate": 0.81}, live, 0.02) == [Drop("nlu_macro_f1", 0.94, 0.90)]
    assert drops({"nlu_macro_f1": 0.95}, live, 0.02) == [Drop("dialogue_rate", 0.80, 0.0)]  # missing: 0
    assert drops({"nlu_macro_f1": 0.1}, None) == []  # nothing live to compare with


def fake_trainer(folder: Path):
    def train(progress) -> Path:
        progress("epoch 1/1")
        model = folder / f"relais-{len(list(folder.glob('*.tar.gz')))}.tar.gz"
        model.write_text("a model")
        return model
    return train


def test_train_score_judge_and_switch(tmp_path: Path) -> None:
    registry = Registry(tmp_path / "registry.json")
    first = retraining.start(registry, by="console:eve")
    assert first is not None and retraining.start(registry, by="console:zoe") is None  # one at a time
    done = retraining.train_and_score(registry, first, trainer=fake_trainer(tmp_path),
                                      scorer=lambda model, progress: {"nlu_macro_f1": 0.9})
    assert (done.state, done.progress, Path(done.file).read_text()) == ("ready", ["epoch 1/1"], "a model")
    registry.switch(first.name, by="console:eve")
    worse = retraining.start(registry, by="console:eve")
    assert worse is not None
    refused = retraining.train_and_score(registry, worse, trainer=fake_trainer(tmp_path),
                                         scorer=lambda model, progress: {"nlu_macro_f1": 0.8})
    assert refused.state == "refused" and refused.drops == [{"figure": "nlu_macro_f1", "live": 0.9, "candidate": 0.8}]
    better = retraining.start(registry, by="console:eve")
    assert better is not None
    retraining.train_and_score(registry, better, trainer=fake_trainer(tmp_path),
                               scorer=lambda model, progress: {"nlu_macro_f1": 0.95})
    registry.switch(better.name, by="console:zoe")
    assert [(record.name, record.state) for record in registry.all()] == [
        (first.name, "previous"), (worse.name, "refused"), (better.name, "live")]
    assert registry.get(better.name).switched_by == "console:zoe"  # type: ignore[union-attr]


def test_a_broken_trainer_leaves_a_failed_record(tmp_path: Path) -> None:
    registry = Registry(tmp_path / "registry.json")
    record = retraining.start(registry, by="console:eve")
    assert record is not None

    def broken(progress) -> Path:
        raise RuntimeError("rasa train exited 1")

    failed = retraining.train_and_score(registry, record, trainer=broken, scorer=lambda model, progress: {})
    assert failed.state == "failed" and "exited 1" in failed.error
