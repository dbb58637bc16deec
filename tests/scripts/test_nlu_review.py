"""`make nlu-review` driven by scripted answers, on copies of the training files and a real inbox (SQLite and
PostgreSQL): what the editor sees, what lands in which file, and what the inbox remembers."""

import shutil
from pathlib import Path
from typing import Any

import pytest

from scripts import nlu_review
from scripts.nlu_review import Inbox, review
from scripts.stack import ROOT
from servicedesk.database import unit_of_work
from servicedesk.nlu_inbox import service as inbox
from servicedesk.nlu_inbox.models import DISCARDED, LABELLED, PENDING, UnsureMessage
from servicedesk.nlu_inbox.training_data import examples_of, intents_of

INTENTS = intents_of(ROOT / "domain.yml")


class Editor:
    """Answers prompts from a script and records everything the tool prints."""

    def __init__(self, *answers: str) -> None:
        self.answers = list(answers)
        self.prompts: list[str] = []
        self.lines: list[str] = []

    def input(self, prompt: str) -> str:
        self.prompts.append(prompt)
        if not self.answers:
            raise EOFError
        return self.answers.pop(0)

    def print(self, line: str = "") -> None:
        self.lines.append(line)

    @property
    def output(self) -> str:
        return "\n".join(self.lines)


@pytest.fixture
def nlu_dir(tmp_path) -> Path:
    folder = tmp_path / "nlu"
    folder.mkdir()
    for language in ("fr", "en"):
        shutil.copy(ROOT / "data" / "nlu" / f"{language}.yml", folder / f"{language}.yml")
    return folder


@pytest.fixture
def box(session_factory) -> Inbox:
    return Inbox("demo", session_factory)


def put(box: Inbox, text: str, language: str = "en", **more: Any) -> int:
    fields = {"conversation_id": "conv-1", "message_key": text, "intent": "nlu_fallback", "confidence": 0.55,
              "ranking": [{"name": "nlu_fallback", "confidence": 0.55}, {"name": "out_of_scope", "confidence": 0.4},
                          {"name": "greet", "confidence": 0.1}],
              "excerpt": [{"speaker": "user", "text": "hello"}, {"speaker": "bot", "text": "Hello! I'm Relais."}],
              "threshold": 0.7} | more
    with unit_of_work(box.sessions) as session:
        return inbox.keep(db_session=session, text=text, language=language, **fields).id


def state(box: Inbox, message_id: int) -> UnsureMessage:
    with box.sessions() as session:
        return inbox.get(db_session=session, message_id=message_id)


def run(box: Inbox, nlu_dir: Path, editor: Editor) -> nlu_review.Tally:
    return review([box], intents=INTENTS, nlu_dir=nlu_dir, reviewer="eve", input_fn=editor.input,
                  print_fn=editor.print)


def number(intent: str) -> str:
    return str(INTENTS.index(intent) + 1)


def test_the_editor_sees_the_message_its_prediction_and_conversation(box, nlu_dir) -> None:
    put(box, "zorglub the printer")
    editor = Editor("s")
    run(box, nlu_dir, editor)
    shown = editor.output
    assert "demo: 1 message(s) waiting" in shown
    assert "conversation conv-1" in shown and "language en" in shown
    assert "   user> hello\n   relais> Hello! I'm Relais.\n → user> zorglub the printer" in shown
    assert "predicted nlu_fallback 0.55; next guesses: out_of_scope 0.40, greet 0.10" in shown
    assert f"{number('report_incident')}. report_incident" in shown and "d: discard · s: skip · q: quit" in shown


