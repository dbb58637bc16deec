"""Errors raised by the doors (bot/), and the one place a domain error becomes a sentence for them.

    BotError                 base class: every failure of the doors raised on purpose
    ├── RasaUnavailable      Rasa did not answer, or answered with an error: an apology, the message kept
    ├── ChannelUnavailable   a channel's API failed or refused (rate limit): deliver again later (retry_after)
    ├── NoAgentDesk          a message for the agent who holds a conversation, and no agents' desk to take it
    ├── SecretMissing        neither the variable nor the file holds a secret: the feature needing it stays closed
    ├── Refused              the web chat door says no; `code` names its sentence (webchat.<code> in bot/texts)
    ├── TokenRefused         a web chat token or stream ticket that can't be trusted
    └── SignInFailed         the identity provider said no, or sent back what can't be trusted

What follows a refusal's code or `reason` is for the log only: a user is told one polite sentence.
"""


class BotError(Exception):
    """Base class of every error the doors raise on purpose."""


class RasaUnavailable(BotError):
    """Rasa did not answer, or answered with an error: the user gets an apology, the message is kept."""


class ChannelUnavailable(BotError):
    """The channel's API failed or refused (rate limit): deliver again later, after retry_after if given."""

    def __init__(self, message: str, *, retry_after: float | None = None) -> None:
        super().__init__(message)
        self.retry_after = retry_after


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
