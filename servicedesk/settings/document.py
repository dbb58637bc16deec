"""One client's settings document (data/clients/<slug>/settings.yml), validated as a whole before anything uses it.

Every model is frozen and refuses unknown keys: a misspelt key ("holiday", "notify_client_contacts") must fail
at load time, not silently drop a rule that a contract depends on. References between sections (a service's
support group, an agreement's calendar, an escalation's target group) are checked once, on the whole document.

Target durations are business time on the agreement's calendar, written "30m" or "4h". Days are refused there:
a business day is 8.5 hours on one calendar and 24 on another, so "2d" would silently mean different things.
Closure settings count whole business days and say so in their names; reopening and recurrence windows count
calendar days (as the workflow and problem detection do).
"""

import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Mapping
from datetime import time, timedelta
from typing import Annotated, Any, Literal, Self

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    PlainSerializer,
    PrivateAttr,
    StringConstraints,
    ValidationInfo,
    field_validator,
    model_validator,
)

from servicedesk.calendar import BusinessCalendar
from servicedesk.language import DEFAULT, Language
from servicedesk.settings.directory import Directory

TicketType = Literal["incident", "service_request", "problem"]
PriorityName = Literal["P1", "P2", "P3", "P4"]
Metric = Literal["tto", "ttr", "keep_in_loop"]
METRICS: tuple[Metric, ...] = ("tto", "ttr", "keep_in_loop")
REQUIRED_RESOLUTIONS = ("known_fix_applied", "workaround")  # what KB statistics and problem management count

_SLUG = re.compile(r"[a-z0-9-]{2,40}")  # the client catalogue's rules (servicedesk/clients/service.py)
_EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")
_CODE = re.compile(r"[a-z][a-z0-9_]{0,59}")
_DURATION = re.compile(r"(\d+)\s*([a-z]+)")
_SECONDS = {"m": 60, "h": 3600}
_WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


def _slug(value: str) -> str:
    if not _SLUG.fullmatch(value):
        raise ValueError(f"a slug is 2 to 40 lowercase letters, digits or hyphens, got {value!r}")
    return value


def _code(value: str) -> str:
    if not _CODE.fullmatch(value):
        raise ValueError(f"a code is lowercase letters, digits and underscores, from a letter: {value!r}")
    return value


def _email(value: str) -> str:
    if not _EMAIL.fullmatch(value):
        raise ValueError(f"not an email address: {value!r}")
    return value


def _target_duration(value: object) -> timedelta:
    """'30m' or '4h' of business time; a bare number is refused (minutes or hours?)."""
    match = _DURATION.fullmatch(value.strip().lower()) if isinstance(value, str) else None
    if match is None:
        raise ValueError(f"a target is written like '30m' or '4h', got {value!r}")
    amount, unit = int(match[1]), match[2]
    if unit not in _SECONDS:
        raise ValueError(f"{value!r}: targets are minutes (m) or hours (h) of business time; days are ambiguous "
                         "(a business day is not 24 hours), write hours ('16h')")
    if amount <= 0:
        raise ValueError(f"a target must be positive, got {value!r}")
    return timedelta(seconds=amount * _SECONDS[unit])


def _calendar(raw: object) -> BusinessCalendar:
    """Validated by building it, so that the file is refused for exactly what the clocks would choke on."""
    if not isinstance(raw, Mapping):
        raise ValueError(f"a calendar is a mapping of timezone, hours and holidays, got {raw!r}")
    try:
        return BusinessCalendar.from_settings(raw)
    except (TypeError, ValueError) as error:
        raise ValueError(str(error)) from error


def _written_duration(duration: timedelta) -> str:
    minutes = int(duration.total_seconds()) // 60
    return f"{minutes // 60}h" if minutes % 60 == 0 else f"{minutes}m"


def _calendar_settings(calendar: BusinessCalendar) -> dict[str, Any]:
    """The inverse of BusinessCalendar.from_settings, so that model_dump() gives back a valid document."""

    def clock(moment: time | None) -> str:
        return "24:00" if moment is None else moment.strftime("%H:%M")

    hours = {day: [f"{clock(start)}-{clock(end)}" for start, end in calendar.weekly[index]]
             for index, day in enumerate(_WEEKDAYS) if calendar.weekly[index]}
    return {"timezone": calendar.timezone, "hours": hours, "holidays": sorted(map(str, calendar.holidays))}


