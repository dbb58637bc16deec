"""Secrets users type into the chat, masked before anything stores the message.

    >>> mask_secrets("mon mot de passe est Soleil2024!")
    Masked(text='mon mot de passe est [•••]', kinds=('password',))

Every secret becomes MASK, "[•••]": one marker for every language (the user's French sentence and the agent's
English log read the same), that no detector here takes for a secret, so masking masked text changes nothing.
The sentence around it stays, so that the ticket log still says what the user meant.

Two families of detectors run on the original text; where their findings overlap, the one that knows the
secret's shape best names it:
- Yelp's detect-secrets plugins that recognise a secret by its own shape: AWS, Azure storage, GitHub, GitLab,
  Slack, Stripe, Twilio, SendGrid, Mailchimp, Square, Discord, Telegram, PyPI, npm and OpenAI keys, JWTs, private
  keys, passwords in basic-auth URLs. Its keyword and high-entropy plugins are left out: written for source code,
  they take prose for secrets. The plugins are built once and only their regexes run (no network, no settings).
- The desk's own patterns, in French and English, for what users type: a password after "mot de passe", "mdp",
  "password", "pwd", "code PIN"…; a one-time code after "code de vérification", "code reçu par SMS", "2FA",
  "authenticator"…; a long random string after "api key", "token", "secret", "Bearer"; well-known key prefixes
  (sk-, ghp_, github_pat_, AIza, rk_ for Relais' own API keys); card numbers (13 to 19 digits, Luhn-valid);
  BitLocker recovery keys; a whole PEM private key block.

The word after "mot de passe" is a password only when it looks like one. After ":" or "=", anything but a word
about the password ("expiré", "oublié", "incorrect"…); after "est"/"is", or right after the keyword, a token with
a digit or a symbol. So "mon mot de passe a expiré", "password expired", ticket numbers, error codes
("0x80070005", "code d'erreur 1603"), versions ("Windows 11 23H2"), dates, phone numbers and host names stay.

Rasa's Python 3.10 process imports this module as well as the 3.11 app: it uses only the standard library and
detect-secrets.
"""

import math
import re
import unicodedata
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from typing import NamedTuple

from detect_secrets.plugins.aws import AWSKeyDetector
from detect_secrets.plugins.azure_storage_key import AzureStorageKeyDetector
from detect_secrets.plugins.base import RegexBasedDetector
from detect_secrets.plugins.basic_auth import BasicAuthDetector
from detect_secrets.plugins.discord import DiscordBotTokenDetector
from detect_secrets.plugins.github_token import GitHubTokenDetector
from detect_secrets.plugins.gitlab_token import GitLabTokenDetector
from detect_secrets.plugins.jwt import JwtTokenDetector
from detect_secrets.plugins.mailchimp import MailchimpDetector
from detect_secrets.plugins.npm import NpmDetector
from detect_secrets.plugins.openai import OpenAIDetector
from detect_secrets.plugins.private_key import PrivateKeyDetector
from detect_secrets.plugins.pypi_token import PypiTokenDetector
from detect_secrets.plugins.sendgrid import SendGridDetector
from detect_secrets.plugins.slack import SlackDetector
from detect_secrets.plugins.square_oauth import SquareOAuthDetector
from detect_secrets.plugins.stripe import StripeDetector
from detect_secrets.plugins.telegram_token import TelegramBotTokenDetector
from detect_secrets.plugins.twilio import TwilioKeyDetector

MASK = "[•••]"
KINDS = ("password", "one_time_code", "api_key", "token", "card_number", "recovery_key", "private_key")


@dataclass(frozen=True)
class Masked:
    """A message with every secret replaced by MASK, and the kinds of secret found, in the order they appear."""

    text: str
    kinds: tuple[str, ...] = ()

    @property
    def found(self) -> bool:
        """True when something was masked: the door then tells the user never to send a password."""
        return bool(self.kinds)


def mask_secrets(text: str) -> Masked:
    """`text` with its secrets masked; the same text (and no kinds) when it holds none."""
    masks = [(found.start(), found.end()) for found in _MASKS.finditer(text)]
    # What was masked stays masked as it is: no finding may reach into a marker ("mdp: [•••]" is done).
    spans = sorted(span for span in (*_plugin_spans(text), *_desk_spans(text))
                   if not any(span.start < end and start < span.end for start, end in masks))
    if not spans:
        return Masked(text)
    pieces, kinds, cursor = [], [], 0
    for start, end, kind in _merged(spans):
        pieces += [text[cursor:start], MASK]
        cursor = end
        if kind not in kinds:
            kinds.append(kind)
    pieces.append(text[cursor:])
    return Masked("".join(pieces), tuple(kinds))


