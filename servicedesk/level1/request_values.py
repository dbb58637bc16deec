"""The value a message holds for one kind of request field, found in the words users type: an address for a
url, a share or a drive for a path, a name, an e-mail or "me" for a person, a date in French or English.

Each reader returns the value as the user wrote it (a date with its ISO form added), or None when the words
do not hold a value of that kind: "14h30" is no URL, "oui" is no name. Whether an answer fits at all (a
request for a human, a bare yes/no, a question back) is decided once, in `does_not_fit`.
"""

import re
from collections.abc import Sequence
from datetime import datetime

import dateparser

from servicedesk.level1.request_text import Token, fold, has_phrase, tokens, words

_FILE_EXTENSIONS = words(
    "pdf doc docx xls xlsx xlsm csv ppt pptx txt rtf odt ods exe msi zip rar png jpg jpeg gif bmp msg eml pst ost "
    "dll log ini bat ps1 py json xml htm html mp3 mp4 vsdx one")
_URL = re.compile(r"(?:https?://|www\.)[^\s<>\"']+|(?<![\w@/.\\-])(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+"
                  r"(?P<tld>[a-z]{2,24})(?![\w@-])(?:/[^\s<>\"']*)?", re.IGNORECASE)
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_TRAILING = ".,;:!?)»\"'"
_PATHS = (
    re.compile(r"\\\\[\w.$-]+(?:\\[^\s\\\"<>|,;]+)*\\?"),  # \\srv\compta\2024
    re.compile(r"(?<![\w])[a-z]:\\(?:[^\s\\\"<>|,;]+\\?)*", re.IGNORECASE),  # S:\Projets\Budget
    re.compile(r"(?<![\w:/.])[a-z][\w.-]*(?:/[\w.-]+)+", re.IGNORECASE),  # Compta/Factures/2024
    re.compile(r"(?<![\w])(?:lecteur|disque|drive)\s+[a-z](?::|(?!\w))", re.IGNORECASE),  # le lecteur S
    re.compile(r"(?<![\w])[a-z]:?\s+drive\b", re.IGNORECASE),  # the S: drive
    re.compile(r"(?<![\w\\])[\w-]+\.(?:" + "|".join(sorted(_FILE_EXTENSIONS - {"htm", "html"})) + r")\b",
               re.IGNORECASE),  # budget.xlsx
)
_QUOTED = re.compile(r"[\"«“]\s*([^\"»”]{2,120}?)\s*[\"»”]")
_FOLDER_WORDS = re.compile(r"(?<!\w)(?:dossier|sous-dossier|repertoire|folder|partage|share|fichier|file)\s+"
                           r"(?:(?:de|du|des|d'|la|le|les|l'|the|called|nomme|named|:)\s*)*(\w[\w.&-]*)")

_HUMAN = re.compile(
    r"\b(?:parler|discuter|avoir)\s+(?:a|avec)\s+(?:quelqu'?un|un humain|une? (?:vraie? )?personne|un (?:vrai )?"
    r"(?:technicien|conseiller|agent|operateur)|(?:un|le) support)|\b(?:un|une) (?:vrai|vraie) (?:humain|personne)"
    r"|\b(?:talk|speak|chat)\s+(?:to|with)\s+(?:a |an |some)?(?:one|human|person|agent|technician|real person|body)"
    r"|\breal (?:person|human)\b|\b(?:human|agent|technicien|humain) (?:please|svp|stp)\b|\bappelez[- ]moi\b"
    r"|\bcall me\b|\bpasse[zr]?[- ]moi (?:un|quelqu)")
_FILLER = re.compile(
    r"(?:oui|ouais|ouai|non|nan|nope|yes|yeah|yep|no|ok|okay|oki|d'accord|dac|daccord|merci|thanks|thank you|thx|"
    r"ca marche|sure|bien sur|of course|si|je sais pas|je ne sais pas|jsp|chais pas|aucune idee|no idea|"
    r"i don'?t know|idk|dunno|bonjour|hello|hi|salut|coucou|euh|hmm|\?+)(?:\s*(?:merci|thanks|svp|stp|please))?")
_QUESTION_BACK = re.compile(r"^(?:pourquoi|comment|c'est quoi|qu'est[- ]ce|quoi|why|what|how|which|quel(?:le)?s?)\b")
_NEW_PROBLEM = re.compile(
    r"\b(?:ne\s+)?(?:marche|fonctionne)\s+(?:pas|plus)|\bplante\b|\ben panne\b|\bcrash|\bbug+e?\b|\berreur\b"
    r"|\b(?:doesn'?t|does not|isn'?t|won'?t|not) (?:work|working|open|start)|\bbroken\b|\bis down\b")

