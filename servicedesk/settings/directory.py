"""The `directory` section of a client's settings: where its people directory comes from (servicedesk.people).

    directory:
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

from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

_Attribute = Annotated[str, StringConstraints(strip_whitespace=True, pattern=r"^[A-Za-z][A-Za-z0-9-]{0,99}$")]
_Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=1000)]


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
