"""What the people directory costs: an import of N people from a CSV file (created, then read again unchanged),
the same N read from a real OpenLDAP server (tests/servicedesk/people/slapd.py, on loopback) with their managers'
DNs turned into addresses, and one manager_of lookup, what each hierarchical escalation and approval asks.

Not a test: nothing is asserted about time. The machine is small and shared: the load average is printed.

    .venv/bin/python -m bench.people [--people 5000] [--lookups 2000]
"""

import argparse
import os
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from servicedesk.database import make_engine, make_session_factory, migrate, unit_of_work
from servicedesk.people.csv_file import parse_people
from servicedesk.people.importing import import_people
from servicedesk.people.ldap_source import read_directory
from servicedesk.people.service import manager_of
from servicedesk.settings.directory import LdapDirectory
from tests.servicedesk.people import slapd


def staff_csv(count: int) -> str:
    """count people, each the report of the one ten ranks above (a tree ten wide), with a chat id each."""
    rows = ["email,name,language,manager,chat_ids"]
    for n in range(count):
        manager = f"p{n // 10}@acme.example" if n else ""
        rows.append(f"p{n}@acme.example,Person {n},{'fr' if n % 2 else 'en'},{manager},slack:T1:U{n}")
    return "\n".join(rows) + "\n"


def staff_ldif(count: int) -> str:
    base = slapd.STAFF.split("\ndn: uid=ceo,")[0]  # the tree, the reader account, no people
    people = [f"""dn: uid=p{n},ou=staff,{slapd.SUFFIX}
objectClass: inetOrgPerson
uid: p{n}
cn: Person {n}
sn: {n}
mail: p{n}@acme.example
preferredLanguage: {'fr' if n % 2 else 'en'}
""" + (f"manager: uid=p{n // 10},ou=staff,{slapd.SUFFIX}\n" if n else "") for n in range(count)]
    return base + "\n\n" + "\n".join(people)


def timed(label: str, work: Callable[[], object]) -> float:
    start = time.perf_counter()
    result = work()
    seconds = time.perf_counter() - start
    print(f"{label:<52} {seconds * 1000:>9.0f} ms", f"({result})" if result is not None else "")
    return seconds


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--people", type=int, default=5000)
    parser.add_argument("--lookups", type=int, default=2000)
    args = parser.parse_args()
    print(f"load average {os.getloadavg()[0]:.2f}; {args.people} people")
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        url = f"sqlite:///{root / 'acme.db'}"
        migrate(url)
        factory = make_session_factory(make_engine(url))
        entries = parse_people(staff_csv(args.people), origin="bench")

        def csv_import() -> str:
            with unit_of_work(factory) as session:
                return import_people(db_session=session, entries=entries, source="csv").summary()

        timed("CSV import, every person new", csv_import)
        timed("CSV import again, every person unchanged", csv_import)
        with factory() as session:
            users = [f"slack:T1:U{n % args.people}" for n in range(args.lookups)]
            seconds = timed(f"{args.lookups} manager_of lookups by chat id",
                            lambda: sum(manager_of(db_session=session, user=user) is not None for user in users))
            print(f"{'one manager_of':<52} {seconds / args.lookups * 1e6:>9.0f} µs")
        if not slapd.SLAPD.exists():
            print("no slapd here: the LDAP read is not measured (scripts/setup.sh installs it)")
            return
        with slapd.running_slapd(root / "slapd", staff_ldif(args.people)) as server:
            ldap = LdapDirectory(url=server.url, bind_dn=server.bind_dn, password_env="BENCH_LDAP",
                                 base_dn=server.base_dn)
            timed("LDAP read, paged, managers' DNs to addresses",
                  lambda: f"{len(read_directory(ldap, environ={'BENCH_LDAP': server.password}))} entries")
    print(f"load average {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
