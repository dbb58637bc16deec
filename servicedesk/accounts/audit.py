"""The accounts' audit trail, in the catalogue (table account_events): who signed in, who was refused and why,
who was locked out, who signed out (here or everywhere), whose password or account changed and by whom. The
desk's admins read it on the console's audit page and with `python -m servicedesk accounts audit`.

What is kept is what an investigation needs and nothing it must not hold: the login as typed (so that attempts on
logins nobody has show too), the reason of a refusal, never the password; the browser's address as the console saw
it. The use cases of servicedesk.accounts.service record their own events in the caller's transaction; a refused
sign-in is recorded by the adapter in a transaction of its own (`refused`), since the refusal rolls its
transaction back. An editor's publishing, restoring or drafting from a ticket in the studio (servicedesk.articles,
in the client's database) is recorded here too, once that commits, with the client and article in its detail.
Only a lockout's start is recorded, not each attempt refused while it lasts: an attacker
hammering a locked login would otherwise fill the trail (the console's log has them).
"""

from collections.abc import Collection
from datetime import datetime
from typing import Literal, get_args

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from servicedesk.accounts.models import AccountEvent, AgentAccount
from servicedesk.models import utcnow

Kind = Literal["signed_in", "sign_in_refused", "locked_out", "signed_out", "signed_out_everywhere",
               "password_changed", "account_created", "role_changed", "grants_changed", "account_disabled",
               "account_enabled", "article_published", "article_restored", "article_drafted_from_ticket"]
KINDS: tuple[Kind, ...] = get_args(Kind)
Via = Literal["password", "provider", "console", "command line"]
_LOGIN, _ADDRESS, _DETAIL = 60, 64, 500  # the columns' lengths


def record(*, db_session: Session, kind: Kind, login: str, via: Via, account: AgentAccount | None = None,
           by: AgentAccount | None = None, address: str | None = None, detail: str | None = None,
           now: datetime | None = None) -> AccountEvent:
    """One event, in the caller's transaction. `by` is who acted when not the account itself."""
    event = AccountEvent(at=now or utcnow(), kind=kind, login=login.strip().lower()[:_LOGIN], via=via,
                         account_id=account.id if account is not None else None,
                         actor=by.login if by is not None and (account is None or by.id != account.id) else None,
                         address=address[:_ADDRESS] if address else None,
                         detail=detail[:_DETAIL] if detail else None)
    db_session.add(event)
    db_session.flush()
    return event


def refused(*, db_session: Session, login: str, reason: str, via: Via, address: str | None = None,
            locked_for: int = 0, now: datetime | None = None) -> None:
    """A refused sign-in (and, when `locked_for` seconds of lockout start with it, the lockout), the account named
    when the login (or the provider's e-mail) is one's."""
    key = login.strip().lower()  # a login, or the e-mail the identity provider vouched for
    account = db_session.scalar(select(AgentAccount).where(or_(AgentAccount.login == key, AgentAccount.email == key)))
    record(db_session=db_session, kind="sign_in_refused", login=login, via=via, account=account, address=address,
           detail=reason, now=now)
    if locked_for:
        record(db_session=db_session, kind="locked_out", login=login, via=via, account=account, address=address,
               detail=f"{locked_for} s", now=now)


def events(*, db_session: Session, login: str | None = None, kinds: Collection[str] = (),
           limit: int = 200) -> list[AccountEvent]:
    """The latest events first, of one login and some kinds when named."""
    query = select(AccountEvent).order_by(AccountEvent.at.desc(), AccountEvent.id.desc()).limit(limit)
    if login:
        query = query.where(AccountEvent.login == login.strip().lower())
    if kinds:
        query = query.where(AccountEvent.kind.in_(list(kinds)))
    return list(db_session.scalars(query))
