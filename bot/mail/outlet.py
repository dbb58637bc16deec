"""Sending a notice through the desk's SMTP server (aiosmtplib): STARTTLS required unless configured off, login
when a user is set, the server's certificate checked (against a private CA when one is given). With no server
set (`make run` on a bare machine), each mail is kept as a file instead, <client>-<notice>.eml in the drop
folder (var/mail/), which any mail client opens.

The delivery loop (bot/delivery.py) claims the row, calls `send`, and marks it delivered only when the server
accepted the mail. A permanent refusal of this mail (a 5xx reply to its recipient or to its content: no such
mailbox, too large, rejected as spam) is ChannelRefused: the row is marked failed with the server's reply and never
sent again, since every retry would bounce the same way. Anything else (a 4xx, the server down, a timeout, a TLS
failure, a refused login or sender, which are our settings' fault and fixed once for every row) is
ChannelUnavailable, and the row is tried again with the loop's backoff. A server that accepts a mail then crashes
before our commit gets it again: the same Message-ID, which mail clients show once.
"""

import asyncio
import os
import ssl

import aiosmtplib

from bot.config import EmailConfig
from bot.errors import ChannelRefused, ChannelUnavailable
from bot.mail.compose import MailNotice, compose


class MailOutlet:
    channel = "email"

    def __init__(self, config: EmailConfig, secret: str) -> None:
        self.config = config
        self.secret = secret
        self._tls = ssl.create_default_context(cafile=config.ca_file) if config.starttls else None

    async def send(self, notice: MailNotice) -> None:
        config = self.config
        message = compose(notice, sender=config.sender, secret=self.secret)
        if not config.smtp_host and config.drop_dir is not None:
            await asyncio.to_thread(self._keep, notice, message.as_bytes())
            return
        try:
            await aiosmtplib.send(message, hostname=config.smtp_host, port=config.smtp_port,
                                  username=config.smtp_user, password=config.smtp_password,
                                  start_tls=config.starttls, tls_context=self._tls, timeout=config.timeout)
        except (aiosmtplib.SMTPException, OSError) as error:
            where = f"SMTP {config.smtp_host}:{config.smtp_port}"
            refusal = permanent_refusal(error)
            if refusal is not None:
                raise ChannelRefused(f"{where} refused {notice.to}: {refusal}") from error
            raise ChannelUnavailable(f"{where}: {error}") from error

    def _keep(self, notice: MailNotice, mail: bytes) -> None:
        """The mail as a file, written whole or not at all; a resend of the notice writes the same file."""
        folder = self.config.drop_dir
        assert folder is not None
        try:
            folder.mkdir(parents=True, exist_ok=True)
            path = folder / f"{notice.client}-{notice.notice}.eml"
            partial = path.with_suffix(".part")
            partial.write_bytes(mail)
            os.replace(partial, path)
        except OSError as error:
            raise ChannelUnavailable(f"mail folder {folder}: {error}") from error


def permanent_refusal(error: Exception) -> str | None:
    """The server's reply when it refused this mail for good (RFC 5321: 5yz to a recipient or to the data), else
    None: a 4yz, a connection or TLS failure, and a refused login or sender are tried again."""
    refusals: list[aiosmtplib.SMTPResponseException] = []
    if isinstance(error, aiosmtplib.SMTPRecipientsRefused):
        refusals = list(error.recipients)
    elif isinstance(error, aiosmtplib.SMTPRecipientRefused | aiosmtplib.SMTPDataError):
        refusals = [error]
    if refusals and all(500 <= refusal.code <= 599 for refusal in refusals):
        return "; ".join(f"{refusal.code} {refusal.message}" for refusal in refusals)
    return None
