"""Errors raised by the doors (bot/), and the one place a domain error becomes a sentence for them.

    BotError                 base class: every failure of the doors raised on purpose
    ├── RasaUnavailable      Rasa did not answer, or answered with an error: an apology, the message kept
    ├── ChannelUnavailable   a channel's API failed or refused (rate limit): deliver again later (retry_after)
    ├── ChannelRefused       a channel refused this message for good (an SMTP 5xx): failed, never tried again
    ├── NoAgentDesk          a message for the agent who holds a conversation, and no agents' desk to take it
    ├── SecretMissing        neither the variable nor the file holds a secret: the feature needing it stays closed
    ├── Refused              the web chat door says no; `code` names its sentence (webchat.<code> in bot/texts)
    ├── TokenRefused         a web chat token or stream ticket that can't be trusted
    └── SignInFailed         the identity provider said no, or sent back what can't be trusted

What follows a refusal's code or `reason` is for the log only: a user is told one polite sentence.

`explain(error, language)` is the one place where a domain error (servicedesk/errors.py, which carries fields)
or a channel that failed becomes a sentence the doors say, in the reader's language.
"""

import logging

from bot.notices import status_label
from bot.texts import TEXTS, say
from servicedesk.approvals.errors import AlreadyDecided, ApprovalNotFound, NotAnApprover, SelfApproval
from servicedesk.errors import (
    ClientUnknown,
    FileRefused,
    IllegalTransition,
    InvalidClosureCode,
    InvalidRating,
    MissingClosureCodes,
    NoSettingsLoaded,
    RemoteAssistanceRefused,
    ReopenWindowPassed,
    ServiceDeskError,
    TakeoverError,
    TicketNotFound,
    UploadRefused,
)
from servicedesk.language import Language

logger = logging.getLogger(__name__)


class BotError(Exception):
    """Base class of every error the doors raise on purpose."""


class RasaUnavailable(BotError):
    """Rasa did not answer, or answered with an error: the user gets an apology, the message is kept."""


class ChannelUnavailable(BotError):
    """The channel's API failed or refused (rate limit): deliver again later, after retry_after if given."""

    def __init__(self, message: str, *, retry_after: float | None = None) -> None:
        super().__init__(message)
        self.retry_after = retry_after


class ChannelRefused(BotError):
    """The channel said this message will never be taken (a mail server's 5xx for its recipient or its content):
    the outbox row is marked failed with the reason (servicedesk.notifications.service.mark_undeliverable)."""


class NoAgentDesk(BotError):
    """An agent holds the conversation but this process has no agents' desk: the message stays in the ticket's
    log, where the agent reads it."""

    def __init__(self) -> None:
        super().__init__("no agents' desk configured")


class SecretMissing(BotError):
    """Neither the variable nor the file holds the secret: the feature needing it stays closed."""


class Refused(BotError):
    """The web chat door says no; `code` names the sentence (webchat.<code> in bot/texts), `reason` is for
    the log."""

    def __init__(self, code: str, reason: str = "") -> None:
        super().__init__(f"{code}: {reason}" if reason else code)
        self.code = code
        self.reason = reason or code


class TokenRefused(BotError):
    """The token can't be trusted; `reason` says why, for the log (the user gets one polite sentence)."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


class SignInFailed(BotError):
    """The provider said no, or what it sent back can't be trusted; `reason` is for the log only."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def explain(error: Exception, language: Language) -> str:
    """What went wrong, worded from the error's fields in `language`, for a door's reply or an agent's hint.
    A domain error that carries no fields to word it from (InvalidQualification...) is told as refused, its
    English kept for the log (no English inside a French message); anything else is unexpected: logged, and
    told as such."""
    match error:
        case TakeoverError(reason=reason, takeover_id=takeover_id):
            return say(f"error.takeover_{reason}", language, takeover_id=takeover_id)
        case IllegalTransition(current=current, target=target):
            return say("error.illegal_transition", language, current=status_label(current, language),
                       target=status_label(target, language))
        case MissingClosureCodes(missing=missing):
            fields = ", ".join(_field(name, language) for name in missing)
            return say("error.missing_closure_codes", language, missing=fields)
        case InvalidClosureCode(field=field, value=value):
            return say("error.invalid_closure_code", language, value=value, field=_field(field, language))
        case InvalidRating(rating=rating, status=status):
            return say("error.invalid_rating", language, rating=rating, status=status_label(status, language))
        case TicketNotFound(number=number):
            return say("error.ticket_not_found", language, number=number)
        case ReopenWindowPassed(number=number):
            return say("error.reopen_window_passed", language, number=number)
        case NoSettingsLoaded():
            return say("error.no_settings", language)
        case RemoteAssistanceRefused(reason=reason, number=number):
            return say(f"error.remote_{reason}", language, number=number or "?")
        case AlreadyDecided(number=number, status=status, decided_by=decided_by):
            return say("approval.already_decided", language, number=number, by=decided_by or "?",
                       status=say(f"approval.status_{status}", language) if f"approval.status_{status}" in TEXTS
                       else status)
        case SelfApproval(number=number):
            return say("approval.self", language, number=number)
        case NotAnApprover():
            return say("approval.not_yours", language)
        case ApprovalNotFound():
            return say("approval.invalid", language)
        case ClientUnknown():
            return say("unknown_door", language)
        case UploadRefused(reason=reason):
            return say(f"upload.link_{reason}", language)
        case FileRefused(reason="empty", name=""):
            return say("upload.nothing", language)
        case FileRefused(reason=reason, name=name, values=values):
            return say(f"upload.refused_{reason}", language, name=name or "?", max=values.get("max", ""),
                       max_mb=max(1, int(str(values.get("max") or 0)) // (1024 * 1024)))
        case ChannelUnavailable():
            return say("error.channel_unavailable", language)
        case ServiceDeskError():  # no fields to word it from: its English is for the log, not the reader
            logger.warning("domain error without fields worded for a door: %s", error)
            return say("error.refused", language)
        case _:
            logger.error("unexpected error worded for a door: %r", error)
            return say("error.unexpected", language)


def _field(name: str, language: Language) -> str:
    key = f"error.field_{name}"
    return say(key, language) if key in TEXTS else name
