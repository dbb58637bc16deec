"""A ticket's trace files (issue 17), through the use cases the console's ticket page calls:

    GET  /tickets/{number}/attachments        what the ticket holds: stored files, links and paths
    GET  /tickets/{number}/attachments/{id}   one stored file, as a download (servicedesk.uploads.downloads)
    POST /tickets/{number}/upload-link        a one-time upload link for the requester: queued to them in their
                                              channel (send=false: only returned, for the tool to pass on)

The actor is the key ("api:<key name>"); as every ticket route, a number of another client's is not found, and so
is an attachment id of another ticket.
"""

from datetime import datetime

from fastapi import APIRouter, Query
from fastapi import status as http
from fastapi.responses import Response
from pydantic import BaseModel, ConfigDict, Field

from api.auth import ClientSessions, Reader, Worker
from api.payloads import ErrorOut
from api.routes.tickets import Number
from servicedesk.database import unit_of_work
from servicedesk.errors import TicketNotFound
from servicedesk.tickets.service import get_by_number
from servicedesk.uploads import downloads
from servicedesk.uploads.defaults import files, settings
from servicedesk.uploads.service import STORED, offer_upload, stored_file
from servicedesk.uploads.store import StoredFileMissing

router = APIRouter(prefix="/tickets", tags=["trace files"], responses={
    401: {"model": ErrorOut, "description": "missing, unknown or revoked API key"},
    403: {"model": ErrorOut, "description": "the key's role does not allow this route"},
    404: {"model": ErrorOut, "description": "no ticket (or no such file on it) for this client"},
})


class AttachmentOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    kind: str = Field(description="stored (a file in the client's store), file (a chat's URL), link or path")
    name: str
    reference: str | None = Field(description="the URL or path as given; none for a stored file")
    content_type: str | None
    size: int | None
    added_by: str
    added_at: datetime
    download: str | None = Field(description="where a stored file is downloaded from")


class UploadLinkOut(BaseModel):
    number: str
    url: str = Field(description="the one-time page on the doors' address")
    expires_at: datetime
    sent: bool = Field(description="whether it was queued to the requester in their channel")


@router.get("/{number}/attachments", summary="The ticket's files, links and paths", response_model=list[AttachmentOut])
def list_attachments(number: Number, caller: Reader, sessions: ClientSessions) -> list[AttachmentOut]:
    with sessions() as session:
        ticket = get_by_number(db_session=session, number=number.strip().upper())
        return [AttachmentOut(id=a.id, kind=a.kind, name=a.name, reference=None if a.kind == STORED else a.reference,
                              content_type=a.content_type, size=a.size, added_by=a.added_by, added_at=a.added_at,
                              download=f"/tickets/{ticket.number}/attachments/{a.id}" if a.kind == STORED else None)
                for a in ticket.attachments]


@router.get("/{number}/attachments/{attachment_id}", summary="One stored file, as a download",
            response_class=Response)
def download(number: Number, attachment_id: int, caller: Reader, sessions: ClientSessions) -> Response:
    with sessions() as session:
        ticket = get_by_number(db_session=session, number=number.strip().upper())
        try:
            attachment, data = stored_file(ticket=ticket, attachment_id=attachment_id, store=files(),
                                           client=caller.client_slug)
        except StoredFileMissing:
            raise TicketNotFound(number) from None  # the same 404 as a number of another client's
        return Response(data, media_type=downloads.media_type(attachment), headers=downloads.headers(attachment))


@router.post("/{number}/upload-link", summary="Give the requester a one-time upload link",
             response_model=UploadLinkOut, status_code=http.HTTP_201_CREATED,
             responses={409: {"model": ErrorOut, "description": "the ticket is no longer open"}},
             description=("The requester gets a page, on the doors' address, where they drop screenshots and log "
                          "files or take a diagnostic script that sends them; the link works once, for 24 hours."))
def upload_link(number: Number, caller: Worker, sessions: ClientSessions,
                send: bool = Query(True, description="queue the link to the requester in their channel")
                ) -> UploadLinkOut:
    with unit_of_work(sessions) as session:
        ticket = get_by_number(db_session=session, number=number.strip().upper())
        offer = offer_upload(db_session=session, client=caller.client_slug, ticket=ticket, offered_by=caller.actor,
                             secret=settings().secret, base_url=settings().public_url, notify_requester=send)
        return UploadLinkOut(number=offer.number, url=offer.url, expires_at=offer.expires_at, sent=send)
