"""The `directory` section of a client's settings: where its people directory comes from (servicedesk.people).

    directory:
      sync_every: 6h                           # the supervisor reads the LDAP directory again this often (m, h, d
                                               # of wall-clock time, 15m at least; off: only by hand); default 6h
      ldap:
        url: ldaps://dc1.acme.example          # ldap:// with start_tls: true, or ldaps://
        bind_dn: CN=relais-reader,OU=Service Accounts,DC=acme,DC=example
        password_env: ACME_LDAP_PASSWORD       # the password is read from this environment variable, never the file
        base_dn: OU=Staff,DC=acme,DC=example
        filter: (&(objectClass=user)(mail=*))
        attributes: {email: mail, name: displayName, language: preferredLanguage, manager: manager}

The defaults read an OpenLDAP inetOrgPerson tree; Active Directory has the same attribute names for these four
(`manager` holds the manager's DN there too). A password never sits in a settings file: the file names the
variable, the server's environment holds it.
"""

import re
from datetime import timedelta
from typing import Annotated

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, PlainSerializer, StringConstraints

_Attribute = Annotated[str, StringConstraints(strip_whitespace=True, pattern=r"^[A-Za-z][A-Za-z0-9-]{0,99}$")]
_Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=1000)]
_EVERY = re.compile(r"(\d{1,5})([mhd])")
_UNIT = {"m": timedelta(minutes=1), "h": timedelta(hours=1), "d": timedelta(days=1)}
SHORTEST_SYNC = timedelta(minutes=15)  # a client's directory server is not ours to poll every pass
DEFAULT_SYNC = timedelta(hours=6)  # joiners and managers changed since the morning known by the afternoon


def _every(value: object) -> timedelta | None:
    """'30m', '6h', '1d' of wall-clock time (a directory changes at any hour), or off (None): only by hand."""
    if value is None or value is False or (isinstance(value, str) and value.strip().lower() in ("off", "never")):
        return None
    if isinstance(value, timedelta):
        return value
    match = _EVERY.fullmatch(value.strip().lower()) if isinstance(value, str) else None
    if match is None:
        raise ValueError(f"sync_every is written like '30m', '6h' or '1d', or off; got {value!r}")
    every = int(match[1]) * _UNIT[match[2]]
    if every < SHORTEST_SYNC:
        raise ValueError(f"sync_every {value!r} is too often: 15m at least")
    return every


def written_every(every: timedelta | None) -> str:
    """The interval as the settings write it: "6h", "30m", "1d", or "off"."""
    if every is None:
        return "off"
    minutes = int(every.total_seconds()) // 60
    return f"{minutes // 1440}d" if minutes % 1440 == 0 else f"{minutes // 60}h" if minutes % 60 == 0 else f"{minutes}m"


SyncEvery = Annotated[timedelta | None, BeforeValidator(_every), PlainSerializer(written_every)]


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class LdapAttributes(_Frozen):
    """Which attribute of an entry holds what the directory keeps."""

    email: _Attribute = "mail"
    name: _Attribute = "displayName"
    language: _Attribute | None = "preferredLanguage"
    manager: _Attribute | None = "manager"  # the manager's DN
    chat_ids: _Attribute | None = None  # a multi-valued attribute of chat user ids, where the client keeps one


class LdapDirectory(_Frozen):
    url: Annotated[str, StringConstraints(strip_whitespace=True, pattern=r"^ldaps?://[^\s/]+/?$")]
    start_tls: bool = False
    bind_dn: _Text | None = None  # None: an anonymous bind
    password_env: Annotated[str, StringConstraints(pattern=r"^[A-Z_][A-Z0-9_]{0,99}$")] | None = None
    base_dn: _Text
    filter: _Text = "(&(objectClass=person)(mail=*))"
    attributes: LdapAttributes = LdapAttributes()
    page_size: int = Field(default=500, ge=1, le=5000)
    timeout_seconds: int = Field(default=30, ge=1, le=600)


class Directory(_Frozen):
    ldap: LdapDirectory | None = None  # None: the directory is imported from CSV files only
    sync_every: SyncEvery = DEFAULT_SYNC  # how often the supervisor imports `ldap` again (servicedesk.people.sync)