Name = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)]
Email = Annotated[str, StringConstraints(strip_whitespace=True), AfterValidator(_email)]
Duration = Annotated[timedelta, BeforeValidator(_target_duration), PlainSerializer(_written_duration)]
Code = Annotated[str, AfterValidator(_code)]
Calendar = Annotated[BusinessCalendar, BeforeValidator(_calendar), PlainSerializer(_calendar_settings)]


def _duplicates(values: Iterable[str]) -> list[str]:
    return sorted(value for value, count in Counter(values).items() if count > 1)


def _fold(text: str) -> str:
    """As the service matcher compares words: case and accents ignored."""
    decomposed = unicodedata.normalize("NFKD", text.casefold().replace("’", "'"))
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def _alias_clash(owned: Iterable[tuple[str, Iterable[str]]]) -> str | None:
    """An alias must name one thing, or matching a message would depend on the order of the file."""
    owners: dict[str, str] = {}
    for owner, aliases in owned:
        for alias in {_fold(alias) for alias in aliases}:
            if owners.setdefault(alias, owner) != owner:
                return f"alias {alias!r} names both {owners[alias]!r} and {owner!r}"
    return None


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Client(_Frozen):
    slug: Annotated[str, AfterValidator(_slug)]
    name: Name
    language: Language = DEFAULT
    contact_email: Email | None = None  # the client's contact, told of P1 tickets by hierarchical escalations


class CatalogueEntry(_Frozen):
    """A service users report problems with, the words they use for it, and who usually takes it."""

    name: Name
    aliases: tuple[Name, ...] = ()
    support_group: Name | None = None  # None: the service desk keeps it
    category: Code | None = None  # the closure category a fix of this service is filed under
    critical: bool = False  # business-critical: down for a team, or blocking with no workaround, it is major


class Manager(_Frozen):
    name: Name
    email: Email


class SupportGroup(_Frozen):
    name: Name
    level: Literal[1, 2, 3]  # 1 service desk, 2 specialists, 3 experts
    manager: Manager  # hierarchical escalations notify them
    members: tuple[Email, ...] = ()
    default: bool = False  # the service desk: where every new ticket lands; exactly one, at level 1


class AgreementTarget(_Frozen):
    """One row of an agreement: the targets of one ticket type and priority ("*" for any)."""

    ticket_type: Literal["incident", "service_request", "problem", "*"]
    priority: Literal["P1", "P2", "P3", "P4", "*"]
    tto: Duration | None = None  # time to own
    ttr: Duration | None = None  # time to resolve
    keep_in_loop: Duration | None = None  # longest silence towards the requester

    @model_validator(mode="after")
    def _sets_a_target(self) -> Self:
        if all(getattr(self, metric) is None for metric in METRICS):
            raise ValueError(f"a target sets at least one of {', '.join(METRICS)}")
        return self


class Agreement(_Frozen):
    """SLA with the client; OLA binding one of our support groups; UC binding a supplier."""

    name: Name
    kind: Literal["SLA", "OLA", "UC"]
    calendar: Name
    group: Name | None = None  # OLA only
    supplier: Name | None = None  # UC only, a free name (suppliers are not managed here)
    targets: tuple[AgreementTarget, ...] = Field(min_length=1)

    @model_validator(mode="after")
    def _party(self) -> Self:
        wanted = {"SLA": None, "OLA": "group", "UC": "supplier"}[self.kind]
        for party in ("group", "supplier"):
            given = getattr(self, party) is not None
            if party == wanted and not given:
                raise ValueError(f"an {self.kind} names the {party} it binds")
            if party != wanted and given:
                raise ValueError(f"an {self.kind} has no {party} (SLA: none, OLA: group, UC: supplier)")
        return self

    @field_validator("targets")
    @classmethod
    def _one_row_per_case(cls, targets: tuple[AgreementTarget, ...]) -> tuple[AgreementTarget, ...]:
        twice = _duplicates(f"{target.ticket_type}/{target.priority}" for target in targets)
        if twice:
            raise ValueError(f"several rows for {', '.join(twice)}: merge them")
        return targets


