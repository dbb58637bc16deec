"""A throwaway OpenLDAP server for the directory tests: its own slapd.conf and mdb database under a temporary
folder, loaded with slapadd from an LDIF of Acme's staff and managers, listening on a loopback port.

Debian's slapd and ldap-utils are installed by scripts/setup.sh; where they are missing and cannot be installed
(no apt-get, not root) the tests that need the server skip and say so. Where apt-get could have installed them,
a missing slapd fails the tests: setup did not run, and a green run must mean the LDAP import was exercised.
"""

import os
import shutil
import socket
import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest

SLAPD, SLAPADD = Path("/usr/sbin/slapd"), Path("/usr/sbin/slapadd")
SCHEMAS = Path("/etc/ldap/schema")
SUFFIX = "dc=acme,dc=example"
READER_DN, READER_PASSWORD = f"cn=relais,ou=services,{SUFFIX}", "reader-secret"

CONFIG = """include {schemas}/core.schema
include {schemas}/cosine.schema
include {schemas}/inetorgperson.schema
modulepath /usr/lib/ldap
moduleload back_mdb
pidfile {root}/slapd.pid
argsfile {root}/slapd.args

database mdb
maxsize 10485760
suffix "{suffix}"
rootdn "cn=admin,{suffix}"
rootpw admin-secret
directory {root}/data
access to attrs=userPassword by anonymous auth by * none
access to * by dn.exact="{reader}" read by * none
limits dn.exact="{reader}" size={size}
"""

STAFF = f"""dn: {SUFFIX}
objectClass: dcObject
objectClass: organization
dc: acme
o: Acme

dn: ou=services,{SUFFIX}
objectClass: organizationalUnit
ou: services

dn: {READER_DN}
objectClass: organizationalRole
objectClass: simpleSecurityObject
cn: relais
userPassword: {READER_PASSWORD}

dn: ou=board,{SUFFIX}
objectClass: organizationalUnit
ou: board

dn: ou=staff,{SUFFIX}
objectClass: organizationalUnit
ou: staff

dn: uid=ceo,ou=board,{SUFFIX}
objectClass: inetOrgPerson
uid: ceo
cn: Claire Dubois
sn: Dubois
displayName: Claire Dubois
mail: ceo@acme.example
preferredLanguage: fr

dn: uid=chloe,ou=staff,{SUFFIX}
objectClass: inetOrgPerson
uid: chloe
cn: Chloe Martin
sn: Martin
displayName: Chloé Martin
mail: Chloe.Martin@acme.example
preferredLanguage: fr-FR
manager: uid=ceo,ou=board,{SUFFIX}

dn: uid=bob,ou=staff,{SUFFIX}
objectClass: inetOrgPerson
uid: bob
cn: Bob Smith
sn: Smith
displayName: Bob Smith
mail: bob@acme.example
preferredLanguage: en-GB
manager: UID=chloe, OU=staff, DC=acme, DC=example

dn: uid=dan,ou=staff,{SUFFIX}
objectClass: inetOrgPerson
uid: dan
cn: Dan Brown
sn: Brown
mail: dan@acme.example
manager: uid=bob,ou=staff,{SUFFIX}

dn: uid=nomail,ou=staff,{SUFFIX}
objectClass: inetOrgPerson
uid: nomail
cn: No Mail
sn: Mail
manager: uid=bob,ou=staff,{SUFFIX}
"""


@dataclass(frozen=True)
class LdapServer:
    url: str
    base_dn: str = f"ou=staff,{SUFFIX}"
    bind_dn: str = READER_DN
    password: str = READER_PASSWORD


def require_slapd() -> None:
    """Skip, saying why, where OpenLDAP is missing and could not have been installed; fail where it could."""
    if SLAPD.exists() and SLAPADD.exists():
        return
    if shutil.which("apt-get") is None or os.geteuid() != 0:
        pytest.skip("OpenLDAP's slapd is not installed and apt-get can't install it here (scripts/setup.sh "
                    "installs Debian's slapd and ldap-utils as root)")
    pytest.fail("slapd is missing: run scripts/setup.sh (make setup), which installs Debian's slapd and ldap-utils")


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@contextmanager
def running_slapd(root: Path, ldif: str = STAFF, size: str = "unlimited") -> Iterator[LdapServer]:
    """slapd on a loopback port with its own config and database under `root`, stopped on exit; `size` is how
    many entries one search may return to the reader (slapd's own default is 500, Active Directory's 1000 a
    page)."""
    require_slapd()
    (root / "data").mkdir(parents=True)
    config = root / "slapd.conf"
    config.write_text(CONFIG.format(schemas=SCHEMAS, root=root, suffix=SUFFIX, reader=READER_DN, size=size))
    (root / "staff.ldif").write_text(ldif, encoding="utf-8")
    subprocess.run([SLAPADD, "-f", config, "-l", root / "staff.ldif"], check=True, capture_output=True, timeout=60)
    port = _free_port()
    url = f"ldap://127.0.0.1:{port}"
    server = subprocess.Popen([SLAPD, "-f", config, "-h", f"{url}/", "-d", "0"], stdout=subprocess.DEVNULL,
                              stderr=(root / "slapd.log").open("wb"))
    try:
        _wait_for(port, server, root)
        yield LdapServer(url=url)
    finally:
        server.terminate()
        server.wait(timeout=30)


def _wait_for(port: int, server: subprocess.Popen[bytes], root: Path) -> None:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError(f"slapd stopped: {(root / 'slapd.log').read_text(errors='replace')[-2000:]}")
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return
        except OSError:
            time.sleep(0.05)
    raise RuntimeError("slapd did not listen within 30 s")
