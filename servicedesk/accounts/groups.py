"""The support groups an account may be granted at each client: those of the client's settings in force, read
by the callers of the accounts' use cases (the command line, the console) and handed to them, since a use case
never looks settings up. A client without settings yet has no list: its grants are not checked."""

from collections.abc import Mapping, Sequence

from servicedesk.clients.registry import ClientDatabases
from servicedesk.errors import NoSettingsLoaded
from servicedesk.settings.current import support_groups


def known_groups(registry: ClientDatabases, grants: Mapping[str, Sequence[str]]) -> dict[str, frozenset[str]]:
    """slug → the client's group names, for the clients of `grants` that name groups."""
    known = {}
    for slug, groups in grants.items():
        if not groups:
            continue
        try:
            with registry.session_factory(slug)() as db_session:
                known[slug] = support_groups(db_session=db_session)
        except NoSettingsLoaded:
            continue
    return known