def test_a_labelled_message_joins_its_intent_in_its_language_file(box, nlu_dir) -> None:
    message_id = put(box, "zorglub the printer is on strike")
    before_fr = (nlu_dir / "fr.yml").read_text(encoding="utf-8")
    before_en = (nlu_dir / "en.yml").read_text(encoding="utf-8")
    editor = Editor(number("report_incident"))
    tally = run(box, nlu_dir, editor)

    after_en = (nlu_dir / "en.yml").read_text(encoding="utf-8")
    assert examples_of(after_en)["report_incident"][-1] == "zorglub the printer is on strike"
    added = [line for line in after_en.splitlines() if line not in before_en.splitlines()]
    assert added == ["    - zorglub the printer is on strike"]  # one line, nothing else touched
    assert (nlu_dir / "fr.yml").read_text(encoding="utf-8") == before_fr
    message = state(box, message_id)
    assert (message.status, message.labelled_intent, message.reviewed_by) == (LABELLED, "report_incident", "eve")
    assert message.reviewed_at is not None
    assert (tally.labelled, tally.discarded, tally.skipped) == (1, 0, 0)
    assert "run `make train`" in editor.output


def test_the_intent_can_be_typed_by_name_and_french_goes_to_the_french_file(box, nlu_dir) -> None:
    put(box, "mon bidule clignote en orange", language="fr")
    run(box, nlu_dir, Editor("report_incident"))
    assert examples_of((nlu_dir / "fr.yml").read_text(encoding="utf-8"))["report_incident"][-1] == (
        "mon bidule clignote en orange")


def test_discard_skip_and_quit(box, nlu_dir) -> None:
    discarded, skipped, untouched = put(box, "asdf asdf"), put(box, "maybe later"), put(box, "after quitting")
    editor = Editor("d", "s", "q")
    tally = run(box, nlu_dir, editor)
    assert [state(box, i).status for i in (discarded, skipped, untouched)] == [DISCARDED, PENDING, PENDING]
    assert state(box, discarded).reviewed_by == "eve"
    assert (tally.labelled, tally.discarded, tally.skipped) == (0, 1, 1)
    assert "stopped; what is left stays in the inbox." in editor.output
    assert "make train" not in editor.output  # nothing new to train on


def test_the_end_of_the_input_is_a_quit(box, nlu_dir) -> None:
    message_id = put(box, "no answer coming")
    editor = Editor()
    run(box, nlu_dir, editor)
    assert state(box, message_id).status == PENDING and "stopped" in editor.output


def test_a_wrong_answer_is_asked_again(box, nlu_dir) -> None:
    message_id = put(box, "zorglub again")
    editor = Editor("", "0", str(len(INTENTS) + 1), "x", "d")
    run(box, nlu_dir, editor)
    assert editor.output.count(f"type a number from 1 to {len(INTENTS)}, d, s or q") == 4
    assert state(box, message_id).status == DISCARDED


@pytest.mark.parametrize(("answer", "file"), [("", "en"), ("1", "fr"), ("en", "en")])
def test_another_language_asks_which_file_english_by_default(box, nlu_dir, answer, file) -> None:
    put(box, "Hallo, mein Drucker druckt nicht", language="other")
    editor = Editor(number("report_incident"), answer)
    run(box, nlu_dir, editor)
    assert any("written in other: which training file? 1. fr  2. en [2]" in p for p in editor.prompts)
    assert examples_of((nlu_dir / f"{file}.yml").read_text(encoding="utf-8"))["report_incident"][-1] == (
        "Hallo, mein Drucker druckt nicht")


def test_an_example_already_there_for_that_intent_is_just_marked(box, nlu_dir) -> None:
    message_id = put(box, "Hello there")  # en.yml has "hello there" under greet
    before = (nlu_dir / "en.yml").read_text(encoding="utf-8")
    editor = Editor(number("greet"))
    tally = run(box, nlu_dir, editor)
    assert (nlu_dir / "en.yml").read_text(encoding="utf-8") == before
    assert "already in the training data" in editor.output
    assert state(box, message_id).status == LABELLED and tally.labelled == 1 and not tally.files


def test_an_example_already_there_for_another_intent_is_refused(box, nlu_dir) -> None:
    message_id = put(box, "hello there")
    before = (nlu_dir / "en.yml").read_text(encoding="utf-8")
    editor = Editor(number("goodbye"), "d")
    run(box, nlu_dir, editor)
    assert "not added: already an example of greet" in editor.output
    assert (nlu_dir / "en.yml").read_text(encoding="utf-8") == before
    assert state(box, message_id).status == DISCARDED  # the refused label was rolled back, then discarded


