"""Liveness for load balancers and `make run`: no key needed, and it says nothing about any client."""

from fastapi import APIRouter

from api.errors import CatalogueDown
from api.payloads import ErrorOut, Health
from api.stores import StoresDep
from servicedesk.database import answers

router = APIRouter(tags=["health"])


@router.get("/health", summary="The API answers and reaches the client catalogue", response_model=Health,
            responses={503: {"model": ErrorOut, "description": "the catalogue does not answer"}})
def health(stores: StoresDep) -> Health:
    if not answers(stores.catalogue):
        raise CatalogueDown()
    return Health(status="ok")