class Escalation(_Frozen):
    """A rule the SLA supervisor applies: when something happens, escalate functionally or hierarchically."""

    name: Name
    when: Literal["tto_warning", "tto_breach", "ttr_warning", "ttr_breach", "reminders", "priority"]
    count: int | None = Field(default=None, ge=1)  # reminders: the requester chased the ticket this many times
    priority: PriorityName | None = None  # priority: the ticket was given this priority
    action: Literal["functional", "hierarchical"]
    to_group: Name | None = None  # functional: the group the ticket goes to
    notify_client_contact: bool = False  # hierarchical: on a P1 ticket, also tell the client's contact

    @model_validator(mode="after")
    def _consistent(self) -> Self:
        for field, needed in (("count", self.when == "reminders"), ("priority", self.when == "priority"),
                              ("to_group", self.action == "functional")):
            if needed and getattr(self, field) is None:
                raise ValueError(f"{field} is required with {self.when if field != 'to_group' else self.action}")
            if not needed and getattr(self, field) is not None:
                raise ValueError(f"{field} does not apply to when={self.when}, action={self.action}")
        if self.notify_client_contact and self.action != "hierarchical":
            raise ValueError("notify_client_contact applies to hierarchical escalations only")
        return self


class Label(_Frozen):
    fr: Name
    en: Name


class CodedValue(_Frozen):
    code: Code
    label: Label


class AutoClose(_Frozen):
    """A ticket waiting on a silent requester closes itself after `reminders` reminders and `business_days`
    business days, the requester being told `notice_business_days` before."""

    reminders: int = Field(ge=1)
    business_days: int = Field(ge=1)
    notice_business_days: int = Field(ge=1)

    @model_validator(mode="after")
    def _notice_fits(self) -> Self:
        if self.notice_business_days > self.business_days:
            raise ValueError("notice_business_days cannot exceed business_days")
        return self


class Closure(_Frozen):
    categories: tuple[CodedValue, ...] = Field(min_length=1)
    cause_codes: tuple[CodedValue, ...] = Field(min_length=1)
    resolution_codes: tuple[CodedValue, ...] = Field(min_length=1)
    auto_close: AutoClose
    reopen_window_days: int = Field(ge=0)  # calendar days after closure when the requester may still reopen

    @field_validator("categories", "cause_codes", "resolution_codes")
    @classmethod
    def _unique(cls, values: tuple[CodedValue, ...]) -> tuple[CodedValue, ...]:
        twice = _duplicates(value.code for value in values)
        if twice:
            raise ValueError(f"duplicate code {', '.join(twice)}")
        return values

    @field_validator("resolution_codes")
    @classmethod
    def _known(cls, values: tuple[CodedValue, ...]) -> tuple[CodedValue, ...]:
        missing = [code for code in REQUIRED_RESOLUTIONS if code not in {value.code for value in values}]
        if missing:
            raise ValueError(f"must include {', '.join(missing)}")
        return values


class Recurrence(_Frozen):
    count: int = Field(ge=2)  # K similar incidents ...
    window_days: int = Field(ge=1)  # ... within this many calendar days open a problem
    same: tuple[Literal["service", "category"], ...] = Field(min_length=1)  # what "similar" compares

    @field_validator("same")
    @classmethod
    def _unique(cls, values: tuple[str, ...]) -> tuple[str, ...]:
        if _duplicates(values):
            raise ValueError(f"duplicate {', '.join(_duplicates(values))}")
        return values


class Problems(_Frozen):
    recurrence: Recurrence
    major_priorities: tuple[PriorityName, ...] = ("P1",)  # an incident at these priorities opens a problem


class ChatPlace(_Frozen):
    """A channel of the desk's Slack where people read: its ids are opaque here, bot/ uses them."""

    slack_team: Name  # the workspace (team id) the channel lives in, served by the Relais Slack app
    channel: Name  # the channel id


class Door(_Frozen):
    """A workspace, tenant or web-chat key whose users are this client's (a catalogue channel binding)."""

    kind: Literal["slack_team", "teams_tenant", "webchat_key"]
    id: Name


