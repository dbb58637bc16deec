"""Service requests are IT's (issue 12): access, software, licences, hardware, accounts, proxy exceptions,
restoring deleted files, a new hire's set-up. The client's catalogue (settings `requests:`) says which items
exist, the words users ask for them with, the fields each needs and the KB article describing the process.

A message names an item (`match_item`), fills what it already says (`fill_fields`), and only the rest is asked
(`missing_fields`), one answer at a time (`read_field`), an answer that does not fit its question being no
answer. `is_it_request` and `is_non_it` keep IT work from being sent to "another department": only pay, leave,
benefits, facilities and travel are redirected.
"""

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING

from servicedesk.level1 import request_values as values
from servicedesk.level1.request_text import find_phrase, fold, has_phrase, tokens, words

if TYPE_CHECKING:
    from servicedesk.settings.document import ClientSettings


@dataclass(frozen=True)
class RequestField:
    name: str
    kind: str  # text, url, person, date, choice, path, software, number
    question: dict[str, str]  # by language
    required: bool = True
    choices: tuple[str, ...] = ()


@dataclass(frozen=True)
class RequestItem:
    code: str
    name: dict[str, str]  # by language
    aliases: tuple[str, ...]
    group: str | None  # the support group that fulfils it; None: the service desk
    article: str | None  # the KB document describing the process
    approval: bool  # a manager approves it first
    fields: tuple[RequestField, ...] = field(default=())


def items_from_settings(settings: "ClientSettings") -> tuple[RequestItem, ...]:
    """The catalogue of a client's settings, as plain values the dialogue can hold."""
    return tuple(
        RequestItem(entry.code, {"fr": entry.name.fr, "en": entry.name.en}, tuple(entry.aliases),
                    entry.support_group, entry.article, entry.approval,
                    tuple(RequestField(f.name, f.kind, {"fr": f.question.fr, "en": f.question.en}, f.required,
                                       tuple(f.choices)) for f in entry.fields))
        for entry in settings.requests)


def match_item(text: str, items: Sequence[RequestItem]) -> RequestItem | None:
    """The item the message asks for: the one whose alias (or name) it holds best, the longest phrase winning
    ("licence logiciel" over "logiciel"); None when it names none."""
    words = tokens(text)
    best: tuple[float, RequestItem] | None = None
    for item in items:
        names = [part for label in item.name.values() for part in label.split("/") if part.strip()]
        for phrase in (*item.aliases, *names):
            found = find_phrase(phrase, words)
            if found and (best is None or found.score > best[0]):
                best = (found.score, item)
    return best[1] if best else None


_TIME_ONLY = re.compile(r"(?:[a-z' ]{0,12}\s)?\d{1,2}\s*(?:h|:)\s*\d{0,2}|\d{1,2}\s*(?:am|pm)")


def _is_only_a_moment(text: str) -> bool:
    """"demain", "14h30", "next week": a time where something else was asked."""
    folded = fold(text).strip(" .!?")
    return bool(_TIME_ONLY.fullmatch(folded)) or (values.date_words_in(folded) and len(folded.split()) <= 3
                                                  and values.name_in(text) is None and "/" not in folded)


def _asks_about_the_past(item_field: RequestField) -> bool:
    """"When was it deleted?": a bare weekday in the answer is the last one, not the next."""
    question = fold(item_field.question.get("en", ""))
    return bool(re.search(r"\b(?:was|were|did|deleted|removed|lost|last|since|ago)\b", question))


def read_field(field: RequestField, text: str, *, requester: str, now: datetime | None = None,
               language: str | None = None) -> str | None:
    """The field's value in an answer to its question, or None when the answer does not fit it: a yes/no where
    a name was asked, a time where a URL was asked, a request for a human, a new problem."""
    if field.kind == "choice":
        return None if values.does_not_fit(text) and not values.choice_in(text, field.choices) \
            else values.choice_in(text, field.choices)
    if values.does_not_fit(text):
        return None
    if field.kind == "url":
        return values.url_in(text)
    if field.kind == "path":
        return values.path_in(text, loose=True)
    if field.kind == "date":
        return values.date_in(text, now=now, language=language, past=_asks_about_the_past(field))
    if field.kind == "number":
        return None if values.date_words_in(text) else values.number_in(text)
    if _is_only_a_moment(text) or values.is_new_problem(text):
        return None
    if field.kind == "person":
        return requester if values.is_self(text) else values.email_in(text) or values.name_in(text)
    if field.kind == "software":
        return values.software_in(text)
    return " ".join(text.split()) or None


