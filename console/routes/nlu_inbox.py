"""What the model missed, in the browser (issue 15 item 4): one client's NLU inbox, one message at a time, with the
turns before it, what the model predicted and how sure it was; the editor labels it with the right intent (its
words land in its language's training file, exactly as `make nlu-review` writes them: both call
servicedesk.nlu_inbox.review.learn), discards it, or skips it (it stays pending for later).

    GET  /clients/{slug}/inbox?after=ID            the first pending message after ID (none: the oldest)
    POST /clients/{slug}/inbox/{id}/label          intent, language (for a message in another language); optionally
                                                   entity_words and entity: those words marked as a new example
                                                   of that entity
    POST /clients/{slug}/inbox/{id}/discard

The `edit_kb` right (editors, leads, admins); a client the account is not granted answers 404. A message id of
another client's inbox is simply not found in this client's database.
"""

from typing import Annotated
from urllib.parse import urlencode

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse, Response

from console.errors import not_found
from console.pages import render
from console.session import SignedIn
from console.state import ConsoleDep
from console.studio import StudioDep, editing
from servicedesk.database import unit_of_work
from servicedesk.errors import AlreadyReviewed, InboxMessageNotFound
from servicedesk.nlu_inbox import service as inbox
from servicedesk.nlu_inbox.review import LANGUAGES, learn
from servicedesk.nlu_inbox.training_data import ExampleRefused

router = APIRouter()


@router.get("/clients/{slug}/inbox")
def inbox_page(request: Request, console: ConsoleDep, studio: StudioDep, agent: SignedIn, slug: str,
               after: int = 0, done: str = "", file: str = "", problem: str = "") -> Response:
    place = editing(console, agent, slug)
    with place.database() as db_session:
        waiting = inbox.pending(db_session=db_session)
        shown = next((message for message in waiting if message.id > after), waiting[0] if waiting else None)
        if shown is not None:
            db_session.expunge(shown)
    intents = studio.intents()
    guess = next((entry["name"] for entry in (shown.ranking if shown else []) if entry["name"] in intents), "")
    return render(request, "studio_inbox.html", agent=agent, place=place, waiting=len(waiting), message=shown,
                  intents=intents, entities=studio.entities(), guess=guess, languages=LANGUAGES, done=done, file=file,
                  problem=problem, current="inbox")


@router.post("/clients/{slug}/inbox/{message_id}/label")
def label(console: ConsoleDep, studio: StudioDep, agent: SignedIn, slug: str, message_id: int,
          intent: Annotated[str, Form(max_length=100)], language: Annotated[str, Form(max_length=8)] = "",
          entity_words: Annotated[str, Form(max_length=200)] = "",
          entity: Annotated[str, Form(max_length=60)] = "") -> Response:
    place = editing(console, agent, slug)
    marked = (entity_words, entity) if entity_words.strip() and entity else None
    try:
        with unit_of_work(place.database) as db_session:
            learned = learn(db_session=db_session, message_id=message_id, intent=intent, reviewer=agent.actor,
                            files=studio.training, intents=studio.intents(), language=language or None,
                            entity=marked, entities=studio.entities())
    except InboxMessageNotFound:
        raise not_found() from None
    except AlreadyReviewed:
        return _back(slug, message_id, problem="taken")
    except ExampleRefused as refused:
        return _back(slug, message_id - 1, problem=str(refused)[:300])
    return _back(slug, message_id, done="already" if learned.already else "labelled", file=learned.file.name)


@router.post("/clients/{slug}/inbox/{message_id}/discard")
def discard(console: ConsoleDep, agent: SignedIn, slug: str, message_id: int) -> Response:
    place = editing(console, agent, slug)
    try:
        with unit_of_work(place.database) as db_session:
            inbox.discard(db_session=db_session, message_id=message_id, reviewer=agent.actor)
    except InboxMessageNotFound:
        raise not_found() from None
    except AlreadyReviewed:
        return _back(slug, message_id, problem="taken")
    return _back(slug, message_id, done="discarded")


def _back(slug: str, after: int, **said: str) -> Response:
    """To the inbox's next message (the refused one again when `after` is the one before it), with what happened."""
    query = urlencode({"after": after, **{key: value for key, value in said.items() if value}})
    return RedirectResponse(f"/clients/{slug}/inbox?{query}", status_code=303)