_ENV_NAME = re.compile(r"[A-Z_][A-Z0-9_]{0,99}")
_SECRET_FILE = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,99}")


def _env_name(value: str) -> str:
    if not _ENV_NAME.fullmatch(value):
        raise ValueError(f"an environment variable name is uppercase letters, digits and underscores: {value!r}")
    return value


def _secret_file(value: str) -> str:
    if not _SECRET_FILE.fullmatch(value):
        raise ValueError(f"a secret file is a bare file name under var/secrets/ (no folders): {value!r}")
    return value


class SecretRef(_Frozen):
    """Where a secret is, never the secret itself: settings files are versioned and read by many people.

    The environment variable wins when it is set; else the file of that name under var/secrets/
    (RELAIS_SECRETS_DIR). `generate: true` (development only) creates the file with a random secret the first
    time it is needed, so that `make run` works with no set-up."""

    env: Annotated[str, AfterValidator(_env_name)] | None = None
    file: Annotated[str, AfterValidator(_secret_file)] | None = None
    generate: bool = False

    @model_validator(mode="after")
    def _somewhere(self) -> Self:
        if self.env is None and self.file is None:
            raise ValueError("a secret names an environment variable (env), a file under var/secrets/ (file), "
                             "or both")
        if self.generate and self.file is None:
            raise ValueError("generate: true needs a file to keep the generated secret in")
        return self


WebchatIdentity = Literal["anonymous", "verified", "oidc"]


class WebchatOidc(_Frozen):
    """The client's identity provider (OpenID Connect): its users sign in there and come back to the chat."""

    issuer: Annotated[str, StringConstraints(strip_whitespace=True, pattern=r"^https?://[^\s]+$", max_length=500)]
    client_id: Name
    client_secret: SecretRef
    scopes: tuple[Name, ...] = ("openid", "email", "profile")

    @field_validator("scopes")
    @classmethod
    def _openid(cls, scopes: tuple[str, ...]) -> tuple[str, ...]:
        if "openid" not in scopes:
            raise ValueError("the scopes of an OpenID Connect sign-in include 'openid'")
        return scopes


class Webchat(_Frozen):
    """Who may use the client's web chat: anonymous visitors (each browser session its own requester), users the
    client's site vouches for (an HMAC of their id and e-mail, `verified`), users of its identity provider (`oidc`)."""

    identity: tuple[WebchatIdentity, ...] = ("anonymous",)
    hmac_secret: SecretRef | None = None  # what the client's site signs its users with (`verified`)
    oidc: WebchatOidc | None = None

    @model_validator(mode="after")
    def _complete(self) -> Self:
        problems = []
        if not self.identity:
            problems.append("identity: allow at least one of anonymous, verified, oidc")
        if len(set(self.identity)) != len(self.identity):
            problems.append(f"identity: {', '.join(_duplicates(self.identity))} twice")
        if "verified" in self.identity and self.hmac_secret is None:
            problems.append("identity: verified needs hmac_secret (where the site's signing secret is)")
        if "oidc" in self.identity and self.oidc is None:
            problems.append("identity: oidc needs an oidc section (issuer, client_id, client_secret)")
        if self.oidc is not None and "oidc" not in self.identity:
            problems.append("oidc: configured but 'oidc' is not in identity")
        if problems:
            raise ValueError("; ".join(problems))
        return self


CannedText = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=2000)]


class CannedWords(_Frozen):
    fr: CannedText
    en: CannedText


class CannedAnswer(_Frozen):
    """A ready answer an agent inserts in a live conversation, in the conversation's language; {user_name} and
    {ticket_number} are filled in (servicedesk.conversations.canned)."""

    code: Code
    title: Label
    text: CannedWords