_NAMED = re.compile(
    r"(?i:\b(?:s'appelle|named|called|nouvel arrivant|nouvelle arrivante|new hire|new starter|nouveau collaborateur"
    r"|nouvelle collaboratrice|nouveau salarie|nouvelle salariee|nouvel employe|new employee|mon collegue"
    r"|ma collegue|my colleague)[\s,:]+)(?P<one>[A-Z][\w'-]+(?:\s+[A-Z][\w'-]+){0,3})"
    r"|(?i:\b(?:pour|for)\s+)(?P<two>[A-Z][\w'-]+(?:\s+[A-Z][\w'-]+){1,3})")
_SOFTWARE_CUE = re.compile(
    r"\b(?:installer|install|installation d[eu']?|licence|license|acces a(?:u| l')?|access to)\s+"
    r"(?:(?:(?:un|une|le|la|the|a|an|du|de|nouveau|nouvelle|new)\b|l'|d')\s*)*"
    r"(?:(?:logiciel|software|programme|program|application|appli|app|outil|tool)\s+)?")
_GENERIC = words("logiciel software programme program application appli app outil tool dossier folder partage "
                 "share pc ordinateur poste")
_REASON_CUE = re.compile(r"\b(?:pour|because|car|parce qu'?e?|since|afin d[e']|in order to|so that|pour que|"
                         r"justification\s*:|motif\s*:|raison\s*:|reason\s*:)\s*")
_NOT_A_REASON = re.compile(r"(?:moi|lui|elle|eux|me|myself|him|her|them|mon |ma |my |un |une |a |an |le \d|the \d"
                           r"|l'|acceder|access)")
_FULL_NAME = re.compile(r"[A-Z][\w'-]+(?:\s+[A-Z][\w'-]+)+")
_REASON_FIELDS = re.compile(r"justif|reason|motif|raison|why|purpose|pourquoi|besoin|need")
_DEPARTMENT = re.compile(r"\b(?:service|departement|department|equipe|team|pole|direction)\s+(?:de la |du |des |"
                         r"de l'|d'|de )?(?P<after>\w[\w&-]*)|\b(?P<before>\w[\w&-]*)\s+(?:department|team|dept)\b")
_DEPARTMENT_FIELDS = re.compile(r"department|departement|service|team|equipe")
_NOT_DEPARTMENTS = words("desk client request requests the my our your a an le la un une")


def _person(text: str, requester: str) -> str | None:
    if values.self_mentioned(text):
        return requester
    named = _NAMED.search(text)
    if named:
        name = named["one"] or named["two"]
        if not any(word in {"Je", "Il", "Elle", "I", "The", "Le", "La"} for word in name.split()):
            return name
    return values.email_in(text)


def _software(text: str) -> str | None:
    folded = fold(text)
    for cue in _SOFTWARE_CUE.finditer(folded):
        rest = text[cue.end():]
        first = tokens(rest)
        if first and first[0].start == 0 and first[0].word not in _GENERIC:
            name = values.software_in(rest)
            if name and not values.date_words_in(name):
                return name
    return None


def _reason(text: str) -> str | None:
    folded = fold(text)
    for cue in _REASON_CUE.finditer(folded):
        after = folded[cue.end():]
        if (not after or _NOT_A_REASON.match(after) or values.date_words_in(after.split(" ")[0])
                or _FULL_NAME.match(text[cue.end():])):  # "pour Paul Durand": whom, not why
            continue
        end = len(text)
        stop = re.search(r"[.;!?\n]|,\s", folded[cue.end():])
        if stop:
            end = cue.end() + stop.start()
        dated = values.date_in(text[cue.end():end]) is not None
        if dated:
            lead = re.search(r"\s(?:d'ici|avant|by|before|until|le|on|pour)?\s*\S*\d|\s(?:d'ici|avant|by|before|"
                             r"until|pour)\s", folded[cue.end():end])
            end = cue.end() + lead.start() if lead else end
        reason = text[cue.start():end].strip(" ,")
        if len(reason.split()) >= 2:
            return reason
    return None


def _department(text: str) -> str | None:
    for match in _DEPARTMENT.finditer(fold(text)):
        group = "after" if match["after"] else "before"
        if match[group] not in _NOT_DEPARTMENTS:
            return text[match.start(group):match.end(group)]
    return None


def fill_fields(item: RequestItem, text: str, *, requester: str, now: datetime | None = None,
                language: str | None = None) -> dict[str, str]:
    """Every field of the item the message already answers, and only with clear evidence: an address, a path, a
    date, a choice named, a person after "pour"/"for"/"new hire", a reason after "because"/"pour"."""
    filled: dict[str, str] = {}
    for item_field in item.fields:
        value: str | None = None
        if item_field.kind == "url":
            value = values.url_in(text)
        elif item_field.kind == "path":
            value = values.path_in(text)
        elif item_field.kind == "date" and not any(f.kind == "date" for f in item.fields if f.name in filled):
            value = values.date_in(text, now=now, language=language, past=_asks_about_the_past(item_field))
        elif item_field.kind == "person":
            value = _person(text, requester)
        elif item_field.kind == "choice":
            value = values.choice_in(text, item_field.choices)
        elif item_field.kind == "software":
            value = _software(text)
        elif item_field.kind == "text":
            wording = fold(f"{item_field.name} {item_field.question.get('en', '')}")
            if _REASON_FIELDS.search(wording):
                value = _reason(text)
            elif _DEPARTMENT_FIELDS.search(wording):
                value = _department(text)
        if value:
            filled[item_field.name] = value
    return filled


