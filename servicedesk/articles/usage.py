"""How often level 1 proposed each article of the KB, and how often it solved the problem or failed, read from
what the tickets already record (servicedesk.tickets.kb_resolution's `kb_fix` log lines): a fix that worked
("the fix from <doc_id> worked") resolved a contact; fixes tried in vain ("tried without success: <title>
(<doc_id>); …") went to the ticket the user then opened. A proposal counts once it has an outcome: a fix offered
to a user who left without a word is not recorded anywhere.
"""

import re
from collections import Counter
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from servicedesk.tickets.dossier import KB_FIX
from servicedesk.tickets.models import LogEntry

_WORKED = re.compile(r"the fix from (\S+) worked")
_TRIED = "tried without success: "
_TRIED_ID = re.compile(r"\(([^()]+)\)(?=;|$)")


@dataclass(frozen=True)
class Usage:
    solved: int = 0
    failed: int = 0

    @property
    def proposed(self) -> int:
        return self.solved + self.failed


def outcomes(line: str) -> tuple[list[str], list[str]]:
    """The articles a `kb_fix` line says worked, and those it says failed."""
    worked = _WORKED.fullmatch(line.strip())
    if worked:
        return [worked.group(1)], []
    if line.startswith(_TRIED):
        return [], _TRIED_ID.findall(line.removeprefix(_TRIED).strip())
    return [], []


def usage(*, db_session: Session) -> dict[str, Usage]:
    """Each article's counts, by KB id, over every ticket of the client."""
    solved: Counter[str] = Counter()
    failed: Counter[str] = Counter()
    for body in db_session.scalars(select(LogEntry.body).where(LogEntry.kind == KB_FIX)):
        worked, tried = outcomes(body)
        solved.update(worked)
        failed.update(tried)
    return {doc_id: Usage(solved[doc_id], failed[doc_id]) for doc_id in solved.keys() | failed.keys()}