DEFAULT_CANNED = (
    CannedAnswer(code="hello", title=Label(fr="Bonjour", en="Hello"), text=CannedWords(
        fr="Bonjour {user_name}, je suis technicien du support et je prends votre demande {ticket_number}.",
        en="Hello {user_name}, I'm a support technician and I'm taking over your request {ticket_number}.")),
    CannedAnswer(code="screenshot", title=Label(fr="Capture d'écran", en="Screenshot"), text=CannedWords(
        fr="Pouvez-vous m'envoyer une capture d'écran du message d'erreur ?",
        en="Could you send me a screenshot of the error message?")),
    CannedAnswer(code="goodbye", title=Label(fr="Au revoir", en="Goodbye"), text=CannedWords(
        fr="Merci {user_name}, je clos la conversation ; le ticket {ticket_number} garde tout l'historique.",
        en="Thank you {user_name}, I'm closing the conversation; ticket {ticket_number} keeps the whole history.")),
)


class Chat(_Frozen):
    doors: tuple[Door, ...] = ()  # bound by bootstrap; a door already bound to another client is refused
    agents: ChatPlace | None = None  # the level-2 agents' channel: handoff cards, take over, relay
    announcements: ChatPlace | None = None  # where major incidents and planned changes are posted
    webchat: Webchat = Webchat()  # who may use the web chat, and how they prove it
    canned: tuple[CannedAnswer, ...] = DEFAULT_CANNED  # the agents' ready answers in live conversations


class TicketViewer(_Frozen):
    """Someone the client lets see other people's tickets, besides their own: a manager for their team, say."""

    email: Email
    # E-mail addresses, or patterns of them with * and ? ("*@sales.acme.example"), whose tickets they may see.
    sees: tuple[Annotated[str, StringConstraints(strip_whitespace=True, min_length=3, max_length=254,
                                                 pattern=r"^[^\s\[\]]+$")], ...] = Field(min_length=1)


class Access(_Frozen):
    """Who may see a ticket besides its requester and the client's agents (servicedesk.tickets.access)."""

    viewers: tuple[TicketViewer, ...] = ()


class Privacy(_Frozen):
    """How long personal data is kept (servicedesk.privacy.retention): the SLA supervisor deletes conversations,
    the message journal, the NLU inbox and notices older than `retention_days`, and anonymises tickets
    closed `closed_ticket_retention_days` ago (their counts, codes and clocks stay for the reports).
    `personal_hosts`: shell patterns ("pc-*", "*.home.example") of the host names that name a person (a
    workstation is often its user's), removed with the other personal data when a resolved ticket becomes an
    article (servicedesk.articles.personal)."""

    retention_days: int = Field(default=365, ge=1)
    closed_ticket_retention_days: int | None = Field(default=None, ge=1)  # None: retention_days
    personal_hosts: tuple[Name, ...] = ()

    @property
    def closed_ticket_days(self) -> int:
        return self.closed_ticket_retention_days or self.retention_days


RequestFieldKind = Literal["text", "url", "person", "date", "choice", "path", "software", "number"]
_DOC_ID = r"^[a-z0-9][a-z0-9-]{0,99}$"  # a KB document id: its file name without extension (kb README)


class RequestCatalogueField(_Frozen):
    """One thing the group needs to fulfil a request, and the question that asks for it. The kind says how an
    answer is read (servicedesk.level1.requests): a person may be "me", a date "next Monday", a path a share."""

    name: Code
    kind: RequestFieldKind
    question: Label
    required: bool = True
    choices: tuple[Name, ...] = ()  # choice only: the answers that are accepted

    @model_validator(mode="after")
    def _choices_for_a_choice(self) -> Self:
        if self.kind == "choice" and len(self.choices) < 2:
            raise ValueError("a choice field lists at least two choices")
        if self.kind != "choice" and self.choices:
            raise ValueError(f"choices apply to choice fields only, not to {self.kind}")
        return self


MANAGER = "manager"  # an approval step, or an escalation target: the requester's (or approver's) own manager


class ApprovalPolicy(_Frozen):
    """Who approves a request of one catalogue item before its group fulfils it (servicedesk.approvals): approval
    steps in sequence, each `manager` (the requester's, from the people directory) or a group of
    `approvals.groups`; and, when an approver stays silent, a reminder and an escalation after so many business
    hours (the desk's calendar), to the approver's own manager or a delegate's address. None: `approvals`'."""

    steps: tuple[Name, ...] = Field(default=(MANAGER,), min_length=1)
    remind_after: Duration | None = None
    escalate_after: Duration | None = None
    escalate_to: Literal["manager"] | Email | None = None

    @field_validator("steps")
    @classmethod
    def _distinct_steps(cls, steps: tuple[str, ...]) -> tuple[str, ...]:
        if _duplicates(steps):
            raise ValueError(f"an approver is asked once: {', '.join(_duplicates(steps))} twice")
        return steps


