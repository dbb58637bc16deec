"""Reloading the caller's client settings from its file on the server, as `python -m servicedesk settings load`
does: the admin role's own route. The file is validated before anything is stored."""

from fastapi import APIRouter

from api.auth import Admin, ClientSessions
from api.payloads import ErrorOut, SettingsReloaded
from api.stores import StoresDep
from servicedesk.database import unit_of_work
from servicedesk.settings.current import reload_from

router = APIRouter(prefix="/settings", tags=["settings"], responses={
    401: {"model": ErrorOut, "description": "missing, unknown or revoked API key"},
    403: {"model": ErrorOut, "description": "only admin keys may reload settings"},
})


@router.post("/reload", summary="Reload the client's settings file and make it the version in force",
             response_model=SettingsReloaded, responses={
                 404: {"model": ErrorOut, "description": "the server has no settings file for this client"},
                 422: {"model": ErrorOut, "description": "the file is invalid: every problem is listed"},
             })
def reload_settings(caller: Admin, sessions: ClientSessions, stores: StoresDep) -> SettingsReloaded:
    with unit_of_work(sessions) as session:
        version, stored = reload_from(db_session=session, root=stores.settings_root, client=caller.client_slug)
    return SettingsReloaded(version=version, stored=stored)
