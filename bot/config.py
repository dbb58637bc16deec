"""The doors' configuration, from the environment (README, "Configuration"). Nothing here is required:
without Slack or Teams credentials those doors stay closed and the web chat still works."""

import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from bot.webchat import secret_store


@dataclass(frozen=True)
class SlackConfig:
    signing_secret: str | None = None  # HTTP mode: every request's signature is checked with it
    app_token: str | None = None  # xapp-...: Socket Mode, no public URL needed
    bot_tokens: dict[str, str] = field(default_factory=dict)  # team id -> xoxb- token (one app, several workspaces)
    api_url: str | None = None  # Slack Web API base URL; tests point it at a local stand-in

    @property
    def enabled(self) -> bool:
        return bool(self.bot_tokens) and bool(self.signing_secret or self.app_token)


@dataclass(frozen=True)
class TeamsConfig:
    app_id: str = ""  # empty id and password: no authentication (Bot Framework Emulator, local tests)
    app_password: str = ""
    app_tenant_id: str = ""  # single-tenant bots
    enabled: bool = True


@dataclass(frozen=True)
class WebchatConfig:
    """The web chat door's own secrets and address; each client's identity modes are in its settings."""

    token_secret: str = ""  # signs page tokens; "": var/secrets/webchat-token-secret, created on first use
    secrets_dir: Path = field(default_factory=secret_store.secrets_dir)  # where settings' `file:` secrets are
    public_url: str | None = None  # the doors' address as browsers see it (the OIDC redirect_uri's base)


@dataclass(frozen=True)
class LimitsConfig:
    """What one conversation and one address may send (bot/limits.py): rates in the `limits` library's
    notation, several separated by ";". The storage is where the counts live: this process, or a Redis that
    the doors' replicas share so that a flood spread over them is still one flood."""

    conversation: str = "20/minute;200/hour"  # messages of one conversation, at every door
    address: str = "60/minute"  # requests of one address to the web chat (its page and API)
    storage: str = "memory://"  # or redis://host:6379/0
    trusted_proxy_hops: int = 0  # reverse proxies in front of the doors whose X-Forwarded-For is believed
    key_prefix: str = "relais-limits"  # of the counters' keys in a shared storage


@dataclass(frozen=True)
class EmailConfig:
    """The e-mail door (bot/mail/): the desk's outgoing SMTP server, else a folder the mails are kept in as .eml
    files (`python -m bot` keeps them in var/mail/ when no RELAIS_SMTP_HOST is set; with neither, e-mail
    recipients' rows wait in the outbox), and the SMTP endpoint of ours that the desk's mail server forwards
    replies to (no port: not opened)."""

    smtp_host: str | None = None
    smtp_port: int = 587  # submission; STARTTLS is required on it unless starttls is False
    smtp_user: str | None = None  # login only when set
    smtp_password: str | None = None
    starttls: bool = True
    ca_file: str | None = None  # a private CA to check the server's certificate against (else the system's)
    sender: str = "support@relais.localhost"  # From; replies come back to it, tagged with the ticket
    secret: str = ""  # signs the ticket tags of addresses and thread ids; "": var/secrets/email-secret
    inbound_host: str = "127.0.0.1"
    inbound_port: int | None = None
    timeout: float = 30.0
    drop_dir: Path | None = None  # no SMTP host: each mail is written there instead of being sent

    @property
    def outgoing(self) -> bool:
        return bool(self.smtp_host) or self.drop_dir is not None


@dataclass(frozen=True)
class BotConfig:
    rasa_url: str = "http://127.0.0.1:5005"
    rasa_token: str | None = None
    door_secret: str = ""  # signs the claims about each message that Rasa's channel and the actions check
    # Signs approvals' buttons and links (bot/approvals/tokens.py); "": var/secrets/approval-secret, made on first
    # use. The same on every replica of the doors.
    approval_secret: str = ""
    host: str = "127.0.0.1"
    port: int = 8089
    webchat_key: str = "demo"  # the key the page served at / uses when none is in its URL
    webchat: WebchatConfig = field(default_factory=WebchatConfig)
    delivery_interval: float = 2.0  # seconds between two reads of the outbox (it is also woken on change)
    remote_watch_interval: float = 15.0  # seconds between two looks at the remote-assistance tools (bot/remote/)
    slack: SlackConfig = SlackConfig()
    teams: TeamsConfig = TeamsConfig()
    limits: LimitsConfig = LimitsConfig()
    email: EmailConfig = EmailConfig()
    # Several replicas of the doors share the web chat's backlog and streams, the Teams card texts and the
    # refusals already told in this Redis (bot/shared.py); None: this process's memory, for one replica.
    redis_url: str | None = None
    redis_prefix: str = "relais-doors"  # of every key the doors write there