def test_a_duplicate_in_the_other_language_file_is_refused_too(box, nlu_dir) -> None:
    french = examples_of((nlu_dir / "fr.yml").read_text(encoding="utf-8"))["greet"][0]
    put(box, french, language="en")
    editor = Editor(number("goodbye"), "s")
    run(box, nlu_dir, editor)
    assert "fr.yml" in editor.output and "not added" in editor.output


def test_text_that_would_break_yaml_is_added_safely(box, nlu_dir) -> None:
    text = '- "quoted": value # with\nnewline and : colon'
    put(box, text)
    run(box, nlu_dir, Editor(number("inform")))
    assert examples_of((nlu_dir / "en.yml").read_text(encoding="utf-8"))["inform"][-1] == (
        '- "quoted": value # with newline and : colon')


def test_entity_markup_is_refused_and_the_editor_chooses_again(box, nlu_dir) -> None:
    message_id = put(box, "reset [my password](thing)")
    editor = Editor(number("report_incident"), "s")
    run(box, nlu_dir, editor)
    assert "entity markup" in editor.output and state(box, message_id).status == PENDING


def test_an_intent_with_no_examples_yet_gets_its_block(box, nlu_dir) -> None:
    """A new intent declared in the domain before anyone wrote its examples."""
    put(box, "zorglub needs a new thing")
    intents = [*INTENTS, "brand_new_intent"]
    editor = Editor(str(len(intents)))
    review([box], intents=intents, nlu_dir=nlu_dir, reviewer="eve", input_fn=editor.input, print_fn=editor.print)
    assert examples_of((nlu_dir / "en.yml").read_text(encoding="utf-8"))["brand_new_intent"] == [
        "zorglub needs a new thing"]


def test_a_message_another_editor_decided_on_meanwhile_is_passed(box, nlu_dir) -> None:
    message_id = put(box, "contested")

    def first_editor_wins(prompt: str) -> str:
        with unit_of_work(box.sessions) as session:
            inbox.discard(db_session=session, message_id=message_id, reviewer="mallory")
        return number("greet")

    printed: list[str] = []
    review([box], intents=INTENTS, nlu_dir=nlu_dir, reviewer="eve", input_fn=first_editor_wins,
           print_fn=printed.append)
    assert any("already discarded (by someone else)" in line for line in printed)
    assert state(box, message_id).reviewed_by == "mallory"
    assert "contested" not in (nlu_dir / "en.yml").read_text(encoding="utf-8")


def test_the_command_line_reviews_every_client_of_the_catalogue(tmp_path, monkeypatch, nlu_dir, capsys) -> None:
    monkeypatch.setenv("RELAIS_CATALOGUE_URL", f"sqlite:///{tmp_path / 'catalogue.db'}")
    monkeypatch.setenv("RELAIS_CLIENT_DATABASE_URL_TEMPLATE", f"sqlite:///{tmp_path}/{{slug}}.db")
    from servicedesk.operations import bootstrap
    bootstrap()
    from servicedesk.clients.registry import open_catalogue
    with open_catalogue() as (_, registry):
        acme = Inbox("acme", registry.session_factory("acme"))
        put(acme, "zorglub at acme")
    answers = iter([number("report_incident")])
    monkeypatch.setattr("builtins.input", lambda prompt="": next(answers))
    assert nlu_review.main(["--data", str(nlu_dir), "--reviewer", "eve"]) == 0
    out = capsys.readouterr().out
    assert "acme: 1 message(s) waiting" in out and "demo: 0 message(s) waiting" in out
    assert examples_of((nlu_dir / "en.yml").read_text(encoding="utf-8"))["report_incident"][-1] == "zorglub at acme"

    assert nlu_review.main(["--client", "nobody", "--data", str(nlu_dir)]) == 1
    assert "no active client for 'nobody'" in capsys.readouterr().err


def test_the_command_line_needs_both_training_files(tmp_path, capsys) -> None:
    assert nlu_review.main(["--data", str(tmp_path)]) == 1
    assert "no training file" in capsys.readouterr().err
