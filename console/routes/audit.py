"""The accounts' audit trail, for the desk's admins (others 403): the latest events first, of one login or some
kinds when asked.

    GET /audit?login=alice&kind=sign_in_refused&kind=locked_out
"""

from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import Response

from console.pages import render
from console.permissions import requires
from console.state import ConsoleDep
from servicedesk.accounts import audit
from servicedesk.accounts.service import Agent

router = APIRouter()
SHOWN = 200


@router.get("/audit")
def audit_page(request: Request, console: ConsoleDep, agent: Annotated[Agent, Depends(requires("see_audit"))],
               login: Annotated[str, Query(max_length=200)] = "",
               kind: Annotated[list[str], Query(max_length=40)] = []) -> Response:  # noqa: B006 - FastAPI's idiom
    kinds = [value for value in kind if value in audit.KINDS]
    with console.catalogue() as db_session:
        events = audit.events(db_session=db_session, login=login or None, kinds=kinds, limit=SHOWN)
    return render(request, "audit.html", agent=agent, events=events, login=login, kinds=kinds,
                  all_kinds=audit.KINDS, shown=SHOWN)
