"""Errors raised by the ticketing domain.

    ServiceDeskError                 base class: every domain failure an adapter may translate for a user
    ├── TicketNotFound               no ticket carries that number (for this client)
    ├── MalformedTicketNumber        the text looks like a ticket number but is not a valid one
    ├── InvalidQualification         impact or urgency outside the ITIL scales, or a missing field
    ├── IllegalTransition            the workflow does not allow this status change
    │   └── ApprovalStateReserved    pending on approval asked by hand: only an approval request puts a ticket there
    ├── InvalidClosureCode           a closure code the client's settings do not list
    ├── MissingClosureCodes          resolving without category, cause, resolution code and solution
    ├── ReopenWindowPassed           a closed ticket is too old to reopen: open a linked one instead
    ├── InvalidClient                a slug, name, contact, database URL or channel the client catalogue refuses
    ├── ClientExists                 a client already has that slug
    ├── ClientUnknown                no active client answers to that slug or channel: nowhere to route the message
    ├── ChannelAlreadyBound          the workspace, tenant or key already belongs to another client
    ├── InvalidApiKey                an unknown or revoked API key
    ├── InvalidRating                a satisfaction rating outside 1..5, or on a ticket not closed
    ├── InvalidSettings              a client's settings file the schema refuses (named file, field paths)
    ├── NoSettingsLoaded             the client's database holds no settings yet: its desk has no rules in force
    ├── SettingsFileMissing          no settings file for the client where the server keeps them, to reload
    ├── GroupUnknown                 no support group of that name in the client's settings
    ├── NotAProblem                  linking a ticket to one that is not a problem ticket (or to itself)
    ├── InboxMessageNotFound         no message of the NLU inbox has that id
    ├── AlreadyReviewed              an NLU inbox message another editor labelled or discarded first
    ├── InvalidImportFile            a tickets import file that is not CSV or JSON, or not a list of tickets
    ├── ClaimsRefused                a door's signed claims missing, forged, stale or of another conversation
    ├── TakeoverError                a takeover step that cannot happen now; `reason` names the case
    ├── NothingToTakeOver            a takeover asked for a ticket no longer open
    ├── NoLiveConversation           a takeover asked for a ticket whose conversation nobody can join live
    ├── InvalidAccount               a login, name, e-mail, role, password or grant the desk's accounts refuse
    ├── AccountExists                an agent account already has that login or e-mail
    ├── AccountUnknown               no agent account has that login
    ├── AccountForbidden             the acting account's role may not do this (manage accounts, grant a role)
    ├── SignInRefused                wrong login or password, a disabled account, or an identity nobody has
    ├── InvalidAnnouncement          an announcement's kind, services, window or text refused, or it is over
    ├── RemoteAssistanceRefused      a remote session that cannot be asked, answered or reached; `reason` names it
    ├── DirectoryUnreachable         the client's LDAP/Active Directory can't be reached, bound or searched
    ├── UploadRefused                an upload link forged, expired, already used, or of a ticket no longer open
    └── FileRefused                  a file too large, empty, of a kind the desk does not take, or infected

Adapters turn these into a message in the user's language in exactly one place each; the domain
raises and never returns error values.
"""

from typing import ClassVar, Literal


class ServiceDeskError(Exception):
    """Base class of every error the ticketing domain raises on purpose."""


class TicketNotFound(ServiceDeskError):
    def __init__(self, number: str) -> None:
        super().__init__(f"no ticket {number}")
        self.number = number


class MalformedTicketNumber(ServiceDeskError):
    def __init__(self, text: str) -> None:
        super().__init__(f"not a ticket number: {text!r}")
        self.text = text


QualificationFault = Literal["off_the_matrix", "not_an_incident", "no_description", "unknown_origin",
                             "not_a_security_kind"]


class InvalidQualification(ServiceDeskError):
    """A ticket opened with values the desk cannot rate or file. `fault` names the case, `value` what was given
    (the (impact, urgency) pair, the origin, the security kind) and `allowed` what would have been accepted, so
    that each adapter words it; the English text is for the log."""

    _LOG: ClassVar[dict[str, str]] = {
        "off_the_matrix": "impact / urgency {value!r} outside the priority matrix",
        "not_an_incident": "a {value} is not handled as an incident",
        "no_description": "a ticket needs a description",
        "unknown_origin": "unknown request type {value!r}: one of {allowed}",
        "not_a_security_kind": "not a security incident: {value!r}",
    }

    def __init__(self, fault: QualificationFault, value: object = None, allowed: tuple[str, ...] = ()) -> None:
        super().__init__(self._LOG[fault].format(value=value, allowed=", ".join(allowed)))
        self.fault, self.value, self.allowed = fault, value, allowed


