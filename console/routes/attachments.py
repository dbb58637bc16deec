"""A ticket's stored files for its agents (issue 17, item 2):

    GET  /clients/{slug}/tickets/{number}/attachments/{id}   the file, always as a download (servicedesk.uploads.
                                                             downloads: a safe type, nosniff, sandboxed)

The upload link they send the requester is an action of the ticket page (console/routes/ticket.py, "upload_link").
Who may read a file is who may read the ticket: a client the agent is not granted, another client's number, an
attachment id of another ticket or one that is only a link all answer 404 alike.
"""

from fastapi import APIRouter
from fastapi.responses import Response

from console.client_desk import client_place
from console.errors import not_found
from console.routes.ticket import PAGE, ticket_of
from console.session import SignedIn
from console.state import ConsoleDep
from servicedesk.uploads import downloads
from servicedesk.uploads.defaults import files
from servicedesk.uploads.service import stored_file
from servicedesk.uploads.store import StoredFileMissing

router = APIRouter()


@router.get(PAGE + "/attachments/{attachment_id}")
def download(console: ConsoleDep, agent: SignedIn, slug: str, number: str, attachment_id: int) -> Response:
    place = client_place(console, agent, slug)
    with place.database() as db_session:
        ticket = ticket_of(db_session, number)
        try:
            attachment, data = stored_file(ticket=ticket, attachment_id=attachment_id, store=files(), client=slug)
        except StoredFileMissing:
            raise not_found() from None
        return Response(data, media_type=downloads.media_type(attachment), headers=downloads.headers(attachment))