class _Span(NamedTuple):
    start: int
    end: int
    kind: str
    rank: int  # where findings overlap, the highest rank names the secret: it knows the shape best


def _merged(spans: list[_Span]) -> Iterator[tuple[int, int, str]]:
    start, end, best = spans[0].start, spans[0].end, spans[0]
    for span in spans[1:]:
        if span.start < end:
            end, best = max(end, span.end), span if span.rank > best.rank else best
        else:
            yield start, end, best.kind
            start, end, best = span.start, span.end, span
    yield start, end, best.kind


# --- detect-secrets ---------------------------------------------------------------------------------

_PLUGINS: tuple[tuple[RegexBasedDetector, str], ...] = (
    (AWSKeyDetector(), "api_key"), (AzureStorageKeyDetector(), "api_key"), (BasicAuthDetector(), "password"),
    (DiscordBotTokenDetector(), "token"), (GitHubTokenDetector(), "token"), (GitLabTokenDetector(), "token"),
    (JwtTokenDetector(), "token"), (MailchimpDetector(), "api_key"), (NpmDetector(), "token"),
    (OpenAIDetector(), "api_key"), (PypiTokenDetector(), "token"), (SendGridDetector(), "api_key"),
    (SlackDetector(), "token"), (SquareOAuthDetector(), "api_key"), (StripeDetector(), "api_key"),
    (TelegramBotTokenDetector(), "token"), (TwilioKeyDetector(), "api_key"),
)
_PRIVATE_KEY = PrivateKeyDetector()
_KEY_END = re.compile(r"-----END [A-Z0-9 ]*PRIVATE KEY(?: BLOCK)?-----|Private-MAC:\s*[0-9a-fA-F]+")
_TOKEN_CHARS = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.+/=")


def _plugin_spans(text: str) -> Iterator[_Span]:
    """Where each plugin's findings are: a plugin yields secret values (after its own checks, such as a JWT's
    parts decoding as JSON), and its regexes say where they are. A finding is widened to the whole token, since
    some patterns stop short (detect-secrets' JWT pattern leaves the signature out)."""
    for plugin, kind in _PLUGINS:
        values = set(plugin.analyze_string(text))
        if not values:
            continue
        for regex in plugin.denylist:
            for match in regex.finditer(text):
                for group in range(1 if match.re.groups else 0, match.re.groups + 1):
                    if match.group(group) in values:
                        start, end = match.span(group)
                        yield _Span(start, _token_end(text, end), kind, 3)
    for header in set(_PRIVATE_KEY.analyze_string(text)):
        for found in re.finditer(re.escape(header), text):
            start = text.rfind("-----", max(0, found.start() - 6), found.start())
            closing = _KEY_END.search(text, found.end())
            yield _Span(found.start() if start < 0 else start, closing.end() if closing else len(text),
                        "private_key", 5)


def _token_end(text: str, end: int) -> int:
    widened = end
    while widened < len(text) and text[widened] in _TOKEN_CHARS:
        widened += 1
    while widened > end and text[widened - 1] == ".":  # the end of the sentence, not of the token
        widened -= 1
    return widened


# --- the desk's patterns ------------------------------------------------------------------------------

_I = re.IGNORECASE
_PASSWORD_WORD = re.compile(r"\b(?:mots?[\s-]+de[\s-]+passe|mdp|pass[\s-]?words?|passwd|pwd|pass[\s-]?phrase|"
                            r"passcode|codes?[\s-]+pin|pin(?:[\s-]+code)?|nip|codes?[\s-]+secrets?)\b", _I)
# Words between the keyword and "est"/":" ("le mdp du wifi invité c'est …"), up to three, none of which starts
# another clause or names something else ("mdp oublié, mon login est jdupont" names the login).
_BREAK = (r"(?!(?:ne|n['’]\w*|pas|not|no|et|and|mais|but|ou|or|qui|que|which|that|when|quand|si|if|car|because|"
          r"identifiants?|login|username|user|utilisateur|nom|name|e-?mail|adresse|address|id|est|is|was|était|"
          r"c['’]est|sera|a|has|have|had|ai|avait|été|been|erreur|error|code|message)\b)")