class IllegalTransition(ServiceDeskError):
    def __init__(self, current: str, target: str, why: str) -> None:
        super().__init__(f"cannot go from {current} to {target}: {why}")
        self.current, self.target, self.why = current, target, why


class ApprovalStateReserved(IllegalTransition):
    """Pending on approval is the approvals' own state: only servicedesk.approvals.request_approval puts a ticket
    there, with its approvers asked and its signed tokens made. Set by hand, the ticket would wait for a decision
    nobody was asked for, its clock paused; so an agent's status change naming it is refused, whatever the door."""

    def __init__(self, current: str) -> None:
        super().__init__(current, "pending", "only an approval request puts a ticket pending on approval")


class MissingClosureCodes(ServiceDeskError):
    def __init__(self, missing: list[str]) -> None:
        super().__init__(f"resolution needs: {', '.join(missing)}")
        self.missing = missing


class ReopenWindowPassed(ServiceDeskError):
    def __init__(self, number: str) -> None:
        super().__init__(f"{number} was closed too long ago to reopen")
        self.number = number


class InvalidClient(ServiceDeskError):
    """Raised before anything is created, so that a refused client leaves no database behind."""


class ClientExists(ServiceDeskError):
    def __init__(self, slug: str) -> None:
        super().__init__(f"a client already has the slug {slug!r}")
        self.slug = slug


class ClientUnknown(ServiceDeskError):
    """Inactive clients are unknown too: their users must not reach a database any more."""

    def __init__(self, key: str) -> None:
        super().__init__(f"no active client for {key!r}")
        self.key = key


class ChannelAlreadyBound(ServiceDeskError):
    """One workspace, tenant or key belongs to exactly one client; rebinding it would route a client's users
    to another client's tickets."""

    def __init__(self, kind: str, external_id: str, owner: str) -> None:
        super().__init__(f"{kind} {external_id!r} already belongs to client {owner!r}")
        self.kind = kind
        self.external_id = external_id
        self.owner = owner


class InvalidSettings(ServiceDeskError):
    """A client's settings document the schema refuses: nothing of it is used. Every problem is listed at once,
    each with the path of its field, so that one review round fixes the file."""

    def __init__(self, source: str, problems: list[str]) -> None:
        super().__init__(f"{source}: invalid settings\n" + "\n".join(f"  - {problem}" for problem in problems))
        self.source = source
        self.problems = problems


class NoSettingsLoaded(ServiceDeskError):
    """Nothing is wrong with any document: none was loaded into the client's database yet. Reading tickets
    still works; whatever needs the desk's rules (a status change, a pass of the supervisor) waits for
    `python -m servicedesk settings load`."""

    def __init__(self) -> None:
        super().__init__("no settings loaded: python -m servicedesk settings load")


class SettingsFileMissing(ServiceDeskError):
    """A reload asked for the client's settings file and the server has none: nothing is stored, the version
    in force stays."""

    def __init__(self, client: str, path: str) -> None:
        super().__init__(f"no settings file for client {client!r}: {path}")
        self.client, self.path = client, path


class GroupUnknown(ServiceDeskError):
    def __init__(self, group: str) -> None:
        super().__init__(f"no support group {group!r} in the client's settings")
        self.group = group


class NotAProblem(ServiceDeskError):
    def __init__(self, number: str) -> None:
        super().__init__(f"{number} is not a problem ticket")
        self.number = number


class InvalidClosureCode(ServiceDeskError):
    def __init__(self, field: str, value: str | None, allowed: list[str]) -> None:
        super().__init__(f"{field} {value!r} is not one of the client's codes: {', '.join(allowed)}")
        self.field, self.value, self.allowed = field, value, allowed


class InvalidApiKey(ServiceDeskError):
    """An API secret nobody issued, a revoked key, or a key of an inactive client. Callers are not told which,
    so that someone guessing learns nothing."""

    def __init__(self, message: str = "unknown or revoked API key") -> None:
        super().__init__(message)


class InvalidRating(ServiceDeskError):
    """Satisfaction is asked after closing, on a 1 to 5 scale: `rating` is what was given, `status` the
    ticket's status then."""

    def __init__(self, rating: int, status: str) -> None:
        super().__init__(f"a rating is 1 to 5, on a closed ticket (got {rating} on a {status} ticket)")
        self.rating, self.status = rating, status


