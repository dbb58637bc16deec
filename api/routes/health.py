"""Liveness for load balancers and `make run`: no key needed, and it says nothing about any client."""

from fastapi import APIRouter, HTTPException, status
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError

from api.payloads import ErrorOut, Health
from api.stores import StoresDep

router = APIRouter(tags=["health"])


@router.get("/health", summary="The API answers and reaches the client catalogue", response_model=Health,
            responses={503: {"model": ErrorOut, "description": "the catalogue does not answer"}})
def health(stores: StoresDep) -> Health:
    try:
        with stores.catalogue() as session:
            session.execute(text("SELECT 1"))
    except SQLAlchemyError as error:
        raise HTTPException(status.HTTP_503_SERVICE_UNAVAILABLE, "the client catalogue does not answer") from error
    return Health(status="ok")
