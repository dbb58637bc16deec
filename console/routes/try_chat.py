"""Try it (issue 15 item 6): a test chat with the live model as one client's user, in a chosen language, showing per
turn what the model understood (intent, confidence, entities), the slots filled, the actions run, the known fix level
1 offered with its score and the KB's best articles for the message with theirs, so an editor sees why the bot
answered what it did.

    GET  /clients/{slug}/try?conversation=KEY      the test conversation's turns so far (a new one without KEY)
    POST /clients/{slug}/try                       message, language, conversation

The console speaks as a door would: the claims it signs name the client and the editor (`studio:<login>`) as the
requester, so a ticket the trial opens is the editor's, in that client's database. A conversation key is the
editor's own (`webchat:studio-<client>-<login>-<random>`): any other is refused, so that nobody reads a real user's
conversation through this page. The `edit_kb` right; a client the account is not granted answers 404.
"""

import re
import secrets
from collections.abc import Sequence
from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import APIRouter, Form, HTTPException, Request, status
from fastapi.responses import RedirectResponse, Response

from console.live_rasa import LiveRasa, RasaUnreachable
from console.pages import render
from console.session import SignedIn
from console.state import ConsoleDep
from console.studio import Studio, StudioDep, editing
from console.try_turns import turns_of
from servicedesk.accounts.service import Agent
from servicedesk.identity.claims import DoorClaims

router = APIRouter()
LANGUAGES = ("fr", "en")
KB_SHOWN = 5


def _prefix(slug: str, agent: Agent) -> str:
    return f"webchat:studio-{slug}-{agent.login}-"


def _own(slug: str, agent: Agent, conversation: str) -> str:
    """The conversation, if it is one of this editor's trials at this client (the key this page made); 404 else."""
    if conversation and not re.fullmatch(re.escape(_prefix(slug, agent)) + r"[0-9a-f]{12}", conversation):
        raise HTTPException(status.HTTP_404_NOT_FOUND, "refusal.not_found")
    return conversation


@router.get("/clients/{slug}/try")
def try_page(request: Request, console: ConsoleDep, studio: StudioDep, agent: SignedIn, slug: str,
             conversation: str = "", language: str = "") -> Response:
    place = editing(console, agent, slug)
    conversation = _own(slug, agent, conversation)
    turns, unreachable = [], False
    if conversation:
        try:
            with LiveRasa(studio.rasa_url, token=studio.rasa_token, transport=studio.rasa_transport) as rasa:
                turns = turns_of(rasa.tracker(conversation))
        except RasaUnreachable:
            unreachable = True
    shown = [(turn, _kb(studio, slug, turn.text)) for turn in turns]
    return render(request, "studio_try.html", agent=agent, place=place, conversation=conversation, turns=shown,
                  language=language if language in LANGUAGES else place.language, languages=LANGUAGES,
                  unreachable=unreachable, current="try")


@router.post("/clients/{slug}/try")
def say_to_bot(console: ConsoleDep, studio: StudioDep, agent: SignedIn, slug: str,
               message: Annotated[str, Form(min_length=1, max_length=2000)],
               language: Annotated[str, Form(max_length=8)] = "en",
               conversation: Annotated[str, Form(max_length=200)] = "") -> Response:
    editing(console, agent, slug)
    conversation = _own(slug, agent, conversation)
    first = not conversation
    conversation = conversation or _prefix(slug, agent) + secrets.token_hex(6)
    claims = DoorClaims(client=slug, requester=f"studio:{agent.login}", channel="webchat", conversation=conversation,
                        email=agent.email, user_name=agent.display_name)
    try:
        with LiveRasa(studio.rasa_url, token=studio.rasa_token, transport=studio.rasa_transport) as rasa:
            if first and language in LANGUAGES:
                rasa.set_slot(conversation, "language", language)
            rasa.send(conversation=conversation, text=message, claims=claims, secret=studio.door_secret)
    except RasaUnreachable:
        pass  # the page, read again, says the server does not answer
    query = urlencode({"conversation": conversation, "language": language})
    return RedirectResponse(f"/clients/{slug}/try?{query}", status_code=303)


def _kb(studio: Studio, slug: str, text: str) -> Sequence[Any]:
    """The KB's best articles for the message, as level 1's search scores them; none when there is no index."""
    try:
        if studio.kb_search is not None:
            return list(studio.kb_search(slug, text))[:KB_SHOWN]
        import kb_index

        return kb_index.search(slug, text, k=KB_SHOWN)
    except Exception:  # noqa: BLE001 - no index yet, or an encoder missing: the turn is shown without it
        return []