def _approval_shorthand(raw: Any) -> Any:
    """`approval:` as people write it — false / none, true / manager, a group's name, a list of steps, or the
    whole policy — as the item's two fields: `approval` (does it need one) and `approval_policy` (how)."""
    if not isinstance(raw, Mapping) or "approval" not in raw:
        return raw
    given, fields = raw["approval"], {key: value for key, value in raw.items() if key != "approval"}
    if given is False or given is None or given == "none":
        return {**fields, "approval": False}
    if given is True:
        policy: Any = fields.get("approval_policy") or {}
    elif isinstance(given, str):
        policy = {"steps": [given]}
    elif isinstance(given, list | tuple):
        policy = {"steps": list(given)}
    else:
        policy = given  # the policy's mapping; its own validation says what is wrong with it
    return {**fields, "approval": True, "approval_policy": policy}


class RequestCatalogueItem(_Frozen):
    """A service request of the client's catalogue (access, software, hardware, a new hire...): the words users
    ask for it with, the group that fulfils it, the KB article describing the process, and what it needs."""

    code: Code
    name: Label
    aliases: tuple[Name, ...] = Field(min_length=1)
    support_group: Name | None = None  # None: the service desk fulfils it
    article: Annotated[str, StringConstraints(pattern=_DOC_ID)] | None = None
    approval: bool = False  # someone approves it before it is fulfilled: approval_policy says who
    approval_policy: ApprovalPolicy | None = None  # filled from `approval:` (see _approval_shorthand)
    fields: tuple[RequestCatalogueField, ...] = ()

    @model_validator(mode="before")
    @classmethod
    def _read_approval(cls, raw: Any) -> Any:
        return _approval_shorthand(raw)

    @model_validator(mode="after")
    def _approval_consistent(self) -> Self:
        if self.approval != (self.approval_policy is not None):
            raise ValueError("approval and approval_policy disagree: write who approves under approval")
        return self

    @field_validator("fields")
    @classmethod
    def _distinct_fields(cls, fields: tuple[RequestCatalogueField, ...]) -> tuple[RequestCatalogueField, ...]:
        twice = _duplicates(field.name for field in fields)
        if twice:
            raise ValueError(f"duplicate field {', '.join(twice)}")
        return fields


class ApproverGroup(_Frozen):
    """People any one of whom decides an approval step named after the group (finance, security, HR)."""

    name: Name
    members: tuple[Email, ...] = Field(min_length=1)

    @field_validator("name")
    @classmethod
    def _not_manager(cls, name: str) -> str:
        if name == MANAGER:
            raise ValueError(f"{MANAGER!r} is the requester's manager, not a group's name")
        return name


class Approvals(_Frozen):
    """The client's rules for approvals (servicedesk.approvals): whether a request's time to resolve runs while it
    awaits approval (`pause`, the default, or `run`), and the reminder and escalation every item's policy
    inherits unless it says otherwise, in business hours of the desk's calendar."""

    sla: Literal["pause", "run"] = "pause"
    remind_after: Duration = timedelta(hours=8)
    escalate_after: Duration = timedelta(hours=16)
    escalate_to: Literal["manager"] | Email = MANAGER
    groups: tuple[ApproverGroup, ...] = ()

    @field_validator("groups")
    @classmethod
    def _distinct_groups(cls, groups: tuple[ApproverGroup, ...]) -> tuple[ApproverGroup, ...]:
        twice = _duplicates(group.name for group in groups)
        if twice:
            raise ValueError(f"duplicate approval group {', '.join(twice)}")
        return groups


class Triage(_Frozen):
    """Incidents that skip the questions (servicedesk.level1.triage): where security incidents go, and how many
    people make a major incident (a site, a department or a critical service make one whatever the count)."""

    security_group: Name | None = None  # None: the first level-2 group, else the service desk
    major_count: int = Field(default=10, ge=2)


