"""A notice as an e-mail: the chat's sentence (bot/notices.py) in its reader's language, as plain text and as
simple HTML, with the headers that keep a ticket's mails in one thread and bring a reply back to its ticket.

Threading: every notice about a ticket replies to the ticket's thread id (In-Reply-To and References), which no
mail ever carries as its own Message-ID, so that a mail client files them all under one conversation whatever
order they arrive in; a notice's own Message-ID is the same at every attempt (at-least-once delivery resends it,
and the reader's client sees one mail). Reply-To is the desk's address tagged with the ticket, signed
(bot/mail/tags.py); only the requester is invited to answer, since a manager's or the contact's reply is
refused unless the client's settings let them see the ticket. A mail about no ticket (rare) says not to answer
it: no reply could find where to go.

Pure: the notice and the door's settings in, an EmailMessage out.
"""

import html
from dataclasses import dataclass
from email.message import EmailMessage
from email.utils import formataddr, formatdate

from bot.mail.tags import TicketRef, notice_id, reply_address, thread_id
from bot.texts import say
from servicedesk.language import Language

_SUBJECT_LENGTH = 100


@dataclass(frozen=True)
class MailNotice:
    """An outbox row the e-mail door is to send, as the delivery read it."""

    client: str
    notice: int  # the outbox row's id: the mail's stable Message-ID
    to: str
    language: Language
    text: str  # the notice's sentence (bot.notices.render)
    number: str | None = None  # the ticket it is about
    invite_reply: bool = True  # its requester: a reply lands on the ticket (others' would be refused)

    @property
    def ticket(self) -> TicketRef | None:
        return TicketRef(self.client, self.number) if self.number else None


def summary(text: str) -> str:
    """The notice's first line, cut to a subject's length."""
    line = " ".join((text.strip().splitlines() or [""])[0].split())
    return line if len(line) <= _SUBJECT_LENGTH else line[: _SUBJECT_LENGTH - 1] + "…"


def compose(notice: MailNotice, *, sender: str, secret: str) -> EmailMessage:
    lang, ref = notice.language, notice.ticket
    message = EmailMessage()
    message["From"] = formataddr((say("mail.signed", lang), sender))
    message["To"] = notice.to
    message["Subject"] = (say("mail.subject_ticket", lang, number=ref.number, summary=summary(notice.text))
                          if ref else summary(notice.text))
    message["Date"] = formatdate(localtime=False, usegmt=True)
    message["Message-ID"] = notice_id(ref, notice.notice, notice.client, secret)
    message["Auto-Submitted"] = "auto-generated"  # RFC 3834: no out-of-office loops with our own robot
    if ref is not None:
        root = thread_id(ref, secret)
        message["In-Reply-To"] = root
        message["References"] = root
        message["Reply-To"] = reply_address(sender, ref, secret)
        hint = say("mail.reply_hint" if notice.invite_reply else "mail.for_information", lang, number=ref.number)
    else:
        hint = say("mail.no_reply", lang)
    signed = say("mail.signed", lang)
    message.set_content(f"{notice.text.strip()}\n\n-- \n{hint}\n{signed}\n")
    message.add_alternative(_html(notice.text, hint, signed, lang), subtype="html")
    message["Content-Language"] = lang  # after the parts: setting content clears the Content-* headers
    return message


def _html(text: str, hint: str, signed: str, lang: Language) -> str:
    paragraphs = "".join(f"<p>{html.escape(part.strip()).replace(chr(10), '<br>')}</p>"
                         for part in text.strip().split("\n\n") if part.strip())
    return (f'<!DOCTYPE html>\n<html lang="{lang}"><head><meta charset="utf-8"></head>'
            f'<body style="font-family: sans-serif; line-height: 1.4">{paragraphs}'
            f'<hr><p style="color: #555; font-size: small">{html.escape(hint)}<br>{html.escape(signed)}</p>'
            "</body></html>\n")
