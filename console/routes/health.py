"""Liveness for load balancers and `make run`: no sign-in needed, and it says nothing about any client."""

from fastapi import APIRouter, status
from fastapi.responses import PlainTextResponse

from console.state import ConsoleDep
from servicedesk.database import answers

router = APIRouter()


@router.get("/health", response_class=PlainTextResponse)
def health(console: ConsoleDep) -> PlainTextResponse:
    if not answers(console.catalogue):
        return PlainTextResponse("the client catalogue does not answer",
                                 status_code=status.HTTP_503_SERVICE_UNAVAILABLE)
    return PlainTextResponse("ok")