_SELF = re.compile(r"(?:(?:c'?est|ce sera|ca sera|it'?s|it is|that'?s|its)\s+)?(?:(?:pour|for)\s+)?"
                   r"(?:moi(?:[- ]?meme)?|mwa|me|myself|my self|mon compte|my account|mine)")
_SELF_IN_TEXT = re.compile(r"\b(?:pour moi(?:[- ]?meme)?|for me|for myself)\b")
_POLITE = re.compile(r"\b(?:svp|stp|s'il (?:te|vous) plait|please|pls|merci|thanks|thank you)\b")

_NAME_CUES = re.compile(
    r"^(?:(?:c'?est|it'?s|it is|this is|ce sera|pour|for|il s'appelle|elle s'appelle|s'appelle|son nom est|"
    r"(?:his|her|their) name is|name is|named|called|le nouveau|la nouvelle|les nouveaux|mon collegue|ma collegue|"
    r"my colleague|my coworker|the new hire|new hire|new starter|nouvel arrivant|nouvelle arrivante|"
    r"nouveau collaborateur|nouvelle collaboratrice|m\.|mme|mr\.?|mrs\.?|ms\.?|monsieur|madame|:|-)\s+)+")
_NOT_NAMES = words(
    "je j tu il elle on nous vous ils elles i you he she we they it le la les l un une des de du d a au aux the an "
    "of to in at for pour par avec sans sur dans et ou mais donc car and or but so because ne pas plus not no yes "
    "oui non c ce ca cela this that est sont is are was ai as avons have has had suis am mon ma mes ton ta son sa "
    "ses notre votre leur my your his her our their qui que quoi who what which comment pourquoi quand how why "
    "when where service department equipe team nouveau nouvelle new personne nobody someone quelqu un quelqu'un "
    "aucun aucune moi me myself toi lui eux vpn pc ordinateur laptop ecran screen logiciel software acces access "
    "compte account ok merci thanks bonjour hello salut")
_NUMBER_WORDS = {"un": 1, "une": 1, "one": 1, "deux": 2, "two": 2, "trois": 3, "three": 3, "quatre": 4, "four": 4,
                 "cinq": 5, "five": 5, "six": 6, "sept": 7, "seven": 7, "huit": 8, "eight": 8, "neuf": 9, "nine": 9,
                 "dix": 10, "ten": 10}
_SOFTWARE_LEAD = re.compile(
    r"^(?:(?:j'ai besoin d[eu']?|besoin d[eu']?|je voudrais|je veux|il me faut|il faudrait|j'aimerais|i need|i'd like|"
    r"i would like|i want|can i have|can i get|c'?est|it'?s|installer|install|installation d[eu']?|mettre|avoir|"
    r"une licence|a licence|a license|licence|license|pour|for|le|la|les|un|une|des|the|a|an|logiciel|software|"
    r"programme|program|appli|application|app|outil|tool|version)\b\s*|l'\s*)+")
_SOFTWARE_STOP = words("sur pour on for because car parce svp stp please merci thanks sil s il et and avec with "
                       "dans in sous under qui that afin")

_DESCRIBING = words("de du des d pour for to qui that")


def does_not_fit(text: str) -> bool:
    """An answer that holds no value whatever was asked: empty, a request for a human, a bare yes/no or thanks,
    "I don't know", a question back."""
    folded = fold(text).strip()
    bare = _POLITE.sub("", folded).strip(" .!,;")
    return (not bare or bool(_HUMAN.search(folded)) or bool(_FILLER.fullmatch(bare))
            or (folded.endswith("?") and bool(_QUESTION_BACK.match(folded))))


def is_new_problem(text: str) -> bool:
    """Words of something broken: given where a name or a software was asked, it is a new topic."""
    return bool(_NEW_PROBLEM.search(fold(text)))


def url_in(text: str) -> str | None:
    for match in _URL.finditer(text):
        if match["tld"] and match["tld"].lower() in _FILE_EXTENSIONS:
            continue
        return match[0].rstrip(_TRAILING)
    return None


def email_in(text: str) -> str | None:
    match = _EMAIL.search(text)
    return match[0].rstrip(_TRAILING) if match else None