class MeshCentralServer(_Frozen):
    """The client's MeshCentral (servicedesk.remote.meshcentral): where it is, the account Relais signs in with
    (a user allowed to create device groups and invitations), and the client's device group there."""

    url: Annotated[str, StringConstraints(strip_whitespace=True, pattern=r"^https?://[^\s/]+(/[^\s]*)?$")]
    user: Name
    password: SecretRef
    group: Name | None = None  # None: "Relais <client name>", made on first use
    invitation_hours: int = Field(default=24, ge=1, le=168)
    verify_tls: bool = True  # false only for a test server's self-signed certificate
    ca_file: str | None = None  # the server's root certificate (PEM), when it is its own authority


class Remote(_Frozen):
    """Remote assistance (issue 17): which tool the desk opens a user's machine with. `meshcentral` needs its
    server; `code` is any tool whose session code the user reads out (Quick Assist, RustDesk): `tool` names it."""

    provider: Literal["none", "meshcentral", "code"] = "none"
    tool: Annotated[str, StringConstraints(strip_whitespace=True, max_length=60)] = ""
    meshcentral: MeshCentralServer | None = None

    @model_validator(mode="after")
    def _configured(self) -> Self:
        if self.provider == "meshcentral" and self.meshcentral is None:
            raise ValueError("provider: meshcentral needs a meshcentral section (url, user, password)")
        return self


