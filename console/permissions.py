"""What a route asks before it shows or does anything: the rules of servicedesk/accounts/rules.py, said as HTTP.

    @router.get("/team")
    def team(agent: Annotated[Agent, Depends(requires("see_team"))]) -> …     403 unless a lead or admin

    allowed(agent, "work", slug)        in a route naming a client: 404 for a client the agent is not granted
                                        (exactly as for one that does not exist), 403 for one it is granted but
                                        its role may not take the action there

A client the agent does not work on is never confirmed to exist, so a guessed slug learns nothing; a desk action
(manage_accounts, see_audit) names no client. The use cases check the same rules again with the acting account.
"""

from collections.abc import Callable

from fastapi import HTTPException, status

from console.errors import not_found
from console.session import SignedIn
from servicedesk.accounts.rules import Action
from servicedesk.accounts.service import Agent


def forbidden() -> HTTPException:
    return HTTPException(status.HTTP_403_FORBIDDEN, "refusal.forbidden")


def allowed(agent: Agent, action: Action, client: str | None = None) -> Agent:
    """The agent, if it may take `action` (on `client`); else 404 (a client it is not granted) or 403."""
    if client is not None and not agent.may_work_on(client):
        raise not_found()
    if not agent.may(action, client):
        raise forbidden()
    return agent


def requires(action: Action) -> Callable[[Agent], Agent]:
    """A dependency: the signed-in agent, if it may take `action` (a client action: on one of its clients)."""

    def check(agent: SignedIn) -> Agent:
        return allowed(agent, action)

    return check
