"""A person's requests about their data, answered by the client's administrators: everything held on them
(GET) and its erasure (DELETE). Admin keys only; each request is one unit of work and one privacy ledger row with
the key as actor, in the caller's client database alone, so a person known to another client is not found here
and nothing of theirs is erased there.

A person is a requester id ("slack:T1:U1") or an e-mail address, as servicedesk.privacy.subject reads them.
"""

from datetime import timedelta
from typing import Annotated, Any

from fastapi import APIRouter, Path

from api.auth import ClientSessions, PrivacyAdmin
from api.payloads import Erasure, ErrorOut
from api.stores import StoresDep
from servicedesk.database import unit_of_work
from servicedesk.models import utcnow
from servicedesk.privacy.subject import erase_person, export_person
from servicedesk.uploads import defaults
from servicedesk.uploads.sweep import after_removal

router = APIRouter(prefix="/privacy", tags=["privacy"], responses={
    401: {"model": ErrorOut, "description": "missing, unknown or revoked API key"},
    403: {"model": ErrorOut, "description": "only admin keys may read or erase a person's data"},
})

Person = Annotated[str, Path(description="a requester id such as slack:T1:U1, or an e-mail address",
                             min_length=1, max_length=254)]


@router.get("/people/{person}", summary="Everything the client's database holds on a person",
            response_model=dict[str, Any], description=(
                "Their tickets with log, history and attachments, their lines on other tickets, conversations, "
                "journal, notices and earlier requests naming them, every stored field. Empty lists when the "
                "client holds nothing on them. Recorded as an export."))
def export(person: Person, caller: PrivacyAdmin, sessions: ClientSessions, stores: StoresDep) -> dict[str, Any]:
    with unit_of_work(sessions) as session:
        return export_person(db_session=session, person=person, actor=caller.actor, tracker=stores.tracker)


@router.delete("/people/{person}", summary="Erase a person: conversations deleted, tickets anonymised",
               response_model=Erasure, description=(
                   "Their conversations, journal, notices and Rasa events are deleted; their tickets, open ones "
                   "included, lose their requester and free text but still count in reports. Recorded as an "
                   "erasure, also when nothing was found (all counts 0)."))
def erase(person: Person, caller: PrivacyAdmin, sessions: ClientSessions, stores: StoresDep) -> Erasure:
    with unit_of_work(sessions) as session:
        counts = erase_person(db_session=session, person=person, actor=caller.actor, tracker=stores.tracker)
    # Committed: the files of the tickets it anonymised leave the store too (servicedesk.uploads.sweep).
    after_removal(sessions=sessions, client=caller.client_slug, counts=counts, store=defaults.files(), now=utcnow(),
                  grace=timedelta(0))
    return Erasure(person=person, counts=counts)
