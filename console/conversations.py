"""What the console's conversation pages read, for a signed-in agent: the live conversations of the clients and
groups they work on (servicedesk.conversations.live), one of them with its transcript, the client's canned answers
filled for it, and whom it may be transferred to. Every read names a client the agent is granted, and a conversation
of a ticket outside the agent's groups is not found, exactly like one that does not exist.

The agent acts in the console as `console:<login>` (servicedesk.accounts.service.actor_of): that is who holds a
conversation taken here, as a Slack agent holds one as `slack:<team>:<user>`; the name the user reads is the
account's display name.
"""

from dataclasses import dataclass

from console.client_desk import ClientPlace
from console.errors import not_found
from console.state import Console
from servicedesk.accounts import service as accounts
from servicedesk.accounts.service import Agent
from servicedesk.conversations import live
from servicedesk.conversations.canned import Ready, ready
from servicedesk.language import DEFAULT, language_of
from servicedesk.settings.document import DEFAULT_CANNED, CodedValue


@dataclass(frozen=True)
class Listed:
    """One client's live conversations as the list shows them."""

    slug: str
    name: str
    waiting: tuple[live.LiveItem, ...]
    mine: tuple[live.LiveItem, ...]
    others: tuple[live.LiveItem, ...]  # taken by someone else


def listed(where: ClientPlace, agent: Agent) -> Listed:
    with where.database() as db_session:
        items = live.active(db_session=db_session, groups=where.groups)
    me = agent.actor
    return Listed(slug=where.slug, name=where.name,
                  waiting=tuple(item for item in items if item.status == "waiting"),
                  mine=tuple(item for item in items if item.status == "taken" and item.agent == me),
                  others=tuple(item for item in items if item.status == "taken" and item.agent != me))


def mark(lists: list[Listed]) -> str:
    """What changes when any list changes: the page fetches its lists again then."""
    return "|".join(f"{item.takeover_id}:{item.status}:{item.agent}" for one in lists
                    for item in (*one.waiting, *one.mine, *one.others))


@dataclass(frozen=True)
class Target:
    value: str  # "agent:<login>" or "group:<name>"
    label: str


@dataclass(frozen=True)
class Pane:
    where: ClientPlace
    conversation: live.LiveConversation
    mine: bool  # the agent holds it
    canned: tuple[Ready, ...]
    targets: tuple[Target, ...]  # whom it may be transferred to
    categories: tuple[CodedValue, ...]
    cause_codes: tuple[CodedValue, ...]
    resolution_codes: tuple[CodedValue, ...]


def conversation(where: ClientPlace, key: str, *, after: int = 0) -> live.LiveConversation:
    with where.database() as db_session:
        found = live.get(db_session=db_session, conversation=key, groups=where.groups, after=after)
    if found is None:
        raise not_found()
    return found


def pane(console: Console, where: ClientPlace, agent: Agent, key: str) -> Pane:
    found = conversation(where, key)
    language = language_of(found.language, where.desk.settings.client.language if where.desk else DEFAULT)
    answers = where.desk.settings.chat.canned if where.desk else DEFAULT_CANNED
    closure = where.desk.settings.closure if where.desk else None
    return Pane(where=where, conversation=found, mine=found.item.status == "taken" and found.item.agent == agent.actor,
                canned=tuple(ready(answers, language=language, user_name=user_name(found.requester),
                                   ticket_number=found.item.number)),
                targets=targets(console, where, agent),
                categories=closure.categories if closure else (), cause_codes=closure.cause_codes if closure else (),
                resolution_codes=closure.resolution_codes if closure else ())


def targets(console: Console, where: ClientPlace, agent: Agent) -> tuple[Target, ...]:
    """The other active agents granted this client, then the client's support groups."""
    with console.catalogue() as db_session:
        people = [accounts.agent_of(account) for account in accounts.list_accounts(db_session=db_session)
                  if account.active and account.id != agent.id]
    found = [Target(f"agent:{person.login}", person.display_name) for person in people
             if person.may_work_on(where.slug)]
    groups = where.desk.settings.groups if where.desk else ()
    return (*found, *(Target(f"group:{group.name}", group.name) for group in groups))


def user_name(requester: str) -> str:
    """How an answer names the user when the doors told us no name: the last part of their id (a Slack or Teams
    user id, a web chat session, an e-mail's local part)."""
    tail = requester.rsplit(":", 1)[-1]
    return tail.split("@", 1)[0]
