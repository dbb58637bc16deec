"""`make nlu-review`: label the messages the model was unsure about, one by one, in the terminal.

    python -m scripts.nlu_review [--client SLUG] [--reviewer NAME]

Each pending message of the NLU inbox (every active client's by default) is shown with what the model
predicted, its language and the turns before it. The editor types the number of the right intent (it is
added to data/nlu/fr.yml or en.yml under that intent, and the message is marked labelled), d to discard,
s to skip (it stays pending) or q to quit. Afterwards, `make train` trains on the new examples and loads
the model into the running Rasa server.

review() takes its input and output as functions, so that tests drive it with scripted answers.
"""

import argparse
import getpass
import sys
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy.orm import Session, sessionmaker

from servicedesk.clients import service as clients
from servicedesk.clients.registry import open_catalogue
from servicedesk.database import unit_of_work
from servicedesk.errors import AlreadyReviewed, ServiceDeskError
from servicedesk.nlu_inbox import service as inbox
from servicedesk.nlu_inbox.models import UnsureMessage
from servicedesk.nlu_inbox.review import LANGUAGES, TrainingFiles, learn
from servicedesk.nlu_inbox.training_data import ExampleRefused, intents_of
from servicedesk.operations import DEFAULT_REST_CLIENT

ROOT = Path(__file__).resolve().parent.parent
NLU_DIR = ROOT / "data" / "nlu"
DOMAIN = ROOT / "domain.yml"
DEFAULT_LANGUAGE = "en"
SPEAKERS = {"user": "user", "bot": "relais"}
LINE_WIDTH = 110

InputFn = Callable[[str], str]
PrintFn = Callable[[str], None]


@dataclass
class Inbox:
    """One client's inbox: where its pending messages are read and its decisions written."""

    client: str
    sessions: sessionmaker[Session]


@dataclass
class Tally:
    labelled: int = 0
    discarded: int = 0
    skipped: int = 0
    files: set[Path] = field(default_factory=set)


class _Quit(Exception):
    """The editor typed q (or closed the input)."""


def review(inboxes: Iterable[Inbox], *, intents: list[str], nlu_dir: Path = NLU_DIR, reviewer: str,
           input_fn: InputFn = input, print_fn: PrintFn = print) -> Tally:
    """Go through every pending message of the inboxes, asking the editor what each one is."""
    tally = Tally()
    files = TrainingFiles(nlu_dir)
    try:
        for box in inboxes:
            with box.sessions() as session:
                waiting = inbox.pending(db_session=session)
            print_fn(f"{box.client}: {len(waiting)} message(s) waiting")
            for position, message in enumerate(waiting, 1):
                _show(message, f"{box.client} {position}/{len(waiting)}", intents, print_fn)
                _decide(box, message, intents, files, reviewer, tally, input_fn, print_fn)
    except _Quit:
        print_fn("stopped; what is left stays in the inbox.")
    _conclude(tally, print_fn)
    return tally


def _show(message: UnsureMessage, where: str, intents: list[str], print_fn: PrintFn) -> None:
    guesses = ", ".join(f"{guess['name']} {guess['confidence']:.2f}" for guess in message.ranking
                        if guess["name"] != message.intent)
    print_fn("")
    print_fn(f"── {where} · conversation {message.conversation_id} · "
             f"{message.received_at:%Y-%m-%d %H:%M} UTC · language {message.language}")
    for turn in message.excerpt:
        print_fn(f"   {SPEAKERS.get(turn['speaker'], turn['speaker'])}> {turn['text']}")
    print_fn(f" → user> {message.text}")
    print_fn(f"   predicted {message.intent or '(no intent)'} {message.confidence:.2f}"
             + (f"; next guesses: {guesses}" if guesses else ""))
    line = " "
    for number, name in enumerate(intents, 1):
        entry = f"  {number}. {name}"
        if len(line) + len(entry) > LINE_WIDTH and line.strip():
            print_fn(line)
            line = " "
        line += entry
    print_fn(line)
    print_fn("   number: that intent · d: discard · s: skip · q: quit")


def _decide(box: Inbox, message: UnsureMessage, intents: list[str], files: TrainingFiles, reviewer: str,
            tally: Tally, input_fn: InputFn, print_fn: PrintFn) -> None:
    while True:
        answer = _ask(input_fn, "   > ").lower()
        if answer == "q":
            raise _Quit
        if answer == "s":
            tally.skipped += 1
            return
        if answer == "d":
            try:
                with unit_of_work(box.sessions) as session:
                    inbox.discard(db_session=session, message_id=message.id, reviewer=reviewer)
                tally.discarded += 1
                print_fn("   discarded.")
            except AlreadyReviewed as error:
                print_fn(f"   {error} (by someone else): moving on.")
            return
        intent = _intent(answer, intents)
        if intent is None:
            print_fn(f"   type a number from 1 to {len(intents)}, d, s or q")
            continue
        if _label(box, message, intent, _language(message, input_fn, print_fn), files, intents, reviewer, tally,
                  print_fn):
            return