def path_in(text: str, *, loose: bool = False) -> str | None:
    """A share, a drive, a folder path, a file name or a SharePoint/OneDrive link. `loose` (an answer to the
    path question) also takes a quoted name and "the Compta folder"."""
    found = [match for pattern in _PATHS for match in pattern.finditer(text)]
    if found:
        first = min(found, key=lambda match: (match.start(), -len(match[0])))
        return first[0].rstrip(_TRAILING)
    link = url_in(text)
    if link and link.lower().startswith(("http", "www")):
        return link
    if loose:
        quoted = _QUOTED.search(text)
        if quoted:
            return quoted[1]
        folder = _FOLDER_WORDS.search(fold(text))
        if folder:
            return text[folder.start():folder.end()]
    return None


def is_self(text: str) -> bool:
    bare = _POLITE.sub("", fold(text)).strip(" .!,;")
    return bool(_SELF.fullmatch(bare))


def self_mentioned(text: str) -> bool:
    return bool(_SELF_IN_TEXT.search(fold(text)))


def name_in(text: str) -> str | None:
    """The leading words that can be a person's name, after "c'est", "pour", "il s'appelle" and the like."""
    folded = fold(text).strip()
    cue = _NAME_CUES.match(folded)
    offset = len(text) - len(text.lstrip()) + (cue.end() if cue else 0)
    picked: list[Token] = []
    for token in tokens(text[offset:]):
        if token.word in _NOT_NAMES or token.word.isdigit() or len(token.word) < 2 or len(picked) == 4:
            break
        if picked and text[offset + picked[-1].end:offset + token.start].strip(" -'"):
            break  # a comma or another mark ends the name
        picked.append(token)
    if not picked or any(date_words_in(token.word) for token in picked):
        return None
    return text[offset + picked[0].start:offset + picked[-1].end]


def choice_in(text: str, choices: Sequence[str]) -> str | None:
    """The one choice the text names, or the n-th choice for a bare number; None when it names none or several.
    A choice may list other words for it after slashes ("écran / screen / moniteur"): the first is its value."""
    bare = fold(text).strip(" .!")
    if bare.isdigit() and 1 <= int(bare) <= len(choices):
        named = [choices[int(bare) - 1]]
    else:
        named = [choice for choice in choices if has_phrase(text, [alt for alt in choice.split("/") if alt.strip()])]
    return named[0].split("/")[0].strip() if len(named) == 1 else None


def number_in(text: str) -> str | None:
    for token in tokens(text):
        if token.word.isdigit():
            return str(int(token.word))
        if token.word in _NUMBER_WORDS:
            return str(_NUMBER_WORDS[token.word])
    return None


def software_in(text: str) -> str | None:
    """The software named at the start of an answer ("Visio", "Adobe Acrobat Pro svp", "installer notepad++"),
    else the short answer itself (a description such as "a drawing tool")."""
    stripped = text.strip()
    lead = _SOFTWARE_LEAD.match(fold(stripped))
    rest = stripped[lead.end():] if lead else stripped
    picked: list[Token] = []
    words_left = tokens(rest)
    if words_left and words_left[0].word in _DESCRIBING:  # "un logiciel de dessin": a description, kept whole
        words_left = ()
    for token in words_left:
        if token.word in _SOFTWARE_STOP or len(picked) == 5:
            break
        picked.append(token)
    if picked:
        end = picked[-1].end
        while end < len(rest) and rest[end] in "+#":
            end += 1
        return rest[picked[0].start:end]
    words = stripped.split()
    return stripped.rstrip(_TRAILING) if 0 < len(words) <= 8 else None


# Dates: dateparser reads the dates; French relative phrases it does not read are put in English first.
_WEEKDAYS = {"lundi": "monday", "mardi": "tuesday", "mercredi": "wednesday", "jeudi": "thursday",
             "vendredi": "friday", "samedi": "saturday", "dimanche": "sunday"}
_MONTHS = ("janvier|fevrier|mars|avril|mai|juin|juillet|aout|septembre|octobre|novembre|decembre|janv|fevr|sept|"
           "january|february|march|april|may|june|july|august|september|october|november|december|"
           "jan|feb|mar|apr|jun|jul|aug|sep|oct|nov|dec")
