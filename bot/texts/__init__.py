"""The bot adapter's sentences, in French and English: one catalogue for all the doors, the handoff, the
notices and the agents' channel (Rasa's own are in domain.yml). Each module of this package holds the
sentences of one audience; `say(key, language, **fields)` is how the code reads any of them.

    doors       what the doors and the handoff tell a user themselves
    notices     notice.*: the outbox's events, for requesters, the agents' channel and announcements
    webchat     webchat.*: the web chat door's refusals, said in both languages
    agents      agents.*: the agents' Slack channel, its handoff card and modals
    commands    command.*: the Slack slash command's answers
    errors      error.*: what went wrong, worded from a domain error's fields (bot.errors.explain)
    page        page.*: the web chat page's own words, which its script shows (sentences("page"))
    mail        mail.*: the words around a notice sent by e-mail (its subject, the reply hint)
    remote      remote.*: remote assistance, the consent question, the steps and the session's page
    uploads     upload.*: the upload page (bot/uploads/), its refusals, and the offer of its link
    approvals   approval.*: approvers' questions, buttons, modal, card and page; requesters' outcomes
"""

from typing import Any, get_args

from bot.texts import agents, approvals, commands, doors, errors, mail, notices, page, remote, uploads, webchat
from servicedesk.language import ENGLISH, FRENCH, Language, detect


def _catalogue(*tables: tuple[str, dict[str, dict[Language, str]]]) -> dict[str, dict[Language, str]]:
    """The tables as one, each key under its module's namespace ("notice.keep_in_loop"); the doors' own keys
    have none. A key written twice would make one sentence hide another: refused at import."""
    catalogue: dict[str, dict[Language, str]] = {}
    for namespace, table in tables:
        for key, sentences in table.items():
            name = f"{namespace}.{key}" if namespace else key
            if name in catalogue:
                raise ValueError(f"two sentences named {name!r} in bot/texts")
            catalogue[name] = sentences
    return catalogue


TEXTS = _catalogue(("", doors.TEXTS), ("notice", notices.TEXTS), ("webchat", webchat.TEXTS), ("agents", agents.TEXTS),
                   ("command", commands.TEXTS), ("error", errors.TEXTS), ("page", page.TEXTS),
                   ("mail", mail.TEXTS), ("upload", uploads.TEXTS), ("remote", remote.TEXTS),
                   ("approval", approvals.TEXTS))
LANGUAGES: tuple[Language, ...] = get_args(Language)


def say(key: str, language: Language, **values: Any) -> str:
    """The sentence `key` in `language`, its {fields} filled in. The language is the caller's to decide, with
    the one rule: what the reader speaks, else the client's language (bot.directory.client_language)."""
    return TEXTS[key][language].format(**values)


def sentences(namespace: str) -> dict[Language, dict[str, str]]:
    """A namespace's sentences as they are, by language then key, for a script that fills in their {fields}
    itself (the web chat page)."""
    prefix = f"{namespace}."
    return {language: {key.removeprefix(prefix): texts[language] for key, texts in TEXTS.items()
                       if key.startswith(prefix)} for language in LANGUAGES}


def say_each(key: str, **values: Any) -> dict[Language, str]:
    """The sentence in every language, for a page that shows its reader's."""
    return {language: say(key, language, **values) for language in LANGUAGES}


def say_both(key: str, **values: Any) -> str:
    """French then English, for whom the language is not known yet (a door no client is bound to)."""
    return "\n\n".join(say_each(key, **values).values())


def detect_language(text: str) -> Language | None:
    """French or English when the text says so; None for what is too short to tell, a button's payload, or
    another language. The doors share the actions' detector (servicedesk.language) so that a door and the
    dialogue never disagree on the same message."""
    found = detect(text)
    return "fr" if found == FRENCH else "en" if found == ENGLISH else None


def guess_language(text: str, default: Language) -> Language:
    """French or English, for the few messages the doors write before Rasa knows the language; `default`
    (the client's language) when the text can't tell."""
    return detect_language(text) or default