_FILLERS = rf"(?:\s+{_BREAK}[\w'’-]+){{0,3}}?"
_ASSIGNED = re.compile(rf"{_FILLERS}\s*(?:[:=]|=>|->)\s*", _I)
_STATED = re.compile(rf"{_FILLERS}\s+(?:est|c['’]est|c['’]était|était|sera|reste|vaut|is|was|will\s+be|remains|"
                     r"en|to|as|comme)\s*:?\s*", _I)
_REVERSED = re.compile(r"(?<!\S)([^\s\"'«“]+)\s+(?:est|is|était|was)\s+(?:mon|my|le|the|notre|our)\s+"
                       r"(?:(?:nouveau|nouvel|new|actuel|current)\s+)?(?:mot\s+de\s+passe|mdp|password|pwd)\b", _I)
_PAIR = re.compile(r"\b(?:identifiants?|credentials|(?:login|user(?:name)?|utilisateur)\s*/\s*(?:mot\s+de\s+passe|mdp|"
                   r"password|pwd|pass))\s*[:=]?\s*[^\s/]+\s*/\s*(\S+)", _I)
_BLANK = re.compile(r"[ \t]+")
_TOKEN = re.compile(r"\S*")
_PIN = re.compile(r"pin|nip|secret", _I)  # PINs are digits: right after their keyword, 4 to 8 digits are one
_NAMES_A_KEY = re.compile(r"key|cl[ée]|secret", _I)
_NOT_DIGIT = re.compile(r"\D")
_MASKS = re.compile(re.escape(MASK))
_WORDS = re.compile(r"[\s']+")
_CAMEL = re.compile(r"[a-zà-ÿ][A-ZÀ-Ý]")  # "SoleilLevant": a capital inside a word
_QUOTES = {'"': '"', "'": "'", "«": "»", "“": "”", "‘": "’", "`": "`"}
_TRAILING = ".,;:)]}»”\"'’"

_QUALIFIER = (r"(?:v[ée]rification|validation|confirmation|s[ée]curit[ée]|security|authenti(?:fication|cation|cator)|"
              r"connexion|login|sign[\s-]?in|acc[èe]s|access|activation|usage\s+unique|one[\s-]?time|sms|texto|"
              r"re[çc]ue?s?|received|temporaire|otp|totp|2fa|mfa|a2f|tfa)")
_OTP = re.compile(rf"\b(?:codes?\b(?:(?!err)[^\d\n]){{0,30}}?\b{_QUALIFIER}|{_QUALIFIER}\b[^\d\n]{{0,15}}?\bcodes?|"
                  r"otp|totp|2fa|mfa|a2f|authenticator|one[\s-]?time\s+(?:password|passcode|pin))\b"
                  r"(?P<gap>[^\d\n]{0,40}?)(?<![\w-])(?P<code>\d{3}[ -]\d{3}|\d{4,8})(?![\d/:.,]\d|[ -]\d)", _I)
_SAID = re.compile(r"(?:[:=]|\b(?:est|c['’]est|is|was|était)|^)\s*$", _I)  # "…: 4821", "… is 4821", "code 4821"

_KEY_WORD = re.compile(r"\b(?:api[\s_-]?key|apikey|api[\s_-]?token|cl[ée]s?\s+(?:d['’]\s*)?api|cl[ée]s?\s+"
                       r"(?:secr[èe]te|d['’]acc[èe]s|priv[ée]e)|secret[\s_-]?key|access[\s_-]?key|client[\s_-]?secret|"
                       r"secrets?|tokens?|jetons?|access[\s_-]?token|refresh[\s_-]?token|auth[\s_-]?token|bearer|pat)\b",
                       _I)
_KEY_VALUE = re.compile(rf"{_FILLERS}(?:\s*(?:[:=]|=>)\s*|\s+(?:est|c['’]est|is|was|vaut)\s+|\s+)[\"'«“]?"
                        r"(?=[\w+/=.~-]*\d)(?=[\w+/=.~-]*[A-Za-z])([A-Za-z0-9_+/=.~-]{16,})", _I)