def missing_fields(item: RequestItem, filled: Mapping[str, str]) -> tuple[RequestField, ...]:
    """The required fields still without a value, in the catalogue's order: what is left to ask."""
    return tuple(f for f in item.fields if f.required and not (filled.get(f.name) or "").strip())


# Words that make a message IT work whatever else it says, and words that make it IT work unless it is about
# pay, leave or the building ("accès au parking", "mon compte épargne temps").
_IT_WORDS = (
    "logiciel", "software", "licence", "license", "ordinateur", "ordi", "pc", "laptop", "portable", "ecran",
    "screen", "monitor", "moniteur", "clavier", "keyboard", "souris", "mouse", "casque", "headset", "imprimante",
    "printer", "scanner", "proxy", "site bloque", "website blocked", "blocked site", "site web", "website",
    "fichier supprime", "deleted file", "restaurer", "restore", "nouvel arrivant", "nouvelle arrivante", "new hire",
    "new starter", "onboarding", "nouveau salarie", "nouvelle salariee", "nouveau collaborateur", "vpn",
    "mot de passe", "password", "mdp", "boite partagee", "shared mailbox", "liste de diffusion", "distribution list",
    "wifi", "wi-fi", "reseau", "network", "internet", "outlook", "teams", "excel", "word", "pdf", "sharepoint",
    "onedrive", "sap", "citrix", "installer", "install", "application", "appli", "telephone", "smartphone", "phone",
    "mail", "email", "e-mail", "se connecter", "connexion", "login", "log in", "sign in", "identifiant", "mfa",
    "message d'absence", "out of office", "reponse automatique", "portail", "portal", "usb", "dossier partage",
    "shared folder", "lecteur reseau", "acces au dossier", "droits d'acces", "access rights", "fichier", "file",
)
_IT_UNLESS_NON_IT = ("acces", "access", "compte", "account", "app", "ouvrir", "open", "badge")
_NON_IT_WORDS = (
    "paie", "paye", "salaire", "salary", "payslip", "pay slip", "fiche de paie", "bulletin de salaire", "payroll",
    "prime", "bonus", "augmentation", "pay rise", "raise", "conges", "conge", "rtt", "vacances", "holiday",
    "holidays", "leave", "annual leave", "sick leave", "arret maladie", "time off", "day off", "pto",
    "compte epargne temps", "mutuelle", "prevoyance", "benefits", "health insurance", "tickets restaurant",
    "carte ticket restaurant", "locaux", "chauffage", "heating", "climatisation", "clim", "air conditioning",
    "facilities", "office furniture", "mobilier", "chaise", "chair", "bureau assis debout", "standing desk",
    "ampoule", "lumiere", "light bulb", "toilettes", "menage", "cleaning", "parking", "machine a cafe",
    "coffee machine", "ascenseur", "elevator", "lift", "deplacement", "travel", "train", "hotel", "avion",
    "flight", "billet", "taxi", "notes de frais", "note de frais", "expenses", "expense report", "remboursement",
    "reimbursement", "mission", "voyage", "trip", "attestation employeur", "attestation de travail",
    "attestation de salaire", "employment certificate", "proof of employment", "compte bancaire", "rib",
    "bank account", "bank details", "pret immobilier", "mortgage", "contrat de travail", "employment contract",
    # the fleet's: vehicles and what is on board of them
    "camion", "poids lourd", "truck", "lorry", "vehicule", "vehicle", "voiture de service", "company car",
    "chronotachygraphe", "tachygraphe", "tachograph", "carte conducteur", "driver card", "carte carburant",
    "fuel card",
)


def is_it_request(text: str, items: Sequence[RequestItem]) -> bool:
    """Whether a message is IT's to handle: an item of the catalogue, or IT words, even when the NLU took it
    for "another department"."""
    if match_item(text, items) is not None or has_phrase(text, _IT_WORDS):
        return True
    return has_phrase(text, _IT_UNLESS_NON_IT) and not has_phrase(text, _NON_IT_WORDS)


def is_non_it(text: str) -> bool:
    """Pay, leave, benefits, facilities or travel, and nothing IT in it: "I can't open my payslip PDF" is IT."""
    return has_phrase(text, _NON_IT_WORDS) and not has_phrase(text, _IT_WORDS)