_DAYS = "|".join([*_WEEKDAYS, *_WEEKDAYS.values()])
_LEAD = r"(?:(?:d'ici|des|a partir d[ue]|avant|apres|pour|by|before|from|starting|on|le|ce|this|until|jusqu'a)\s+)*"
_DATE = re.compile(_LEAD + r"(?:"
                   r"avant[- ]hier|apres[- ]demain|aujourd'?hui|ajd|demain|hier|tomorrow|today|yesterday|tonight"
                   r"|(?:next|last|this)\s+(?:" + _DAYS + r"|week|month)"
                   r"|(?:" + _DAYS + r")(?:\s+(?:prochain|dernier|passe|matin|soir|apres-midi|morning))?"
                   r"|(?:la\s+|le\s+)?(?:semaine|mois)\s+(?:prochaine?|derniere?|passee?)"
                   r"|fin\s+(?:de\s+(?:la\s+)?semaine|du\s+mois)|end\s+of\s+(?:the\s+)?(?:week|month)"
                   r"|il\s+y\s+a\s+\d+\s+(?:jours?|semaines?|mois)|\d+\s+(?:days?|weeks?|months?)\s+ago"
                   r"|dans\s+\d+\s+jours|in\s+\d+\s+days"
                   r"|\d{4}-\d{2}-\d{2}|\d{1,2}[/.]\d{1,2}(?:[/.]\d{2,4})?"
                   r"|\d{1,2}(?:er|st|nd|rd|th)?\s+(?:" + _MONTHS + r")\.?(?:\s+\d{4})?"
                   r"|(?:" + _MONTHS + r")\.?\s+\d{1,2}(?:st|nd|rd|th)?(?:,?\s+\d{4})?"
                   r")(?!\w)")
_AS_SOON = re.compile(r"\b(?:asap|au plus vite|au plus tot|des que possible|le plus tot possible|le plus vite possible|"
                      r"as soon as possible|urgent|urgently|right away|tout de suite|immediatement)\b")
_IN_ENGLISH = [  # French phrases dateparser does not read, said the way it does
    (re.compile(r"\b(" + "|".join(_WEEKDAYS) + r")\s+prochain\b"), lambda m: f"next {_WEEKDAYS[m[1]]}"),
    (re.compile(r"\b(" + "|".join(_WEEKDAYS) + r")\s+(?:dernier|passe)\b"), lambda m: f"last {_WEEKDAYS[m[1]]}"),
    (re.compile(r"\b(?:la\s+)?semaine\s+prochaine\b"), lambda m: "next week"),
    (re.compile(r"\b(?:le\s+)?mois\s+prochain\b"), lambda m: "next month"),
    (re.compile(r"\b(?:le\s+)?mois\s+(?:dernier|passe)\b"), lambda m: "last month"),
    (re.compile(r"\bfin\s+de\s+(?:la\s+)?semaine\b|\bend\s+of\s+(?:the\s+)?week\b"), lambda m: "friday"),
    (re.compile(r"\bajd\b|\baujourdhui\b"), lambda m: "today"),
    (re.compile(r"\b(matin|soir|apres-midi|morning)\b"), lambda m: ""),
    (re.compile(r"^(?:(?:d'ici|des|a partir d[ue]|avant|apres|pour|by|before|from|starting|on|ce|this|until|"
                r"jusqu'a)\s+)+"), lambda m: ""),
]


def date_words_in(text: str) -> bool:
    return bool(_DATE.search(fold(text)) or _AS_SOON.search(fold(text)))


def date_in(text: str, *, now: datetime | None = None, language: str | None = None,
            past: bool = False) -> str | None:
    """The first date the text gives, as its words and its ISO date: "lundi prochain (2026-12-07)"; "asap" is
    today. `past`: a bare weekday is the last one (when a file was deleted), else the next one."""
    now = now or datetime.now()
    folded = fold(text)
    soon = _AS_SOON.search(folded)
    for match in _DATE.finditer(folded):
        if soon and soon.start() < match.start():
            break
        phrase = match[0]
        for pattern, english in _IN_ENGLISH:
            phrase = pattern.sub(english, phrase).strip()
        settings = {"RELATIVE_BASE": now.replace(tzinfo=None), "PREFER_DATES_FROM": "past" if past else "future",
                    "DATE_ORDER": "MDY" if language == "en" else "DMY", "RETURN_AS_TIMEZONE_AWARE": False}
        moment = dateparser.parse(phrase, languages=["en", "fr"], settings=settings)
        if moment is not None:
            return f"{text[match.start():match.end()].strip()} ({moment.date().isoformat()})"
    if soon:
        return f"{text[soon.start():soon.end()]} ({now.date().isoformat()})"
    return None
