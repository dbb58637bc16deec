"""Reloading the caller's client settings from its file on the server, as `python -m servicedesk settings load`
does: the admin role's own route. The file is validated before anything is stored."""

from fastapi import APIRouter, HTTPException, status

from api.auth import Admin, ClientSessions
from api.schemas import ErrorOut, SettingsReloaded
from api.stores import StoresDep
from servicedesk.database import unit_of_work
from servicedesk.errors import InvalidSettings
from servicedesk.settings.current import load_into

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
    path = stores.settings_root / caller.client_slug / "settings.yml"
    if not path.is_file():
        raise HTTPException(status.HTTP_404_NOT_FOUND, "the server has no settings file for this client")
    try:
        with unit_of_work(sessions) as session:
            version, stored = load_into(db_session=session, text=path.read_text(encoding="utf-8"), origin=str(path))
    except InvalidSettings as error:
        # The problems, not str(error): that starts with the file's path on the server.
        detail = "invalid settings: " + "; ".join(error.problems)
        raise HTTPException(status.HTTP_422_UNPROCESSABLE_CONTENT, detail) from error
    return SettingsReloaded(version=version, stored=stored)