class InboxMessageNotFound(ServiceDeskError):
    def __init__(self, message_id: int) -> None:
        super().__init__(f"no message {message_id} in the NLU inbox")
        self.message_id = message_id


class AlreadyReviewed(ServiceDeskError):
    """Two editors may review the same inbox at once; the second one to decide on a message is told so
    rather than overwriting the first one's label."""

    def __init__(self, message_id: int, status: str) -> None:
        super().__init__(f"NLU inbox message {message_id} is already {status}")
        self.message_id = message_id
        self.status = status


class InvalidImportFile(ServiceDeskError):
    """The file as a whole can't be read; a bad row is reported with its line and the others imported."""

    def __init__(self, path: str, why: str) -> None:
        super().__init__(f"{path}: {why}")
        self.path, self.why = path, why



class ClaimsRefused(ServiceDeskError):
    """A message's claims (servicedesk.identity.claims) can't be trusted; `reason` says why, for the log: the
    user is never told, so that someone forging claims learns nothing."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason

TakeoverRefusal = Literal["unknown", "not_waiting", "not_taken", "held_by_other", "over", "not_holder"]


class TakeoverError(ServiceDeskError):
    """A takeover step that cannot happen now. `reason` names the case; the other fields are what an adapter
    needs to word it for the agent (who was quicker, which takeover):

        unknown         no takeover has that id (takeover_id)
        not_waiting     another agent took it first (taken_by)
        not_taken       nobody holds the conversation: it must be taken first
        held_by_other   another agent holds the conversation (taken_by)
        over            the conversation was handed back or ended already
        not_holder      writing to the user without holding the conversation (taken_by)
    """

    def __init__(self, reason: TakeoverRefusal, *, takeover_id: int | None = None,
                 taken_by: str | None = None) -> None:
        super().__init__(reason if taken_by is None else f"{reason} (taken by {taken_by})")
        self.reason, self.takeover_id, self.taken_by = reason, takeover_id, taken_by


class NothingToTakeOver(ServiceDeskError):
    """The ticket is resolved, closed or cancelled: its conversation is not for an agent to join any more."""

    def __init__(self, number: str, status: str) -> None:
        super().__init__(f"{number} is {status}: nothing to take over")
        self.number, self.status = number, status


class NoLiveConversation(ServiceDeskError):
    """The ticket came through no door a person can write to live (Rasa's REST door), so no agent can join it."""

    def __init__(self, number: str) -> None:
        super().__init__(f"{number} did not come from Slack, Teams or the web chat: no live conversation")
        self.number = number


AccountRefusal = Literal["login", "email", "name", "role", "password_length", "password_is_login", "group_name",
                         "unknown_group", "last_admin"]
_ACCOUNT_REFUSALS: dict[str, str] = {
    "login": "a login is 2 to 60 lowercase letters, digits, dots, hyphens or underscores: {value!r}",
    "email": "not an e-mail address: {value!r}",
    "name": "a display name is 1 to 200 characters",
    "role": "unknown role {value!r}; one of {roles}",
    "password_length": "a password is {min} to {max} characters",
    "password_is_login": "a password must not be the login",
    "group_name": "a support group's name is 1 to {max} characters",
    "unknown_group": "client {client!r} has no support group {groups}; its groups: {known}",
    "last_admin": "{login!r} is the last active admin: make another admin first",
}


class InvalidAccount(ServiceDeskError):
    """An agent account the desk refuses: `reason` names the rule, `values` what an adapter needs to word it."""

    def __init__(self, reason: AccountRefusal, **values: object) -> None:
        super().__init__(_ACCOUNT_REFUSALS[reason].format(**values))
        self.reason, self.values = reason, values


class AccountExists(ServiceDeskError):
    def __init__(self, field: str, value: str) -> None:
        super().__init__(f"an agent account already has the {field} {value!r}")
        self.field, self.value = field, value


class AccountUnknown(ServiceDeskError):
    def __init__(self, login: str) -> None:
        super().__init__(f"no agent account {login!r}")
        self.login = login


AccountForbiddance = Literal["not_admin", "not_your_agent", "client_not_held", "groups_not_held"]
_ACCOUNT_FORBIDDANCES: dict[str, str] = {
    "not_admin": "an account with role {role!r} cannot manage accounts",
    "not_your_agent": "{login!r} is not an agent of the clients you lead",
    "client_not_held": "you do not work on client {client!r}, so you cannot grant it",
    "groups_not_held": "at {client!r} you work for {groups} only: grant some of those",
}


class AccountForbidden(ServiceDeskError):
    """What the acting account may not do: manage accounts (its role), grant beyond what it holds. `reason` and
    `values` as InvalidAccount's."""

    def __init__(self, reason: AccountForbiddance, **values: object) -> None:
        super().__init__(_ACCOUNT_FORBIDDANCES[reason].format(**values))
        self.reason, self.values = reason, values


class SignInRefused(ServiceDeskError):
    """One refusal for every failed sign-in (unknown login, wrong password, disabled account, an identity no
    account has), so that the answer tells an attacker nothing; `reason` is for the log only."""

    def __init__(self, reason: str) -> None:
        super().__init__("wrong login or password")
        self.reason = reason


AnnouncementRefusal = Literal["kind", "services", "window", "text", "title_length", "ended"]
_ANNOUNCEMENT_REFUSALS: dict[AnnouncementRefusal, str] = {
    "kind": "an announcement is a major_incident or a planned_change, not {value!r}",
    "services": "services outside the client's catalogue: {services}",
    "window": "an announcement's window ends after it starts",
    "text": "an announcement needs its title and its text in {language}",
    "title_length": "an announcement's title is {max} characters at most",
    "ended": "this announcement is over: it takes no more updates",
}


class InvalidAnnouncement(ServiceDeskError):
    """An announcement the desk refuses; `reason` and `values` as InvalidAccount's."""

    def __init__(self, reason: AnnouncementRefusal, **values: object) -> None:
        super().__init__(_ANNOUNCEMENT_REFUSALS[reason].format(**values))
        self.reason, self.values = reason, values


RemoteRefusal = Literal["no_provider", "ticket_closed", "in_progress", "unknown", "answered", "bad_code",
                        "unreachable"]


class RemoteAssistanceRefused(ServiceDeskError):
    """A remote session step that cannot happen (servicedesk.remote). `reason` names the case:

        no_provider     the client's settings name no remote-assistance tool
        ticket_closed   the ticket is no longer open (number, status)
        in_progress     the ticket already has a session under way (number)
        unknown         no such session for this person: another's, or none at all
        answered        the consent was given or refused already, or the step is past (number, state)
        bad_code        an empty or overlong session code
        unreachable     the tool's server did not answer or refused us (detail, for the log)
    """

    def __init__(self, reason: RemoteRefusal, *, number: str | None = None, status: str | None = None,
                 state: str | None = None, detail: str | None = None) -> None:
        super().__init__(reason if detail is None else f"{reason}: {detail}")
        self.reason, self.number, self.status, self.state, self.detail = reason, number, status, state, detail


class DirectoryUnreachable(ServiceDeskError):
    """The client's people directory server (servicedesk.people.ldap_source) did not answer, refused the bind
    or the search, or its password is missing from the environment; `why` is for the operator's log."""

    def __init__(self, url: str, why: str) -> None:
        super().__init__(f"{url}: {why}")
        self.url, self.why = url, why


UploadRefusal = Literal["forged", "expired", "used", "closed"]


class UploadRefused(ServiceDeskError):
    """An upload link that opens nothing (servicedesk.uploads): `reason` names the case; `grant` is the link's
    payload when its signature held (its language words the page), None for a forged one."""

    def __init__(self, reason: UploadRefusal, grant: object = None) -> None:
        super().__init__(f"upload link refused: {reason}")
        self.reason, self.grant = reason, grant


FileRefusal = Literal["empty", "too_large", "too_many", "executable", "forbidden_type", "infected", "unscanned",
                      "unavailable"]
_FILE_REFUSALS: dict[FileRefusal, str] = {
    "empty": "{name}: an empty file",
    "too_large": "{name}: {size} bytes, over the {max} a file may have",
    "too_many": "{count} files, over the {max} one upload may bring",
    "executable": "{name}: a program",
    "forbidden_type": "{name}: not a kind of file the desk takes (or named as another kind)",
    "infected": "{name}: infected ({signature})",
    "unscanned": "{name}: could not be scanned ({signature})",
    "unavailable": "{name}: the file store is unavailable",
}


class FileRefused(ServiceDeskError):
    """A file not kept on a ticket; `reason` names the rule, `name` the file (made safe), `values` the figures
    (size and max, the signature clamd found) that an adapter words."""

    def __init__(self, reason: FileRefusal, name: str, **values: object) -> None:
        super().__init__(_FILE_REFUSALS[reason].format(name=name, **values))
        self.reason, self.name, self.values = reason, name, values
