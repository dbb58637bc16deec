"""The directory read from the client's LDAP server or Active Directory, with ldap3 (pure Python, so both the
servers and a developer's machine need no system LDAP library).

A full read is one paged subtree search under the settings' base DN with their filter; a manager is named there
by DN, which is turned into the manager's address from the same results, or by a base read of that DN when the
manager lives outside the searched branch. A read of one person (`email=`) puts the address into the filter,
escaped as RFC 4515 says, so an address like `*)(mail=*` matches nobody rather than everybody. A full read that
finds nobody is refused rather than imported: it means a changed ACL or base DN, not that everyone left; so is
one the server cut short (its size or time limit for the bind DN), which would deactivate everyone past the cut.

The connection is read-only; the password comes from the environment variable the settings name.
"""

import os
from collections.abc import Iterator, Mapping
from typing import Any

from ldap3 import BASE, SUBTREE, Connection, Server
from ldap3.core.exceptions import LDAPException
from ldap3.core.results import RESULT_SIZE_LIMIT_EXCEEDED, RESULT_TIME_LIMIT_EXCEEDED
from ldap3.utils.conv import escape_filter_chars
from ldap3.utils.dn import parse_dn

from servicedesk.errors import DirectoryUnreachable
from servicedesk.people.importing import Entry, read_language
from servicedesk.settings.directory import LdapDirectory


def read_directory(settings: LdapDirectory, *, email: str | None = None,
                   environ: Mapping[str, str] = os.environ) -> list[Entry]:
    """Everyone the settings' search finds (or the one person with this address); DirectoryUnreachable when
    the server can't be reached, refuses the bind or the search."""
    wanted = settings.attributes
    names = [name for name in (wanted.email, wanted.name, wanted.language, wanted.manager, wanted.chat_ids) if name]
    if email is not None and not email.strip().isprintable():
        return []  # a NUL or a line break in an address names nobody (and some servers cut the value there)
    search = settings.filter if email is None else \
        f"(&{settings.filter}({wanted.email}={escape_filter_chars(email.strip())}))"
    connection = _connection(settings, environ)
    try:
        _open(connection, settings)
        found = list(_search(connection, settings, search, names))
        ended = (connection.result or {}).get("result")
        if ended in (RESULT_SIZE_LIMIT_EXCEEDED, RESULT_TIME_LIMIT_EXCEEDED):  # ldap3 raises neither: a part
            raise DirectoryUnreachable(settings.url, f"the server cut the search at {len(found)} entries "
                                                     f"({connection.result.get('description')}): raise its limits "
                                                     "for the bind DN")
        if not found and email is None:  # an ACL or a base DN changed: deactivating everyone would be wrong
            raise DirectoryUnreachable(settings.url, f"the search under {settings.base_dn} found nobody")
        return _entries(connection, settings, found)
    except LDAPException as error:
        raise DirectoryUnreachable(settings.url, f"{type(error).__name__}: {error}") from error
    finally:
        connection.unbind()


def _entries(connection: Connection, settings: LdapDirectory, found: list[tuple[str, dict[str, Any]]]) -> list[Entry]:
    wanted = settings.attributes
    addresses = {_key(dn): _first(attributes.get(wanted.email)) for dn, attributes in found}
    entries = []
    for position, (dn, attributes) in enumerate(found, start=1):
        manager_dn = _first(attributes.get(wanted.manager)) if wanted.manager else None
        manager = None
        if manager_dn:
            key = _key(manager_dn)
            if key not in addresses:
                addresses[key] = _address_of(connection, manager_dn, wanted.email)
            manager = addresses[key]
        entries.append(Entry(position=position, email=_first(attributes.get(wanted.email)) or "",
                             name=_first(attributes.get(wanted.name)) or "",
                             language=read_language(_first(attributes.get(wanted.language or ""))),
                             manager_email=manager, source_id=dn,
                             chat_ids=_all(attributes.get(wanted.chat_ids)) if wanted.chat_ids else None))
    return entries


def _connection(settings: LdapDirectory, environ: Mapping[str, str]) -> Connection:
    password = None
    if settings.password_env:
        password = environ.get(settings.password_env)
        if not password:
            raise DirectoryUnreachable(settings.url, f"the environment has no {settings.password_env}")
    server = Server(settings.url, connect_timeout=settings.timeout_seconds)
    return Connection(server, user=settings.bind_dn, password=password, read_only=True,
                      receive_timeout=settings.timeout_seconds, raise_exceptions=True)


def _open(connection: Connection, settings: LdapDirectory) -> None:
    connection.open()
    if settings.start_tls:
        connection.start_tls()
    connection.bind()


def _search(connection: Connection, settings: LdapDirectory, search: str,
            names: list[str]) -> Iterator[tuple[str, dict[str, Any]]]:
    for result in connection.extend.standard.paged_search(settings.base_dn, search, search_scope=SUBTREE,
                                                          attributes=names, paged_size=settings.page_size,
                                                          generator=True):
        if result.get("type") == "searchResEntry":
            yield result["dn"], result["attributes"]


def _address_of(connection: Connection, dn: str, attribute: str) -> str | None:
    """The address of an entry outside the search (a manager in another branch); None when it has none."""
    try:
        connection.search(_tidy(dn), "(objectClass=*)", search_scope=BASE, attributes=[attribute])
    except LDAPException:
        return None  # a manager link to an entry that is gone, or that the bind may not read
    return _first(connection.entries[0][attribute].values) if connection.entries else None


def _key(dn: str) -> str:
    """DNs compare without case or blanks around their separators, as the servers compare them."""
    return _tidy(dn).casefold()


def _tidy(dn: str) -> str:
    """The DN without blanks around its separators ("uid=a, ou=b" as "uid=a,ou=b"), which ldap3 refuses to send."""
    try:
        return ",".join(f"{kind}={value}" for kind, value, _ in parse_dn(dn, strip=True))
    except LDAPException:
        return dn


def _first(value: Any) -> str | None:
    values = _all(value)
    return values[0] if values else None


def _all(value: Any) -> tuple[str, ...]:
    if value is None:
        return ()
    items = value if isinstance(value, list | tuple) else [value]
    return tuple(str(item).strip() for item in items if str(item).strip())