class ClientSettings(_Frozen):
    """The whole document. Built by servicedesk.settings.loader, which also records the file's version."""

    model_config = ConfigDict(frozen=True, extra="forbid", arbitrary_types_allowed=True)

    client: Client
    services: tuple[CatalogueEntry, ...] = Field(min_length=1)
    groups: tuple[SupportGroup, ...] = Field(min_length=1)
    calendars: dict[Name, Calendar] = Field(min_length=1)
    agreements: tuple[Agreement, ...] = Field(min_length=1)
    escalation_rules: tuple[Escalation, ...] = ()
    closure: Closure
    problems: Problems
    chat: Chat = Chat()
    access: Access = Access()
    privacy: Privacy = Privacy()
    triage: Triage = Triage()
    requests: tuple[RequestCatalogueItem, ...] = ()  # the service requests users may ask for
    approvals: Approvals = Approvals()  # who approves requests, reminders and escalations of silent approvers
    directory: Directory = Directory()  # where the people directory comes from (servicedesk.people)
    remote: Remote = Remote()  # the remote-assistance tool (servicedesk.remote)
    _version: str | None = PrivateAttr(default=None)

    @property
    def version(self) -> str | None:
        """Hash of the file these settings were read from (see loader.version_of); None when built in code."""
        return self._version

    @property
    def default_group(self) -> SupportGroup:
        return next(group for group in self.groups if group.default)

    def group(self, name: str) -> SupportGroup:
        for group in self.groups:
            if group.name == name:
                return group
        raise KeyError(f"client {self.client.slug!r} has no support group {name!r}")

    def calendar(self, name: str) -> BusinessCalendar:
        try:
            return self.calendars[name]
        except KeyError:
            raise KeyError(f"client {self.client.slug!r} has no calendar {name!r}") from None

    @field_validator("services")
    @classmethod
    def _distinct_services(cls, services: tuple[CatalogueEntry, ...]) -> tuple[CatalogueEntry, ...]:
        twice = _duplicates(_fold(service.name) for service in services)
        if twice:
            raise ValueError(f"duplicate service {', '.join(twice)}")
        clash = _alias_clash((service.name, service.aliases) for service in services)
        if clash:
            raise ValueError(clash)
        return services

    @field_validator("groups")
    @classmethod
    def _one_service_desk(cls, groups: tuple[SupportGroup, ...]) -> tuple[SupportGroup, ...]:
        twice = _duplicates(group.name for group in groups)
        if twice:
            raise ValueError(f"duplicate group {', '.join(twice)}")
        defaults = [group for group in groups if group.default]
        if len(defaults) != 1:
            found = ", ".join(repr(group.name) for group in defaults) or "none"
            raise ValueError(f"exactly one group is the default (the service desk, default: true); found {found}")
        if defaults[0].level != 1:
            raise ValueError(f"the default group {defaults[0].name!r} is the service desk: level 1")
        return groups

    @field_validator("requests")
    @classmethod
    def _distinct_requests(cls, items: tuple[RequestCatalogueItem, ...]) -> tuple[RequestCatalogueItem, ...]:
        twice = _duplicates(item.code for item in items)
        if twice:
            raise ValueError(f"duplicate request {', '.join(twice)}")
        clash = _alias_clash((item.code, item.aliases) for item in items)
        if clash:
            raise ValueError(clash)
        return items

    @field_validator("agreements", "escalation_rules")
    @classmethod
    def _distinct_names(cls, items: tuple[Agreement, ...] | tuple[Escalation, ...]) -> tuple[Any, ...]:
        twice = _duplicates(item.name for item in items)
        if twice:
            raise ValueError(f"duplicate name {', '.join(twice)}")
        return items

    def _approval_problems(self, item: RequestCatalogueItem) -> list[str]:
        """An item's approval steps name known approvers, and its escalation comes after its reminder."""
        policy = item.approval_policy
        if policy is None:
            return []
        known = {group.name for group in self.approvals.groups}
        problems = [f"no approval group {step!r} (known: {', '.join(sorted({MANAGER, *known}))})"
                    for step in policy.steps if step != MANAGER and step not in known]
        remind = policy.remind_after or self.approvals.remind_after
        escalate = policy.escalate_after or self.approvals.escalate_after
        if escalate <= remind:
            problems.append(f"escalate_after ({_written_duration(escalate)}) must come after remind_after "
                            f"({_written_duration(remind)})")
        return problems

    @model_validator(mode="after")
    def _references(self, info: ValidationInfo) -> Self:
        """Every name used in one section exists in the one it points to; all problems reported at once."""
        groups, calendars = {group.name for group in self.groups}, set(self.calendars)

        def unknown(kind: str, name: str, known: set[str]) -> str:
            return f"no {kind} {name!r} (known: {', '.join(sorted(known))})"

        problems = []
        categories = {category.code for category in self.closure.categories}
        for service in self.services:
            if service.support_group is not None and service.support_group not in groups:
                problems.append(f'services["{service.name}"].support_group: '
                                + unknown("group", service.support_group, groups))
            if service.category is not None and service.category not in categories:
                problems.append(f'services["{service.name}"].category: '
                                + unknown("closure category", service.category, categories))
        for agreement in self.agreements:
            if agreement.calendar not in calendars:
                problems.append(f'agreements["{agreement.name}"].calendar: '
                                + unknown("calendar", agreement.calendar, calendars))
            if agreement.group is not None and agreement.group not in groups:
                problems.append(f'agreements["{agreement.name}"].group: ' + unknown("group", agreement.group, groups))
        for rule in self.escalation_rules:
            if rule.to_group is not None and rule.to_group not in groups:
                problems.append(f'escalation_rules["{rule.name}"].to_group: ' + unknown("group", rule.to_group, groups))
            if rule.notify_client_contact and self.client.contact_email is None:
                problems.append(f'escalation_rules["{rule.name}"].notify_client_contact: '
                                "needs client.contact_email, which is not set")
        if self.triage.security_group is not None and self.triage.security_group not in groups:
            problems.append("triage.security_group: " + unknown("group", self.triage.security_group, groups))
        for item in self.requests:
            if item.support_group is not None and item.support_group not in groups:
                problems.append(f'requests["{item.code}"].support_group: '
                                + unknown("group", item.support_group, groups))
            problems.extend(f'requests["{item.code}"].approval: ' + problem
                            for problem in self._approval_problems(item))
        if self.privacy.closed_ticket_days <= self.closure.reopen_window_days:  # reopened, it must say what it was
            problems.append(f"privacy: closed tickets are anonymised after {self.privacy.closed_ticket_days} days, "
                            f"within closure.reopen_window_days ({self.closure.reopen_window_days}): keep them longer")
        if problems:
            raise ValueError("\n".join(problems))
        self._version = (info.context or {}).get("version")
        return self
