"""Remote assistance on a ticket (issue 17), through the use cases the console's ticket page calls:

    GET  /tickets/{number}/remote-sessions      the sessions asked on it, latest first
    POST /tickets/{number}/remote-session       ask for hands on the requester's machine: the consent question
                                                is queued to them, nothing else happens before they agree
    POST /tickets/{number}/remote-session/end   end the session under way

The tool is the client's (settings: remote); the actor is the key ("api:<key name>"). As every ticket route, a
number of another client's is not found.
"""

from datetime import datetime
from typing import Any

from fastapi import APIRouter
from fastapi import status as http
from pydantic import BaseModel, ConfigDict, Field
from sqlalchemy.orm import Session

from api.auth import ClientSessions, Reader, Worker
from api.payloads import ErrorOut
from api.routes.tickets import Number
from servicedesk.database import unit_of_work
from servicedesk.remote import service as remote
from servicedesk.remote.models import RemoteSession
from servicedesk.remote.tools import tool_of
from servicedesk.settings.current import desk_of
from servicedesk.tickets.models import Ticket
from servicedesk.tickets.service import get_by_number

router = APIRouter(prefix="/tickets", tags=["remote assistance"], responses={
    401: {"model": ErrorOut, "description": "missing, unknown or revoked API key"},
    403: {"model": ErrorOut, "description": "the key's role does not allow this route"},
    404: {"model": ErrorOut, "description": "no ticket with that number for this client"},
})
_CONFLICT: dict[int | str, dict[str, Any]] = {409: {
    "model": ErrorOut, "description": "no tool configured, ticket closed, or a session under way (or none, to end)"}}


class RemoteSessionOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    provider: str = Field(description="meshcentral, or code (a tool whose session code the user reads out)")
    tool: str
    state: str = Field(description="asked, refused, consented, invited, joined, ended or expired")
    requested_by: str
    requested_at: datetime
    answered_by: str | None
    answered_at: datetime | None
    invitation_expires_at: datetime | None
    device_name: str | None
    device_link: str | None = Field(description="where the technician opens the user's device")
    session_code: str | None


@router.get("/{number}/remote-sessions", summary="The remote sessions asked on the ticket, latest first",
            response_model=list[RemoteSessionOut])
def list_sessions(number: Number, caller: Reader, sessions: ClientSessions) -> list[RemoteSessionOut]:
    with sessions() as session:
        ticket = ticket_of(session, number)
        return [_out(row) for row in remote.sessions_of(db_session=session, ticket=ticket)]


@router.post("/{number}/remote-session", summary="Ask for hands on the requester's machine",
             response_model=RemoteSessionOut, status_code=http.HTTP_201_CREATED, responses=_CONFLICT,
             description=("The requester is asked for their consent in their own channel and language; once they "
                          "agree they get the tool's invitation (MeshCentral) or its steps (a code tool), and the "
                          "device's link and the sessions' start and end reach the ticket."))
def ask(number: Number, caller: Worker, sessions: ClientSessions) -> RemoteSessionOut:
    with unit_of_work(sessions) as session:
        ticket = ticket_of(session, number)
        provider, tool = tool_of(desk_of(db_session=session).settings)
        return _out(remote.ask(db_session=session, ticket=ticket, provider=provider, tool=tool, actor=caller.actor))


@router.post("/{number}/remote-session/end", summary="End the remote session under way",
             response_model=RemoteSessionOut, responses=_CONFLICT)
def end(number: Number, caller: Worker, sessions: ClientSessions) -> RemoteSessionOut:
    with unit_of_work(sessions) as session:
        return _out(remote.end(db_session=session, ticket=ticket_of(session, number), actor=caller.actor))


def ticket_of(session: Session, number: str) -> Ticket:
    return get_by_number(db_session=session, number=number.strip().upper())


def _out(row: RemoteSession) -> RemoteSessionOut:
    return RemoteSessionOut.model_validate(row)
