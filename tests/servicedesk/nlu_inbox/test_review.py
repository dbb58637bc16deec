"""The one labelling step of the NLU inbox, shared by `make nlu-review` and the console: the mark and the file edit
succeed together or not at all."""

import shutil
from pathlib import Path

import pytest

from scripts.stack import ROOT
from servicedesk.database import unit_of_work
from servicedesk.errors import AlreadyReviewed
from servicedesk.nlu_inbox import service as inbox
from servicedesk.nlu_inbox.models import LABELLED, PENDING
from servicedesk.nlu_inbox.review import TrainingFiles, learn
from servicedesk.nlu_inbox.training_data import ExampleRefused, examples_of, intents_of
from tests.servicedesk.nlu_inbox.conftest import prediction

INTENTS = intents_of(ROOT / "domain.yml")


@pytest.fixture
def files(tmp_path: Path) -> TrainingFiles:
    for language in ("fr", "en"):
        shutil.copy(ROOT / "data" / "nlu" / f"{language}.yml", tmp_path / f"{language}.yml")
    return TrainingFiles(tmp_path)


def kept(session_factory, **overrides) -> int:
    with unit_of_work(session_factory) as session:
        message = inbox.keep(db_session=session, **prediction(**overrides))
        assert message is not None
        return message.id


def examples(files: TrainingFiles, language: str) -> dict[str, list[str]]:
    return examples_of(files.of(language).read_text(encoding="utf-8"))


def test_a_label_marks_the_message_and_writes_its_language_file(session_factory, files) -> None:
    message_id = kept(session_factory, text="ma   souris clignote", language="fr")
    with unit_of_work(session_factory) as session:
        learned = learn(db_session=session, message_id=message_id, intent="report_incident", reviewer="eve",
                        files=files, intents=INTENTS)
    assert (learned.example, learned.file, learned.already) == ("ma souris clignote", files.of("fr"), False)
    assert "ma souris clignote" in examples(files, "fr")["report_incident"]
    assert "ma souris clignote" not in examples(files, "en").get("report_incident", [])
    with session_factory() as session:
        assert inbox.get(db_session=session, message_id=message_id).status == LABELLED


def test_another_language_goes_to_the_file_chosen(session_factory, files) -> None:
    message_id = kept(session_factory, text="mein Drucker druckt nicht", language="other")
    with pytest.raises(ExampleRefused), unit_of_work(session_factory) as session:
        learn(db_session=session, message_id=message_id, intent="report_incident", reviewer="eve", files=files,
              intents=INTENTS)
    with unit_of_work(session_factory) as session:
        learned = learn(db_session=session, message_id=message_id, intent="report_incident", reviewer="eve",
                        files=files, intents=INTENTS, language="en")
    assert learned.file == files.of("en")


def test_a_refused_edit_leaves_the_message_pending(session_factory, files) -> None:
    message_id = kept(session_factory, text="see [this](link) please")
    before = files.of("en").read_text(encoding="utf-8")
    with pytest.raises(ExampleRefused), unit_of_work(session_factory) as session:
        learn(db_session=session, message_id=message_id, intent="report_incident", reviewer="eve", files=files,
              intents=INTENTS)
    assert files.of("en").read_text(encoding="utf-8") == before
    with session_factory() as session:
        assert inbox.get(db_session=session, message_id=message_id).status == PENDING


def test_an_intent_the_domain_lacks_is_refused_and_a_second_editor_loses(session_factory, files) -> None:
    message_id = kept(session_factory)
    with pytest.raises(ExampleRefused, match="no intent"), unit_of_work(session_factory) as session:
        learn(db_session=session, message_id=message_id, intent="make_coffee", reviewer="eve", files=files,
              intents=INTENTS)
    with unit_of_work(session_factory) as session:
        learn(db_session=session, message_id=message_id, intent="report_incident", reviewer="eve", files=files,
              intents=INTENTS)
    with pytest.raises(AlreadyReviewed), unit_of_work(session_factory) as session:
        learn(db_session=session, message_id=message_id, intent="greet", reviewer="zoe", files=files, intents=INTENTS)


def test_an_entity_example_is_written_in_rasas_markup(session_factory, files) -> None:
    message_id = kept(session_factory, text="Citrix   plante au lancement", language="fr")
    with pytest.raises(ExampleRefused, match="not in the message"), unit_of_work(session_factory) as session:
        learn(db_session=session, message_id=message_id, intent="report_incident", reviewer="eve", files=files,
              intents=INTENTS, entity=("SAP", "application"), entities=["application"])
    with pytest.raises(ExampleRefused, match="no entity"), unit_of_work(session_factory) as session:
        learn(db_session=session, message_id=message_id, intent="report_incident", reviewer="eve", files=files,
              intents=INTENTS, entity=("Citrix", "colour"), entities=["application"])
    with unit_of_work(session_factory) as session:
        learned = learn(db_session=session, message_id=message_id, intent="report_incident", reviewer="eve",
                        files=files, intents=INTENTS, entity=("Citrix", "application"), entities=["application"])
    assert learned.example == "[Citrix](application) plante au lancement"
    assert learned.example in examples(files, "fr")["report_incident"]


def test_an_annotated_example_already_there_is_a_duplicate(session_factory, files) -> None:
    message_id = kept(session_factory, text="my VPN keeps disconnecting")  # data/nlu/en.yml: "my [VPN](application)…"
    with unit_of_work(session_factory) as session:
        learned = learn(db_session=session, message_id=message_id, intent="report_incident", reviewer="eve",
                        files=files, intents=INTENTS)
    assert learned.already
