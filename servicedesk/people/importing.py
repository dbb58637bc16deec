"""Filling the directory from a source (a CSV file, the client's LDAP/Active Directory): one use case for both.

An import names the whole of its source, so the people of that source it no longer names are marked inactive
(they left, or moved out of the searched branch): the use cases stop finding them, their tickets keep their names.
A person another source brought in is left alone. Chat ids a source does not know (`chat_ids is None`) are kept,
so that an LDAP import does not forget the ids a CSV file gave.
"""

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from servicedesk.language import ENGLISH, FRENCH
from servicedesk.people.models import Person, PersonChatId
from servicedesk.people.service import normalise_email
from servicedesk.tickets.importing import RowError

_EMAIL = re.compile(r"^[^@\s]{1,64}@[^@\s]+\.[^@\s]+$")
_LANGUAGES = {FRENCH: FRENCH, ENGLISH: ENGLISH, "french": FRENCH, "francais": FRENCH, "français": FRENCH,
              "english": ENGLISH, "anglais": ENGLISH}


@dataclass(frozen=True)
class Entry:
    """One person as a source names them; `position` is where (a CSV line, an LDAP entry's rank) for the report."""

    position: int
    email: str
    name: str = ""
    language: str | None = None
    manager_email: str | None = None
    chat_ids: tuple[str, ...] | None = None  # None: the source does not know them
    source_id: str | None = None


@dataclass
class DirectoryReport:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    deactivated: int = 0
    without_manager: int = 0  # their manager link names nobody of the directory
    errors: list[RowError] = field(default_factory=list)

    def summary(self, unit: str = "line") -> str:
        lines = [f"created {self.created}, updated {self.updated}, unchanged {self.unchanged}, deactivated "
                 f"{self.deactivated}, manager unknown {self.without_manager}, errors {len(self.errors)}"]
        lines.extend(f"  {unit} {error.position}: {error.message}" for error in self.errors)
        return "\n".join(lines)


def read_language(value: str | None) -> str | None:
    """A language as directories write it ("fr", "fr-FR", "French", "en_GB") in the desk's codes; None otherwise."""
    if not value or not value.strip():
        return None
    text = value.strip().casefold()
    return _LANGUAGES.get(text) or _LANGUAGES.get(re.split(r"[-_]", text)[0])


def import_people(*, db_session: Session, entries: Iterable[Entry], source: str, whole: bool = True) -> DirectoryReport:
    """Bring the directory in line with what `source` ("csv", "ldap") names; bad entries are reported, not stored.
    `whole=False`: the entries are a part of the source (one person read again), nobody else is deactivated."""
    report = DirectoryReport()
    wanted = _checked(entries, report)
    robbed = _free_chat_ids(db_session, wanted)
    known = {person.email: person for person in db_session.scalars(select(Person))}
    for entry in wanted.values():
        person = known.get(entry.email)
        if person is None:
            person = Person(email=entry.email, source=source)
            db_session.add(person)
            known[entry.email] = person
            report.created += 1
        elif _same(person, entry, source) and entry.email not in robbed:
            report.unchanged += 1
            continue
        else:
            report.updated += 1
        person.name, person.source, person.active = entry.name, source, True
        person.language, person.manager_email, person.source_id = entry.language, entry.manager_email, entry.source_id
        if entry.chat_ids is not None:
            _give_chat_ids(person, entry.chat_ids)
    for person in known.values():
        if whole and person.source == source and person.active and person.email not in wanted:
            person.active = False
            report.deactivated += 1
    active = {email for email, person in known.items() if person.active}
    report.without_manager = sum(1 for entry in wanted.values()
                                 if entry.manager_email and entry.manager_email not in active)
    return report


def _checked(entries: Iterable[Entry], report: DirectoryReport) -> dict[str, Entry]:
    wanted: dict[str, Entry] = {}
    for entry in entries:
        email = normalise_email(entry.email)
        manager = normalise_email(entry.manager_email) if entry.manager_email else None
        if not _EMAIL.match(email):
            report.errors.append(RowError(entry.position, f"not an e-mail address: {entry.email!r}"))
        elif manager and not _EMAIL.match(manager):
            report.errors.append(RowError(entry.position, f"the manager's is not an e-mail address: {manager!r}"))
        elif email in wanted:
            report.errors.append(RowError(entry.position, f"{email} already named at {wanted[email].position}"))
        else:
            wanted[email] = Entry(entry.position, email, entry.name.strip()[:200], entry.language,
                                  None if manager == email else manager,
                                  None if entry.chat_ids is None else tuple(dict.fromkeys(
                                      chat.strip() for chat in entry.chat_ids if chat.strip())),
                                  entry.source_id)
    return wanted


def _same(person: Person, entry: Entry, source: str) -> bool:
    return (person.active and person.source == source and person.name == entry.name
            and person.language == entry.language and person.manager_email == entry.manager_email
            and person.source_id == entry.source_id
            and (entry.chat_ids is None or person.chat_id_values == entry.chat_ids))


def _free_chat_ids(db_session: Session, wanted: dict[str, Entry]) -> set[str]:
    """A chat id the source gives someone else than its holder leaves its holder first (the newest source is
    right), in one statement before the people change, so that no flush meets the same id twice; the holders'
    addresses."""
    claimed = {chat_id: entry.email for entry in wanted.values() for chat_id in entry.chat_ids or ()}
    if not claimed:
        return set()
    held = db_session.execute(select(PersonChatId.id, PersonChatId.chat_id, Person.email).join(Person)
                              .where(PersonChatId.chat_id.in_(list(claimed))))
    stale = {row_id: email for row_id, chat_id, email in held if claimed[chat_id] != email}
    if stale:
        db_session.execute(delete(PersonChatId).where(PersonChatId.id.in_(list(stale))))
        db_session.expire_all()
    return set(stale.values())


def _give_chat_ids(person: Person, chat_ids: tuple[str, ...]) -> None:
    kept = [chat for chat in person.chat_ids if chat.chat_id in chat_ids]
    mine = {chat.chat_id for chat in kept}
    person.chat_ids = kept + [PersonChatId(chat_id=chat_id) for chat_id in chat_ids if chat_id not in mine]