_PREFIXED = tuple((re.compile(pattern), kind) for pattern, kind in (
    (r"\bsk-(?:[A-Za-z0-9]+-)*[A-Za-z0-9_]{20,}", "api_key"),  # OpenAI, Anthropic and the like
    (r"\bgithub_pat_[A-Za-z0-9_]{22,}", "token"),
    (r"\bgh[pousr]_[A-Za-z0-9]{20,}", "token"),
    (r"\bglpat-[A-Za-z0-9_-]{20,}", "token"),
    (r"\bxox[abposr]-[A-Za-z0-9-]{10,}", "token"),
    (r"\bAIza[0-9A-Za-z_-]{35}", "api_key"),  # Google
    (r"\b[rs]k_(?:live|test)_[0-9a-zA-Z]{16,}", "api_key"),  # Stripe, test keys included
    (r"\brk_[A-Za-z0-9_-]{30,}", "api_key"),  # Relais' own REST API keys (servicedesk.clients.keys)
))
_CARD = re.compile(r"(?<![\w-])[2-6]\d(?:[ -]?\d){11,17}(?![ -]?\d)")
_RECOVERY_KEY = re.compile(r"(?<![\d-])\d{6}(?:-\d{6}){7}(?![\d-])")  # BitLocker: 8 groups of 6 digits

# Shapes that are never a secret, whatever word precedes them.
_NOT_SECRET = re.compile(
    r"(?:INC|REQ|PRB|CHG|RITM|KB)[-_]?\d+|0x[0-9a-f]+|v?\d+(?:\.\d+)+|\d{2}H\d|\d{1,4}[/.-]\d{1,2}(?:[/.-]\d{1,4})?|"
    r"\d{1,2}[:h]\d{2}|\d+(?:%|€|h|min|j|jours?|days?|mois|months?)|[^@\s]+@[^@\s]+\.[a-z]{2,}|(?:https?://|www\.)\S+|"
    r"(?:o|m|office|microsoft|win|windows|w)[-\s]?\d+|2fa|a2f|mfa|[*•x.]+", _I)
_HOST = re.compile(r"[a-z][a-z0-9]*(?:[-.][a-z0-9]+)+")
# Words that say something about a password rather than being one, folded (no accents, lower case).
_ABOUT_WORDS = (
    "le la les l un une des du de d the a an my mon ma mes your votre vos ton ta son sa ses for pour of to au aux "
    "sur on in dans en avec with sans without et and ou or il elle it its je j i nous we vous you ce c cet cette "
    "that this cela ca qui que qu which who what quoi comment how pourquoi why ok oui yes non no aucun aucune none "
    "rien nothing na ne n pas not is est was sera been ete has have ai as avait had same meme ici here suivant "
    "following bon good correct voir see cf idem pareil inconnu unknown entree enter")
_STEM_WORDS = (
    "expir oubli forgot incorrect invalid faux fausse wrong bloqu block verrouil lock chang modif reset reinit perdu "
    "lost refus reject rejet errone requis requir obligatoire demand trop toujours always still encore deja already "
    "vide empty manqu missing identique temporair provisoir nouveau nouvel ancien actuel current precedent previous "
    "saisi entered tape typed accept marche work fonction fail echou echec sensible caract charact complex simple "
    "faible weak longueur length court short minimum maximum chiffre digit polic policy regle rule windows outlook "
    "office session compte account wifi messagerie teams citrix")
_ABOUT, _ABOUT_STEMS = frozenset(_ABOUT_WORDS.split()), tuple(_STEM_WORDS.split())


def _desk_spans(text: str) -> Iterator[_Span]:
    for keyword in _PASSWORD_WORD.finditer(text):
        span = _password_after(text, keyword.end(), pin=_PIN.search(keyword[0]) is not None)
        if span is not None:
            yield _Span(*span, "password", 1)
    for pattern in (_REVERSED, _PAIR):
        for match in pattern.finditer(text):
            if _looks_like_password(_stripped(match.group(1))):
                yield _Span(match.start(1), match.start(1) + len(_stripped(match.group(1))), "password", 1)
    for match in _OTP.finditer(text):
        if len(_NOT_DIGIT.sub("", match["code"])) >= 6 or _SAID.search(match["gap"]):
            yield _Span(*match.span("code"), "one_time_code", 2)
    for keyword in _KEY_WORD.finditer(text):
        value = _KEY_VALUE.match(text, keyword.end())
        if value is not None and _random(value.group(1)):
            kind = "api_key" if _NAMES_A_KEY.search(keyword.group(0)) else "token"
            yield _Span(*value.span(1), kind, 2)
    for pattern, kind in _PREFIXED:
        for match in pattern.finditer(text):
            yield _Span(match.start(), _token_end(text, match.end()), kind, 3)
    for match in _CARD.finditer(text):
        if _luhn(_NOT_DIGIT.sub("", match.group(0))):
            yield _Span(*match.span(), "card_number", 4)
    for match in _RECOVERY_KEY.finditer(text):
        yield _Span(*match.span(), "recovery_key", 4)


