"""Liveness for load balancers and `make run`: no sign-in needed, and it says nothing about any client."""

from fastapi import APIRouter, HTTPException, status
from fastapi.responses import PlainTextResponse
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError

from console.state import ConsoleDep

router = APIRouter()


@router.get("/health", response_class=PlainTextResponse)
def health(console: ConsoleDep) -> str:
    try:
        with console.catalogue() as session:
            session.execute(text("SELECT 1"))
    except SQLAlchemyError as error:
        raise HTTPException(status.HTTP_503_SERVICE_UNAVAILABLE, "the client catalogue does not answer") from error
    return "ok"
