"""Labelling one message of the NLU inbox, the one step both `make nlu-review` (scripts/nlu_review.py) and the
console's inbox page (console/routes/nlu_inbox.py) take: the message is marked labelled and its words are added to
the training file of its language in the caller's transaction, so that a refused edit rolls the mark back and the
message stays pending. The file is replaced atomically (training_data._write), so a crash leaves either version.

    files = TrainingFiles(Path("data/nlu"))
    with unit_of_work(sessions) as session:
        learned = learn(db_session=session, message_id=7, intent="report_problem", reviewer="eve", files=files,
                        intents=intents_of(Path("domain.yml")))
"""

from collections.abc import Collection
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from sqlalchemy.orm import Session

from servicedesk.nlu_inbox import service as inbox
from servicedesk.nlu_inbox.models import UnsureMessage
from servicedesk.nlu_inbox.training_data import DuplicateExample, ExampleRefused, add_example

LANGUAGES = ("fr", "en")  # one training file each; a message in another language goes to the one chosen


@dataclass(frozen=True)
class TrainingFiles:
    """The folder of Rasa's NLU files, fr.yml and en.yml."""

    folder: Path

    def of(self, language: str) -> Path:
        if language not in LANGUAGES:
            raise ExampleRefused(f"no training file for language {language!r}; one of {', '.join(LANGUAGES)}")
        return self.folder / f"{language}.yml"

    def others(self, target: Path) -> list[Path]:
        """The other languages' files, where the same example must not be either."""
        return [path for path in (self.of(language) for language in LANGUAGES) if path != target]

    def missing(self) -> list[Path]:
        return [path for path in (self.of(language) for language in LANGUAGES) if not path.exists()]


@dataclass(frozen=True)
class Learned:
    message: UnsureMessage
    example: str  # the line as written (blanks folded)
    file: Path
    already: bool = False  # the training data held it already under that intent: marked labelled, nothing written


def file_for(message: UnsureMessage, files: TrainingFiles, language: str | None = None) -> Path:
    """The training file of the message's language, or of `language` when the editor chose it (a message written
    in another language must name one)."""
    return files.of(language or message.language)


def learn(*, db_session: Session, message_id: int, intent: str, reviewer: str, files: TrainingFiles,
          intents: Collection[str], language: str | None = None, entity: tuple[str, str] | None = None,
          entities: Collection[str] = (), now: datetime | None = None) -> Learned:
    """Label the pending message with `intent` and add its words to its language's file under that intent;
    with `entity` (words of the message, one of the domain's `entities`), those words marked as a new example
    of that entity ("[Outlook](application) plante").

    Raises ExampleRefused (the intent is not the domain's, no file for the language, the words can't be an
    example, or they already are one of another intent), AlreadyReviewed if another editor was first; the caller's
    transaction then rolls back, leaving the message as it was."""
    if intent not in intents:
        raise ExampleRefused(f"the domain declares no intent {intent!r}")
    if entity is not None and entity[1] not in entities:
        raise ExampleRefused(f"the domain declares no entity {entity[1]!r}")
    message = inbox.label(db_session=db_session, message_id=message_id, intent=intent, reviewer=reviewer, now=now)
    target = file_for(message, files, language)
    try:
        example = add_example(target, intent, message.text, files.others(target), entity=entity)
    except DuplicateExample as duplicate:
        if duplicate.intent != intent:
            raise
        return Learned(message, duplicate.example, Path(duplicate.file), already=True)
    return Learned(message, example, target)
