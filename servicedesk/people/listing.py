"""The directory as the console's people page shows it (console/routes/people.py): the client's people found by a
search, each with their manager, what they approve, their source, and the directory's runs (servicedesk.people.sync).

Who approves is what the approvals' use case would ask of them: a manager of someone active in the directory
decides the `manager` steps of that person's requests; a member of an approval group of the client's settings
decides that group's steps; an escalation delegate (`escalate_to`, the client's or an item's) is asked about silent
approvers; and the approvals waiting for them now are counted.
"""

from collections import Counter
from dataclasses import dataclass

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from servicedesk.approvals.models import PENDING, Approval
from servicedesk.people.models import DirectorySync, Person
from servicedesk.people.sync import latest
from servicedesk.settings.document import MANAGER, ClientSettings

SHOWN = 200  # people on one page: a search narrows a directory of thousands


@dataclass(frozen=True)
class Approver:
    """What a person approves: the `manager` steps of `reports` people, the steps of `groups`, escalations as a
    delegate, and how many approvals wait for them now."""

    reports: int = 0
    groups: tuple[str, ...] = ()
    delegate: bool = False
    waiting: int = 0

    def __bool__(self) -> bool:
        return bool(self.reports or self.groups or self.delegate or self.waiting)


@dataclass(frozen=True)
class PersonRow:
    person: Person
    manager: Person | None  # None: no manager named, or one the directory does not know (manager_email says)
    approver: Approver


@dataclass(frozen=True)
class DirectoryPage:
    rows: tuple[PersonRow, ...]
    found: int  # people the search matched, of whom the first SHOWN are in `rows`
    active: int  # active people in the whole directory
    last: DirectorySync | None  # the newest run that ended (done, partial, failed or abandoned)
    running: DirectorySync | None  # the run under way, if any


def directory_page(*, db_session: Session, settings: ClientSettings | None, search: str = "",
                   include_left: bool = False, limit: int = SHOWN) -> DirectoryPage:
    """The people matching `search` (every word in the name or address, any case), by name; only active people
    unless `include_left` (those their source no longer names)."""
    query = select(Person)
    if not include_left:
        query = query.where(Person.active)
    for word in search.split()[:5]:
        pattern = "%" + word.casefold().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
        query = query.where(or_(func.lower(Person.name).like(pattern, escape="\\"),
                                Person.email.like(pattern, escape="\\")))
    found = db_session.scalar(select(func.count()).select_from(query.subquery())) or 0
    by_name = func.lower(func.coalesce(func.nullif(Person.name, ""), Person.email))  # the nameless by address
    people = list(db_session.scalars(query.order_by(by_name, Person.email).limit(limit)))
    managers = _people(db_session, {person.manager_email for person in people if person.manager_email})
    reports = Counter(db_session.scalars(select(Person.manager_email).where(
        Person.active, Person.manager_email.in_([person.email for person in people]))))
    waiting = Counter(address for approvers in db_session.scalars(select(Approval.approvers)
                                                                  .where(Approval.status == PENDING))
                      for address in approvers)
    groups, delegates = _approvers_of(settings)
    rows = tuple(PersonRow(person, managers.get(person.manager_email or ""),
                           Approver(reports[person.email], groups.get(person.email, ()),
                                    person.email in delegates, waiting[person.email]))
                 for person in people)
    active = db_session.scalar(select(func.count()).select_from(Person).where(Person.active)) or 0
    running = db_session.scalar(select(DirectorySync).where(DirectorySync.running.is_(True)))
    return DirectoryPage(rows, found, active, latest(db_session=db_session, finished=True), running)


def _people(db_session: Session, emails: set[str]) -> dict[str, Person]:
    if not emails:
        return {}
    return {person.email: person for person in db_session.scalars(
        select(Person).where(Person.email.in_(list(emails)), Person.active))}


def _approvers_of(settings: ClientSettings | None) -> tuple[dict[str, tuple[str, ...]], set[str]]:
    """Address → the approval groups of the settings they are in; the escalation delegates' addresses."""
    if settings is None:
        return {}, set()
    groups: dict[str, list[str]] = {}
    for group in settings.approvals.groups:
        for member in group.members:
            groups.setdefault(member.casefold(), []).append(group.name)
    targets = [settings.approvals.escalate_to, *(item.approval_policy.escalate_to for item in settings.requests
                                                 if item.approval_policy is not None)]
    delegates = {target.casefold() for target in targets if target and target != MANAGER}
    return {email: tuple(names) for email, names in groups.items()}, delegates