def _label(box: Inbox, message: UnsureMessage, intent: str, language: str, files: TrainingFiles, intents: list[str],
           reviewer: str, tally: Tally, print_fn: PrintFn) -> bool:
    """Add the example and mark the message in one go (a refused edit rolls the mark back); False when the
    editor must choose again."""
    try:
        with unit_of_work(box.sessions) as session:
            learned = learn(db_session=session, message_id=message.id, intent=intent, reviewer=reviewer, files=files,
                            intents=intents, language=language)
    except AlreadyReviewed as error:
        print_fn(f"   {error} (by someone else): moving on.")
        return True
    except ExampleRefused as error:
        print_fn(f"   not added: {error}. Choose another intent, d to discard or s to skip.")
        return False
    tally.labelled += 1
    if learned.already:
        print_fn(f"   already in the training data ({_name(learned.file)}): marked labelled.")
        return True
    tally.files.add(learned.file)
    print_fn(f"   added to {_name(learned.file)} under {intent}: - {learned.example}")
    return True


def _language(message: UnsureMessage, input_fn: InputFn, print_fn: PrintFn) -> str:
    """The message's language when it has a training file; for another language, the one the editor picks."""
    if message.language in LANGUAGES:
        return message.language
    choices = list(LANGUAGES)
    default = choices.index(DEFAULT_LANGUAGE) + 1
    while True:
        listed = "  ".join(f"{number}. {language}" for number, language in enumerate(choices, 1))
        answer = _ask(input_fn, f"   written in {message.language}: which training file? {listed} [{default}] ")
        if not answer:
            return DEFAULT_LANGUAGE
        if answer.isdigit() and 1 <= int(answer) <= len(choices):
            return choices[int(answer) - 1]
        if answer.lower() in choices:
            return answer.lower()
        print_fn(f"   type a number from 1 to {len(choices)}, or press Enter for {DEFAULT_LANGUAGE}")


def _intent(answer: str, intents: list[str]) -> str | None:
    if answer.isdigit() and 1 <= int(answer) <= len(intents):
        return intents[int(answer) - 1]
    return answer if answer in intents else None


def _ask(input_fn: InputFn, prompt: str) -> str:
    try:
        return input_fn(prompt).strip()
    except EOFError:  # the input ended (Ctrl-D, or a script ran out of answers)
        raise _Quit from None


def _conclude(tally: Tally, print_fn: PrintFn) -> None:
    print_fn("")
    print_fn(f"labelled {tally.labelled}, discarded {tally.discarded}, skipped {tally.skipped}.")
    if tally.files:
        print_fn(f"new examples in {', '.join(sorted(_name(path) for path in tally.files))}: run `make train` to "
                 "train on them (it loads the new model into the running Rasa server).")


def _name(path: Path) -> str:
    return str(path.relative_to(ROOT)) if path.is_relative_to(ROOT) else str(path)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m scripts.nlu_review", description=__doc__.splitlines()[0])
    parser.add_argument("--client", help="one client's inbox (default: every active client's)")
    parser.add_argument("--reviewer", default=getpass.getuser(), help="recorded with each decision")
    parser.add_argument("--domain", type=Path, default=DOMAIN, help="where the intents are declared")
    parser.add_argument("--data", type=Path, default=NLU_DIR, help="the folder of fr.yml and en.yml")
    args = parser.parse_args(argv)
    missing = [str(path) for path in TrainingFiles(args.data).missing()]
    if missing:
        print(f"error: no training file {', '.join(missing)}", file=sys.stderr)
        return 1
    try:
        with open_catalogue() as (catalogue, registry):
            if args.client:
                slugs = [args.client]
            else:
                with catalogue() as session:
                    slugs = [client.slug for client in clients.get_all(db_session=session)] or [DEFAULT_REST_CLIENT]
            inboxes = [Inbox(slug, registry.session_factory(slug)) for slug in slugs]
            review(inboxes, intents=intents_of(args.domain), nlu_dir=args.data, reviewer=args.reviewer,
                   input_fn=input, print_fn=print)
    except ServiceDeskError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