def _pairs(text: str) -> dict[str, str]:
    """"T1=xoxb-1,T2=xoxb-2" -> {"T1": "xoxb-1", "T2": "xoxb-2"}."""
    pairs = (item.split("=", 1) for item in text.split(",") if "=" in item)
    return {key.strip(): value.strip() for key, value in pairs}


def from_env(environ: dict[str, str] | None = None) -> BotConfig:
    env = os.environ if environ is None else environ
    return BotConfig(
        rasa_url=env.get("RELAIS_RASA_URL", "http://127.0.0.1:5005"),
        rasa_token=env.get("RELAIS_RASA_TOKEN") or None,
        door_secret=env.get("RELAIS_DOOR_SECRET", ""),
        approval_secret=env.get("RELAIS_APPROVAL_SECRET", ""),
        host=env.get("RELAIS_BOT_HOST", "127.0.0.1"),
        port=int(env.get("RELAIS_BOT_PORT", "8089")),
        webchat_key=env.get("RELAIS_WEBCHAT_KEY", "demo"),
        webchat=WebchatConfig(token_secret=env.get("RELAIS_WEBCHAT_TOKEN_SECRET", ""),
                              secrets_dir=secret_store.secrets_dir(env),
                              public_url=env.get("RELAIS_PUBLIC_URL") or None),
        delivery_interval=float(env.get("RELAIS_DELIVERY_INTERVAL", "2")),
        remote_watch_interval=float(env.get("RELAIS_REMOTE_WATCH_INTERVAL", "15")),
        slack=SlackConfig(signing_secret=env.get("RELAIS_SLACK_SIGNING_SECRET") or None,
                          app_token=env.get("RELAIS_SLACK_APP_TOKEN") or None,
                          bot_tokens=_pairs(env.get("RELAIS_SLACK_BOT_TOKENS", "")),
                          api_url=env.get("RELAIS_SLACK_API_URL") or None),
        teams=TeamsConfig(app_id=env.get("RELAIS_TEAMS_APP_ID", ""),
                          app_password=env.get("RELAIS_TEAMS_APP_PASSWORD", ""),
                          app_tenant_id=env.get("RELAIS_TEAMS_APP_TENANT_ID", ""),
                          enabled=env.get("RELAIS_TEAMS_ENABLED", "1") != "0"),
        limits=LimitsConfig(conversation=env.get("RELAIS_RATE_LIMIT_CONVERSATION") or LimitsConfig.conversation,
                            address=env.get("RELAIS_RATE_LIMIT_ADDRESS") or LimitsConfig.address,
                            storage=(env.get("RELAIS_RATE_LIMIT_STORAGE") or env.get("RELAIS_REDIS_URL")
                                     or LimitsConfig.storage),
                            key_prefix=(f"{env['RELAIS_REDIS_PREFIX']}-limits" if env.get("RELAIS_REDIS_PREFIX")
                                        else LimitsConfig.key_prefix),
                            trusted_proxy_hops=int(env.get("RELAIS_TRUSTED_PROXY_HOPS") or "0")),
        email=_email(env),
        redis_url=env.get("RELAIS_REDIS_URL") or None,
        redis_prefix=env.get("RELAIS_REDIS_PREFIX") or BotConfig.redis_prefix,
    )


def _email(env: Mapping[str, str]) -> EmailConfig:
    port, host = env.get("RELAIS_SMTP_INBOUND_PORT"), env.get("RELAIS_SMTP_HOST") or None
    drop = env.get("RELAIS_MAIL_DROP_DIR") or (None if host else str(secret_store.PROJECT_ROOT / "var" / "mail"))
    return EmailConfig(smtp_host=host,
                       smtp_port=int(env.get("RELAIS_SMTP_PORT") or "587"),
                       smtp_user=env.get("RELAIS_SMTP_USER") or None,
                       smtp_password=env.get("RELAIS_SMTP_PASSWORD") or None,
                       starttls=env.get("RELAIS_SMTP_STARTTLS", "1") != "0",
                       ca_file=env.get("RELAIS_SMTP_CA_FILE") or None,
                       sender=env.get("RELAIS_SMTP_FROM") or EmailConfig.sender,
                       secret=env.get("RELAIS_EMAIL_SECRET", ""),
                       inbound_host=env.get("RELAIS_SMTP_INBOUND_HOST") or "127.0.0.1",
                       inbound_port=int(port) if port else None,
                       drop_dir=Path(drop) if drop and not host else None)
