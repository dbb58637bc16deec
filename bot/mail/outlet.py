"""Sending a notice through the desk's SMTP server (aiosmtplib): STARTTLS required unless configured off, login
when a user is set, the server's certificate checked (against a private CA when one is given).

The delivery loop (bot/delivery.py) claims the row, calls `send`, and marks it delivered only when the server
accepted the mail: anything else (refused, down, a timeout, a TLS failure) is ChannelUnavailable, and the row is
tried again with the loop's backoff. A server that accepts a mail then crashes before our commit gets it again:
the same Message-ID, which mail clients show once.
"""

import ssl

import aiosmtplib

from bot.config import EmailConfig
from bot.errors import ChannelUnavailable
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
        try:
            await aiosmtplib.send(message, hostname=config.smtp_host, port=config.smtp_port,
                                  username=config.smtp_user, password=config.smtp_password,
                                  start_tls=config.starttls, tls_context=self._tls, timeout=config.timeout)
        except (aiosmtplib.SMTPException, OSError) as error:
            raise ChannelUnavailable(f"SMTP {config.smtp_host}:{config.smtp_port}: {error}") from error