def _password_after(text: str, position: int, *, pin: bool) -> tuple[int, int] | None:
    """Where the password that follows a keyword is, if one does: after ":" or "=" almost any word, after "est"
    or "is" (or nothing) only what looks like a password; right after a PIN's keyword, 4 to 8 digits too."""
    def bare(token: str) -> bool:
        return _bare_password(token) or (pin and token.isdigit() and 4 <= len(token) <= 8)

    for connector, accept in ((_ASSIGNED, _assigned_password), (_STATED, _looks_like_password), (_BLANK, bare)):
        match = connector.match(text, position)
        if match is None:
            continue
        start = match.end()
        quoted = _quoted(text, start)
        if quoted is not None:  # a quoted password may hold spaces; right after the keyword, it must look like one
            content = text[quoted[0]:quoted[1]]
            said = content.strip() and not _about_password(content) and (connector is not _BLANK or bare(content))
            return quoted if said else None
        found = _TOKEN.match(text, start)
        assert found is not None  # \S* matches, if only the empty string
        token = _stripped(found.group(0))
        return (start, start + len(token)) if token and accept(token) else None
    return None


def _quoted(text: str, start: int) -> tuple[int, int] | None:
    closing = _QUOTES.get(text[start:start + 1])
    if closing is None:
        return None
    end = text.find(closing, start + 1, start + 101)
    if end < 0 or "\n" in text[start:end]:
        return None
    return start + 1, end


def _stripped(token: str) -> str:
    """A token without the sentence's punctuation after it ("hunter2." → "hunter2"; "Soleil2024!" stays)."""
    stripped = token.rstrip(_TRAILING)
    return stripped if stripped else token


def _fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.casefold().replace("’", "'"))
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def _about_password(words: str) -> bool:
    """True when every word says something about the password ("expiré", "ne marche pas", "the same")."""
    folded = [w for w in _WORDS.split(_fold(words)) if w]
    return bool(folded) and all(w in _ABOUT or w.startswith(_ABOUT_STEMS) for w in folded)


def _has_symbol(token: str) -> bool:
    return any(not c.isalnum() and not c.isspace() and c not in "-'’_" for c in token)


def _never_a_secret(token: str) -> bool:
    return MASK in token or _NOT_SECRET.fullmatch(token) is not None


def _assigned_password(token: str) -> bool:
    if _never_a_secret(token) or (token.isdigit() and len(token) < 4):
        return False
    return any(c.isdigit() for c in token) or _has_symbol(token) or not _about_password(token)


def _looks_like_password(token: str) -> bool:
    if len(token) < 4 or _never_a_secret(token):
        return False
    if token.isdigit():
        return True
    camel = _CAMEL.search(token) is not None
    return any(c.isalpha() for c in token) and (any(c.isdigit() for c in token) or _has_symbol(token) or camel)


def _bare_password(token: str) -> bool:
    """Right after the keyword, with nothing between: only what can't be an ordinary word or name."""
    return len(token) >= 6 and not token.isdigit() and not _HOST.fullmatch(token) and _looks_like_password(token)


def _random(token: str) -> bool:
    """A key or token, not a word, a path or a host name: long, mixed, and of high entropy (bits per char)."""
    if _never_a_secret(token) or _HOST.fullmatch(token):
        return False
    counts = Counter(token)
    entropy = -sum(n / len(token) * math.log2(n / len(token)) for n in counts.values())
    return entropy >= 3.0


def _luhn(digits: str) -> bool:
    if not 13 <= len(digits) <= 19:
        return False
    total = 0
    for index, digit in enumerate(reversed(digits)):
        value = int(digit) * (2 if index % 2 else 1)
        total += value - 9 if value > 9 else value
    return total % 10 == 0
