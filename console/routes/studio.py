"""The editors' studio's first page: the clients whose KB the account edits, with their studio pages.

    GET /studio        403 for an account without the `edit_kb` right anywhere
"""

from typing import Annotated

from fastapi import APIRouter, Depends, Request
from fastapi.responses import Response

from console.pages import render
from console.permissions import requires
from servicedesk.accounts.service import Agent

router = APIRouter()


@router.get("/studio")
def studio_home(request: Request, agent: Annotated[Agent, Depends(requires("edit_kb"))]) -> Response:
    edited = [(slug, agent.clients[slug][0]) for slug in agent.clients if agent.may("edit_kb", slug)]
    return render(request, "studio.html", agent=agent, edited=edited)
